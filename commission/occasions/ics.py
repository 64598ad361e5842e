"""The occasions' iCalendar feed (RFC 5545): one all-day VEVENT per occurrence, with the meetings' escaping and
folding (meetings/ics.py). A UID names the occasion and the calculated date, so a shifted date updates the subscriber's
event instead of adding one."""
import datetime as dt

from ..meetings.ics import escape, fold
from ..timeutil import utcnow
from .dates import hijri_label, shift_label


def _day(value):
    return value.strftime('%Y%m%d')


def occasions_calendar(rows, *, host, url_for_occasion, name='مناسبت‌های کمیسیون ارتباطات'):
    """The text of a VCALENDAR of `rows` [(occurrence, occasion)]."""
    stamp = utcnow().strftime('%Y%m%dT%H%M%SZ')
    lines = ['BEGIN:VCALENDAR', 'VERSION:2.0',
             'PRODID:-//Communications Commission of Iranian Metropolises//Occasions//FA',
             'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', f'X-WR-CALNAME:{escape(name)}', 'X-WR-TIMEZONE:Asia/Tehran',
             'REFRESH-INTERVAL;VALUE=DURATION:PT12H']
    for occurrence, occasion in rows:
        uid = f'occasion-{occasion.id}-{_day(occurrence.base_date)}'
        description = occasion.description or ''
        if occasion.is_lunar:
            description = f'{hijri_label(occurrence.date)} قمری\n' + description
        if occurrence.shift:
            description += f'\n{shift_label(occurrence.shift)}' + (f': {occurrence.shift_note}'
                                                                  if occurrence.shift_note else '')
        url = url_for_occasion(occasion)
        lines += ['BEGIN:VEVENT', f'UID:{uid}@{host}', f'DTSTAMP:{stamp}',
                  f'DTSTART;VALUE=DATE:{_day(occurrence.date)}',
                  f'DTEND;VALUE=DATE:{_day(occurrence.date + dt.timedelta(days=1))}',
                  f'SUMMARY:{escape(occasion.name)}', f'DESCRIPTION:{escape(description.strip() + chr(10) + url)}',
                  f'CATEGORIES:{escape(occasion.kind_label)}', f'URL:{url}', 'TRANSP:TRANSPARENT', 'END:VEVENT']
    lines.append('END:VCALENDAR')
    return ''.join(fold(line) + '\r\n' for line in lines)
