import datetime as dt
import re

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..attachments.search import attachments_text
from ..db import db
from ..jalali import to_latin_digits
from ..search.documents import Searchable, join_text
from ..timeutil import utcnow

STATUSES = {'active': 'در جریان', 'closed': 'مختومه', 'withdrawn': 'لغوشده'}

ASSIGNMENT_STATUSES = {
    'not_started': 'اقدام نشده',
    'in_progress': 'در حال اقدام',
    'done': 'انجام شد',
    'blocked': 'نیازمند حمایت',
    'not_applicable': 'موضوعیت ندارد',
}

#: what a city sees: a 'done' claim the secretariat has not yet accepted is its own state
DISPLAY_STATUSES = {
    'not_started': 'اقدام نشده',
    'in_progress': 'در حال اقدام',
    'blocked': 'نیازمند حمایت',
    'done_pending': 'انجام شد، در انتظار تأیید',
    'returned': 'برگشت‌خورده برای تکمیل',
    'done': 'انجام شد',
    'not_applicable': 'موضوعیت ندارد',
}

#: the written meaning of each status, shown in the legend and in every badge's tooltip
STATUS_MEANINGS = {
    'not_started': 'شهر هنوز هیچ اقدامی برای اجرای این مصوبه گزارش نکرده است.',
    'in_progress': 'اجرا آغاز شده و بخشی از کار انجام شده، اما هنوز کامل نیست.',
    'blocked': 'اجرا به مانعی خورده که بدون کمک دبیرخانه یا شهرهای دیگر برطرف نمی‌شود.',
    'done_pending': 'شهر اعلام کرده مصوبه را کامل اجرا کرده است؛ دبیرخانه هنوز مستندات را بررسی و تأیید نکرده.',
    'returned': 'شهر «انجام شد» اعلام کرد، اما دبیرخانه گزارش را برای تکمیل مستندات برگرداند؛ '
                'تا گزارش تازه شهر، کار باز است.',
    'done': 'مصوبه در این شهر کامل اجرا شده و دبیرخانه مستندات آن را دیده و تأیید کرده است.',
    'not_applicable': 'مصوبه با شرایط این شهر ارتباطی ندارد و در محاسبه پیشرفت شمرده نمی‌شود.',
}

STATUS_ICONS = {
    'not_started': 'circle', 'in_progress': 'arrow-repeat', 'blocked': 'exclamation-octagon-fill',
    'done_pending': 'hourglass-split', 'returned': 'arrow-return-right', 'done': 'check-circle-fill',
    'not_applicable': 'dash-circle',
}

OVERDUE_MEANING = 'مهلت مصوبه گذشته و این شهر هنوز آن را انجام نداده یا «موضوعیت ندارد» اعلام نکرده است.'

#: statuses that end an assignment: neither can be overdue, and not_applicable leaves the progress count
FINISHED = ('done', 'not_applicable')

#: a city that asks for help or says a resolution does not apply to it must say why
NOTE_REQUIRED = ('blocked', 'not_applicable')
NOTE_REQUIRED_MESSAGE = 'برای «نیازمند حمایت» و «موضوعیت ندارد» توضیح لازم است.'


def note_missing(status, note):
    """A report of `status` needs a note and `note` is blank."""
    return status in NOTE_REQUIRED and not (note or '').strip()


def code_order(code):
    """Sort key of a resolution code within a meeting: ۳/۲ before ۳/۱۰, numbers before letters."""
    parts = re.split(r'[/\-.]', to_latin_digits(code or ''))
    return [(0, int(p), '') if p.isdigit() else (1, 0, p) for p in parts]


def code_sort_key(resolution):
    """The commission's order of resolutions: by meeting number (archive ones last), then by code."""
    meeting = resolution.meeting.number if resolution.meeting and resolution.meeting.number else 10**6
    return (meeting, code_order(resolution.code), resolution.id or 0)


def display_status(status, awaiting_confirmation=False, claim_returned=False):
    """What a city sees: a pending 'done' claim is its own state, and so is a claim sent back for more evidence."""
    if status == 'done' and awaiting_confirmation:
        return 'done_pending'
    if claim_returned and status == 'in_progress':
        return 'returned'
    return status


def effective_deadline(assignment_deadline, resolution_deadline):
    """A city's own deadline (an extension) when it has one, else the resolution's."""
    return assignment_deadline or resolution_deadline


#: a 'done' claim must show its evidence
EVIDENCE_MESSAGE = 'برای اعلام «انجام شد» یک فایل مستند یا نشانی (لینک) انتشار پیوست کنید و شرح اقدام را بنویسید.'
LINK_MESSAGE = 'نشانی باید با http:// یا https:// آغاز شود.'


