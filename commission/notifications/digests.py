"""Daily and weekly digest e-mails, started by the worker's schedule (DIGEST_TIME, weekly on DIGEST_WEEKDAY).

A digest carries the person's notifications of the kinds they asked to receive that way, from the last digest on
(each row is marked `digested_dt` in the transaction that records the mail). The weekly one also sums up what is
due and overdue for the person's city, the practices other cities published that week, and the next meeting.
Each schedule starts once per Tehran day (jobs/schedule.py); the weekly handler acts on one weekday only.
"""
import datetime as dt
import html
import logging

from flask import current_app

from .. import mail
from ..db import db
from ..jalali import format_jalali, persian_digits, today_tehran
from ..jobs import enqueue
from ..timeutil import utcnow
from . import kinds
from .models import Notification, NotificationPreference
from .services import absolute

logger = logging.getLogger(__name__)

WEEKDAYS = {'monday': 0, 'tuesday': 1, 'wednesday': 2, 'thursday': 3, 'friday': 4, 'saturday': 5, 'sunday': 6,
            'دوشنبه': 0, 'سه‌شنبه': 1, 'چهارشنبه': 2, 'پنجشنبه': 3, 'پنج‌شنبه': 3, 'جمعه': 4, 'شنبه': 5,
            'یکشنبه': 6, 'یک‌شنبه': 6}
PERIOD_TITLES = {'daily': 'خلاصهٔ روزانهٔ اعلان‌ها', 'weekly': 'خلاصهٔ هفتگی کمیسیون'}


def weekly_day():
    """DIGEST_WEEKDAY as Python's weekday number (default Saturday, the first day of the Iranian week)."""
    value = str(current_app.config.get('DIGEST_WEEKDAY') or 'saturday').strip().lower()
    if value in WEEKDAYS:
        return WEEKDAYS[value]
    logger.error('DIGEST_WEEKDAY=%r is not a weekday name; using Saturday', value)
    return 5


def pending(user_id, period):
    return db.session.scalars(db.select(Notification).where(
        Notification.user_id == user_id, Notification.digest == period, Notification.digested_dt.is_(None))
        .order_by(Notification.created_dt, Notification.id)).all()


def wants_weekly_summary(user):
    row = db.session.scalar(db.select(NotificationPreference).where(
        NotificationPreference.user_id == user.id, NotificationPreference.kind == 'digest'))
    return (row.delivery if row else kinds.get('digest').default) == 'weekly'


def _deadline(assignment):
    return getattr(assignment, 'deadline', None) or assignment.resolution.deadline


def weekly_summary(user, today):
    """[(heading, [(text, url), ...]), ...]: the sections of the weekly summary that have something in them."""
    from ..meetings.models import Meeting
    from ..practices.models import Practice
    sections = []
    if user.city_id:
        from ..resolutions.services import my_city_items
        groups = my_city_items(user, today=today)
        for key, heading in (('overdue', 'مصوبه‌های عقب‌افتادهٔ شهر شما'),
                             ('soon', 'مصوبه‌هایی که سررسیدشان نزدیک است')):
            rows = [(f'{a.resolution.code} {a.resolution.title}'.strip()
                     + (f' (مهلت {format_jalali(_deadline(a))})' if _deadline(a) else ''),
                     f'/resolutions/assignments/{a.id}') for a in groups.get(key, [])]
            if rows:
                sections.append((heading, rows))
    elif user.is_staff:
        from ..resolutions.services import due_assignments
        late = [a for a in due_assignments(0, today) if a.is_overdue(today)]
        if late:
            sections.append(('مصوبه‌های عقب‌افتادهٔ شهرها', [
                (f'{a.city.name}: {a.resolution.code} {a.resolution.title} (مهلت {format_jalali(_deadline(a))})',
                 f'/resolutions/assignments/{a.id}') for a in late[:30]]))
    since = dt.datetime.combine(today - dt.timedelta(days=7), dt.time())
    practices = db.session.scalars(db.select(Practice).where(
        Practice.status == 'published', Practice.published_dt >= since,
        *([Practice.city_id != user.city_id] if user.city_id else []))
        .order_by(Practice.published_dt.desc()).limit(10)).all()
    if practices:
        sections.append(('تجربه‌های تازهٔ شهرهای دیگر', [
            (f'{p.title} ({p.city.name})', f'/practices/{p.id}') for p in practices]))
    meeting = db.session.scalar(db.select(Meeting).where(Meeting.status == 'scheduled', Meeting.meeting_date >= today)
                                .order_by(Meeting.meeting_date, Meeting.id).limit(1))
    if meeting:
        where = f'، {meeting.venue}' if meeting.venue else ''
        sections.append(('نشست بعدی', [(f'{meeting.full_name}: {format_jalali(meeting.meeting_date, "long")}{where}',
                                        f'/meetings/{meeting.id}')]))
    return sections


