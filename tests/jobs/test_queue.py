"""The outbox: a job commits or rolls back with its change; the worker runs it, retries it, or keeps it failed."""
import datetime as dt

import pytest

from commission.jobs import enqueue, handler, queue
from commission.jobs.models import Job
from commission.jobs.worker import Worker
from commission.timeutil import utcnow

from .conftest import jobs

CALLS = []


@handler('test.record')
def _record(payload, job):
    CALLS.append(payload['n'])


@handler('test.broken')
def _broken(payload, job):
    raise RuntimeError('ارسال به سامانه پیامک ممکن نشد')


@pytest.fixture(autouse=True)
def _clear():
    CALLS.clear()


def test_a_job_commits_with_the_change_and_runs_after_it(db, make, run_jobs):
    city = make.city()
    enqueue('test.record', {'n': city.id})
    assert CALLS == []  # enqueue only adds a row
    db.session.commit()
    run_jobs()
    assert CALLS == [city.id] and jobs(db)[0].status == 'done' and jobs(db)[0].finished_dt


def test_a_rolled_back_change_leaves_no_job(db, make, run_jobs):
    enqueue('test.record', {'n': make.city().id})
    db.session.rollback()
    run_jobs()
    assert jobs(db) == [] and CALLS == []


def test_a_delayed_job_waits_for_its_time(db, run_jobs):
    enqueue('test.record', {'n': 1}, run_after=utcnow() + dt.timedelta(hours=1))
    db.session.commit()
    run_jobs()
    assert CALLS == [] and jobs(db)[0].status == 'pending'


def test_dedup_key_keeps_one_pending_job(db):
    first = enqueue('test.record', {'n': 1}, dedup_key='digest:1')
    db.session.flush()
    assert enqueue('test.record', {'n': 2}, dedup_key='digest:1') is first
    assert len(jobs(db)) == 1


def test_a_failing_job_backs_off_then_is_kept_failed_with_its_error(db, app):
    app.config['JOBS_RETRY_BASE_SECONDS'] = 10
    job = enqueue('test.broken', max_attempts=3)
    db.session.commit()
    worker = Worker(app, name='test')
    delays = []
    for _ in range(3):
        claimed = queue.claim(db.session, worker.name, 60)
        assert claimed.id == job.id
        before = utcnow()
        worker.run_job(claimed)
        db.session.refresh(job)
        if job.status == 'pending':
            delays.append(round((job.run_after - before).total_seconds()))
            job.run_after = utcnow()  # skip the wait
            db.session.commit()
    assert delays == [10, 20]  # exponential backoff
    assert job.status == 'failed' and job.attempts == 3 and 'ارسال به سامانه پیامک' in job.last_error
    assert queue.claim(db.session, worker.name, 60) is None  # a failed job is not run again by itself


def test_an_unknown_kind_fails_at_once(db, run_jobs):
    enqueue('no.such.kind')
    db.session.commit()
    run_jobs()
    [job] = jobs(db)
    assert job.status == 'failed' and 'no handler' in job.last_error


def test_a_job_whose_worker_died_is_claimed_again_after_its_lease(db):
    enqueue('test.record', {'n': 7})
    db.session.commit()
    job = queue.claim(db.session, 'dead-worker', lease_seconds=60)
    assert queue.claim(db.session, 'other', 60) is None  # leased
    job.locked_until = utcnow() - dt.timedelta(seconds=1)  # the lease ran out
    db.session.commit()
    again = queue.claim(db.session, 'other', 60)
    assert again.id == job.id and again.locked_by == 'other' and again.attempts == 2


def test_cli_lists_failed_jobs_and_retries_one(db, app, run_jobs):
    job = enqueue('test.broken', max_attempts=1)
    db.session.commit()
    run_jobs()
    runner = app.test_cli_runner()
    listing = runner.invoke(args=['jobs', 'list'])
    assert listing.exit_code == 0 and f'{job.id}\tfailed\ttest.broken' in listing.output
    assert 'RuntimeError' in listing.output
    result = runner.invoke(args=['jobs', 'retry', str(job.id)])
    assert result.exit_code == 0, result.output
    db.session.refresh(job)
    assert job.status == 'pending' and job.attempts == 0
    assert runner.invoke(args=['jobs', 'retry', '999999']).exit_code != 0


def test_admin_sees_failed_jobs_with_their_error_and_retries_one(db, make, client, login, run_jobs):
    job = enqueue('test.broken', max_attempts=1)
    db.session.commit()
    run_jobs()
    login(make.user(role='admin'))
    page = client.get('/admin/jobs/?status=failed')
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'کارهای پس‌زمینه' in html and 'ناموفق' in html
    assert 'ارسال به سامانه پیامک ممکن نشد' in html and 'dir="rtl"' in html
    response = client.post(f'/admin/jobs/{job.id}/retry', data={'status': 'failed'})
    assert response.status_code == 302
    assert db.session.get(Job, job.id).status == 'pending'


@pytest.mark.parametrize('role', ['secretariat', 'director', 'observer'])
def test_only_the_admin_sees_or_retries_jobs(db, make, client, login, role):
    job = enqueue('test.broken')
    db.session.commit()
    login(make.user(role=role))
    assert client.get('/admin/jobs/').status_code == 403
    assert client.post(f'/admin/jobs/{job.id}/retry').status_code == 403


def test_signed_out_visitor_is_sent_to_login(client):
    assert client.get('/admin/jobs/').status_code == 302


def test_health_counts_live_workers_and_waiting_jobs(db, app):
    from commission.jobs.health import worker_health
    from commission.jobs.models import WorkerHeartbeat
    assert worker_health()['workers'] == 0
    db.session.add(WorkerHeartbeat(name='host:1', started_dt=utcnow(), seen_dt=utcnow()))
    db.session.add(WorkerHeartbeat(name='host:2', started_dt=utcnow(), seen_dt=utcnow() - dt.timedelta(minutes=5)))
    enqueue('test.record', {'n': 1}, run_after=utcnow() - dt.timedelta(seconds=30))
    db.session.flush()
    health = worker_health()
    assert health['workers'] == 1 and health['pending'] == 1 and health['oldest_pending_s'] >= 30


def test_flask_worker_once_runs_what_is_due_and_exits(db, app):
    import signal
    before = signal.getsignal(signal.SIGINT)
    enqueue('test.record', {'n': 42})
    db.session.commit()
    result = app.test_cli_runner().invoke(args=['worker', '--once'])
    assert result.exit_code == 0, result.output
    assert CALLS == [42] and jobs(db)[0].status == 'done'
    assert signal.getsignal(signal.SIGINT) is before  # the worker's handlers are gone again
