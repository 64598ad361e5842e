"""Each permission rule, both ways: the user without it gets 403, the user with it succeeds."""
import io
from types import SimpleNamespace

import pytest

from commission.attachments.models import Attachment
from commission.meetings.models import MinutesComment


@pytest.fixture
def w(db, make):
    a, b = make.city(name='کرج آزمون'), make.city(name='تبریز آزمون')
    w = SimpleNamespace(a=a, b=b)
    w.staff = make.user(role='secretariat')
    w.admin = make.user(role='admin')
    w.da = make.user(role='director', city=a)
    w.db_ = make.user(role='director', city=b)
    w.observer = make.user(role='observer')
    w.scheduled = make.meeting(cities=[a, b])
    w.today = make.meeting(days_ahead=0, cities=[a, b])
    w.held = make.meeting('held', days_ahead=-2, cities=[a, b])
    w.draft = make.meeting('minutes_draft', days_ahead=-3, cities=[a, b], minutes='پیش‌نویس محرمانه صورتجلسه')
    w.approved = make.approved_meeting(present=[a], absent=[b], minutes='متن نهایی صورتجلسه')
    return w


def _file(name='minutes.pdf', content=b'%PDF-1.4 test'):
    return (io.BytesIO(content), name)


def test_anonymous_visitors_are_sent_to_the_login_page(client, w):
    for url in ('/meetings/', f'/meetings/{w.approved.id}', f'/meetings/{w.approved.id}/minutes/print',
                f'/meetings/{w.scheduled.id}.ics'):
        response = client.get(url)
        assert response.status_code == 302 and '/login' in response.location


@pytest.mark.parametrize('role, status', [('staff', 200), ('admin', 200), ('da', 403), ('observer', 403)])
def test_only_staff_create_meetings(client, login, w, role, status):
    login(getattr(w, role))
    assert client.get('/meetings/new').status_code == status


@pytest.mark.parametrize('page', ['edit', 'agenda', 'attendance'])
def test_only_staff_edit_a_meeting_and_not_once_approved(client, login, w, page):
    login(w.da)
    assert client.get(f'/meetings/{w.scheduled.id}/{page}').status_code == 403
    login(w.observer)
    assert client.get(f'/meetings/{w.scheduled.id}/{page}').status_code == 403
    login(w.staff)
    assert client.get(f'/meetings/{w.scheduled.id}/{page}').status_code == 200
    assert client.get(f'/meetings/{w.approved.id}/{page}').status_code == 403


def test_marking_held(client, login, w):
    login(w.da)
    assert client.post(f'/meetings/{w.scheduled.id}/held').status_code == 403
    login(w.staff)
    assert client.post(f'/meetings/{w.approved.id}/held').status_code == 403
    assert client.post(f'/meetings/{w.today.id}/held').status_code == 302
    assert w.today.status == 'held'


def test_cancelling(client, login, w):
    login(w.da)
    assert client.post(f'/meetings/{w.scheduled.id}/cancel', data={'reason': ''}).status_code == 403
    login(w.staff)
    assert client.post(f'/meetings/{w.held.id}/cancel', data={'reason': ''}).status_code == 403
    assert client.post(f'/meetings/{w.scheduled.id}/cancel', data={'reason': 'تعطیلی'}).status_code == 302
    assert w.scheduled.status == 'cancelled'


def test_a_director_confirms_only_their_own_citys_attendance(client, login, w):
    url = f'/meetings/{w.scheduled.id}/attendance/{{}}/confirm'
    data = {'status': 'present', 'attendees': 'مدیر کرج، مدیرکل ارتباطات'}
    login(w.da)
    assert client.post(url.format(w.b.id), data=data).status_code == 403
    assert w.scheduled.attendance_for(w.b.id).status is None
    assert client.post(url.format(w.a.id), data=data).status_code == 302
    row = w.scheduled.attendance_for(w.a.id)
    assert row.status == 'present' and row.confirmed_by == w.da