def build(user, period, items, sections, today):
    """(subject, plain text, RTL HTML) of one digest."""
    title = PERIOD_TITLES[period]
    subject = f'{title}: {format_jalali(today, "long")}'
    all_sections = list(sections)
    if items:
        heading = 'اعلان‌های این هفته' if period == 'weekly' else 'اعلان‌های روز گذشته'
        all_sections.insert(0, (heading, [(n.text, n.url) for n in items]))
    lines = [f'{user.full_name} گرامی،', '', f'{title} ({format_jalali(today, "long")}):']
    parts = [f'<p style="margin:0 0 12px">{html.escape(user.full_name)} گرامی،</p>',
             f'<h1 style="font-size:20px;margin:0 0 16px">{html.escape(title)}</h1>']
    for heading, rows in all_sections:
        lines += ['', f'■ {heading} ({persian_digits(len(rows))})']
        parts.append(f'<h2 style="font-size:16px;margin:20px 0 8px;border-bottom:1px solid #ddd">'
                     f'{html.escape(heading)}</h2><ul style="margin:0;padding:0 20px 0 0">')
        for text, url in rows:
            link = absolute(url)
            lines.append(f'- {text}' + (f'\n  {link}' if link else ''))
            item = html.escape(text)
            if link:
                item = f'<a href="{html.escape(link, quote=True)}" style="color:#0b5394">{item}</a>'
            parts.append(f'<li style="margin:0 0 6px">{item}</li>')
        parts.append('</ul>')
    settings = absolute('/notifications/settings')
    lines += ['', f'تنظیم اعلان‌ها: {settings}', '']
    parts.append(f'<p style="margin:24px 0 0;font-size:13px;color:#666">چه چیزی و چگونه به شما برسد: '
                 f'<a href="{html.escape(settings, quote=True)}">تنظیم اعلان‌ها</a></p>')
    body_html = (f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">'
                 f'<title>{html.escape(subject)}</title></head>'
                 f'<body dir="rtl" style="direction:rtl;text-align:right;font-family:{mail.FONT_STACK};'
                 f'font-size:15px;line-height:1.8;color:#222">{"".join(parts)}</body></html>')
    return subject, '\n'.join(lines), body_html


def send_digests(period, today=None):
    """Record one 'mail.send' batch with each person's digest; returns how many digests it holds."""
    from ..auth.models import User
    today = today or today_tehran()
    if not mail.configured():
        logger.info('Mail not configured; %s digest not sent (the items wait)', period)
        return 0
    if period == 'weekly' and today.weekday() != weekly_day():
        return 0
    ids = set(db.session.scalars(db.select(Notification.user_id).where(
        Notification.digest == period, Notification.digested_dt.is_(None)).distinct()))
    if period == 'weekly':
        off = set(db.session.scalars(db.select(NotificationPreference.user_id).where(
            NotificationPreference.kind == 'digest', NotificationPreference.delivery != 'weekly')))
        ids |= set(db.session.scalars(db.select(User.id).where(User.active.is_(True)))) - off
    users = db.session.scalars(db.select(User).where(User.id.in_(ids), User.active.is_(True)).order_by(User.id)).all()
    now, messages = utcnow(), []
    for user in users:
        items = pending(user.id, period)
        sections = weekly_summary(user, today) if period == 'weekly' and wants_weekly_summary(user) else []
        if not items and not sections:
            continue
        subject, body, body_html = build(user, period, items, sections, today)
        for n in items:
            n.digested_dt = now
        messages.append({'to': user.email, 'subject': subject, 'body': body, 'html': body_html})
    if messages:
        enqueue('mail.send', {'kind': f'digest.{period}', 'messages': messages})
    db.session.flush()
    return len(messages)
