"""Workflow corrections: a meeting ahead cannot be marked held; the minutes number follows the Jalali year's
sequence and is unique."""
import datetime as dt

import jdatetime

from commission.meetings import services as svc


def test_a_meeting_in_the_future_cannot_be_marked_held(client, make, login):
    staff = make.user(role='secretariat')
    meeting = make.meeting(days_ahead=3)
    login(staff)
    response = client.post(f'/meetings/{meeting.id}/held', follow_redirects=True)
    assert meeting.status == 'scheduled'
    page = response.get_data(as_text=True)
    assert 'هنوز نرسیده' in page and 'نمی‌توان «برگزارشده» اعلام کرد' in page


def test_a_meeting_of_today_or_past_is_marked_held(client, make, login):
    login(make.user(role='secretariat'))
    for days in (0, -2):
        meeting = make.meeting(days_ahead=days)
        assert client.post(f'/meetings/{meeting.id}/held').status_code == 302
        assert meeting.status == 'held'


def _jalali(y, m, d):
    return jdatetime.date(y, m, d).togregorian()


def test_the_minutes_number_is_suggested_from_the_years_sequence(db, make):
    make.approved_meeting(minutes_number='1405/ک/207', minutes_date=_jalali(1405, 7, 20))
    make.approved_meeting(minutes_number='۱۴۰۵/ک/۲۰۹', minutes_date=_jalali(1405, 8, 1))
    make.approved_meeting(minutes_number='1404/ک/950', minutes_date=_jalali(1404, 12, 1))
    held = make.meeting('held', meeting_date=_jalali(1405, 9, 10))
    assert svc.suggest_minutes_number(held) == '1405/ک/210'
    next_year = make.meeting('held', meeting_date=_jalali(1406, 1, 20))
    assert svc.suggest_minutes_number(next_year) == '1406/ک/1'


def test_the_minutes_form_offers_the_suggestion(client, make, login):
    make.approved_meeting(minutes_number='1405/ک/207', minutes_date=_jalali(1405, 7, 20))
    held = make.meeting('held', meeting_date=_jalali(1405, 9, 10))
    login(make.user(role='secretariat'))
    page = client.get(f'/meetings/{held.id}/minutes').get_data(as_text=True)
    assert 'value="۱۴۰۵/ک/۲۰۸"' in page


def test_a_duplicate_minutes_number_is_refused_in_persian_and_the_text_is_kept(client, make, login):
    make.approved_meeting(number=3, minutes_number='1405/ک/207', minutes_date=_jalali(1405, 7, 20))
    held = make.meeting('held', days_ahead=-1)
    login(make.user(role='secretariat'))
    response = client.post(f'/meetings/{held.id}/minutes', data={
        'minutes': 'متنی که نباید گم شود', 'minutes_number': '۱۴۰۵ / ک / ۲۰۷', 'minutes_date': ''})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'پیش‌تر برای نشست ۳ ثبت شده است' in page and 'متنی که نباید گم شود' in page
    assert held.status == 'held' and held.minutes == ''
    response = client.post(f'/meetings/{held.id}/minutes', data={
        'minutes': 'متن', 'minutes_number': '1405/ک/208', 'minutes_date': ''})
    assert response.status_code == 302 and held.minutes_number == '1405/ک/208'


def test_a_meeting_keeps_its_own_number_when_saved_again(db, make):
    staff = make.user(role='secretariat')
    meeting = make.meeting('minutes_draft', days_ahead=-1, minutes='متن', minutes_number='1405/ک/5',
                           minutes_date=dt.date(2026, 11, 1))
    svc.save_minutes(meeting, {'minutes': 'متن تازه', 'minutes_number': '۱۴۰۵/ک/۵', 'minutes_date': None}, user=staff)
    assert meeting.minutes == 'متن تازه'


def test_the_held_button_waits_for_the_meetings_day(client, make, login):
    login(make.user(role='secretariat'))
    ahead, today = make.meeting(days_ahead=5), make.meeting(days_ahead=0)
    page = client.get(f'/meetings/{ahead.id}').get_data(as_text=True)
    assert '«اعلام برگزاری» از روز نشست ممکن است' in page and f'/meetings/{ahead.id}/held' not in page
    assert f'/meetings/{today.id}/held' in client.get(f'/meetings/{today.id}').get_data(as_text=True)
