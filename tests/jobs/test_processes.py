"""Real `flask worker` processes on a committed database: killed mid-job, two at once, a busy index."""
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, upgrade_database, worker_database_url

FLASK = [os.path.join(os.path.dirname(sys.executable), 'flask'), '--app', 'wsgi']


class Site:
    """An instance folder and a migrated database that worker subprocesses share with this test."""

    def __init__(self, tmp_path, suffix, **env):
        from commission import create_app
        self.url = worker_database_url(suffix)
        self.instance = str(tmp_path / 'instance')
        self.env = dict(os.environ, COMMISSION_INSTANCE_PATH=self.instance, DATABASE_URL=self.url,
                        JOBS_LEASE_SECONDS='2', JOBS_POLL_SECONDS='0.2', SECRET_KEY='test', **env)
        self.env.pop('MAIL_SERVER', None) if 'MAIL_SERVER' not in env else None
        config = {'INSTANCE_PATH': self.instance, 'SQLALCHEMY_DATABASE_URI': self.url, 'SECRET_KEY': 'test'}
        config.update({k: v for k, v in env.items() if k.startswith('MAIL_')})
        self.app = create_app(config)
        upgrade_database(self.app)
        self.procs = []

    def worker(self, *args):
        log = open(os.path.join(self.instance, f'worker-{len(self.procs)}.log'), 'w')
        proc = subprocess.Popen(FLASK + ['worker', *args], cwd=ROOT, env=self.env, stdout=log,
                                stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def log(self, n):
        with open(os.path.join(self.instance, f'worker-{n}.log')) as f:
            return f.read()

    def wait(self, condition, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.app.app_context():
                from commission.db import db
                try:
                    if condition(db):
                        return True
                finally:
                    db.session.remove()
            time.sleep(0.2)
        return False

    def close(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=20)
        with self.app.app_context():
            from commission.db import db
            db.engine.dispose()


@pytest.fixture
def site(tmp_path):
    sites = []

    def make(suffix, **env):
        sites.append(Site(tmp_path / suffix, suffix, **env))
        return sites[-1]
    yield make
    for s in sites:
        s.close()


def _worker_ready(db):
    from flask import current_app
    with open(os.path.join(current_app.instance_path, 'worker-0.log')) as f:
        return ' started' in f.read()


def _job(db, kind):
    from commission.jobs.models import Job
    return db.session.scalar(db.select(Job).where(Job.kind == kind).order_by(Job.id.desc()))


def test_a_mail_batch_survives_a_killed_worker_and_no_message_is_sent_twice(site, smtp):
    from commission.auth.models import User
    from commission.notifications.services import notify
    port, inbox = smtp()
    s = site('_jobs_kill', MAIL_SERVER='127.0.0.1', MAIL_PORT=str(port), MAIL_FROM='commission@example.org')
    with s.app.app_context():
        from commission.db import db
        users = [User(email=f'u{n}@example.org', full_name=f'کاربر {n}', role='observer') for n in range(3)]
        for u in users:
            u.set_password('x' * 10)
        db.session.add_all(users)
        db.session.flush()
        notify(users, 'test.kind', 'نشست فوری کمیسیون')
        db.session.commit()
    first = s.worker()
    inbox.on_data = lambda envelope: os.kill(first.pid, signal.SIGKILL) if len(inbox.messages) == 1 else None
    assert first.wait(timeout=30) == -signal.SIGKILL  # killed while handing over the first message
    with s.app.app_context():
        from commission.db import db
        job = _job(db, 'mail.send')
        assert job.status == 'running' and job.progress['attempted'] == [0]
    s.worker()  # picks the job up once the dead worker's 2 s lease has run out
    assert s.wait(lambda db: _job(db, 'mail.send').status == 'done'), s.log(1)
    delivered = sorted(e.rcpt_tos[0] for e in inbox.messages)
    assert delivered == ['u0@example.org', 'u1@example.org', 'u2@example.org']  # each exactly once


def test_a_second_worker_on_sqlite_refuses_to_start(site):
    s = site('_jobs_lock')
    if not s.url.startswith('sqlite'):
        pytest.skip('PostgreSQL runs several workers')
    s.worker()
    time.sleep(3)
    second = s.worker()
    assert second.wait(timeout=30) == 3
    assert 'another worker already runs' in s.log(1)
    assert s.procs[0].poll() is None  # the first keeps running


def test_two_workers_start_the_daily_reminders_once(site):
    s = site('_jobs_two', REMINDER_TIME='00:00')
    if s.url.startswith('sqlite'):
        pytest.skip('one worker on SQLite (see the lock test); run with TEST_DATABASE_URL for PostgreSQL')
    s.worker()
    s.worker()
    assert s.wait(lambda db: getattr(_job(db, 'resolutions.remind'), 'status', None) == 'done'), s.log(0) + s.log(1)
    time.sleep(2)
    with s.app.app_context():
        from commission.db import db
        from commission.jobs.models import Job, JobSchedule
        assert db.session.scalar(db.select(db.func.count(JobSchedule.id))
                                 .where(JobSchedule.name == 'resolutions.remind')) == 1
        assert db.session.scalar(db.select(db.func.count(Job.id)).where(Job.kind == 'resolutions.remind')) == 1
    assert all(p.poll() is None for p in s.procs)


def test_a_committed_change_is_searchable_within_two_seconds(site):
    from commission.search import services
    s = site('_jobs_search')
    with s.app.app_context():
        from commission.cities.models import City
        from commission.db import db
        from commission.practices.models import Practice
        from commission.search import index
        index.create()
        services.run_query('گرم کردن')  # this process's analyzer loaded before the clock starts
        s.worker()
        assert s.wait(_worker_ready), s.log(0)
    with s.app.test_request_context('/practices/new', method='POST'):  # a web request's write, with its locking
        city = City(name='شهر آزمون', slug='test-city')
        db.session.add(Practice(city=city, title='پویش دوچرخه‌سواری بانوان', summary='خلاصه', status='published'))
        db.session.commit()
        committed = time.monotonic()
    with s.app.app_context():
        found = None
        while found is None and time.monotonic() - committed < 10:
            index.reset()
            if services.run_query('دوچرخه سواری'):
                found = time.monotonic() - committed
            time.sleep(0.05)
    assert found is not None, s.log(0)
    assert found < 2.0


def test_a_job_longer_than_its_lease_is_not_claimed_by_a_second_worker(site):
    """A long backup or mail batch keeps its lease alive; only a dead worker's job is taken over."""
    import threading

    from commission.jobs import queue
    from commission.jobs.worker import Worker
    s = site('_jobs_lease')
    if s.url.startswith('sqlite'):
        pytest.skip('one worker on SQLite; run with TEST_DATABASE_URL for PostgreSQL')
    s.app.config['JOBS_LEASE_SECONDS'] = 1
    started, release = threading.Event(), threading.Event()
    queue.HANDLERS['tests.slow'] = lambda payload, job: (started.set(), release.wait(20))

    def first_worker():
        with s.app.app_context():
            from commission.db import db
            Worker(s.app, name='first').run_job(queue.claim(db.session, 'first', 1))
            db.session.remove()
    try:
        with s.app.app_context():
            from commission.db import db
            queue.enqueue('tests.slow')
            db.session.commit()
        thread = threading.Thread(target=first_worker)
        thread.start()
        assert started.wait(20)
        time.sleep(2.5)  # more than two leases
        with s.app.app_context():
            from commission.db import db
            assert queue.claim(db.session, 'second', 1) is None
            db.session.remove()
        release.set()
        thread.join(20)
        with s.app.app_context():
            from commission.db import db
            job = _job(db, 'tests.slow')
            assert (job.status, job.attempts) == ('done', 1)
            db.session.remove()
    finally:
        release.set()
        queue.HANDLERS.pop('tests.slow', None)
