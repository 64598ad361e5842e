"""The subscribable calendar: a per-user secret address (hashed, revocable, replaceable) serving RFC 5545."""
import re

import icalendar

from commission.occasions.models import FeedToken


def _new_address(client):
    page = client.post('/occasions/subscribe', data={'action': 'issue'}).get_data(as_text=True)
    url = re.search(r'value="(http[^"]+\.ics)"', page).group(1)
    return url[url.index('/occasions/feed/'):]


def test_the_feed_is_valid_rfc_5545_and_parses_back(client, make, login):
    make.occasion(name='روز ارتباطات; روابط عمومی, هفته', month=2, day=27, description='خط اول\nخط دوم')
    lunar = make.occasion(name='عید فطر', calendar='lunar', kind='religious', month=10, day=1)
    user = login(make.user(role='director', city=make.city()))
    path = _new_address(client)
    from flask import g
    g.pop('_login_user', None)
    phone = client.application.test_client()  # no sign-in: the phone's calendar has none
    response = phone.get(path)
    assert response.status_code == 200 and response.mimetype == 'text/calendar'
    raw = response.get_data()
    assert raw.startswith(b'BEGIN:VCALENDAR\r\n') and raw.endswith(b'END:VCALENDAR\r\n')
    assert b'\n' not in raw.replace(b'\r\n', b'')
    assert max(len(line) for line in raw.split(b'\r\n')) <= 75
    calendar = icalendar.Calendar.from_ical(raw)
    events = calendar.walk('VEVENT')
    assert events and len({str(e['UID']) for e in events}) == len(events)
    for event in events:
        assert event['DTSTAMP'] and event['DTSTART'].params.get('VALUE') == 'DATE'
        assert (event.decoded('DTEND') - event.decoded('DTSTART')).days == 1
    summaries = {str(e['SUMMARY']) for e in events}
    assert 'روز ارتباطات; روابط عمومی, هفته' in summaries  # escaped on the wire, whole when parsed
    assert b'SUMMARY:\xd8' in raw and 'روز ارتباطات\\; روابط عمومی\\, هفته'.encode() in raw.replace(b'\r\n ', b'')
    fitr = [e for e in events if str(e['SUMMARY']) == 'عید فطر']
    assert len(fitr) >= 2 and all(str(e['UID']).startswith(f'occasion-{lunar.id}-') for e in fitr)
    assert '۱ شوال' in str(fitr[0]['DESCRIPTION'])
    assert FeedToken.query.filter_by(user_id=user.id).one().last_used_dt is not None


def test_the_token_is_kept_hashed_and_a_revoked_or_replaced_address_is_refused(client, make, login):
    user = login(make.user(role='observer'))
    first = _new_address(client)
    token = first.rsplit('/', 1)[1][:-4]
    stored = FeedToken.query.filter_by(user_id=user.id).one()
    assert stored.token_hash != token and len(stored.token_hash) == 64
    assert client.get(first).status_code == 200
    second = _new_address(client)  # a new address: the old one stops working
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    page = client.get('/occasions/subscribe').get_data(as_text=True)
    assert second not in page  # shown once, when it is made
    client.post('/occasions/subscribe', data={'action': 'revoke'})
    assert client.get(second).status_code == 404
    assert FeedToken.query.filter_by(user_id=user.id).count() == 0


def test_a_deactivated_users_address_is_refused(client, make, login):
    user = login(make.user(role='director', city=make.city()))
    path = _new_address(client)
    user.active = False
    assert client.get(path).status_code == 404
    assert client.get('/occasions/feed/not-a-token.ics').status_code == 404


def test_the_subscription_page_needs_a_sign_in(client):
    assert client.get('/occasions/subscribe').status_code in (302, 401)
