"""Scheduled follow-ups (the day-before reminder, a missing RSVP or sign-off, an adoption's result) go out once.

`first_time(kind, key)` claims the (kind, key) row in the caller's transaction: True the first time, False ever
after. The unique constraint settles a race between two workers: the loser's savepoint rolls back, it skips.
"""
import calendar
import datetime as dt

from sqlalchemy.exc import IntegrityError

from ..db import db
from .models import NoticeLog


def first_time(kind, key):
    if db.session.scalar(db.select(NoticeLog.id).where(NoticeLog.kind == kind, NoticeLog.key == key)):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(NoticeLog(kind=kind, key=key))
    except IntegrityError:
        return False
    return True


def months_before(day, months):
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
