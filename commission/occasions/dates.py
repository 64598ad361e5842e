"""When an occasion falls: a fixed Jalali date, or a lunar Hijri date converted for each Jalali year.

Lunar dates are converted with `hijridate` (the Umm al-Qura calendar). Iran's official calendar follows the
sighting of the moon and can differ by a day or two; the secretariat records that difference for one year as an
OccasionShift, and the shift moves every occurrence whose library date falls in that Jalali year.

A lunar date falls once or twice in a Jalali year (a lunar year is 11 days shorter), and a fixed Jalali date can
fall zero times (۳۰ اسفند outside leap years): every function here returns all the occurrences of a year.
"""
import datetime as dt
import functools
from dataclasses import dataclass

import jdatetime
from hijridate import Gregorian, Hijri

from ..jalali import MONTHS, persian_digits

HIJRI_MONTHS = ('محرم', 'صفر', 'ربیع‌الاول', 'ربیع‌الثانی', 'جمادی‌الاول', 'جمادی‌الثانی',
                'رجب', 'شعبان', 'رمضان', 'شوال', 'ذی‌القعده', 'ذی‌الحجه')

#: the shift the secretariat may record, in days
MAX_SHIFT = 2


@dataclass(frozen=True)
class Occurrence:
    """One day an occasion is marked: its date, the library's date before the shift, and the shift's year."""
    occasion_id: int
    date: dt.date
    base_date: dt.date
    #: the Jalali year of `base_date`
    key_year: int
    shift: int = 0
    shift_note: str = ''

    @property
    def jalali(self):
        return jdatetime.date.fromgregorian(date=self.date)

    @property
    def hijri(self):
        return hijri_of(self.date)


#: the calendar's conversions depend on nothing but their arguments: kept, since the home page asks for every
#: occasion's dates of three years on each visit (jdatetime and hijridate cost ~10 ms of CPU for it)
_calendar_cache = functools.lru_cache(maxsize=4096)


@_calendar_cache
def jalali_year_bounds(year):
    """The Gregorian first and last day of Jalali `year`."""
    first = jdatetime.date(year, 1, 1).togregorian()
    last = jdatetime.date(year + 1, 1, 1).togregorian() - dt.timedelta(days=1)
    return first, last


def hijri_of(day):
    h = Gregorian(day.year, day.month, day.day).to_hijri()
    return h.year, h.month, h.day


def lunar_to_gregorian(hijri_year, month, day):
    """The Gregorian date of a Hijri date; day 30 of a 29-day month is the month's last day (آخر صفر), as
    Iran's official calendar marks it."""
    length = Hijri(hijri_year, month, 1).month_length()
    g = Hijri(hijri_year, month, min(day, length)).to_gregorian()
    return dt.date(g.year, g.month, g.day)


@_calendar_cache
def solar_base_dates(month, day, year):
    """The fixed Jalali date in `year` (none when the day does not exist that year, as ۳۰ اسفند), as a tuple."""
    try:
        return (jdatetime.date(year, month, day).togregorian(),)
    except ValueError:
        return ()


@_calendar_cache
def lunar_base_dates(month, day, year):
    """Every Gregorian date of Hijri month/day whose Jalali year is `year` (one or two), as a sorted tuple."""
    first, last = jalali_year_bounds(year)
    found = []
    for hijri_year in range(hijri_of(first)[0] - 1, hijri_of(last)[0] + 2):
        try:
            day_g = lunar_to_gregorian(hijri_year, month, day)
        except (ValueError, OverflowError):
            continue  # outside the Umm al-Qura table
        if first <= day_g <= last:
            found.append(day_g)
    return tuple(sorted(found))


def base_dates(occasion, year):
    if occasion.calendar == 'lunar':
        return lunar_base_dates(occasion.month, occasion.day, year)
    return solar_base_dates(occasion.month, occasion.day, year)


def occurrences(occasion, year, shifts=None):
    """The occasion's days whose shown date (after the shift) is in Jalali `year`, earliest first.

    `shifts` maps a calculated date -> (days, note); by default the occasion's own shifts. A shift can bring
    an occurrence of the year before into this year (۲۹ اسفند + ۱ = ۱ فروردین) or take one out of it.
    """
    if shifts is None:
        shifts = {s.base_date: (s.shift_days, s.note) for s in occasion.shifts}
    first, last = jalali_year_bounds(year)
    found = []
    for key_year in (year - 1, year, year + 1):
        for base in base_dates(occasion, key_year):
            days, note = shifts.get(base, (0, ''))
            shown = base + dt.timedelta(days=days)
            if first <= shown <= last:
                found.append(Occurrence(occasion.id, shown, base, key_year, days, note))
    return sorted(found, key=lambda o: o.date)


def occurrences_between(occasions, start, end):
    """Every occurrence of `occasions` from `start` to `end` (Gregorian dates, inclusive), by date."""
    years = range(jdatetime.date.fromgregorian(date=start).year, jdatetime.date.fromgregorian(date=end).year + 1)
    found = [o for occasion in occasions for year in years for o in occurrences(occasion, year)
             if start <= o.date <= end]
    return sorted(found, key=lambda o: (o.date, o.occasion_id))


def date_label(occasion):
    """How the occasion's rule is written: «۲۲ بهمن» or «۱۳ رجب (قمری)»."""
    if occasion.calendar == 'lunar':
        return f'{persian_digits(occasion.day)} {HIJRI_MONTHS[occasion.month - 1]}'
    return f'{persian_digits(occasion.day)} {MONTHS[occasion.month - 1]}'


def hijri_label(day):
    year, month, mday = hijri_of(day)
    return persian_digits(f'{mday} {HIJRI_MONTHS[month - 1]} {year}')


GREGORIAN_MONTHS = ('ژانویه', 'فوریه', 'مارس', 'آوریل', 'مه', 'ژوئن', 'ژوئیه', 'اوت', 'سپتامبر', 'اکتبر',
                    'نوامبر', 'دسامبر')


def gregorian_label(day):
    """«۷ دسامبر ۲۰۲۶»."""
    return persian_digits(f'{day.day} {GREGORIAN_MONTHS[day.month - 1]} {day.year}')


def shift_label(days):
    """«یک روز بعد از تقویم ام‌القری» and the like; '' without a shift."""
    if not days:
        return ''
    words = {1: 'یک روز', 2: 'دو روز'}[abs(days)]
    return f'{words} {"بعد" if days > 0 else "پیش"} از تاریخ محاسبه‌شده'