@pytest.mark.parametrize('role', ['observer', 'staff'])
def test_others_do_not_confirm_for_a_city(client, login, w, role):
    login(getattr(w, role))
    response = client.post(f'/meetings/{w.scheduled.id}/attendance/{w.a.id}/confirm', data={'status': 'present'})
    assert response.status_code == 403


def test_attendance_is_confirmed_only_before_the_meeting(client, login, w):
    login(w.da)
    response = client.post(f'/meetings/{w.held.id}/attendance/{w.a.id}/confirm', data={'status': 'present'})
    assert response.status_code == 403


@pytest.mark.parametrize('role, status', [('staff', 200), ('da', 200), ('observer', 403)])
def test_draft_minutes_are_for_staff_and_directors(client, login, w, role, status):
    login(getattr(w, role))
    response = client.get(f'/meetings/{w.draft.id}/minutes/print')
    assert response.status_code == status
    page = client.get(f'/meetings/{w.draft.id}').get_data(as_text=True)
    assert ('پیش‌نویس محرمانه صورتجلسه' in page) == (status == 200)


def test_observers_read_approved_minutes(client, login, w):
    login(w.observer)
    assert 'متن نهایی صورتجلسه' in client.get(f'/meetings/{w.approved.id}/minutes/print').get_data(as_text=True)
    assert 'متن نهایی صورتجلسه' in client.get(f'/meetings/{w.approved.id}').get_data(as_text=True)


def test_minutes_are_written_by_staff_after_the_meeting_until_approved(client, login, w):
    login(w.da)
    assert client.get(f'/meetings/{w.held.id}/minutes').status_code == 403
    login(w.staff)
    assert client.get(f'/meetings/{w.scheduled.id}/minutes').status_code == 403
    assert client.get(f'/meetings/{w.approved.id}/minutes').status_code == 403
    assert client.post(f'/meetings/{w.approved.id}/minutes', data={'minutes': 'تغییر'}).status_code == 403
    assert client.get(f'/meetings/{w.held.id}/minutes').status_code == 200


def test_directors_comment_on_a_draft_only(client, login, w, db):
    login(w.observer)
    assert client.post(f'/meetings/{w.draft.id}/minutes/comments', data={'body': 'اصلاح'}).status_code == 403
    login(w.da)
    assert client.post(f'/meetings/{w.approved.id}/minutes/comments', data={'body': 'اصلاح'}).status_code == 403
    response = client.post(f'/meetings/{w.draft.id}/minutes/comments', data={'body': 'نام سخنران را اصلاح کنید'})
    assert response.status_code == 302
    comment = db.session.scalar(db.select(MinutesComment).where(MinutesComment.meeting_id == w.draft.id))
    assert comment.body == 'نام سخنران را اصلاح کنید' and comment.author == w.da


def test_only_staff_approve(client, login, w):
    w.draft.minutes_number = '1405/9'
    w.draft.minutes_date = w.draft.meeting_date
    login(w.da)
    assert client.post(f'/meetings/{w.draft.id}/minutes/approve').status_code == 403
    login(w.staff)
    assert client.post(f'/meetings/{w.held.id}/minutes/approve').status_code == 403
    assert client.post(f'/meetings/{w.draft.id}/minutes/approve').status_code == 302
    assert w.draft.status == 'minutes_approved'


def test_only_staff_reopen_approved_minutes(client, login, w):
    login(w.da)
    assert client.post(f'/meetings/{w.approved.id}/minutes/reopen', data={'reason': 'x'}).status_code == 403
    login(w.staff)
    assert client.post(f'/meetings/{w.draft.id}/minutes/reopen', data={'reason': 'x'}).status_code == 403
    assert client.post(f'/meetings/{w.approved.id}/minutes/reopen', data={'reason': 'اشتباه در نام'}).status_code == 302
    assert w.approved.status == 'minutes_draft'


