"""The log of follow-up notices sent on a schedule: one row per (kind, key), so each goes out exactly once."""
import datetime as dt

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import db
from ..timeutil import utcnow


class NoticeLog(db.Model):
    """e.g. ('meeting.tomorrow', 'meeting:12:2026-12-05'): the reminder of meeting 12 for that date was sent."""
    __tablename__ = 'notice_log'
    __table_args__ = (UniqueConstraint('kind', 'key'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    key: Mapped[str] = mapped_column(String(200))
    sent_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
