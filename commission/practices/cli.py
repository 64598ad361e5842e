"""`flask practices similar`: compute every published practice's similar experiences now (practices/similar.py)."""
import time

import click
from flask.cli import AppGroup

from ..db import db

practices_cli = AppGroup('practices', help='The practice library.')


@practices_cli.command('similar')
@click.option('--batch', default=200, show_default=True, help='Practices per commit.')
def similar_command(batch):
    """Recompute the similar experiences of every published practice, in this process (the worker does it
    itself after a change, after a rebuild and once a day; this is for a bulk import or a first start)."""
    from ..jobs.models import Job
    from .similar import REFRESH, compute_after
    # this does what a waiting refresh chain would do
    db.session.execute(db.delete(Job).where(Job.kind == REFRESH, Job.status == 'pending'))
    db.session.commit()
    started, done, last = time.monotonic(), 0, 0
    while True:
        ids = compute_after(last, batch)
        db.session.commit()
        if not ids:
            break
        done, last = done + len(ids), ids[-1]
        db.session.expunge_all()
    click.echo(f'Similar experiences of {done} practices computed in {time.monotonic() - started:.1f} s.', err=True)
