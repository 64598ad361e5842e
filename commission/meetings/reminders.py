"""The meetings' scheduled notices, run daily by the worker (jobs.py); each goes out once (tasks.followups).

- meeting.tomorrow: the day before a scheduled meeting, to every member (once per meeting and date).
- meeting.rsvp_missing: from MEETING_RSVP_DAYS days before, to the directors of a city that has not said who
  comes (once per meeting, date and city).
- meeting.signoff_missing: MINUTES_SIGNOFF_DAYS days after approval, to the directors of a city that attended and
  has not confirmed the minutes (once per meeting, approval and city; a reopened and re-approved text asks again).
"""
import datetime as dt

from flask import current_app
from sqlalchemy.orm import selectinload

from ..db import db
from ..jalali import format_jalali, persian_digits
from ..notifications.services import city_directors, notify
from ..tasks.followups import first_time
from .models import Meeting
from .services import _when, members


def _days(name, default):
    return int(current_app.config.get(name) or default)


def send_tomorrow(today):
    sent = 0
    tomorrow = today + dt.timedelta(days=1)
    for meeting in db.session.scalars(db.select(Meeting).where(Meeting.status == 'scheduled',
                                                               Meeting.meeting_date == tomorrow)):
        if not first_time('meeting.tomorrow', f'meeting:{meeting.id}:{tomorrow.isoformat()}'):
            continue
        venue = f' در {meeting.venue}' if meeting.venue else ''
        notify(members(), 'meeting.tomorrow', f'یادآوری: {meeting.full_name} فردا، {_when(meeting)}{venue} '
               f'برگزار می‌شود: {meeting.title}', f'/meetings/{meeting.id}')
        sent += 1
    return sent


def send_rsvp_missing(today, days=None):
    days = days if days is not None else _days('MEETING_RSVP_DAYS', 3)
    sent = 0
    meetings = db.session.scalars(
        db.select(Meeting).where(Meeting.status == 'scheduled', Meeting.meeting_date > today,
                                 Meeting.meeting_date <= today + dt.timedelta(days=days))
        .options(selectinload(Meeting.attendances))).all()
    for meeting in meetings:
        for attendance in meeting.attendances:
            if attendance.confirmed_dt is not None:
                continue
            directors = city_directors(attendance.city_id)
            key = f'meeting:{meeting.id}:{meeting.meeting_date.isoformat()}:city:{attendance.city_id}'
            if not directors or not first_time('meeting.rsvp_missing', key):
                continue
            left = (meeting.meeting_date - today).days
            notify(directors, 'meeting.rsvp_missing',
                   f'{persian_digits(left)} روز تا {meeting.full_name} ({_when(meeting)}) مانده و '
                   f'{attendance.city.name} هنوز اعلام نکرده چه کسانی در نشست حاضر می‌شوند.',
                   f'/meetings/{meeting.id}#attendance')
            sent += 1
    return sent


def send_signoff_missing(today, days=None):
    days = days if days is not None else _days('MINUTES_SIGNOFF_DAYS', 7)
    sent = 0
    cutoff = dt.datetime.combine(today - dt.timedelta(days=days), dt.time.max)
    meetings = db.session.scalars(
        db.select(Meeting).where(Meeting.status == 'minutes_approved', Meeting.minutes_approved_dt.is_not(None),
                                 Meeting.minutes_approved_dt <= cutoff)
        .options(selectinload(Meeting.attendances), selectinload(Meeting.signoffs))).all()
    for meeting in meetings:
        signed = {s.city_id for s in meeting.signoffs}
        approved = meeting.minutes_approved_dt
        for attendance in meeting.attendances:
            if attendance.status != 'present' or attendance.city_id in signed:
                continue
            directors = city_directors(attendance.city_id)
            key = f'meeting:{meeting.id}:{approved.isoformat()}:city:{attendance.city_id}'
            if not directors or not first_time('meeting.signoff_missing', key):
                continue
            notify(directors, 'meeting.signoff_missing',
                   f'صورتجلسه {meeting.full_name} از {format_jalali(approved)} تأیید شده، اما تأیید '
                   f'{attendance.city.name} که در نشست حاضر بود هنوز ثبت نشده است.',
                   f'/meetings/{meeting.id}#signoffs')
            sent += 1
    return sent


def send_all(today):
    return {'tomorrow': send_tomorrow(today), 'rsvp_missing': send_rsvp_missing(today),
            'signoff_missing': send_signoff_missing(today)}
