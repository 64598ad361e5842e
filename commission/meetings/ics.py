"""An iCalendar (RFC 5545) file for one meeting, written by hand: it is a few lines of text.

Times are written in UTC (a `Z` time needs no VTIMEZONE block); a meeting without a start time is an
all-day event on its Tehran date.
"""
import datetime as dt

from ..timeutil import utcnow


def escape(text):
    """TEXT values: backslash, semicolon, comma and newlines are escaped (RFC 5545 §3.3.11)."""
    text = (text or '').replace('\r\n', '\n').replace('\r', '\n')
    return text.replace('\\', '\\\\').replace(';', '\\;').replace(',', '\\,').replace('\n', '\\n')


def fold(line):
    """Fold a content line so no physical line exceeds 75 octets, never cutting a UTF-8 character (§3.1)."""
    out, current, size = [], '', 0
    for char in line:
        width = len(char.encode('utf-8'))
        limit = 75 if not out else 74  # continuation lines start with a space
        if size + width > limit:
            out.append(current)
            current, size = '', 0
        current += char
        size += width
    out.append(current)
    return '\r\n '.join(out)


def _utc(value):
    return value.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%SZ')


def meeting_calendar(meeting, *, url, host, sequence=0, description=''):
    """The text of a VCALENDAR holding one VEVENT for `meeting`."""
    location = '، '.join(p for p in (meeting.venue, meeting.host_city.name if meeting.host_city else '') if p)
    lines = [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Communications Commission of Iranian Metropolises//Meetings//FA',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'BEGIN:VEVENT',
        f'UID:meeting-{meeting.id}@{host}',
        f'DTSTAMP:{utcnow().strftime("%Y%m%dT%H%M%SZ")}',
    ]
    if meeting.start_time:
        start = meeting.starts_at
        lines += [f'DTSTART:{_utc(start)}',
                  f'DTEND:{_utc(start + dt.timedelta(minutes=meeting.duration_minutes or 120))}']
    else:
        day = meeting.meeting_date
        lines += [f'DTSTART;VALUE=DATE:{day.strftime("%Y%m%d")}',
                  f'DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime("%Y%m%d")}']
    lines += [
        f'SEQUENCE:{sequence}',
        f'SUMMARY:{escape(meeting.title)}',
        f'LOCATION:{escape(location)}',
        f'DESCRIPTION:{escape(description)}',
        f'URL:{url}',
        'STATUS:' + ('CANCELLED' if meeting.status == 'cancelled' else 'CONFIRMED'),
        'END:VEVENT',
        'END:VCALENDAR',
    ]
    return ''.join(fold(line) + '\r\n' for line in lines)
