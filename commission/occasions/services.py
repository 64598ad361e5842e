"""Occasion workflows: the calendar's occurrences, one year's shift, the media kit, the feed address, reminders.

Services flush and never commit; the view commits once.
"""
import datetime as dt
import hashlib
import logging
import os
import secrets
import zipfile

import jdatetime
from flask import current_app

from ..attachments.services import delete_attachment, file_path, remove_after_commit, store_attachment
from ..audit.services import record
from ..db import db
from ..jalali import persian_digits, today_tehran
from ..jobs import enqueue
from . import dates
from .models import ITEM_KINDS, LICENCES, FeedToken, KitItem, Occasion, OccasionReminder, OccasionShift

logger = logging.getLogger(__name__)


class OccasionError(ValueError):
    """A refused change; the message is Persian and meant for the user."""


# --- the calendar ----------------------------------------------------------------------------------------

def all_occasions():
    return db.session.scalars(db.select(Occasion).options(db.selectinload(Occasion.shifts))
                              .order_by(Occasion.calendar.desc(), Occasion.month, Occasion.day)).all()


def coming(today=None, days=60, occasions=None):
    """(occurrence, occasion, days left) of every occasion within `days` from today, earliest first."""
    today = today or today_tehran()
    occasions = occasions if occasions is not None else all_occasions()
    by_id = {o.id: o for o in occasions}
    found = dates.occurrences_between(occasions, today, today + dt.timedelta(days=days))
    return [(o, by_id[o.occasion_id], (o.date - today).days) for o in found]


def next_occurrence(occasion, today=None):
    """The occasion's next occurrence from today (today's included), or None past the conversion table."""
    today = today or today_tehran()
    year = jdatetime.date.fromgregorian(date=today).year
    for y in (year, year + 1, year + 2):
        for o in dates.occurrences(occasion, y):
            if o.date >= today:
                return o
    return None


def month_grid(year, month, occasions=None, today=None):
    """The weeks (Saturday first) of a Jalali month: lists of 7 cells, None outside the month.

    A cell is a dict: date, day (Jalali), hijri (label), today, occurrences [(occurrence, occasion)].
    """
    today = today or today_tehran()
    occasions = occasions if occasions is not None else all_occasions()
    by_id = {o.id: o for o in occasions}
    first = jdatetime.date(year, month, 1)
    length = jdatetime.j_days_in_month[month - 1] + (1 if month == 12 and first.isleap() else 0)
    start, end = first.togregorian(), first.togregorian() + dt.timedelta(days=length - 1)
    by_day = {}
    for o in dates.occurrences_between(occasions, start, end):
        by_day.setdefault(o.date, []).append((o, by_id[o.occasion_id]))
    cells = [None] * first.weekday()  # jdatetime: Saturday is 0
    for offset in range(length):
        day = start + dt.timedelta(days=offset)
        cells.append({'date': day, 'day': offset + 1, 'hijri': dates.hijri_of(day), 'today': day == today,
                      'occurrences': by_day.get(day, [])})
    cells += [None] * (-len(cells) % 7)
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]


def shift_map(occasion):
    return {s.base_date: s for s in occasion.shifts}


# --- the secretariat's records ---------------------------------------------------------------------------

def save_occasion(occasion, data):
    """Create (occasion None) or change an occasion from validated form data."""
    _check_date(data['calendar'], data['month'], data['day'])
    occasion = occasion or Occasion()
    for key in ('name', 'kind', 'calendar', 'month', 'day', 'days_ahead', 'description'):
        setattr(occasion, key, data[key])
    occasion.city_id = data.get('city_id') if data['kind'] == 'city' else None
    db.session.add(occasion)
    db.session.flush()
    return occasion


def _check_date(calendar, month, day):
    if not 1 <= month <= 12:
        raise OccasionError('ماه باید از ۱ تا ۱۲ باشد.')
    longest = 30 if calendar == 'lunar' else (31 if month <= 6 else 30)
    if not 1 <= day <= longest:
        raise OccasionError(f'روز این ماه باید از ۱ تا {persian_digits(longest)} باشد.')


