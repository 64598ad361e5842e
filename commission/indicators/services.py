"""Indicator workflows: defining indicators and periods, locking, entering values, reminders. Flush, never commit."""
import datetime as dt
import re

from sqlalchemy.orm import joinedload

from ..attachments.services import store_attachment
from ..audit.services import record as audit_record
from ..cities.models import City
from ..db import db
from ..jalali import format_jalali, persian_digits, to_latin_digits, today_tehran
from ..timeutil import utcnow
from .models import Indicator, IndicatorPeriod, IndicatorReminderLog, IndicatorValue

#: Attachment.owner_type of a value's evidence files
EVIDENCE_OWNER = 'indicator_value'

LOCKED_MESSAGE = 'دوره «{label}» قفل شده است و مقدارهای آن دیگر تغییر نمی‌کند؛ برای اصلاح با دبیرخانه تماس بگیرید.'
NOT_A_NUMBER = 'یک عدد بنویسید (مثل ۱۲۵ یا ۸۷٫۵).'
NEGATIVE = 'مقدار نمی‌تواند منفی باشد.'
WRONG_FREQUENCY = 'شاخص «{name}» {frequency} است و برای دوره «{label}» مقدار نمی‌گیرد.'
INACTIVE = 'شاخص «{name}» غیرفعال است و مقدار تازه نمی‌گیرد.'
#: largest value accepted (an audience of a few million fits; a typo of many zeros does not)
MAX_VALUE = 10**12


class IndicatorError(ValueError):
    """A refused change; the message is Persian and meant for the user."""


def parse_number(text):
    """A value typed with Persian, Arabic or Latin digits: ۱۲٬۵۰۰ · 12,500 · ۸۷٫۵ · 87.5 · ۹۰٪. None when blank."""
    text = to_latin_digits((text or '').strip()).replace('\u066c', '').replace('\u066b', '.')
    text = text.replace('\u200c', '').replace(' ', '').rstrip('%٪')
    if not text:
        return None
    if re.fullmatch(r'-?\d{1,3}(,\d{3})+(\.\d+)?', text):
        text = text.replace(',', '')
    elif ',' in text and re.fullmatch(r'-?\d+,\d+', text):
        text = text.replace(',', '.')  # a decimal comma
    if not re.fullmatch(r'-?\d+(\.\d+)?', text):
        raise IndicatorError(NOT_A_NUMBER)
    value = float(text)
    if value < 0:
        raise IndicatorError(NEGATIVE)
    if value > MAX_VALUE:
        raise IndicatorError('این عدد بیش از اندازه بزرگ است؛ آن را بازبینی کنید.')
    return value


# --- indicators and periods ---------------------------------------------------------------------------------

INDICATOR_FIELDS = ('name', 'unit', 'description', 'higher_is_better', 'frequency', 'category', 'public',
                    'aggregate', 'active', 'position', 'source')


def _name_taken(name, indicator_id=None):
    query = db.select(Indicator.id).where(Indicator.name == name)
    if indicator_id:
        query = query.where(Indicator.id != indicator_id)
    return db.session.scalar(query) is not None


def create_indicator(data, *, actor):
    data = {k: data[k] for k in INDICATOR_FIELDS if k in data}
    if _name_taken(data['name']):
        raise IndicatorError('شاخصی با همین نام هست.')
    indicator = Indicator(**data)
    db.session.add(indicator)
    db.session.flush()
    audit_record('indicator_changed', actor=actor, target=indicator, details={'name': indicator.name})
    return indicator


def update_indicator(indicator, data, *, actor):
    if _name_taken(data['name'], indicator.id):
        raise IndicatorError('شاخصی با همین نام هست.')
    changed = [k for k in INDICATOR_FIELDS if k in data and getattr(indicator, k) != data[k]]
    for key in changed:
        setattr(indicator, key, data[key])
    db.session.flush()
    if changed:
        audit_record('indicator_changed', actor=actor, target=indicator,
                     details={'name': indicator.name, 'fields': '، '.join(changed)})
    return changed


def find_period(year, quarter):
    return db.session.scalar(db.select(IndicatorPeriod).where(IndicatorPeriod.year == year,
                                                              IndicatorPeriod.quarter == (quarter or 0)))


