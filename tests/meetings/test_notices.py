"""Each meeting notification reaches the people it concerns, and only them; scheduled ones once, on a fixed day."""
import datetime as dt
from types import SimpleNamespace

import pytest

from commission.jalali import TEHRAN
from commission.jobs import schedule
from commission.meetings import reminders
from commission.meetings import services as svc
from commission.meetings.models import Attendance, MinutesSignoff
from commission.notifications.models import Notification
from commission.timeutil import utcnow

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def w(db, make):
    a, b, c = make.city(name='کرج آزمون'), make.city(name='تبریز آزمون'), make.city(name='قم آزمون')
    return SimpleNamespace(
        a=a, b=b, c=c, staff=make.user(role='secretariat'), staff2=make.user(role='secretariat'),
        da=make.user(role='director', city=a), db_=make.user(role='director', city=b),
        dc=make.user(role='director', city=c), observer=make.user(role='observer'),
        inactive=make.user(role='director', city=a, active=False))


def received(db, kind):
    """{user_id: [text, ...]} of the notifications of `kind`."""
    out = {}
    for n in db.session.scalars(db.select(Notification).where(Notification.kind == kind).order_by(Notification.id)):
        out.setdefault(n.user_id, []).append(n.text)
    return out


def ids(*users):
    return {u.id for u in users}


# --- on an action ----------------------------------------------------------------------------------------

def test_opening_the_minutes_draft_tells_directors_and_staff_not_observers_nor_the_author(db, make, w):
    meeting = make.meeting('held', days_ahead=-1, cities=[w.a, w.b])
    svc.save_minutes(meeting, {'minutes': 'متن پیش‌نویس', 'minutes_number': '', 'minutes_date': None}, user=w.staff)
    got = received(db, 'meeting.minutes_draft')
    assert set(got) == ids(w.staff2, w.da, w.db_, w.dc)
    assert 'برای اصلاحیه باز است' in got[w.da.id][0]
    svc.save_minutes(meeting, {'minutes': 'متن دوم', 'minutes_number': '', 'minutes_date': None}, user=w.staff)
    assert len(received(db, 'meeting.minutes_draft')[w.da.id]) == 1  # a later edit of the draft is not announced


def test_reopening_resets_the_sign_offs_and_says_so_with_the_reason(db, make, w):
    meeting = make.approved_meeting(present=[w.a, w.b])
    svc.sign_off(meeting, user=w.da)
    svc.reopen_minutes(meeting, 'نام یک حاضر جا افتاده بود', user=w.staff)
    assert db.session.scalar(db.select(db.func.count(MinutesSignoff.id))) == 0
    got = received(db, 'meeting.minutes_reopened')
    assert set(got) == ids(w.staff2, w.da, w.db_, w.dc, w.observer)
    text = got[w.da.id][0]
    assert 'نام یک حاضر جا افتاده بود' in text and 'کرج آزمون' in text and 'برداشته شد' in text


def test_reopening_without_sign_offs_says_none_were_given(db, make, w):
    meeting = make.approved_meeting(present=[w.a])
    svc.reopen_minutes(meeting, 'غلط املایی', user=w.staff)
    assert 'هنوز شهری آن را تأیید نکرده بود' in received(db, 'meeting.minutes_reopened')[w.da.id][0]


def test_the_agenda_is_announced_when_published_and_when_its_items_change(db, make, w):
    meeting = make.meeting(cities=[w.a])
    svc.save_agenda(meeting, [{'title': 'گزارش روابط عمومی'}], user=w.staff)
    got = received(db, 'meeting.agenda')
    assert set(got) == ids(w.staff2, w.da, w.db_, w.dc, w.observer)
    assert 'منتشر شد' in got[w.da.id][0] and 'گزارش روابط عمومی' in got[w.da.id][0]
    svc.save_agenda(meeting, [{'title': 'گزارش روابط عمومی', 'id': meeting.agenda_items[0].id, 'note': 'توضیح'}],
                    user=w.staff)
    assert len(received(db, 'meeting.agenda')[w.da.id]) == 1  # only a note changed: no news
    svc.save_agenda(meeting, [{'title': 'گزارش روابط عمومی', 'id': meeting.agenda_items[0].id},
                              {'title': 'بودجه تبلیغات'}], user=w.staff)
    texts = received(db, 'meeting.agenda')[w.da.id]
    assert len(texts) == 2 and 'تغییر کرد' in texts[1] and 'افزوده شد: «بودجه تبلیغات»' in texts[1]


def test_the_agenda_of_a_held_meeting_is_not_announced(db, make, w):
    meeting = make.meeting('held', days_ahead=-1)
    svc.save_agenda(meeting, [{'title': 'بند پس از نشست'}], user=w.staff)
    assert received(db, 'meeting.agenda') == {}


# --- scheduled, with a fixed today -----------------------------------------------------------------------

def test_the_day_before_reminder_goes_to_members_once(db, make, w):
    tomorrow = make.meeting(meeting_date=TODAY + dt.timedelta(days=1))
    make.meeting(meeting_date=TODAY + dt.timedelta(days=2))
    make.meeting('cancelled', meeting_date=TODAY + dt.timedelta(days=1))
    assert reminders.send_tomorrow(TODAY) == 1
    assert reminders.send_tomorrow(TODAY) == 0
    got = received(db, 'meeting.tomorrow')
    assert set(got) == ids(w.staff, w.staff2, w.da, w.db_, w.dc, w.observer)
    assert all(len(texts) == 1 for texts in got.values())
    assert 'فردا' in got[w.da.id][0] and tomorrow.title in got[w.da.id][0]