def set_shift(occasion, base_date, days, note, *, user):
    """Move one occurrence (named by its calculated date) by `days` (−۲ تا +۲); 0 removes the shift."""
    if not -dates.MAX_SHIFT <= days <= dates.MAX_SHIFT:
        raise OccasionError('جابه‌جایی تاریخ فقط تا دو روز پیش یا پس ممکن است.')
    year = jdatetime.date.fromgregorian(date=base_date).year
    if base_date not in dates.base_dates(occasion, year):
        raise OccasionError('این تاریخ، تاریخ محاسبه‌شدهٔ این مناسبت نیست.')
    shift = shift_map(occasion).get(base_date)
    before = shift.shift_days if shift else 0
    if days == 0:
        if shift is not None:
            occasion.shifts.remove(shift)
    elif shift is None:
        occasion.shifts.append(OccasionShift(jalali_year=year, base_date=base_date, shift_days=days, note=note,
                                             created_by_id=user.id))
    else:
        shift.shift_days, shift.note = days, note
    record('occasion_shifted', actor=user, target=occasion,
           details={'name': occasion.name, 'year': year, 'from': before, 'to': days})
    db.session.flush()


def delete_occasion(occasion, *, user):
    """Delete an occasion with its kit; the files go after the commit."""
    for item in list(occasion.items):
        _delete_item(item)
    db.session.expire(occasion, ['items'])  # already deleted: the cascade must not delete them again
    record('deleted', actor=user, target=occasion, details={'name': occasion.name})
    db.session.delete(occasion)
    db.session.flush()


# --- the media kit ---------------------------------------------------------------------------------------

_IMAGES = {'jpg': 'image/jpeg', 'jpeg': 'image/jpeg', 'png': 'image/png', 'webp': 'image/webp'}
_PDF = {'pdf': 'application/pdf'}
_VIDEO = {'mp4': 'video/mp4', 'webm': 'video/webm'}
_LAYERED = {'psd': 'image/vnd.adobe.photoshop', 'ai': 'application/postscript', 'zip': 'application/zip',
            'pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation'}

#: item kind -> the extensions it accepts
KIT_TYPES = {'poster': _IMAGES | _PDF, 'banner': _IMAGES | _PDF, 'video': _VIDEO, 'template': _LAYERED | _PDF}
#: extension -> largest size in MB (videos and templates up to the site's MAX_UPLOAD_MB)
IMAGE_MAX_MB = 10
#: the types the worker makes thumbnails of
THUMBNAIL_TYPES = set(_IMAGES.values())

#: what the upload form states, per kind
ALLOWED_TEXT = {
    'poster': f'فقط تصویر JPG، PNG یا WebP (تا {persian_digits(IMAGE_MAX_MB)} مگابایت) یا PDF چاپی',
    'banner': f'فقط تصویر JPG، PNG یا WebP (تا {persian_digits(IMAGE_MAX_MB)} مگابایت) یا PDF چاپی',
    'video': 'فقط ویدیوی MP4 یا WebM',
    'template': 'فقط فایل لایه‌باز PSD، AI، PDF، PowerPoint یا بستهٔ ZIP',
}


def size_limits():
    """{extension: MB} of the kit's uploads."""
    site = current_app.config['MAX_UPLOAD_MB']
    limits = {ext: site for types in KIT_TYPES.values() for ext in types}
    limits.update({ext: min(IMAGE_MAX_MB, site) for ext in _IMAGES})
    return limits


def kit_years(occasion, today=None):
    """The Jalali years a city may add items for: this year and the year of the next occurrence."""
    today = today or today_tehran()
    year = jdatetime.date.fromgregorian(date=today).year
    upcoming = next_occurrence(occasion, today)
    return sorted({year, upcoming.jalali.year if upcoming else year})


