"""The meetings' part of «کارهای من»: sign-offs and RSVPs a city owes, minutes the secretariat has to finish."""
import datetime as dt

from flask import current_app

from ..db import db
from ..jalali import format_jalali
from ..tasks.registry import Task, provider
from .models import Attendance, Meeting, MinutesSignoff
from .rules import can_approve_minutes, can_confirm_attendance, can_edit_minutes, can_mark_held, can_sign_off


def _director(user):
    return user.is_authenticated and user.is_director and user.city_id is not None


def _staff(user):
    return user.is_authenticated and user.is_staff


def signoff_days():
    return int(current_app.config.get('MINUTES_SIGNOFF_DAYS') or 7)


@provider('meetings.city', title='نشست‌ها: تأیید صورتجلسه و اعلام حضور', icon='calendar-check', order=20,
          applies=_director)
def city_meeting_tasks(user, today):
    signed = db.select(MinutesSignoff.id).where(MinutesSignoff.meeting_id == Meeting.id,
                                                MinutesSignoff.city_id == user.city_id).exists()
    rows = db.session.scalars(
        db.select(Meeting).join(Attendance, db.and_(Attendance.meeting_id == Meeting.id,
                                                    Attendance.city_id == user.city_id))
        .where(db.or_(
            db.and_(Meeting.status == 'minutes_approved', Attendance.status == 'present', ~signed),
            db.and_(Meeting.status == 'scheduled', Meeting.meeting_date >= today, Attendance.confirmed_dt.is_(None))))
        .order_by(Meeting.meeting_date)).all()
    tasks = []
    for meeting in rows:
        if meeting.status == 'minutes_approved':
            if not can_sign_off(user, meeting):  # loads this meeting's attendance: only for the few to sign
                continue
            approved = meeting.minutes_approved_dt.date() if meeting.minutes_approved_dt else today
            due = approved + dt.timedelta(days=signoff_days())
            tasks.append(Task(what=f'تأیید صورتجلسه {meeting.full_name}',
                              why=f'صورتجلسه در {format_jalali(approved)} تأیید شد و شهر شما در نشست حاضر بود؛ '
                                  'تأیید شهرتان هنوز ثبت نشده است.',
                              url=f'/meetings/{meeting.id}#signoffs', due=due, urgent=due < today))
        elif can_confirm_attendance(user, meeting, user.city_id):
            days = (meeting.meeting_date - today).days
            tasks.append(Task(what=f'اعلام حضور در {meeting.full_name}',
                              why=f'نشست {format_jalali(meeting.meeting_date, "weekday")} برگزار می‌شود و شهر شما '
                                  'هنوز نگفته چه کسانی می‌آیند.',
                              url=f'/meetings/{meeting.id}#attendance', due=meeting.meeting_date, urgent=days <= 2))
    return tasks


@provider('meetings.minutes', title='نشست‌ها: برگزاری و صورتجلسه', icon='journal-text', order=20, applies=_staff)
def minutes_tasks(user, today):
    rows = db.session.scalars(
        db.select(Meeting).where(db.or_(Meeting.status.in_(('held', 'minutes_draft')),
                                        db.and_(Meeting.status == 'scheduled', Meeting.meeting_date < today)))
        .order_by(Meeting.meeting_date)).all()
    tasks = []
    for meeting in rows:
        held_on = format_jalali(meeting.meeting_date) if meeting.meeting_date else 'تاریخ نامشخص'
        if meeting.status == 'scheduled' and can_mark_held(user, meeting):
            tasks.append(Task(what=f'اعلام برگزاری {meeting.full_name}',
                              why=f'تاریخ نشست ({held_on}) گذشته، اما هنوز «برگزار شد» ثبت نشده است.',
                              url=f'/meetings/{meeting.id}', due=meeting.meeting_date, urgent=True))
        elif meeting.status == 'held' and can_edit_minutes(user, meeting):
            tasks.append(Task(what=f'نوشتن صورتجلسه {meeting.full_name}',
                              why=f'نشست در {held_on} برگزار شد و صورتجلسه‌اش هنوز نوشته نشده است.',
                              url=f'/meetings/{meeting.id}/minutes', due=None))
        elif meeting.status == 'minutes_draft' and can_approve_minutes(user, meeting):
            tasks.append(Task(what=f'تکمیل و تأیید صورتجلسه {meeting.full_name}',
                              why='پیش‌نویس صورتجلسه برای اصلاحیه شهرها باز است؛ اصلاحیه‌ها را ببینید و '
                                  'آن را تأیید کنید.',
                              url=f'/meetings/{meeting.id}#minutes', due=None))
    return tasks
