"""Directors hear `days_ahead` days before each occasion how many cities shared designs; once per occurrence."""
import datetime as dt

import jdatetime

from commission.jobs.schedule import SCHEDULES
from commission.notifications.models import Notification
from commission.occasions.services import send_reminders


def test_directors_are_reminded_once_with_the_count_of_cities_that_shared(make):
    day = jdatetime.date(1405, 2, 27)
    week = make.occasion(name='هفته روابط عمومی', month=2, day=27, days_ahead=10)
    make.occasion(name='دورتر', month=3, day=14, days_ahead=10)
    karaj, tehran = make.city(name='کرج'), make.city(name='تهران')
    directors = [make.user(role='director', city=karaj), make.user(role='director', city=tehran)]
    observer = make.user(role='observer')
    for city in (karaj, tehran):
        make.kit_item(week, city=city, year=1405)
    make.kit_item(week, city=karaj, year=1404)  # last year's do not count
    today = day.togregorian() - dt.timedelta(days=10)
    assert send_reminders(today - dt.timedelta(days=1)) == 0  # 11 days before: not yet
    assert send_reminders(today) == 1
    notes = Notification.query.filter_by(kind='occasion.reminder').all()
    assert {n.user_id for n in notes} >= {d.id for d in directors} and observer.id not in {n.user_id for n in notes}
    assert notes[0].text == 'هفته روابط عمومی ۱۰ روز دیگر است: ۲ شهر پوسترهایشان را گذاشته‌اند'
    assert notes[0].url == f'/occasions/{week.id}'
    count = len(notes)
    assert send_reminders(today + dt.timedelta(days=1)) == 0  # once per occasion and year
    assert Notification.query.filter_by(kind='occasion.reminder').count() == count


def test_the_reminder_is_a_daily_scheduled_job(make, run_jobs):
    assert SCHEDULES['occasions.remind'].kind == 'occasions.remind'
    from commission.jobs import enqueue
    occasion = make.occasion(month=2, day=27, days_ahead=10)
    make.user(role='director', city=make.city())
    day = (jdatetime.date(1405, 2, 27).togregorian() - dt.timedelta(days=3)).isoformat()
    enqueue('occasions.remind', {'day': day})
    from commission.db import db
    from commission.jobs.models import Job
    db.session.commit()  # as the scheduler's own transaction does (a savepoint here)
    run_jobs()
    assert Job.query.filter_by(kind='occasions.remind', status='failed').count() == 0
    note = Notification.query.filter_by(kind='occasion.reminder').first()
    assert note is not None and note.text.endswith('۳ روز دیگر است: هنوز شهری پوستری نگذاشته است')
    assert occasion.name in note.text