def test_a_rescheduled_meeting_is_reminded_again_for_its_new_date(db, make, w):
    meeting = make.meeting(meeting_date=TODAY + dt.timedelta(days=1))
    reminders.send_tomorrow(TODAY)
    meeting.meeting_date = TODAY + dt.timedelta(days=8)
    assert reminders.send_tomorrow(TODAY + dt.timedelta(days=7)) == 1
    assert len(received(db, 'meeting.tomorrow')[w.da.id]) == 2


def test_a_missing_rsvp_is_asked_of_the_cities_that_did_not_answer_only(db, make, w):
    meeting = make.meeting(meeting_date=TODAY + dt.timedelta(days=3), cities=[w.a, w.b, w.c])
    later = make.meeting(meeting_date=TODAY + dt.timedelta(days=4), cities=[w.a])
    svc.confirm_attendance(meeting, w.b.id, 'present', 'مدیر ارتباطات', user=w.db_)
    assert reminders.send_rsvp_missing(TODAY, days=3) == 2
    assert reminders.send_rsvp_missing(TODAY, days=3) == 0
    assert reminders.send_rsvp_missing(TODAY + dt.timedelta(days=1), days=3) == 1  # `later` enters the window
    got = received(db, 'meeting.rsvp_missing')
    assert set(got) == ids(w.da, w.dc)  # never the inactive director, the city that answered, or the staff
    assert len(got[w.da.id]) == 2 and len(got[w.dc.id]) == 1
    assert '۳ روز' in got[w.dc.id][0] and 'قم آزمون' in got[w.dc.id][0]
    assert later.id


def test_a_missing_sign_off_is_asked_of_attending_cities_after_n_days_once(db, make, w):
    meeting = make.approved_meeting(present=[w.a, w.b], absent=[w.c])
    meeting.minutes_approved_dt = dt.datetime(2026, 11, 20, 8, 0)
    svc.sign_off(meeting, user=w.db_)
    assert reminders.send_signoff_missing(dt.date(2026, 11, 26), days=7) == 0  # too early
    assert reminders.send_signoff_missing(dt.date(2026, 11, 27), days=7) == 1
    assert reminders.send_signoff_missing(dt.date(2026, 11, 28), days=7) == 0
    got = received(db, 'meeting.signoff_missing')
    assert set(got) == ids(w.da)
    assert 'کرج آزمون' in got[w.da.id][0]


def test_the_daily_job_runs_every_meeting_notice_once_a_day(db, make, w, app, run_jobs, monkeypatch):
    monkeypatch.setitem(app.config, 'MEETING_REMINDER_TIME', '08:30')
    make.meeting(meeting_date=TODAY + dt.timedelta(days=1), cities=[w.a])
    db.session.commit()
    early = dt.datetime.combine(TODAY, dt.time(8, 0), tzinfo=TEHRAN)
    assert 'meetings.reminders' not in schedule.start_due(db.session, now=early)
    assert 'meetings.reminders' in schedule.start_due(db.session, now=early.replace(hour=9))
    run_jobs()
    assert 'meetings.reminders' not in schedule.start_due(db.session, now=early.replace(hour=10))
    run_jobs()
    assert len(received(db, 'meeting.tomorrow')[w.da.id]) == 1
    assert len(received(db, 'meeting.rsvp_missing')[w.da.id]) == 1


def test_confirming_attendance_is_what_stops_the_rsvp_reminder(db, make, w):
    meeting = make.meeting(meeting_date=TODAY + dt.timedelta(days=2), cities=[w.a])
    attendance = db.session.scalar(db.select(Attendance).where(Attendance.meeting_id == meeting.id))
    attendance.confirmed_dt = utcnow()
    assert reminders.send_rsvp_missing(TODAY, days=3) == 0


def test_approving_the_minutes_tells_every_member_but_the_approver(db, make, w):
    meeting = make.meeting('minutes_draft', days_ahead=-3, minutes='متن', minutes_number='1405/ک/1',
                           minutes_date=TODAY)
    svc.approve_minutes(meeting, user=w.staff)
    got = received(db, 'meeting.minutes_approved')
    assert set(got) == ids(w.staff2, w.da, w.db_, w.dc, w.observer)
    assert '۱۴۰۵/ک/۱' in got[w.da.id][0]


def test_reopening_over_http_says_the_sign_offs_were_reset(client, login, make, w, db):
    meeting = make.approved_meeting(present=[w.a])
    svc.sign_off(meeting, user=w.da)
    login(w.staff)
    page = client.post(f'/meetings/{meeting.id}/minutes/reopen', data={'reason': 'اصلاح نام'},
                       follow_redirects=True).get_data(as_text=True)
    assert 'تأییدهای ثبت‌شده شهرها برداشته شد' in page
    assert meeting.status == 'minutes_draft' and meeting.signoffs == []
    assert set(received(db, 'meeting.minutes_reopened')) == ids(w.staff2, w.da, w.db_, w.dc, w.observer)


def test_a_director_cannot_reopen_or_open_the_minutes(client, login, make, w):
    approved = make.approved_meeting(present=[w.a])
    held = make.meeting('held', days_ahead=-1)
    login(w.da)
    assert client.post(f'/meetings/{approved.id}/minutes/reopen', data={'reason': 'x'}).status_code == 403
    assert client.post(f'/meetings/{held.id}/minutes', data={'minutes': 'x'}).status_code == 403
    assert approved.status == 'minutes_approved' and held.status == 'held'
