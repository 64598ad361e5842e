"""Persian digits and Jalali dates: how the interface shows them and how forms read them."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import jdatetime

TEHRAN = ZoneInfo('Asia/Tehran')

_TO_LATIN = str.maketrans('۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', '01234567890123456789')
_TO_PERSIAN = str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹')

MONTHS = ('فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور',
          'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند')
WEEKDAYS = ('شنبه', 'یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه')


def to_latin_digits(text):
    return str(text).translate(_TO_LATIN)


def persian_digits(value):
    """Show numbers with Persian digits; None becomes an empty string."""
    if value is None:
        return ''
    return str(value).translate(_TO_PERSIAN)


_LATIN_TOKEN = re.compile(r'\S*(?:[A-Za-z@]|://)\S*')


def persian_digits_in_text(text):
    """Persian digits in a sentence, leaving words that hold Latin letters, e-mail addresses and URLs as written."""
    text, parts, last = str(text), [], 0
    for match in _LATIN_TOKEN.finditer(text):
        parts += [persian_digits(text[last:match.start()]), match.group()]
        last = match.end()
    return ''.join(parts) + persian_digits(text[last:])


def persian_number(value):
    """A whole number with Persian digits and the Persian thousands separator."""
    if value is None:
        return ''
    return persian_digits(f'{int(value):,}'.replace(',', '٬'))


ORDINALS = ('', 'اول', 'دوم', 'سوم', 'چهارم', 'پنجم', 'ششم', 'هفتم', 'هشتم', 'نهم', 'دهم',
            'یازدهم', 'دوازدهم', 'سیزدهم', 'چهاردهم', 'پانزدهم', 'شانزدهم', 'هفدهم', 'هجدهم', 'نوزدهم', 'بیستم')


def ordinal(number):
    """نشست «اول»، «دوم»، …; beyond twenty, the number with «ام»."""
    if number is None:
        return ''
    if 0 < number < len(ORDINALS):
        return ORDINALS[number]
    return persian_digits(number) + 'ام'


def now_tehran():
    return dt.datetime.now(TEHRAN)


def today_tehran():
    """The calendar day in Tehran: deadlines and 'overdue' are judged by it, not by the server's UTC day."""
    return now_tehran().date()


def to_jalali(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return jdatetime.datetime.fromgregorian(datetime=value.astimezone(TEHRAN))
    return jdatetime.date.fromgregorian(date=value)


def format_jalali(value, style='short'):
    """`short`: ۱۴۰۳/۰۲/۲۸; `long`: ۲۸ اردیبهشت ۱۴۰۳; `datetime`: the short date and hh:mm (Tehran time)."""
    j = to_jalali(value)
    if j is None:
        return ''
    if style == 'long':
        text = f'{j.day} {MONTHS[j.month - 1]} {j.year}'
    elif style == 'weekday':
        text = f'{WEEKDAYS[j.weekday()]} {j.day} {MONTHS[j.month - 1]} {j.year}'
    else:
        text = f'{j.year:04d}/{j.month:02d}/{j.day:02d}'
    if style == 'datetime' and isinstance(j, jdatetime.datetime):
        text += f' ساعت {j.hour:02d}:{j.minute:02d}'
    return persian_digits(text)


_DATE_RE = re.compile(r'^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$')


#: a Gregorian date (year 1700 or later) typed where a Jalali one is expected
GREGORIAN_MESSAGE = 'تاریخ را به تقویم هجری شمسی بنویسید (مثل ۱۴۰۳/۰۲/۲۸).'


class DateParseError(ValueError):
    pass


def parse_date(text, *, allow_gregorian=False):
    """Read a Jalali date typed with Persian, Arabic or Latin digits (۱۴۰۳/۰۲/۲۸, 1403-2-28).

    With `allow_gregorian`, a year from 1700 is read as Gregorian (archives mix both); without it, such a date
    is refused with GREGORIAN_MESSAGE.
    Returns a `datetime.date`; raises DateParseError with a Persian message.
    """
    match = _DATE_RE.match(to_latin_digits(text or ''))
    if not match:
        raise DateParseError('تاریخ را به شکل ۱۴۰۳/۰۲/۲۸ بنویسید.')
    year, month, day = (int(g) for g in match.groups())
    if year >= 1700 and not allow_gregorian:
        raise DateParseError(GREGORIAN_MESSAGE)
    if year < 1700 and not 1300 <= year <= 1500:
        raise DateParseError('سال را به تقویم شمسی بنویسید (مثل ۱۴۰۳).')
    try:
        if year >= 1700:
            return dt.date(year, month, day)
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        raise DateParseError('این تاریخ در تقویم وجود ندارد.') from None


def jalali_year(value):
    j = to_jalali(value)
    return j.year if j else None
