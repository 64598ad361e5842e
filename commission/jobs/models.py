"""The job outbox: work recorded with a change and run by the worker after the commit."""
import datetime as dt

from sqlalchemy import JSON, Date, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import db
from ..timeutil import utcnow

#: status -> Persian label (the admin's jobs page)
STATUSES = {'pending': 'در انتظار', 'running': 'در حال اجرا', 'done': 'انجام شد', 'failed': 'ناموفق'}


class Job(db.Model):
    """One piece of work: committed or rolled back together with the change that caused it."""
    __tablename__ = 'jobs'
    __table_args__ = (Index('ix_jobs_claim', 'status', 'run_after'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the handler's name, e.g. 'mail.send', 'attachments.extract'
    kind: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    #: 'pending' | 'running' | 'done' | 'failed'
    status: Mapped[str] = mapped_column(String(10), default='pending')
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=5)
    #: not claimed before this moment (backoff after a failure, or a delayed job)
    run_after: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: the worker holding the job ('host:pid') and until when; an expired lease means the worker died
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_until: Mapped[dt.datetime | None]
    #: the last failure's error (kept when the job is finally failed)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: at most one pending job per key (best effort: a duplicate only repeats idempotent work)
    dedup_key: Mapped[str | None] = mapped_column(String(100), index=True)
    #: what a handler has already done, committed as it goes (e.g. the mails already handed over)
    progress: Mapped[dict | None] = mapped_column(JSON)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_dt: Mapped[dt.datetime | None]

    @property
    def status_label(self):
        return STATUSES.get(self.status, self.status)

    def __repr__(self):
        return f'<Job {self.id} {self.kind} {self.status}>'


class JobSchedule(db.Model):
    """One row per scheduled task per Tehran day: inserted with the job it starts, so it runs once."""
    __tablename__ = 'job_schedule'
    __table_args__ = (UniqueConstraint('name', 'run_on', name='uq_job_schedule_name_run_on'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    run_on: Mapped[dt.date] = mapped_column(Date)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WorkerHeartbeat(db.Model):
    """A running worker says it is alive (for /healthz and the jobs page)."""
    __tablename__ = 'worker_heartbeats'

    #: 'host:pid'
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    started_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    seen_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
