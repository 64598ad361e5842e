"""The worker's health for /healthz and monitoring: live workers, waiting and failed jobs, the oldest wait."""
import datetime as dt

from sqlalchemy import func, select

from ..db import db
from ..timeutil import utcnow
from .models import Job, WorkerHeartbeat

#: a worker silent for longer than this is counted as gone (it beats every 10 s)
ALIVE_SECONDS = 60


def worker_health():
    """{'workers': live workers, 'pending': n, 'failed': n, 'oldest_pending_s': seconds or None}."""
    now = utcnow()
    alive = db.session.scalar(select(func.count()).select_from(WorkerHeartbeat)
                              .where(WorkerHeartbeat.seen_dt >= now - dt.timedelta(seconds=ALIVE_SECONDS)))
    counts = dict(db.session.execute(select(Job.status, func.count(Job.id))
                                     .where(Job.status.in_(['pending', 'failed'])).group_by(Job.status)).all())
    oldest = db.session.scalar(select(func.min(Job.run_after)).where(Job.status == 'pending', Job.run_after <= now))
    return {'workers': alive, 'pending': counts.get('pending', 0), 'failed': counts.get('failed', 0),
            'oldest_pending_s': round((now - oldest).total_seconds(), 1) if oldest else None}