def valid_link(link):
    """An evidence link: http or https only, with a host."""
    from urllib.parse import urlsplit
    link = (link or '').strip()
    if not link:
        return True
    parts = urlsplit(link)
    return parts.scheme in ('http', 'https') and bool(parts.netloc) and not any(c.isspace() for c in link)


def evidence_missing(status, note, link, has_files):
    """A 'done' claim needs a note and a file or a link."""
    return status == 'done' and (not (note or '').strip() or not ((link or '').strip() or has_files))


def is_overdue(status, deadline, today):
    """Overdue: the deadline (a Tehran calendar day) has passed and the city is neither done nor exempt.

    A 'done' claim waiting for review is not overdue: the city has done its part, the wait is the secretariat's.
    """
    return deadline is not None and deadline < today and status not in FINISHED


class Resolution(Searchable, db.Model):
    __tablename__ = 'resolutions'
    __table_args__ = (UniqueConstraint('meeting_id', 'code'),)
    search_kind = 'resolution'

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    #: e.g. '3/2' (meeting 3, item 2), stored with Latin digits, shown with Persian ones
    code: Mapped[str] = mapped_column(String(50), default='')
    title: Mapped[str] = mapped_column(String(300))
    #: Markdown
    text: Mapped[str] = mapped_column(Text, default='')
    category: Mapped[str] = mapped_column(String(150), default='')
    #: empty for resolutions imported from an archive without their meeting
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey('meetings.id'), index=True)
    adopted_on: Mapped[dt.date | None]
    deadline: Mapped[dt.date | None] = mapped_column(index=True)
    #: 'all' member cities or a 'selected' set
    scope: Mapped[str] = mapped_column(String(20), default='all')
    #: the lead city; None means the secretariat leads
    lead_city_id: Mapped[int | None] = mapped_column(ForeignKey('cities.id'))
    status: Mapped[str] = mapped_column(String(20), default='active')
    #: shown on the transparency page (/public/) with each city's status and percent, nothing more
    public: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    meeting = relationship('Meeting', backref='resolutions')
    lead_city = relationship('City')
    created_by = relationship('User')
    assignments = relationship('Assignment', back_populates='resolution', cascade='all, delete-orphan')

    def __repr__(self):
        return f'<Resolution {self.code}>'

    def search_document(self):
        date = self.adopted_on or (self.meeting.meeting_date if self.meeting else None) or self.created_dt.date()
        return {
            'kind': 'resolution', 'id': self.id, 'ref': self.ref or '', 'title': self.title,
            'body': join_text(self.code, self.text),
            'city': self.lead_city.name if self.lead_city else '',
            'city_slug': self.lead_city.slug if self.lead_city else '',
            'category': self.category, 'status': self.status, 'date': date,
            'url': f'/resolutions/{self.id}', 'visibility': 'public', 'attachments_text': '',
        }


class Assignment(db.Model):
    """One resolution in one city: its current status, kept in step with the latest report."""
    __tablename__ = 'assignments'
    __table_args__ = (UniqueConstraint('resolution_id', 'city_id'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey('resolutions.id', ondelete='CASCADE'), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey('cities.id'), index=True)
    status: Mapped[str] = mapped_column(String(20), default='not_started')
    #: a 'done' claim waiting for the secretariat's acceptance
    awaiting_confirmation: Mapped[bool] = mapped_column(default=False)
    percent: Mapped[int | None]
    last_note: Mapped[str] = mapped_column(Text, default='')
    #: the last 'done' claim was returned by the secretariat and the city has not reported since
    claim_returned: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: this city's own deadline (a granted extension); None means the resolution's deadline
    deadline: Mapped[dt.date | None]
    #: the director of this city who answers for it (reminders go to them first)
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='SET NULL'))
    updated_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    resolution = relationship('Resolution', back_populates='assignments')
    city = relationship('City')
    responsible = relationship('User')
    reports = relationship('ProgressReport', back_populates='assignment',
                           order_by=lambda: (ProgressReport.created_dt, ProgressReport.id))

    @property
    def display_status(self):
        return display_status(self.status, self.awaiting_confirmation, self.claim_returned)

    @property
    def effective_deadline(self):
        return effective_deadline(self.deadline, self.resolution.deadline)

    def is_overdue(self, today):
        return self.resolution.status == 'active' and is_overdue(self.status, self.effective_deadline, today)

    @classmethod
    def effective_deadline_sql(cls):
        """The effective deadline in SQL (the query must join Resolution)."""
        return db.func.coalesce(cls.deadline, Resolution.deadline)


