"""`flask worker`: claim a job, run it, mark it done; drain the search queue; start the day's scheduled work.

One loop per process. It polls every JOBS_POLL_SECONDS (0.5 s by default) when idle, so a committed change is
mailed within about a second. The search queue is drained at most every SEARCH_DRAIN_SECONDS (1 s by default):
a change is searchable within that plus the drain itself. An index commit costs the worker ~30 ms of CPU (a merge
of the small segments every few commits ~250 ms), and every web worker then opens a fresh searcher (~20 ms more
on its next search): under load, one commit holding a second's changes costs half of two holding one each.
SIGTERM or SIGINT lets the current job finish, then the loop ends.
On SQLite a lock file next to the database keeps a second worker from starting.
"""
import datetime as dt
import fcntl
import logging
import os
import signal
import threading
import time
import traceback

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from ..db import SQLITE_IMMEDIATE, db
from ..timeutil import utcnow
from . import queue, schedule
from .models import Job, WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10


class WorkerLocked(RuntimeError):
    """Another worker already runs on this SQLite database."""


class Worker:
    def __init__(self, app, name=None):
        self.app = app
        self.name = name or queue.worker_name()
        self.stopping = False
        self._lock_fd = None
        self._beat = 0.0
        self._index_warned = 0.0
        self._drained = float('-inf')
        self._drain_tried = float('-inf')
        #: the shortest time between two index commits; 0 for the inline runner (tests drain at once)
        self.drain_every = float(app.config.get('SEARCH_DRAIN_SECONDS', 1.0))
        #: False for the inline runner (tests), which is no process of its own
        self.beats = True
        #: False for the inline runner too: tests start scheduled work themselves
        self.schedules = True

    # -- running -----------------------------------------------------------------------------------------------
    def run(self, *, once=False):
        """Loop until a signal (or, with `once`, until nothing is left to do)."""
        if once:
            self.drain_every = 0  # nothing may stay queued when it exits
        with self.app.app_context():
            self._take_sqlite_lock()
            previous = self._install_signals()
            self.heartbeat(force=True)
            _warm_up()
            logger.info('Worker %s started', self.name)
            try:
                while not self.stopping:
                    did = self.safe_tick()
                    if once and not did:
                        break
                    if not did:
                        time.sleep(self._idle_seconds())
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
                self._release_sqlite_lock()
                self._forget_heartbeat()
                db.session.remove()
                logger.info('Worker %s stopped', self.name)

    def _idle_seconds(self):
        """The poll interval, or less when the search queue waits for its next drain."""
        poll = float(current_app.config.get('JOBS_POLL_SECONDS', 0.5))
        until_drain = self._drained + self.drain_every - time.monotonic()
        return min(poll, max(until_drain, 0.01)) if until_drain > 0 else poll

    def safe_tick(self):
        """A round that a database hiccup (a restart, a lock) does not end: logged, retried the next round."""
        try:
            return self.tick()
        except DBAPIError as exc:
            logger.warning('Database error in the worker round (retrying shortly): %s', exc)
            db.session.rollback()
            time.sleep(1)
            return 0

    def tick(self):
        """One round: heartbeat, schedules, search queue, then due jobs; returns how much work was done."""
        self.heartbeat()
        done = 0
        if self.schedules:
            schedule.start_due(db.session)
            done += self._run_periodic()
        if time.monotonic() - self._drained >= self.drain_every:
            self._drain_tried = time.monotonic()
            drained = self.drain_search()
            if drained:
                self._drained = time.monotonic()
            done += drained
        while not self.stopping and done < 1000:
            job = queue.claim(db.session, self.name, current_app.config.get('JOBS_LEASE_SECONDS', 300))
            if job is None:
                break
            self.run_job(job)
            done += 1
            if self._drain_due():
                break  # a change saved while the jobs ran is indexed before the rest of them, not after
        return done

    def _run_periodic(self):
        done = 0
        for due, run in schedule.PERIODIC:
            if due():
                try:
                    done += run() or 0
                except DBAPIError:
                    raise
                except Exception:  # noqa: BLE001 - one periodic task's defect must not stop the jobs
                    logger.exception('Periodic work %s failed', getattr(run, '__qualname__', run))
                    db.session.rollback()
        return done

    def _drain_due(self):
        """Whether the search queue should be looked at again before the next job (once a drain interval)."""
        now = time.monotonic()
        return now - self._drained >= self.drain_every and now - self._drain_tried >= self.drain_every

    def run_job(self, job):
        token = SQLITE_IMMEDIATE.set(True)
        try:
            self._run_job(job)
        finally:
            SQLITE_IMMEDIATE.reset(token)

    def _run_job(self, job):
        session = db.session
        session.rollback()  # the job's transactions start afresh (with the write lock on SQLite)
        job = session.get(Job, job.id)
        fn = queue.HANDLERS.get(job.kind)
        with LeaseKeeper(self.app, job.id, self.name):
            self._call(session, job, fn)

    def _call(self, session, job, fn):
        try:
            if job.attempts > job.max_attempts:
                raise queue.JobError(f'worker lost {job.attempts - 1} time(s) while running this job')
            if fn is None:
                raise queue.JobError(f'no handler for job kind {job.kind!r}')
            logger.info('Running job %s (%s), attempt %s', job.id, job.kind, job.attempts)
            fn(job.payload or {}, job)
            queue.finish(session, job)
        except queue.JobError as exc:
            queue.fail(session, job, str(exc), final=True)
        except Exception:  # noqa: BLE001 - recorded on the job and retried
            logger.exception('Job %s (%s) raised', job.id, job.kind)
            queue.fail(session, job, traceback.format_exc())

    def drain_search(self):
        """Index what the search queue holds; a busy index (another worker, a rebuild) is left for the next round."""
        from ..search import hooks, index
        from ..search.models import SearchQueue
        waiting = db.session.scalar(select(SearchQueue.id).limit(1))
        db.session.rollback()  # no snapshot kept open while the index is written
        if waiting is None:
            return 0
        try:
            return hooks.drain(limit=current_app.config.get('SEARCH_DRAIN_LIMIT', 2000),
                               timeout=current_app.config.get('WORKER_INDEX_TIMEOUT') or 1.0)
        except index.IndexBusy:
            return 0
        except index.SearchUnavailable as exc:
            if time.monotonic() - self._index_warned > 60:
                logger.warning('Search index unavailable (run `flask search rebuild`); changes stay queued: %s', exc)
                self._index_warned = time.monotonic()
            return 0
        except Exception:  # noqa: BLE001 - the rows stay queued; the next round tries again
            logger.exception('Search queue not drained now (the queue keeps the changes)')
            return 0

    # -- liveness and signals ----------------------------------------------------------------------------------
    def heartbeat(self, force=False):
        if not self.beats or not force and time.monotonic() - self._beat < HEARTBEAT_SECONDS:
            return
        db.session.rollback()
        seen = db.session.execute(update(WorkerHeartbeat).where(WorkerHeartbeat.name == self.name)
                                  .values(seen_dt=utcnow()).execution_options(synchronize_session=False))
        if seen.rowcount == 0:
            db.session.add(WorkerHeartbeat(name=self.name, started_dt=utcnow(), seen_dt=utcnow()))
        db.session.commit()
        self._beat = time.monotonic()

    def _forget_heartbeat(self):
        if not self.beats:
            return
        try:
            db.session.rollback()
            db.session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.name == self.name))
            db.session.commit()
        except Exception:  # noqa: BLE001 - stopping anyway
            logger.warning('Could not remove the heartbeat of %s', self.name, exc_info=True)

    def _install_signals(self):
        def stop(signum, _frame):
            logger.info('Signal %s: finishing the current job, then stopping', signum)
            self.stopping = True
        return {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}

    def _release_sqlite_lock(self):
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _take_sqlite_lock(self):
        url = make_url(current_app.config['SQLALCHEMY_DATABASE_URI'])
        if not url.drivername.startswith('sqlite') or not url.database:
            return
        path = os.path.abspath(url.database) + '.worker-lock'
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise WorkerLocked(f'another worker already runs on this SQLite database ({path}); '
                               'SQLite allows one worker, PostgreSQL several') from None
        self._lock_fd = fd