def add_item(occasion, file_storage, *, year, title, item_kind, licence, credit, city, user):
    """Store one kit file for `occasion` in Jalali `year`; images get a thumbnail job."""
    if item_kind not in ITEM_KINDS or licence not in LICENCES:
        raise OccasionError('نوع طرح یا مجوز استفاده معتبر نیست.')
    attachment = store_attachment('occasion_item', 0, file_storage, user=user, types=KIT_TYPES[item_kind],
                                  limit_mb=size_limits(), allowed_text=ALLOWED_TEXT[item_kind])
    item = KitItem(occasion=occasion, jalali_year=year, city=city, title=title, item_kind=item_kind,
                   licence=licence, credit=credit, attachment=attachment, uploaded_by_id=user.id)
    db.session.add(item)
    db.session.flush()
    attachment.owner_id = item.id
    if attachment.content_type in THUMBNAIL_TYPES:
        enqueue('occasions.thumbnail', {'item_id': item.id})
    db.session.flush()
    return item


def update_item(item, *, title, licence, credit):
    if licence not in LICENCES:
        raise OccasionError('مجوز استفاده معتبر نیست.')
    item.title, item.licence, item.credit = title, licence, credit
    db.session.flush()


def delete_item(item, *, user):
    """Delete an item and (after the commit) its file and thumbnail; a moderator's deletion is audited."""
    if not (user.city_id and user.city_id == item.city_id):
        record('deleted', actor=user, target=item, details={'title': item.title, 'name': item.occasion.name})
    _delete_item(item)


def _delete_item(item):
    """The item row first (it points at its attachment), then the attachment; files go after the commit."""
    attachment = item.attachment
    if item.thumb_name:
        remove_after_commit(thumb_path(item))
    db.session.delete(item)
    db.session.flush()
    if attachment is not None:
        delete_attachment(attachment)
        db.session.flush()


def set_featured(item, featured):
    item.featured = bool(featured)
    db.session.flush()


def thumb_path(item):
    return os.path.join(current_app.config['UPLOAD_FOLDER'], item.thumb_name)


def items_by_year(occasion):
    """{Jalali year: [items, featured first]}, the latest year first."""
    items = db.session.scalars(db.select(KitItem).where(KitItem.occasion_id == occasion.id)
                               .options(db.selectinload(KitItem.city), db.selectinload(KitItem.attachment))
                               .order_by(KitItem.jalali_year.desc(), KitItem.featured.desc(), KitItem.id)).all()
    grouped = {}
    for item in items:
        grouped.setdefault(item.jalali_year, []).append(item)
    return grouped


def cities_with_items(occasion_id, year):
    """How many cities have put something in the occasion's kit for `year`."""
    return db.session.scalar(db.select(db.func.count(db.distinct(KitItem.city_id))).where(
        KitItem.occasion_id == occasion_id, KitItem.jalali_year == year, KitItem.city_id.is_not(None))) or 0


def cities_with_items_of(pairs):
    """{(occasion id, year): how many cities have put something in that kit} for several kits, in one query."""
    pairs = list(dict.fromkeys(pairs))
    if not pairs:
        return {}
    rows = db.session.execute(
        db.select(KitItem.occasion_id, KitItem.jalali_year, db.func.count(db.distinct(KitItem.city_id)))
        .where(KitItem.city_id.is_not(None),
               db.or_(*(db.and_(KitItem.occasion_id == occasion_id, KitItem.jalali_year == year)
                        for occasion_id, year in pairs)))
        .group_by(KitItem.occasion_id, KitItem.jalali_year)).all()
    found = {(occasion_id, year): count for occasion_id, year, count in rows}
    return {pair: found.get(pair, 0) for pair in pairs}


class KitTooLarge(OccasionError):
    pass


def kit_entries(occasion, year):
    """(name in the zip, path) of every file of one year's kit that is on disk; refuses a kit over the limit."""
    items = items_by_year(occasion).get(year, [])
    limit_mb = current_app.config['KIT_ZIP_MAX_MB']
    total = sum(item.attachment.size for item in items)
    if total > limit_mb * 1024 * 1024:
        raise KitTooLarge(f'حجم این بسته بیش از {persian_digits(limit_mb)} مگابایت است؛ فایل‌ها را یکی‌یکی بگیرید.')
    entries, seen = [], set()
    for item in items:
        path = file_path(item.attachment)
        if not os.path.exists(path):
            continue
        name = f'{item.maker_name}-{item.id}-{item.attachment.original_name}'.replace('/', '-')
        if name not in seen:
            seen.add(name)
            entries.append((name, path))
    return entries