def create_period(year, quarter, deadline=None, *, actor):
    if not 1300 <= year <= 1500:
        raise IndicatorError('سال را به تقویم هجری شمسی بنویسید (مثل ۱۴۰۴).')
    if find_period(year, quarter):
        raise IndicatorError('این دوره پیش‌تر تعریف شده است.')
    period = IndicatorPeriod(year=year, quarter=quarter or 0, deadline=deadline)
    db.session.add(period)
    db.session.flush()
    audit_record('indicator_period_changed', actor=actor, target=period,
                 details={'period': period.label, 'deadline': format_jalali(deadline) if deadline else ''})
    return period


def set_deadline(period, deadline, *, actor):
    if period.deadline != deadline:
        audit_record('indicator_period_changed', actor=actor, target=period,
                     details={'period': period.label, 'from': format_jalali(period.deadline) or '',
                              'to': format_jalali(deadline) or ''})
        period.deadline = deadline
        db.session.flush()


def set_locked(period, locked, *, actor):
    """Lock a period (every change refused from then on) or open it again."""
    if period.locked == locked:
        return
    period.locked = locked
    period.locked_dt = utcnow() if locked else None
    period.locked_by = actor if locked else None
    audit_record('indicator_period_locked' if locked else 'indicator_period_unlocked', actor=actor, target=period,
                 details={'period': period.label})
    db.session.flush()


def periods(newest_first=True):
    found = db.session.scalars(db.select(IndicatorPeriod)).all()
    return sorted(found, key=lambda p: p.sort_key, reverse=newest_first)


def open_periods():
    """Periods a city may still enter values for, newest first."""
    return [p for p in periods() if not p.locked]


def entry_period(today=None):
    """The period a city is asked about now: the open one with the nearest deadline still ahead, else the newest
    open one."""
    today = today or today_tehran()
    candidates = open_periods()
    ahead = sorted((p for p in candidates if p.deadline and p.deadline >= today), key=lambda p: p.deadline)
    return (ahead or candidates or [None])[0]


def active_indicators_for(period):
    """The active indicators that take a value in `period` (quarterly ones in a quarter, yearly in a year)."""
    found = db.session.scalars(db.select(Indicator).where(Indicator.active.is_(True))
                               .order_by(Indicator.position, Indicator.name)).all()
    return [i for i in found if i.fits(period)]


# --- values -------------------------------------------------------------------------------------------------

def check_open(indicator, period):
    """Raise IndicatorError when `indicator` cannot take a value in `period` (locked, wrong frequency, inactive)."""
    if period.locked:
        raise IndicatorError(LOCKED_MESSAGE.format(label=period.label))
    if not indicator.fits(period):
        raise IndicatorError(WRONG_FREQUENCY.format(name=indicator.name, frequency=indicator.frequency_label,
                                                    label=period.label))
    if not indicator.active:
        raise IndicatorError(INACTIVE.format(name=indicator.name))


def value_of(indicator, city, period):
    return db.session.scalar(db.select(IndicatorValue).where(
        IndicatorValue.indicator_id == indicator.id, IndicatorValue.city_id == city.id,
        IndicatorValue.period_id == period.id))


def set_value(indicator, city, period, value, note='', *, author, files=()):
    """Enter, change or (value None) clear one city's value of an indicator for a period.

    Returns the IndicatorValue (None when cleared). Raises IndicatorError on a locked period.
    """
    check_open(indicator, period)
    entry = value_of(indicator, city, period)
    note = (note or '').strip()
    files = [f for f in files if f and getattr(f, 'filename', None)]
    if value is None:
        if entry is not None and not files:
            db.session.delete(entry)
            db.session.flush()
        if not files:
            return None
        raise IndicatorError('برای پیوست مستند، مقدار شاخص را هم بنویسید.')
    if entry is None:
        entry = IndicatorValue(indicator=indicator, city=city, period=period, value=value, note=note,
                               entered_by=author)
        db.session.add(entry)
    elif entry.value != value or entry.note != note:
        entry.value, entry.note, entry.entered_by = value, note, author
        entry.updated_dt = utcnow()
    db.session.flush()
    for f in files:
        store_attachment(EVIDENCE_OWNER, entry.id, f, user=author)
    return entry


def enter_values(city, period, entries, *, author):
    """Several indicators of one city for one period: entries are (indicator, value or None, note, files).

    Returns (written, cleared). All or nothing: the caller wraps it in a savepoint.
    """
    if period.locked:
        raise IndicatorError(LOCKED_MESSAGE.format(label=period.label))
    written = cleared = 0
    for indicator, value, note, files in entries:
        existing = value_of(indicator, city, period)
        if value is None and existing is None and not files:
            continue
        before = (existing.value, existing.note) if existing else None
        result = set_value(indicator, city, period, value, note, author=author, files=files)
        if result is None:
            cleared += 1
        elif before != (result.value, result.note) or files:
            written += 1
    return written, cleared


