"""The meetings lists: what is ahead, what is past, the next one and the latest approved minutes."""
from ..db import db
from .models import Meeting


def upcoming_meetings(today):
    return db.session.scalars(db.select(Meeting).where(Meeting.status == 'scheduled', Meeting.meeting_date >= today)
                              .order_by(Meeting.meeting_date, Meeting.start_time)).all()


def past_meetings_query(today):
    """Everything not ahead of us, the newest first (imported minutes without a date last)."""
    return (db.select(Meeting)
            .where(db.or_(Meeting.status != 'scheduled', Meeting.meeting_date < today, Meeting.meeting_date.is_(None)))
            .order_by(Meeting.meeting_date.desc().nulls_last(), Meeting.number.desc().nulls_last(), Meeting.id.desc()))


def next_meeting(today):
    return db.session.scalar(db.select(Meeting).where(Meeting.status == 'scheduled', Meeting.meeting_date >= today)
                             .order_by(Meeting.meeting_date, Meeting.start_time).limit(1))


def approved_latest_first(limit):
    """SELECT of the meetings whose minutes are approved, the latest first (at most `limit`)."""
    return (db.select(Meeting).where(Meeting.status == 'minutes_approved')
            .order_by(Meeting.meeting_date.desc().nulls_last(), Meeting.id.desc()).limit(limit))


def latest_approved():
    return db.session.scalar(approved_latest_first(1))
