"""Background jobs: an outbox table written in the caller's transaction, run by `flask worker` after the commit.

Domains register handlers with `@handler('kind')` in their own `jobs.py` (listed in HANDLER_MODULES) and record
work with `enqueue(kind, payload)`, which only adds a row to the session.
"""
import importlib

from .queue import enqueue, handler  # noqa: F401

#: modules whose import registers job handlers and daily schedules
HANDLER_MODULES = ('commission.notifications.jobs', 'commission.attachments.jobs', 'commission.resolutions.jobs',
                   'commission.backup.jobs', 'commission.auth.sign_ins', 'commission.meetings.jobs',
                   'commission.practices.jobs', 'commission.indicators.jobs', 'commission.occasions.jobs',
                   'commission.reports.jobs')


def load_handlers():
    for name in HANDLER_MODULES:
        importlib.import_module(name)


def init_app(app):
    from .cli import jobs_cli, worker_command
    load_handlers()
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_cli)
