"""Daily and weekly digests with a fixed "today": what they gather, once, and the schedule that starts them."""
import datetime as dt
import email
import email.policy

from commission.jalali import TEHRAN
from commission.jobs import schedule
from commission.notifications import digests
from commission.notifications.models import Notification
from commission.notifications.services import notify

from .conftest import jobs, prefer

SATURDAY = dt.date(2026, 12, 5)
SUNDAY = SATURDAY + dt.timedelta(days=1)


def digest_messages(db):
    return [m for job in jobs(db, 'mail.send') if job.payload['kind'].startswith('digest.')
            for m in job.payload['messages']]


def mail_on(app, monkeypatch):
    monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')


def test_the_daily_digest_gathers_what_was_chosen_for_it_once(db, make, app, monkeypatch):
    mail_on(app, monkeypatch)
    reader, other = make.user(full_name='زهرا تبریزی'), make.user()
    prefer(db, reader, 'practice.comment', 'daily')
    notify([reader, other], 'practice.comment', 'پرسش تازه درباره تجربه «پیامک شهروندی»', '/practices/3')
    notify([reader], 'practice.answer', 'پاسخ تازه')  # e-mail at once by default: not in the digest
    notify([reader], 'practice.comment', 'پرسش دوم', '/practices/4')
    assert digests.send_digests('daily', SUNDAY) == 1
    [message] = digest_messages(db)
    assert message['to'] == reader.email and 'خلاصهٔ روزانه' in message['subject']
    assert 'پرسش تازه درباره تجربه' in message['body'] and 'پرسش دوم' in message['body']
    assert 'پاسخ تازه' not in message['body'] and 'http://127.0.0.1:5000/practices/3' in message['body']
    assert 'dir="rtl"' in message['html'] and 'Vazirmatn' in message['html']
    assert 'href="http://127.0.0.1:5000/practices/4"' in message['html']
    assert digests.send_digests('daily', SUNDAY + dt.timedelta(days=1)) == 0  # nothing new since the last one
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.digest == 'daily', Notification.digested_dt.is_(None))) == 0


def test_the_weekly_digest_sums_up_my_city_new_practices_and_the_next_meeting(db, make, app, monkeypatch):
    mail_on(app, monkeypatch)
    city, elsewhere = make.city(name='تبریز'), make.city(name='شیراز')
    director = make.user(role='director', city=city)
    make.assignment(city=city, title='پیوست رسانه‌ای پروژه‌های عمرانی', code='4/1',
                    deadline=SATURDAY - dt.timedelta(days=3))
    make.assignment(city=city, title='راه‌اندازی سامانه ۱۳۷', code='4/2', deadline=SATURDAY + dt.timedelta(days=10))
    make.practice(city=elsewhere, title='پویش پاکیزگی محله', published_dt=dt.datetime(2026, 12, 2, 9))
    make.practice(city=elsewhere, title='تجربه کهنه', published_dt=dt.datetime(2026, 11, 1, 9))
    make.practice(city=city, title='تجربه خود تبریز', published_dt=dt.datetime(2026, 12, 3, 9))
    make.meeting(number=5, title='نشست پنجم', meeting_date=SATURDAY + dt.timedelta(days=4), venue='تالار شهر')
    prefer(db, director, 'meeting.agenda', 'weekly')
    notify([director], 'meeting.agenda', 'دستور جلسه نشست پنجم منتشر شد', '/meetings/5')
    assert digests.send_digests('weekly', SUNDAY) == 0  # not the weekly day
    digests.send_digests('weekly', SATURDAY)
    [message] = [m for m in digest_messages(db) if m['to'] == director.email]
    body, html = message['body'], message['html']
    assert 'خلاصهٔ هفتگی' in message['subject']
    assert 'دستور جلسه نشست پنجم منتشر شد' in body
    assert 'مصوبه‌های عقب‌افتادهٔ شهر شما' in body and 'پیوست رسانه‌ای پروژه‌های عمرانی' in body
    assert 'سررسیدشان نزدیک' in body and 'راه‌اندازی سامانه ۱۳۷' in body
    assert 'پویش پاکیزگی محله (شیراز)' in body and 'تجربه کهنه' not in body and 'تجربه خود تبریز' not in body
    assert 'نشست بعدی' in body and 'تالار شهر' in body
    assert html.startswith('<!DOCTYPE html><html lang="fa" dir="rtl">') and 'Vazirmatn' in html
    assert '<h2' in html and 'پویش پاکیزگی محله' in html


