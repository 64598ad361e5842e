"""Recording jobs (in the caller's transaction) and claiming, finishing and retrying them (in the worker's)."""
import datetime as dt
import logging
import os
import socket

from flask import current_app
from sqlalchemy import and_, or_, select, update

from ..db import db
from ..timeutil import utcnow
from .models import Job

logger = logging.getLogger(__name__)

#: kind -> handler(payload, job); registered by the domains (see `handler`)
HANDLERS = {}


class JobError(Exception):
    """A job that cannot run at all (unknown kind); it fails without retries."""


def handler(kind):
    """Register the function that runs jobs of `kind`: `fn(payload, job)`, using `db.session`; the worker commits."""
    def decorator(fn):
        HANDLERS[kind] = fn
        return fn
    return decorator


def enqueue(kind, payload=None, *, run_after=None, dedup_key=None, max_attempts=None, session=None):
    """Add a job to the session: it commits or rolls back with the caller's change; returns the Job.

    With `dedup_key`, a pending job with the same key already in the database (or this session) is returned
    instead of a new one.
    """
    session = session or db.session
    if dedup_key:
        existing = session.scalar(select(Job).where(Job.dedup_key == dedup_key, Job.status == 'pending').limit(1))
        if existing is not None:
            return existing
    job = Job(kind=kind, payload=payload or {}, status='pending', attempts=0, run_after=run_after or utcnow(),
              dedup_key=dedup_key, max_attempts=max_attempts or _config('JOBS_MAX_ATTEMPTS', 5))
    session.add(job)
    return job


def _config(name, default):
    try:
        return current_app.config.get(name, default)
    except RuntimeError:  # outside an application (a bare script)
        return default


def worker_name():
    return f'{socket.gethostname()}:{os.getpid()}'


def _claimable(now):
    """Due pending jobs, and running jobs whose worker's lease has run out (the worker died)."""
    return or_(and_(Job.status == 'pending', Job.run_after <= now),
               and_(Job.status == 'running', Job.locked_until < now))


def claim(session, name, lease_seconds):
    """Take the next due job and commit the claim; returns it, or None when nothing is due.

    PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` lets several workers claim different rows at once.
    SQLite (one worker, see the lock file): one `UPDATE … WHERE id = (SELECT …)`, because a read followed by
    a write in one transaction fails at once there when another process committed in between.
    """
    now = utcnow()
    values = dict(status='running', attempts=Job.attempts + 1, locked_by=name,
                  locked_until=now + dt.timedelta(seconds=lease_seconds))
    due = select(Job.id).where(_claimable(now)).order_by(Job.run_after, Job.id).limit(1)
    if session.get_bind().dialect.name == 'sqlite':
        waiting = session.scalar(due)
        session.rollback()  # end the read snapshot before writing
        if waiting is None:
            return None
        job_id = session.scalar(update(Job).where(Job.id == due.scalar_subquery()).values(**values)
                                .returning(Job.id).execution_options(synchronize_session=False))
    else:
        job_id = session.scalar(due.with_for_update(skip_locked=True))
        if job_id is not None:
            session.execute(update(Job).where(Job.id == job_id).values(**values)
                            .execution_options(synchronize_session=False))
    session.commit()
    return None if job_id is None else session.get(Job, job_id, populate_existing=True)


def finish(session, job):
    """Mark a job done (in the same transaction as whatever its handler changed) and commit."""
    job.status, job.locked_by, job.locked_until, job.finished_dt = 'done', None, None, utcnow()
    session.commit()


def fail(session, job, error, *, final=False):
    """Record a failure: retry later with exponential backoff, or (`final`, or out of attempts) keep it failed."""
    session.rollback()
    job = session.get(Job, job.id, populate_existing=True)
    job.last_error = error[-4000:]
    job.locked_by = job.locked_until = None
    if final or job.attempts >= job.max_attempts:
        job.status, job.finished_dt = 'failed', utcnow()
        logger.error('Job %s (%s) failed for good after %s attempts', job.id, job.kind, job.attempts)
    else:
        job.status = 'pending'
        job.run_after = utcnow() + dt.timedelta(seconds=backoff(job.attempts))
        logger.warning('Job %s (%s) failed (attempt %s); retrying at %s', job.id, job.kind, job.attempts,
                       job.run_after)
    session.commit()


def backoff(attempts):
    """Seconds to wait after the n-th failed attempt: base, 2×base, 4×base, … capped at an hour."""
    base = float(_config('JOBS_RETRY_BASE_SECONDS', 10))
    return min(base * 2 ** max(attempts - 1, 0), 3600)


def extend_lease(session, job):
    """A long handler says it is still alive: push its lease forward (call before a commit of its own)."""
    job.locked_until = utcnow() + dt.timedelta(seconds=_config('JOBS_LEASE_SECONDS', 300))


def retry(session, job):
    """An admin retries a failed (or waiting) job now, with a fresh count of attempts."""
    if job.status not in ('failed', 'pending'):
        return False
    job.status, job.attempts, job.run_after, job.finished_dt = 'pending', 0, utcnow(), None
    session.flush()
    return True
