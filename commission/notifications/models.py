import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import db
from ..timeutil import utcnow

#: contact channel -> Persian label
CONTACT_CHANNELS = {'sms': 'پیامک', 'bale': 'پیام‌رسان بله'}


class Notification(db.Model):
    """An in-app message to one user: shown in the navigation's bell until read."""
    __tablename__ = 'notifications'
    __table_args__ = (Index('ix_notifications_digest', 'user_id', 'digest', 'digested_dt'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id', ondelete='CASCADE'), index=True)
    #: what caused it, e.g. 'practice.comment', 'meeting.scheduled'
    kind: Mapped[str] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500), default='')
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_dt: Mapped[dt.datetime | None]
    #: 'daily' | 'weekly' when the person asked for this kind in a digest (None: not in any digest)
    digest: Mapped[str | None] = mapped_column(String(10))
    #: when a digest carried it (so the next digest starts after it)
    digested_dt: Mapped[dt.datetime | None]

    user = relationship('User')


class NotificationPreference(db.Model):
    """How one person wants one kind delivered besides the bell; no row means the kind's default."""
    __tablename__ = 'notification_preferences'
    __table_args__ = (UniqueConstraint('user_id', 'kind'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id', ondelete='CASCADE'), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    #: 'inapp' | 'email' | 'daily' | 'weekly' (kinds.DELIVERIES)
    delivery: Mapped[str] = mapped_column(String(10))
    #: urgent kinds only: also by SMS / by Bale (to a confirmed contact)
    sms: Mapped[bool] = mapped_column(default=False)
    bale: Mapped[bool] = mapped_column(default=False)
    updated_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ContactPoint(db.Model):
    """A mobile number or a Bale chat of one person; nothing but its code is sent there before it is confirmed."""
    __tablename__ = 'contact_points'
    __table_args__ = (UniqueConstraint('user_id', 'channel'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id', ondelete='CASCADE'), index=True)
    #: 'sms' | 'bale'
    channel: Mapped[str] = mapped_column(String(10))
    #: 09xxxxxxxxx, or the Bale chat id (digits)
    address: Mapped[str] = mapped_column(String(40))
    confirmed_dt: Mapped[dt.datetime | None]
    #: HMAC-SHA256 of the current 6-digit code (the code itself is never stored); set by the job that sends it
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_dt: Mapped[dt.datetime | None]
    #: wrong codes typed against the current code
    code_attempts: Mapped[int] = mapped_column(default=0)
    #: codes asked for since `codes_window_dt` (a throttle on sending)
    codes_sent: Mapped[int] = mapped_column(default=0)
    codes_window_dt: Mapped[dt.datetime | None]
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    user = relationship('User')

    @property
    def channel_label(self):
        return CONTACT_CHANNELS.get(self.channel, self.channel)

    @property
    def confirmed(self):
        return self.confirmed_dt is not None