def test_a_reopen_without_a_reason_is_refused_with_a_message(client, login, w):
    login(w.staff)
    response = client.post(f'/meetings/{w.approved.id}/minutes/reopen', data={'reason': ''}, follow_redirects=True)
    assert 'دلیل بازگشایی' in response.get_data(as_text=True) and w.approved.status == 'minutes_approved'


def test_only_a_director_of_an_attending_city_signs_off(client, login, w):
    url = f'/meetings/{w.approved.id}/minutes/signoff'
    for user in (w.db_, w.observer, w.staff):  # absent city, no city, not a director
        login(user)
        assert client.post(url).status_code == 403
    login(w.da)
    assert client.post(f'/meetings/{w.draft.id}/minutes/signoff').status_code == 403  # not approved yet
    assert client.post(url).status_code == 302
    assert w.approved.signoff_for(w.a.id).user == w.da
    assert client.post(url).status_code == 403  # once


def test_the_change_history_is_for_the_secretariat(client, login, w):
    login(w.staff)
    client.post(f'/meetings/{w.today.id}/held')
    assert 'تاریخچه تغییرات' in client.get(f'/meetings/{w.today.id}').get_data(as_text=True)
    for user in (w.da, w.observer):
        login(user)
        assert 'تاریخچه تغییرات' not in client.get(f'/meetings/{w.today.id}').get_data(as_text=True)


def _attach(client, login, w, meeting):
    login(w.staff)
    assert client.post(f'/meetings/{meeting.id}/files', data={'files': [_file()]},
                       content_type='multipart/form-data').status_code == 302
    return Attachment.query.filter_by(owner_type='meeting', owner_id=meeting.id).one()


def test_files_follow_the_minutes_observers_get_them_once_approved(client, login, w):
    draft_file = _attach(client, login, w, w.draft)
    approved_file = _attach(client, login, w, w.approved)
    login(w.observer)
    assert client.get(f'/files/{draft_file.id}/minutes.pdf').status_code == 403
    assert client.get(f'/files/{approved_file.id}/minutes.pdf').status_code == 200
    login(w.da)
    assert client.get(f'/files/{draft_file.id}/minutes.pdf').status_code == 200


def test_only_staff_upload_and_files_of_approved_minutes_stay(client, login, w):
    login(w.da)
    response = client.post(f'/meetings/{w.draft.id}/files', data={'files': [_file()]},
                           content_type='multipart/form-data')
    assert response.status_code == 403
    kept = _attach(client, login, w, w.approved)
    assert client.post(f'/meetings/{w.approved.id}/files/{kept.id}/delete').status_code == 403
    removable = _attach(client, login, w, w.draft)
    login(w.da)
    assert client.post(f'/meetings/{w.draft.id}/files/{removable.id}/delete').status_code == 403
    login(w.staff)
    assert client.post(f'/meetings/{w.draft.id}/files/{removable.id}/delete').status_code == 302
    assert Attachment.query.filter_by(owner_type='meeting', owner_id=w.draft.id).count() == 0


def test_a_refused_upload_is_explained(client, login, w):
    login(w.staff)
    response = client.post(f'/meetings/{w.draft.id}/files', data={'files': [_file('page.pdf', b'<html>')]},
                           content_type='multipart/form-data', follow_redirects=True)
    assert 'با پسوند آن نمی‌خواند' in response.get_data(as_text=True)


def test_the_record_resolution_button_is_for_staff(client, login, w):
    login(w.staff)
    assert f'/resolutions/new?meeting_id={w.held.id}' in client.get(f'/meetings/{w.held.id}').get_data(as_text=True)
    login(w.da)
    assert '/resolutions/new' not in client.get(f'/meetings/{w.held.id}').get_data(as_text=True)


def test_a_meeting_without_a_date_has_no_calendar_file(client, login, w, make):
    undated = make.meeting(meeting_date=None)
    login(w.observer)
    assert client.get(f'/meetings/{undated.id}.ics').status_code == 403
    assert client.get(f'/meetings/{w.scheduled.id}.ics').status_code == 200