class LeaseKeeper:
    """While a job runs, push its lease forward every third of JOBS_LEASE_SECONDS on a connection of its own.

    A job longer than its lease (a large backup, a slow SMTP batch) would otherwise look abandoned, and a second
    worker would claim it and run it again while the first is still at it. Only the claiming worker's lease is
    extended, so a worker that dies stops extending it and the job is picked up after one lease. SQLite runs one
    worker, whose job transaction holds the write lock: there is nobody to keep out, and nothing is done.
    """

    def __init__(self, app, job_id, name):
        self.app, self.job_id, self.name = app, job_id, name
        self.lease = float(app.config.get('JOBS_LEASE_SECONDS', 300))
        self.done = threading.Event()
        self.thread = None

    def __enter__(self):
        if db.engine.dialect.name != 'sqlite':
            self.thread = threading.Thread(target=self._keep, name=f'lease-{self.job_id}', daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        if self.thread is not None:
            self.thread.join(timeout=self.lease)

    def _keep(self):
        with self.app.app_context():
            engine = db.engine
            while not self.done.wait(self.lease / 3):
                try:
                    with engine.begin() as conn:
                        conn.execute(update(Job).where(Job.id == self.job_id, Job.locked_by == self.name,
                                                       Job.status == 'running')
                                     .values(locked_until=utcnow() + dt.timedelta(seconds=self.lease)))
                except DBAPIError as exc:
                    logger.warning('Lease of job %s not extended (trying again): %s', self.job_id, exc)


def _warm_up():
    """Load the Persian analyzer's data now, so the first change after a start is indexed within the second, and
    start the text extraction's fork server."""
    try:
        from ..search.index import make_schema
        list(make_schema()['body'].analyzer('آماده‌سازی نمایه جست‌وجو در شهرداری‌ها'))
    except Exception:  # noqa: BLE001 - only an optimisation
        logger.warning('Analyzer warm-up failed', exc_info=True)
    try:
        from ..attachments.extract import start_reader
        start_reader()
    except Exception:  # noqa: BLE001 - only an optimisation: the first extraction starts it otherwise
        logger.warning('Text extraction fork server not started', exc_info=True)


def run_pending(app=None, max_rounds=20):
    """Run everything due now, in this process (tests; `flask worker --once`); returns the work done."""
    worker = Worker(app or current_app._get_current_object(), name='inline')
    worker.beats = worker.schedules = False
    worker.drain_every = 0
    total = 0
    for _ in range(max_rounds):
        did = worker.tick()
        total += did
        if not did:
            break
    return total