class ProgressReport(Searchable, db.Model):
    """A dated update on an assignment. Never edited: a correction is a new report."""
    __tablename__ = 'progress_reports'
    search_kind = 'report'

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey('assignments.id', ondelete='CASCADE'), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    status: Mapped[str] = mapped_column(String(20))
    percent: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default='')
    #: evidence of a 'done' claim published elsewhere (http or https)
    evidence_url: Mapped[str] = mapped_column(String(1000), default='', server_default='')
    #: written by the secretariat on the city's behalf
    on_behalf: Mapped[bool] = mapped_column(default=False)
    #: for a 'done' claim: 'pending' | 'accepted' | 'returned'
    review: Mapped[str | None] = mapped_column(String(20))
    review_note: Mapped[str] = mapped_column(Text, default='')
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    reviewed_dt: Mapped[dt.datetime | None]
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    assignment = relationship('Assignment', back_populates='reports')
    author = relationship('User', foreign_keys=[author_id])
    reviewed_by = relationship('User', foreign_keys=[reviewed_by_id])

    @property
    def display_status(self):
        """A 'done' claim reads as done only once accepted; pending, returned or superseded it stays a claim."""
        if self.status == 'done' and self.review == 'returned':
            return 'returned'
        return 'done_pending' if self.status == 'done' and self.review != 'accepted' else self.status

    def search_document(self):
        assignment = self.assignment
        resolution, city = assignment.resolution, assignment.city
        return {
            'kind': 'report', 'id': self.id, 'ref': '',
            'title': f'گزارش {city.name} درباره مصوبه {resolution.title}',
            'body': self.note, 'city': city.name, 'city_slug': city.slug,
            'category': resolution.category, 'status': self.status,
            'date': self.created_dt.date() if self.created_dt else None,
            'url': f'/resolutions/{resolution.id}#report-{self.id}', 'visibility': 'public',
            'attachments_text': attachments_text('report', self.id),
        }


class ReminderLog(db.Model):
    """One reminder per assignment per day at most."""
    __tablename__ = 'reminder_logs'
    __table_args__ = (UniqueConstraint('assignment_id', 'sent_on'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey('assignments.id', ondelete='CASCADE'))
    sent_on: Mapped[dt.date]


class EscalationLog(db.Model):
    """An overdue assignment reported to the secretariat and the city's observers: at most once a week."""
    __tablename__ = 'escalation_logs'
    __table_args__ = (UniqueConstraint('assignment_id', 'sent_on'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey('assignments.id', ondelete='CASCADE'), index=True)
    sent_on: Mapped[dt.date]


EXTENSION_STATES = {'open': 'در انتظار تصمیم دبیرخانه', 'granted': 'پذیرفته شد', 'refused': 'پذیرفته نشد'}


class ExtensionRequest(db.Model):
    """A city asks for more time on one assignment; the secretariat grants (a new deadline) or refuses it."""
    __tablename__ = 'extension_requests'

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey('assignments.id', ondelete='CASCADE'), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    #: the effective deadline when the request was made
    current_deadline: Mapped[dt.date | None]
    requested_deadline: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(Text)
    #: 'open' | 'granted' | 'refused'
    state: Mapped[str] = mapped_column(String(20), default='open')
    #: the deadline the secretariat set (usually the requested one)
    granted_deadline: Mapped[dt.date | None]
    decision_note: Mapped[str] = mapped_column(Text, default='')
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    decided_dt: Mapped[dt.datetime | None]
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    assignment = relationship('Assignment', backref=backref('extension_requests', cascade='all, delete-orphan',
                                                            passive_deletes=True))
    requested_by = relationship('User', foreign_keys=[requested_by_id])
    decided_by = relationship('User', foreign_keys=[decided_by_id])

    @property
    def state_label(self):
        return EXTENSION_STATES[self.state]


CHANGE_KINDS = {
    'deadline': 'تغییر مهلت مصوبه',
    'scope': 'تغییر شهرهای مشمول',
    'extension_requested': 'درخواست تمدید مهلت',
    'extension_granted': 'تمدید مهلت پذیرفته شد',
    'extension_refused': 'تمدید مهلت پذیرفته نشد',
}


class ResolutionChange(db.Model):
    """The history of a resolution's deadline and scope, and of its cities' extensions: never edited."""
    __tablename__ = 'resolution_changes'

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey('resolutions.id', ondelete='CASCADE'), index=True)
    #: set for a change that concerns one city (an extension)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey('assignments.id', ondelete='CASCADE'), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    #: values as shown to people (Jalali dates, city names)
    old_value: Mapped[str] = mapped_column(Text, default='')
    new_value: Mapped[str] = mapped_column(Text, default='')
    reason: Mapped[str] = mapped_column(Text, default='')
    actor_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    resolution = relationship('Resolution')
    assignment = relationship('Assignment')
    actor = relationship('User')

    @property
    def kind_label(self):
        return CHANGE_KINDS.get(self.kind, self.kind)
