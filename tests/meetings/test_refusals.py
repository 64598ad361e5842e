"""A refused edit page says what is locked and what to do, with a link; the status stays 403."""
import re

import pytest

from commission.meetings import rules


def _text(html):
    return re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', html))


@pytest.fixture
def staff(db, make, login):
    user = make.user(role='secretariat')
    login(user)
    return user


def test_approved_minutes_say_to_reopen_them_first(client, make, staff):
    meeting = make.approved_meeting()
    response = client.get(f'/meetings/{meeting.id}/minutes')
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert 'صورتجلسه تأیید شده است؛ برای ویرایش ابتدا آن را بازگشایی کنید.' in html
    assert f'href="/meetings/{meeting.id}#reopenBox"' in html
    assert 'دسترسی مجاز نیست' not in html


@pytest.mark.parametrize('page', ['edit', 'agenda', 'attendance'])
def test_the_approved_meetings_other_edit_pages_say_why(client, make, staff, page):
    meeting = make.approved_meeting()
    response = client.get(f'/meetings/{meeting.id}/{page}')
    assert response.status_code == 403
    assert 'ابتدا صورتجلسه را بازگشایی کنید' in _text(response.get_data(as_text=True))


def test_minutes_of_a_meeting_not_yet_held_say_when_they_can_be_written(client, make, staff):
    meeting = make.meeting('scheduled')
    response = client.get(f'/meetings/{meeting.id}/minutes')
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert 'هنوز برگزار نشده است' in html
    assert f'href="/meetings/{meeting.id}"' in html and '#reopenBox' not in html


def test_a_cancelled_meeting_says_it_is_cancelled(client, make, staff):
    meeting = make.meeting('cancelled')
    response = client.get(f'/meetings/{meeting.id}/edit')
    assert response.status_code == 403 and 'این نشست لغو شده است' in response.get_data(as_text=True)


def test_others_still_get_the_plain_refusal(client, make, login):
    meeting = make.approved_meeting()
    login(make.user(role='director', city=make.city()))
    response = client.get(f'/meetings/{meeting.id}/minutes')
    assert response.status_code == 403
    assert 'بازگشایی' not in response.get_data(as_text=True)


def test_the_reasons_come_from_the_rules(make, db):
    staff, observer = make.user(role='secretariat'), make.user(role='observer')
    approved, held = make.approved_meeting(), make.meeting('held', days_ahead=-2)
    assert rules.minutes_lock_reason(staff, approved).startswith('صورتجلسه تأیید شده است')
    assert rules.minutes_lock_reason(staff, held) is None  # not locked: the page opens
    assert rules.minutes_lock_reason(observer, approved) is None
    assert rules.meeting_lock_reason(staff, held) is None
