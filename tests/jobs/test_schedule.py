"""Daily work starts once the Tehran clock passes its time, once a day, whatever restarts or workers."""
import datetime as dt

from commission.jalali import TEHRAN
from commission.jobs import schedule
from commission.jobs.models import JobSchedule
from commission.resolutions.models import ReminderLog

from .conftest import jobs


def started(now, db):
    """Which daily tasks of the reminders' kind a worker round would start at `now`."""
    return [name for name in schedule.start_due(db.session, now=now) if name == 'resolutions.remind']


def at(hour, minute=0, day=dt.date(2026, 12, 1)):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TEHRAN)


def test_reminders_start_at_the_configured_tehran_time_only(db, app, monkeypatch):
    monkeypatch.setitem(app.config, 'REMINDER_TIME', '09:30')
    assert started(at(9, 29), db) == []
    assert started(at(9, 30), db) == ['resolutions.remind']
    [job] = jobs(db, 'resolutions.remind')
    assert job.payload['day'] == '2026-12-01'


def test_a_restart_or_second_worker_does_not_start_the_day_twice(db):
    assert started(at(8, 5), db) == ['resolutions.remind']
    assert started(at(14, 0), db) == []  # later the same day: already started
    assert len(jobs(db, 'resolutions.remind')) == 1
    assert started(at(8, 0, day=dt.date(2026, 12, 2)), db) == ['resolutions.remind']


def test_the_unique_day_row_refuses_a_second_start(db):
    """What a second worker racing the first hits: the (name, day) row can be inserted once."""
    import pytest
    from sqlalchemy.exc import IntegrityError
    db.session.add(JobSchedule(name='resolutions.remind', run_on=dt.date(2026, 12, 1)))
    db.session.flush()
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(JobSchedule(name='resolutions.remind', run_on=dt.date(2026, 12, 1)))


def test_the_reminder_job_notifies_the_directors_of_due_assignments(db, make, run_jobs):
    from commission.jalali import today_tehran
    from commission.notifications.models import Notification
    assignment = make.assignment(deadline=today_tehran() + dt.timedelta(days=3))
    director = make.user(role='director', city=assignment.city)
    db.session.commit()
    schedule.start_due(db.session, now=dt.datetime.combine(today_tehran(), dt.time(23, 59), tzinfo=TEHRAN))
    run_jobs()
    notes = db.session.scalars(db.select(Notification).where(Notification.user_id == director.id)).all()
    assert [n.kind for n in notes] == ['resolution.reminder']
    assert db.session.scalar(db.select(ReminderLog.assignment_id)) == assignment.id