def test_the_weekly_summary_can_be_turned_off(db, make, app, monkeypatch):
    mail_on(app, monkeypatch)
    city = make.city()
    director = make.user(role='director', city=city)
    make.assignment(city=city, deadline=SATURDAY - dt.timedelta(days=3))
    prefer(db, director, 'digest', 'inapp')
    digests.send_digests('weekly', SATURDAY)
    assert director.email not in [m['to'] for m in digest_messages(db)]


def test_the_weekday_is_configurable(db, make, app, monkeypatch):
    mail_on(app, monkeypatch)
    monkeypatch.setitem(app.config, 'DIGEST_WEEKDAY', 'sunday')
    user = make.user()
    prefer(db, user, 'practice.comment', 'weekly')
    notify([user], 'practice.comment', 'پرسش هفته')
    assert digests.send_digests('weekly', SATURDAY) == 0
    assert digests.send_digests('weekly', SUNDAY) >= 1


def test_without_mail_the_items_wait_for_a_later_digest(db, make, app):
    user = make.user()
    prefer(db, user, 'practice.comment', 'daily')
    notify([user], 'practice.comment', 'پرسش')
    assert digests.send_digests('daily', SUNDAY) == 0
    assert db.session.scalar(db.select(Notification.digested_dt)) is None


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TEHRAN)


def started(db, now):
    return sorted(n for n in schedule.start_due(db.session, now=now) if n.startswith('notifications.digest'))


def test_the_schedule_starts_each_digest_once_a_day_at_digest_time(db, app, monkeypatch):
    monkeypatch.setitem(app.config, 'DIGEST_TIME', '18:30')
    assert started(db, at(SATURDAY, 18, 29)) == []
    assert started(db, at(SATURDAY, 18, 30)) == ['notifications.digest.daily', 'notifications.digest.weekly']
    assert started(db, at(SATURDAY, 23, 0)) == []
    payloads = sorted((j.payload['period'], j.payload['day']) for j in jobs(db, 'notifications.digest'))
    assert payloads == [('daily', '2026-12-05'), ('weekly', '2026-12-05')]


def test_a_scheduled_weekly_digest_is_mailed_by_the_worker(db, make, app, smtp, mail_config, run_jobs):
    port, inbox = smtp()
    mail_config(port)
    user = make.user(full_name='سارا شیرازی')
    prefer(db, user, 'meeting.scheduled', 'weekly')
    notify([user], 'meeting.scheduled', 'نشست ششم برنامه‌ریزی شد', '/meetings/6')
    db.session.commit()
    schedule.start_due(db.session, now=at(SATURDAY, 23, 59))
    run_jobs()
    [envelope] = [e for e in inbox.messages if e.rcpt_tos == [user.email]]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert 'نشست ششم برنامه‌ریزی شد' in message.get_body(('plain',)).get_content()
    html = message.get_body(('html',)).get_content()
    assert 'dir="rtl"' in html and '<h2' in html and 'نشست ششم' in html
    schedule.start_due(db.session, now=at(SATURDAY, 23, 59))  # a restart later that day starts nothing
    run_jobs()
    assert len([e for e in inbox.messages if e.rcpt_tos == [user.email]]) == 1


def test_the_secretariat_weekly_digest_lists_every_citys_overdue_assignments(db, make, app, monkeypatch):
    mail_on(app, monkeypatch)
    secretariat = make.user(role='secretariat')
    make.assignment(city=make.city(name='قم'), title='گزارش فصلی روابط عمومی', deadline=SATURDAY - dt.timedelta(days=1))
    make.assignment(city=make.city(name='اهواز'), title='هنوز وقت دارد', deadline=SATURDAY + dt.timedelta(days=1))
    digests.send_digests('weekly', SATURDAY)
    [message] = [m for m in digest_messages(db) if m['to'] == secretariat.email]
    assert 'قم: ' in message['body'] and 'گزارش فصلی روابط عمومی' in message['body']
    assert 'هنوز وقت دارد' not in message['body']
