"""The meeting's life: scheduled -> held -> minutes draft -> approved (or cancelled), and its history."""
import datetime as dt

import pytest

from commission.meetings import services as svc
from commission.meetings.models import MeetingChange
from commission.notifications.models import Notification
from commission.resolutions.models import Assignment, Resolution


def _history(db, meeting):
    return db.session.scalars(db.select(MeetingChange).where(MeetingChange.meeting_id == meeting.id)
                              .order_by(MeetingChange.id)).all()


def _header(**kw):
    data = {'number': 7, 'title': 'نشست هفتم', 'meeting_date': dt.date(2030, 1, 10), 'start_time': dt.time(9, 30),
            'duration_minutes': 120, 'host_city_id': None, 'venue': 'تالار'}
    data.update(kw)
    return data


def _resolution(db, title, statuses, status='active', code='1/1'):
    from commission.cities.models import City
    resolution = Resolution(title=title, code=code, status=status, scope='selected')
    db.session.add(resolution)
    for i, assignment_status in enumerate(statuses):
        city = City(name=f'{title} {i}', slug=f'r{abs(hash((title, i)))}', is_member=False)
        db.session.add(Assignment(resolution=resolution, city=city, status=assignment_status))
    db.session.flush()
    return resolution


def test_a_new_meeting_has_one_attendance_row_per_member_city(db, make):
    members = [make.city(), make.city()]
    guest = make.city(is_member=False)
    staff = make.user(role='secretariat')
    meeting = svc.create_meeting(_header(), author=staff)
    cities = {a.city_id for a in meeting.attendances}
    assert {c.id for c in members} <= cities and guest.id not in cities
    assert all(a.status is None for a in meeting.attendances)
    assert meeting.status == 'scheduled' and _history(db, meeting)[0].action == 'created'


def test_the_agenda_starts_with_the_open_resolutions_and_their_cities_status(db, make):
    _resolution(db, 'پیوست رسانه‌ای پروژه‌ها', ['done', 'in_progress', 'in_progress', 'not_started'], code='1/1')
    _resolution(db, 'مصوبه تمام‌شده', ['done', 'not_applicable'], code='1/2')
    _resolution(db, 'مصوبه مختومه', ['not_started'], status='closed', code='1/3')
    meeting = svc.create_meeting(_header(), author=make.user(role='secretariat'))
    first = meeting.agenda_items[0]
    assert first.title == 'پیگیری مصوبات باز' and first.is_follow_up and first.position == 0
    assert 'پیوست رسانه‌ای پروژه‌ها' in first.note
    assert 'در حال اقدام: ۲' in first.note and 'انجام شد: ۱' in first.note and 'اقدام نشده: ۱' in first.note
    assert 'مصوبه تمام‌شده' not in first.note and 'مصوبه مختومه' not in first.note


def test_the_follow_up_item_is_a_snapshot_that_the_secretariat_can_refresh(db, make):
    staff = make.user(role='secretariat')
    meeting = svc.create_meeting(_header(), author=staff)
    assert not meeting.agenda_items  # nothing open yet: no empty follow-up item
    _resolution(db, 'مصوبه تازه', ['not_started'])
    item = svc.refresh_follow_up(meeting, user=staff)
    assert 'مصوبه تازه' in item.note and meeting.agenda_items[0] is item


def test_creating_a_meeting_tells_the_members_and_a_date_change_too(db, make):
    staff = make.user(role='secretariat')
    director, observer = make.user(role='director'), make.user(role='observer')
    inactive = make.user(role='director', active=False)
    meeting = svc.create_meeting(_header(), author=staff)

    def kinds(user):
        return [n.kind for n in db.session.scalars(db.select(Notification).where(Notification.user_id == user.id))]
    assert kinds(director) == ['meeting.scheduled'] and kinds(observer) == ['meeting.scheduled']
    assert kinds(inactive) == [] and kinds(staff) == []
    svc.update_meeting(meeting, _header(venue='تالار دیگر'), user=staff)
    assert kinds(director) == ['meeting.scheduled']  # a new venue alone is not announced
    svc.update_meeting(meeting, _header(meeting_date=dt.date(2030, 1, 12)), user=staff)
    assert kinds(director) == ['meeting.scheduled', 'meeting.rescheduled']
    assert _history(db, meeting)[-1].action == 'rescheduled'


def test_every_header_change_is_recorded_with_old_and_new_values(db, make):
    staff = make.user(role='secretariat')
    meeting = svc.create_meeting(_header(), author=staff)
    svc.update_meeting(meeting, _header(title='عنوان تازه', start_time=dt.time(11, 0)), user=staff)
    change = _history(db, meeting)[-1]
    assert change.user_id == staff.id and change.created_dt is not None
    assert 'عنوان: نشست هفتم ← عنوان تازه' in change.detail and '۰۹:۳۰ ← ۱۱:۰۰' in change.detail


def test_meeting_numbers_are_unique(db, make):
    staff = make.user(role='secretariat')
    svc.create_meeting(_header(number=4), author=staff)
    with pytest.raises(svc.MeetingError, match='پیش‌تر ثبت شده'):
        svc.create_meeting(_header(number=4), author=staff)