def city_period_values(city, period):
    """{indicator_id: IndicatorValue} of one city in one period."""
    rows = db.session.scalars(db.select(IndicatorValue).where(IndicatorValue.city_id == city.id,
                                                              IndicatorValue.period_id == period.id))
    return {v.indicator_id: v for v in rows}


def missing_counts(period, indicators=None):
    """{city_id: number of active indicators of `period` the member city has no value for}; `indicators`:
    active_indicators_for(period) when the caller has it already."""
    indicators = active_indicators_for(period) if indicators is None else indicators
    if not indicators:
        return {}
    have = {}
    for city_id, indicator_id in db.session.execute(db.select(IndicatorValue.city_id, IndicatorValue.indicator_id)
                                                    .where(IndicatorValue.period_id == period.id)):
        have.setdefault(city_id, set()).add(indicator_id)
    ids = {i.id for i in indicators}
    cities = db.session.scalars(db.select(City.id).where(City.is_member.is_(True))).all()
    return {city_id: len(ids - have.get(city_id, set())) for city_id in cities}


def missing_count(period, city_id, indicators):
    """How many of `indicators` (active_indicators_for(period)) one city has no value for in `period`."""
    have = set(db.session.scalars(db.select(IndicatorValue.indicator_id).where(
        IndicatorValue.period_id == period.id, IndicatorValue.city_id == city_id)))
    return len({i.id for i in indicators} - have)


# --- reminders -----------------------------------------------------------------------------------------------

#: days before a period's deadline on which cities with missing values are reminded (0: the deadline day)
REMINDER_DAYS = (7, 3, 1, 0)


def reminder_days(config_value=None):
    """The reminder days from INDICATOR_REMINDER_DAYS ('7,3,1,0'); a malformed value gives the default."""
    if not config_value:
        return REMINDER_DAYS
    try:
        days = tuple(sorted({int(to_latin_digits(p).strip()) for p in str(config_value).split(',') if p.strip()},
                            reverse=True))
    except ValueError:
        return REMINDER_DAYS
    return tuple(d for d in days if d >= 0) or REMINDER_DAYS


def send_reminders(today=None, days=REMINDER_DAYS):
    """Remind the directors of cities with missing values, on each reminder day before an open period's deadline.

    At most once per city per period per day. Returns the number of cities notified.
    """
    from ..notifications.services import city_directors, notify
    today = today or today_tehran()
    notified = 0
    for period in open_periods():
        if period.deadline is None or (period.deadline - today).days not in days:
            continue
        left = (period.deadline - today).days
        already = set(db.session.scalars(db.select(IndicatorReminderLog.city_id).where(
            IndicatorReminderLog.period_id == period.id, IndicatorReminderLog.sent_on == today)))
        for city_id, missing in sorted(missing_counts(period).items()):
            if not missing or city_id in already:
                continue
            directors = city_directors(city_id)
            if not directors:
                continue
            deadline = format_jalali(period.deadline)
            when = 'مهلت امروز است' if left == 0 else f'{persian_digits(left)} روز تا مهلت ({deadline})'
            text = (f'یادآوری شاخص‌ها: {persian_digits(missing)} شاخص دوره «{period.label}» هنوز مقدار ندارد؛ '
                    f'{when}.')
            notify(directors, 'indicator.reminder', text, f'/indicators/entry?period={period.id}')
            db.session.add(IndicatorReminderLog(city_id=city_id, period_id=period.id, sent_on=today))
            notified += 1
    db.session.flush()
    return notified


def values_for_export(period):
    """Every value of a period with its indicator and city loaded."""
    return db.session.scalars(db.select(IndicatorValue).where(IndicatorValue.period_id == period.id)
                              .options(joinedload(IndicatorValue.indicator), joinedload(IndicatorValue.city))).all()


def period_from_today(today=None):
    """(jalali_year, quarter) of the quarter `today` falls in."""
    import jdatetime
    j = jdatetime.date.fromgregorian(date=today or today_tehran())
    return j.year, (j.month - 1) // 3 + 1


def quarter_end(year, quarter):
    """The Gregorian date of the last day of a Jalali quarter (or year, quarter 0)."""
    import jdatetime
    month = 12 if not quarter else quarter * 3
    first_next = jdatetime.date(year + (month == 12), month % 12 + 1, 1)
    return first_next.togregorian() - dt.timedelta(days=1)
