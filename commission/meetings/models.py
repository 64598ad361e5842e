import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..attachments.search import attachments_text
from ..db import db
from ..jalali import ordinal
from ..search.documents import Searchable, join_text
from ..timeutil import utcnow

STATUSES = {
    'scheduled': 'برنامه‌ریزی‌شده',
    'held': 'برگزارشده',
    'minutes_draft': 'پیش‌نویس صورتجلسه',
    'minutes_approved': 'صورتجلسه تأییدشده',
    'cancelled': 'لغوشده',
}

ATTENDANCE = {'present': 'حاضر', 'absent': 'غایب', 'excused': 'غیبت موجه'}


class Meeting(Searchable, db.Model):
    """A commission meeting: its agenda, attendance and minutes (indexed as kind 'minutes')."""
    __tablename__ = 'meetings'
    search_kind = 'minutes'

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    #: sequence number (نشست اول = 1); empty for minutes imported from an archive
    number: Mapped[int | None] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(300))
    #: date and local start time in Tehran
    meeting_date: Mapped[dt.date | None] = mapped_column(index=True)
    start_time: Mapped[dt.time | None]
    duration_minutes: Mapped[int] = mapped_column(default=120)
    host_city_id: Mapped[int | None] = mapped_column(ForeignKey('cities.id'), index=True)
    venue: Mapped[str] = mapped_column(String(300), default='')
    status: Mapped[str] = mapped_column(String(20), default='scheduled')
    #: guests who are not city representatives (names and roles, one per line)
    guests: Mapped[str] = mapped_column(Text, default='')
    #: Markdown
    minutes: Mapped[str] = mapped_column(Text, default='')
    #: official letter number and Jalali date of the minutes, set by the secretariat
    minutes_number: Mapped[str] = mapped_column(String(100), default='')
    minutes_date: Mapped[dt.date | None]
    minutes_approved_dt: Mapped[dt.datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    host_city = relationship('City')
    approved_by = relationship('User', foreign_keys=[approved_by_id])
    created_by = relationship('User', foreign_keys=[created_by_id])
    agenda_items = relationship('AgendaItem', back_populates='meeting', order_by='AgendaItem.position',
                                cascade='all, delete-orphan')
    attendances = relationship('Attendance', back_populates='meeting', cascade='all, delete-orphan')
    comments = relationship('MinutesComment', order_by='MinutesComment.created_dt', cascade='all, delete-orphan')
    signoffs = relationship('MinutesSignoff', order_by='MinutesSignoff.created_dt', cascade='all, delete-orphan')
    changes = relationship('MeetingChange', order_by='MeetingChange.id.desc()', cascade='all, delete-orphan')

    def __repr__(self):
        return f'<Meeting {self.number} {self.status}>'

    @property
    def name(self):
        """How the meeting is named on every page: «نشست سوم», or its title when it has no number (archive minutes)."""
        return f'نشست {ordinal(self.number)}' if self.number else self.title

    @property
    def full_name(self):
        """The name in notifications and calendars: «نشست سوم کمیسیون», or the title."""
        return f'{self.name} کمیسیون' if self.number else self.title

    @property
    def minutes_approved(self):
        return self.status == 'minutes_approved'

    @property
    def status_label(self):
        return STATUSES.get(self.status, self.status)

    @property
    def is_open(self):
        """Still editable: neither approved (read-only until reopened) nor cancelled."""
        return self.status not in ('minutes_approved', 'cancelled')

    @property
    def starts_at(self):
        """The start as an aware Tehran datetime, or None without a date (all-day when no time)."""
        if self.meeting_date is None:
            return None
        from ..jalali import TEHRAN
        return dt.datetime.combine(self.meeting_date, self.start_time or dt.time(0), tzinfo=TEHRAN)

    def attendance_for(self, city_id):
        return next((a for a in self.attendances if a.city_id == city_id), None)

    def signoff_for(self, city_id):
        return next((s for s in self.signoffs if s.city_id == city_id), None)

    def search_document(self):
        agenda = '\n'.join(f'{item.title} {item.presenter} {item.note}' for item in self.agenda_items)
        # draft minutes are not for every reader: only approved minutes are indexed
        minutes = self.minutes if self.status == 'minutes_approved' else ''
        return {
            'kind': 'minutes', 'id': self.id, 'ref': self.ref or '', 'title': self.title,
            'body': join_text(agenda, minutes, self.venue),
            'city': self.host_city.name if self.host_city else '',
            'city_slug': self.host_city.slug if self.host_city else '',
            'category': '', 'status': self.status, 'date': self.meeting_date,
            'url': f'/meetings/{self.id}', 'visibility': 'public',
            'attachments_text': attachments_text('meeting', self.id) if minutes else '',
        }


class AgendaItem(db.Model):
    __tablename__ = 'agenda_items'

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey('meetings.id', ondelete='CASCADE'), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str] = mapped_column(String(200), default='')
    presenter_city_id: Mapped[int | None] = mapped_column(ForeignKey('cities.id'))
    #: Markdown
    note: Mapped[str] = mapped_column(Text, default='')
    #: the «پیگیری مصوبات باز» item: its note is a snapshot of the open resolutions taken by the secretariat
    is_follow_up: Mapped[bool] = mapped_column(default=False)

    meeting = relationship('Meeting', back_populates='agenda_items')
    presenter_city = relationship('City')


class Attendance(db.Model):
    """One member city at one meeting: who came, and whether the city confirmed it."""
    __tablename__ = 'attendances'
    __table_args__ = (UniqueConstraint('meeting_id', 'city_id'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey('meetings.id', ondelete='CASCADE'), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey('cities.id'))
    #: 'present' | 'absent' | 'excused', or None while unknown
    status: Mapped[str | None] = mapped_column(String(20))
    #: names and roles of who came (one per line)
    attendees: Mapped[str] = mapped_column(Text, default='')
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    confirmed_dt: Mapped[dt.datetime | None]

    meeting = relationship('Meeting', back_populates='attendances')
    city = relationship('City')
    confirmed_by = relationship('User')

    @property
    def status_label(self):
        return ATTENDANCE.get(self.status, 'نامشخص')

    @property
    def attendee_lines(self):
        return [line.strip() for line in (self.attendees or '').splitlines() if line.strip()]


class MinutesComment(db.Model):
    """A director's correction request on draft minutes."""
    __tablename__ = 'minutes_comments'

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey('meetings.id', ondelete='CASCADE'), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey('users.id'))
    body: Mapped[str] = mapped_column(Text)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    author = relationship('User')


class MinutesSignoff(db.Model):
    """An attending city's representative confirms the approved minutes."""
    __tablename__ = 'minutes_signoffs'
    __table_args__ = (UniqueConstraint('meeting_id', 'city_id'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey('meetings.id', ondelete='CASCADE'), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey('cities.id'))
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    city = relationship('City')
    user = relationship('User')


class MeetingChange(db.Model):
    """The change history of a meeting, shown to the secretariat."""
    __tablename__ = 'meeting_changes'

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey('meetings.id', ondelete='CASCADE'), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    #: e.g. 'created', 'edited', 'status', 'minutes_reopened'
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[str] = mapped_column(Text, default='')
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    user = relationship('User')
