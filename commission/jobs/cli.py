"""`flask worker` (runs the jobs) and `flask jobs list | retry ID` (what waits or failed, and a second try)."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from ..db import db
from .models import Job

jobs_cli = AppGroup('jobs', help='Background jobs.')


@click.command('worker')
@click.option('--once', is_flag=True, help='Run what is due now, then exit.')
@with_appcontext
def worker_command(once):
    """Run background jobs (indexing, text extraction, mail, daily reminders) until SIGTERM or Ctrl-C."""
    from .worker import Worker, WorkerLocked
    try:
        Worker(current_app._get_current_object()).run(once=once)
    except WorkerLocked as exc:
        click.echo(f'Worker not started: {exc}', err=True)
        sys.exit(3)


@jobs_cli.command('list')
@click.option('--status', type=click.Choice(['pending', 'running', 'done', 'failed', 'all']), default=None,
              help='Only jobs in this state (default: everything not done).')
@click.option('--limit', default=50, show_default=True)
def list_command(status, limit):
    """Jobs waiting, running or failed, newest first, with the last error's last line."""
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if status and status != 'all':
        query = query.where(Job.status == status)
    elif not status:
        query = query.where(Job.status != 'done')
    for job in db.session.scalars(query):
        error = (job.last_error or '').strip().splitlines()[-1:] or ['']
        click.echo(f'{job.id}\t{job.status}\t{job.kind}\tattempts={job.attempts}/{job.max_attempts}\t'
                   f'run_after={job.run_after:%Y-%m-%d %H:%M:%S}\t{error[0][:200]}')


@jobs_cli.command('retry')
@click.argument('job_id', type=int)
def retry_command(job_id):
    """Run a failed job again as soon as a worker is free."""
    from .queue import retry
    job = db.session.get(Job, job_id)
    if job is None:
        raise click.ClickException(f'No job {job_id}.')
    if not retry(db.session, job):
        raise click.ClickException(f'Job {job_id} is {job.status}; only failed or pending jobs can be retried.')
    db.session.commit()
    click.echo(f'Job {job_id} ({job.kind}) will run again.')
