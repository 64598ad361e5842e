"""The iCalendar download follows RFC 5545: CRLF lines, folding at 75 octets, escaped text, UTC times."""
import datetime as dt
from urllib.parse import urlsplit

from commission.meetings.ics import escape, fold


def _unfold(text):
    return text.replace('\r\n ', '')


def test_the_calendar_file_describes_the_meeting(app, client, make, login):
    host = make.city(name='کرج')
    meeting = make.meeting(title='نشست سوم; ویژه, شبکه‌ها', number=3, host_city=host, venue='دهکده محب سلامت',
                           meeting_date=dt.date(2030, 5, 18), start_time=dt.time(9, 30), duration_minutes=90)
    login(make.user(role='observer'))
    response = client.get(f'/meetings/{meeting.id}.ics')
    assert response.status_code == 200 and response.mimetype == 'text/calendar'
    assert 'attachment' in response.headers['Content-Disposition']
    raw = response.get_data(as_text=True)
    assert raw.startswith('BEGIN:VCALENDAR\r\n') and raw.endswith('END:VCALENDAR\r\n')
    assert '\n' not in raw.replace('\r\n', '')  # every line ends with CRLF
    lines = _unfold(raw).split('\r\n')
    assert 'VERSION:2.0' in lines and any(line.startswith('PRODID:') for line in lines)
    site = app.config['SITE_URL'].rstrip('/')  # absolute URLs come from SITE_URL, not the request's Host
    assert f'UID:meeting-{meeting.id}@{urlsplit(site).hostname}' in lines
    assert any(line.startswith('DTSTAMP:') and line.endswith('Z') and len(line) == len('DTSTAMP:20300518T060000Z')
               for line in lines)
    # 09:30 in Tehran (UTC+03:30) is 06:00 UTC
    assert 'DTSTART:20300518T060000Z' in lines and 'DTEND:20300518T073000Z' in lines
    assert 'SUMMARY:نشست سوم\\; ویژه\\, شبکه‌ها' in lines
    assert 'LOCATION:دهکده محب سلامت\\، کرج' not in lines and 'LOCATION:دهکده محب سلامت، کرج' in lines
    assert f'URL:{site}/meetings/{meeting.id}' in lines and 'STATUS:CONFIRMED' in lines
    assert lines.count('BEGIN:VEVENT') == 1


def test_long_lines_are_folded_at_75_octets_without_breaking_characters(client, make, login):
    meeting = make.meeting(title='پیوست رسانه‌ای ' * 12)
    login(make.user(role='director'))
    raw = client.get(f'/meetings/{meeting.id}.ics').get_data()
    physical = raw.split(b'\r\n')
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b' ') for line in physical)
    for line in physical:
        line.decode('utf-8')  # no multi-byte character was cut in two
    assert 'SUMMARY:' + 'پیوست رسانه‌ای ' * 12 in _unfold(raw.decode('utf-8'))


def test_a_meeting_without_a_time_is_an_all_day_event_and_the_agenda_is_described(client, make, login):
    meeting = make.meeting(start_time=None, meeting_date=dt.date(2030, 1, 1))
    login(make.user(role='secretariat'))
    client.post(f'/meetings/{meeting.id}/agenda', data={'items-0-title': 'گزارش کرج'})
    lines = _unfold(client.get(f'/meetings/{meeting.id}.ics').get_data(as_text=True)).split('\r\n')
    assert 'DTSTART;VALUE=DATE:20300101' in lines and 'DTEND;VALUE=DATE:20300102' in lines
    description = next(line for line in lines if line.startswith('DESCRIPTION:'))
    assert '\\n1. گزارش کرج\\n' in description


def test_each_new_date_is_a_new_sequence_and_a_cancelled_meeting_says_so(client, make, login):
    staff = login(make.user(role='secretariat'))
    meeting = make.meeting(number=40)
    form = {'number': '40', 'title': meeting.title, 'meeting_date': '1410/01/10', 'start_time': '10:00',
            'duration_minutes': '120', 'host_city_id': '', 'venue': ''}
    assert 'SEQUENCE:0' in client.get(f'/meetings/{meeting.id}.ics').get_data(as_text=True)
    client.post(f'/meetings/{meeting.id}/edit', data=form)
    assert 'SEQUENCE:1' in client.get(f'/meetings/{meeting.id}.ics').get_data(as_text=True)
    client.post(f'/meetings/{meeting.id}/cancel', data={'reason': ''})
    assert 'STATUS:CANCELLED' in client.get(f'/meetings/{meeting.id}.ics').get_data(as_text=True)
    assert staff.is_staff


def test_escape_and_fold_rules():
    assert escape('a\\b;c,d\r\ne') == 'a\\\\b\\;c\\,d\\ne'
    folded = fold('X' * 200)
    assert [len(part) for part in folded.split('\r\n')] == [75, 75, 52]
    assert fold('short') == 'short'
