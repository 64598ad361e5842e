import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import db
from ..timeutil import utcnow


class Notification(db.Model):
    """An in-app message to one user: shown in the navigation's bell until read."""
    __tablename__ = 'notifications'

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id', ondelete='CASCADE'), index=True)
    #: what caused it, e.g. 'practice.comment', 'meeting.scheduled'
    kind: Mapped[str] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500), default='')
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_dt: Mapped[dt.datetime | None]

    user = relationship('User')