def test_the_whole_workflow_up_to_approval(db, make):
    staff = make.user(role='secretariat')
    director = make.user(role='director')
    meeting = svc.create_meeting(_header(), author=staff)
    with pytest.raises(svc.MeetingError):
        svc.save_minutes(meeting, {'minutes': 'زود است'}, user=staff)  # not held yet
    svc.mark_held(meeting, user=staff, today=dt.date(2030, 1, 10))
    assert meeting.status == 'held'
    svc.save_minutes(meeting, {'minutes': 'متن', 'minutes_number': '', 'minutes_date': None}, user=staff)
    assert meeting.status == 'minutes_draft'
    with pytest.raises(svc.MeetingError, match='شماره صورتجلسه'):
        svc.approve_minutes(meeting, user=staff)
    svc.save_minutes(meeting, {'minutes': 'متن', 'minutes_number': '1405/3', 'minutes_date': dt.date(2030, 1, 11)},
                     user=staff)
    svc.approve_minutes(meeting, user=staff)
    assert meeting.status == 'minutes_approved' and meeting.approved_by == staff and meeting.minutes_approved_dt
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == director.id,
                                                           Notification.kind == 'meeting.minutes_approved'))
    assert note is not None and '۱۴۰۵/۳' in note.text
    actions = [c.action for c in _history(db, meeting)]
    assert actions.count('status') == 3 and 'minutes' in actions


def test_approved_minutes_cannot_be_edited_without_reopening(db, make):
    staff = make.user(role='secretariat')
    meeting = make.approved_meeting()
    for change in (lambda: svc.save_minutes(meeting, {'minutes': 'تغییر پنهانی'}, user=staff),
                   lambda: svc.update_meeting(meeting, _header(), user=staff),
                   lambda: svc.save_agenda(meeting, [], user=staff),
                   lambda: svc.save_attendance(meeting, {}, '', user=staff)):
        with pytest.raises(svc.MeetingError):
            change()
    assert meeting.minutes == '## گزارش\nمتن تأییدشده صورتجلسه'


def test_reopening_needs_a_reason_is_recorded_and_withdraws_the_sign_offs(db, make):
    staff = make.user(role='secretariat')
    city = make.city()
    director = make.user(role='director', city=city)
    meeting = make.approved_meeting(present=[city])
    svc.sign_off(meeting, user=director)
    with pytest.raises(svc.MeetingError, match='دلیل'):
        svc.reopen_minutes(meeting, '  ', user=staff)
    svc.reopen_minutes(meeting, 'نام یکی از سخنرانان اشتباه بود', user=staff)
    assert meeting.status == 'minutes_draft' and meeting.approved_by is None and not meeting.signoffs
    change = _history(db, meeting)[-1]
    assert change.action == 'minutes_reopened' and change.user_id == staff.id
    assert 'نام یکی از سخنرانان اشتباه بود' in change.detail and city.name in change.detail
    svc.save_minutes(meeting, {'minutes': 'متن اصلاح‌شده', 'minutes_number': '1405/12',
                               'minutes_date': meeting.minutes_date}, user=staff)
    assert meeting.minutes == 'متن اصلاح‌شده'


def test_a_director_confirms_attendance_and_it_is_recorded(db, make):
    city = make.city()
    director = make.user(role='director', city=city, full_name='مدیر آزمون')
    meeting = make.meeting(cities=[city])
    svc.confirm_attendance(meeting, city.id, 'present', 'مدیر آزمون، مدیرکل', user=director)
    row = meeting.attendance_for(city.id)
    assert (row.status, row.attendees, row.confirmed_by) == ('present', 'مدیر آزمون، مدیرکل', director)
    assert _history(db, meeting)[-1].action == 'attendance_confirmed'


def test_the_secretariat_records_attendance_and_guests(db, make):
    a, b = make.city(), make.city()
    staff = make.user(role='secretariat')
    meeting = make.meeting('held', cities=[a, b])
    svc.save_attendance(meeting, {a.id: ('present', 'نفر اول\nنفر دوم'), b.id: ('excused', '')}, 'مهمان ویژه',
                        user=staff)
    assert meeting.attendance_for(a.id).attendee_lines == ['نفر اول', 'نفر دوم']
    assert meeting.attendance_for(b.id).status == 'excused' and meeting.guests == 'مهمان ویژه'
    with pytest.raises(svc.MeetingError):
        svc.save_attendance(meeting, {a.id: ('maybe', '')}, '', user=staff)


def test_cancelling_is_only_for_a_meeting_ahead_and_is_announced(db, make):
    staff, director = make.user(role='secretariat'), make.user(role='director')
    meeting = make.meeting()
    svc.cancel_meeting(meeting, 'هم‌زمانی با تعطیلی', user=staff)
    assert meeting.status == 'cancelled'
    assert db.session.scalar(db.select(Notification).where(Notification.user_id == director.id)).kind == \
        'meeting.cancelled'
    with pytest.raises(svc.MeetingError):
        svc.mark_held(meeting, user=staff)


def test_agenda_is_replaced_in_the_given_order(db, make):
    staff = make.user(role='secretariat')
    meeting = make.meeting()
    svc.save_agenda(meeting, [{'title': 'الف'}, {'title': 'ب'}], user=staff)
    first, second = meeting.agenda_items
    svc.save_agenda(meeting, [{'id': second.id, 'title': 'ب'}, {'title': 'ج', 'note': '**مهم**'}], user=staff)
    assert [(i.title, i.position) for i in meeting.agenda_items] == [('ب', 0), ('ج', 1)]
    assert meeting.agenda_items[0].id == second.id


def test_only_attending_cities_sign_off_once(db, make):
    present, absent = make.city(), make.city()
    d1 = make.user(role='director', city=present)
    d2 = make.user(role='director', city=absent)
    meeting = make.approved_meeting(present=[present], absent=[absent])
    svc.sign_off(meeting, user=d1)
    with pytest.raises(svc.MeetingError):
        svc.sign_off(meeting, user=d1)
    with pytest.raises(svc.MeetingError):
        svc.sign_off(meeting, user=d2)
    assert [s.city_id for s in meeting.signoffs] == [present.id]
