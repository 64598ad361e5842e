"""Daily work at a Tehran time of day, started exactly once per day however many workers run.

A domain registers `daily('resolutions.remind', kind, time_config='REMINDER_TIME', default='08:00')`. Once
the Tehran clock has passed that time, a worker inserts the (name, day) row of `job_schedule` together with
the job in one transaction: the unique constraint lets only one worker (or one restart) win the day.
A schedule with `enabled_config` runs only when that config value is set (backups: BACKUP_DIR).
"""
import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..jalali import now_tehran
from .models import JobSchedule
from .queue import enqueue

logger = logging.getLogger(__name__)

#: seconds between two looks at the schedules
CHECK_SECONDS = 15


@dataclass
class Daily:
    name: str
    kind: str
    time_config: str
    default: str
    payload: dict = field(default_factory=dict)
    enabled_config: str | None = None


SCHEDULES = {}
_last_check = {'at': 0.0}
#: [(due, run)]: work on an interval of its own that a worker does between jobs when due() says so (reading a
#: bot's new messages); run() keeps several workers from doing it twice and returns how much it did
PERIODIC = []


def periodic(due, run):
    PERIODIC.append((due, run))


def daily(name, kind, *, time_config, default='08:00', payload=None, enabled_config=None):
    """Run a job of `kind` once a day once the Tehran time in config `time_config` (HH:MM) has passed."""
    SCHEDULES[name] = Daily(name, kind, time_config, default, payload or {}, enabled_config)


def time_of(spec):
    """The configured time of day; a malformed value falls back to the default (logged)."""
    value = str(current_app.config.get(spec.time_config) or spec.default)
    try:
        hour, minute = (int(part) for part in value.split(':'))
        return dt.time(hour, minute)
    except ValueError:
        logger.error('%s=%r is not HH:MM; using %s', spec.time_config, value, spec.default)
        hour, minute = (int(part) for part in spec.default.split(':'))
        return dt.time(hour, minute)


def start_due(session, now=None, force=False):
    """Enqueue every daily job whose time has come and that no worker has started today; returns the names."""
    if not force and now is None and time.monotonic() - _last_check['at'] < CHECK_SECONDS:
        return []
    _last_check['at'] = time.monotonic()
    now = now or now_tehran()
    started = []
    for spec in SCHEDULES.values():
        if spec.enabled_config and not current_app.config.get(spec.enabled_config):
            continue
        if now.time() < time_of(spec):
            continue
        day = now.date()
        done = session.scalar(select(JobSchedule.id).where(JobSchedule.name == spec.name, JobSchedule.run_on == day))
        session.rollback()  # a fresh transaction for the insert (SQLite cannot turn a stale read into a write)
        if done:
            continue
        try:
            session.add(JobSchedule(name=spec.name, run_on=now.date()))
            enqueue(spec.kind, dict(spec.payload, day=now.date().isoformat()), session=session)
            session.commit()
            started.append(spec.name)
            logger.info('Scheduled %s for %s', spec.name, now.date())
        except IntegrityError:  # another worker won the day
            session.rollback()
    session.rollback()
    return started