class _Sink:
    """A write-only file for zipfile whose bytes are taken out as they come (no seek: data descriptors)."""

    def __init__(self):
        self.chunks = []

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b''.join(self.chunks)
        self.chunks.clear()
        return data


def zip_stream(entries, chunk_size=64 * 1024):
    """Yield a zip of `entries` chunk by chunk: memory stays at one chunk whatever the kit's size."""
    sink = _Sink()
    with zipfile.ZipFile(sink, 'w', compression=zipfile.ZIP_STORED) as archive:
        for name, path in entries:
            with open(path, 'rb') as source, archive.open(name, 'w', force_zip64=True) as target:
                while chunk := source.read(chunk_size):
                    target.write(chunk)
                    if data := sink.take():
                        yield data
            if data := sink.take():
                yield data
    yield sink.take()


# --- the calendar feed -----------------------------------------------------------------------------------

def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed_token(user):
    """A new secret calendar address for `user` (the previous one stops working); returns the token."""
    token = secrets.token_urlsafe(32)
    row = db.session.scalar(db.select(FeedToken).where(FeedToken.user_id == user.id))
    if row is None:
        row = FeedToken(user_id=user.id, token_hash=_hash(token))
        db.session.add(row)
    else:
        row.token_hash, row.created_dt, row.last_used_dt = _hash(token), dt.datetime.now(dt.UTC).replace(
            tzinfo=None), None
    db.session.flush()
    return token


def revoke_feed_token(user):
    row = db.session.scalar(db.select(FeedToken).where(FeedToken.user_id == user.id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()
    return row is not None


def feed_token_of(user):
    return db.session.scalar(db.select(FeedToken).where(FeedToken.user_id == user.id))


def feed_user(token):
    """The active user whose calendar address this is, or None (revoked, replaced, deactivated)."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(db.select(FeedToken).where(FeedToken.token_hash == _hash(token)))
    if row is None or not row.user.active:
        return None
    return row


# --- reminders -------------------------------------------------------------------------------------------

def send_reminders(today=None):
    """Tell every director, `days_ahead` days before each occasion, how many cities have shared their designs.

    Once per occurrence (OccasionReminder: once a year, or twice when the date falls twice in the year); returns
    how many occasions were announced.
    """
    from ..auth.models import User
    from ..notifications.services import notify
    today = today or today_tehran()
    occasions = all_occasions()
    horizon = max((o.days_ahead for o in occasions), default=0)
    done = set(db.session.execute(db.select(OccasionReminder.occasion_id, OccasionReminder.base_date)).all())
    directors = None
    sent = 0
    for occurrence, occasion, left in coming(today, horizon, occasions):
        if left > occasion.days_ahead or (occasion.id, occurrence.base_date) in done:
            continue
        if directors is None:
            directors = db.session.scalars(db.select(User).where(User.role == 'director',
                                                                 User.active.is_(True))).all()
        cities = cities_with_items(occasion.id, occurrence.jalali.year)
        when = 'امروز است' if left == 0 else f'{persian_digits(left)} روز دیگر است'
        shared = (f'{persian_digits(cities)} شهر پوسترهایشان را گذاشته‌اند' if cities
                  else 'هنوز شهری پوستری نگذاشته است')
        notify(directors, 'occasion.reminder', f'{occasion.name} {when}: {shared}', f'/occasions/{occasion.id}')
        db.session.add(OccasionReminder(occasion_id=occasion.id, jalali_year=occurrence.key_year,
                                        base_date=occurrence.base_date))
        done.add((occasion.id, occurrence.base_date))
        sent += 1
    db.session.flush()
    return sent
