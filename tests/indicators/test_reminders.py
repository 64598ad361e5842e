"""Reminders before a period's deadline: to directors of cities with missing values, once per city, period and day."""
import datetime as dt

from commission.indicators.models import IndicatorReminderLog
from commission.indicators.services import reminder_days, send_reminders
from commission.jalali import TEHRAN, today_tehran
from commission.jobs import schedule
from commission.notifications.models import Notification

TODAY = dt.date(2026, 12, 1)


def _notes(db, user):
    return db.session.scalars(db.select(Notification).where(Notification.user_id == user.id)).all()


def _setup(make, days_left=3):
    late, done = make.city(name='شهر دیرکرد'), make.city(name='شهر کامل')
    late_director, done_director = make.user(role='director', city=late), make.user(role='director', city=done)
    news, survey = make.indicator(name='خبرها'), make.indicator(name='رضایت')
    period = make.period(1405, 2, deadline=TODAY + dt.timedelta(days=days_left))
    for ind in (news, survey):
        make.value(ind, done, period, 10)
    make.value(news, late, period, 5)  # survey missing
    return late_director, done_director, period


def test_missing_values_are_reminded_once_a_day(make, db):
    late_director, done_director, period = _setup(make)
    assert send_reminders(TODAY) == 1
    [note] = _notes(db, late_director)
    assert note.kind == 'indicator.reminder' and '۱ شاخص' in note.text and 'تابستان ۱۴۰۵' in note.text
    assert note.url == f'/indicators/entry?period={period.id}'
    assert _notes(db, done_director) == []
    # the same day again: nothing new
    assert send_reminders(TODAY) == 0
    assert len(_notes(db, late_director)) == 1
    assert db.session.scalar(db.select(db.func.count(IndicatorReminderLog.id))) == 1


def test_only_on_reminder_days(make, db):
    late_director, _done, period = _setup(make, days_left=5)
    assert send_reminders(TODAY, days=(7, 3, 1, 0)) == 0  # five days before: not a reminder day
    assert send_reminders(TODAY + dt.timedelta(days=2), days=(7, 3, 1, 0)) == 1  # three days before
    assert send_reminders(TODAY + dt.timedelta(days=5), days=(7, 3, 1, 0)) == 1  # the deadline day
    assert send_reminders(TODAY + dt.timedelta(days=6), days=(7, 3, 1, 0)) == 0  # after it
    assert len(_notes(db, late_director)) == 2


def test_locked_or_undated_periods_are_not_reminded(make, db):
    late_director, _done, period = _setup(make)
    period.locked = True
    db.session.flush()
    assert send_reminders(TODAY) == 0
    period.locked, period.deadline = False, None
    db.session.flush()
    assert send_reminders(TODAY) == 0


def test_reminder_days_setting():
    assert reminder_days('7,3,1,0') == (7, 3, 1, 0)
    assert reminder_days('۱۰, ۲') == (10, 2)
    assert reminder_days('x') == (7, 3, 1, 0)
    assert reminder_days('') == (7, 3, 1, 0)


def test_the_daily_job_sends_them(app, make, db, run_jobs, monkeypatch):
    today = today_tehran()
    late = make.city(name='شهر دیرکرد')
    director = make.user(role='director', city=late)
    make.indicator(name='خبرها')
    make.period(1405, 2, deadline=today + dt.timedelta(days=1))
    monkeypatch.setitem(app.config, 'INDICATOR_REMINDER_DAYS', '1')
    db.session.commit()
    started = schedule.start_due(db.session, now=dt.datetime.combine(today, dt.time(23, 59), tzinfo=TEHRAN))
    assert 'indicators.remind' in started
    run_jobs()
    assert [n.kind for n in _notes(db, director)] == ['indicator.reminder']
    # a second round the same day starts nothing
    assert 'indicators.remind' not in schedule.start_due(
        db.session, now=dt.datetime.combine(today, dt.time(23, 59), tzinfo=TEHRAN))
