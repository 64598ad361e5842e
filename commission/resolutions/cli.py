"""`flask resolutions remind` (for cron) and `flask resolutions import FILE.csv` (archives)."""
import sys

import click
from flask.cli import AppGroup

resolutions_cli = AppGroup('resolutions', help='Resolution tracking.')


@resolutions_cli.command('remind')
@click.option('--days', default=7, show_default=True, type=click.IntRange(0, 365),
              help='Remind of assignments due within this many days (overdue ones always).')
@click.option('--date', 'on_date',
              help='Act as if today (Tehran) were this Jalali or ISO date; for testing a cron line.')
def remind_command(days, on_date):
    """Notify each city's directors of due and overdue assignments, at most once per assignment per day."""
    from ..db import db
    from ..jalali import DateParseError, parse_date
    from .services import send_reminders

    today = None
    if on_date:
        try:
            today = parse_date(on_date, allow_gregorian=True)
        except DateParseError as exc:
            raise click.BadParameter(str(exc), param_hint='--date') from None
    cities, reminded = send_reminders(days, today)
    db.session.commit()
    click.echo(f'Reminded {reminded} assignment(s) in {cities} city(ies).')


@resolutions_cli.command('escalate')
@click.option('--date', 'on_date', help='Act as if today (Tehran) were this Jalali or ISO date.')
def escalate_command(on_date):
    """Report assignments overdue by RESOLUTION_ESCALATION_DAYS to the secretariat and the cities' observers
    (at most once a week per assignment)."""
    from ..db import db
    from ..jalali import DateParseError, parse_date
    from .services import escalate_overdue

    today = None
    if on_date:
        try:
            today = parse_date(on_date, allow_gregorian=True)
        except DateParseError as exc:
            raise click.BadParameter(str(exc), param_hint='--date') from None
    cities, items = escalate_overdue(today)
    db.session.commit()
    click.echo(f'Escalated {items} assignment(s) in {cities} city(ies).')


@resolutions_cli.command('import')
@click.argument('path', type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Import archive resolutions from a CSV (code,title,text,meeting,deadline,scope[,ref,category,status]).

    A bad line is reported with its line number on stderr; valid lines still import; importing the same
    file twice changes nothing.
    """
    from ..db import db
    from .imports import CsvError, decode_upload, import_archive

    with open(path, 'rb') as f:
        try:
            text = decode_upload(f.read(), str(path))
        except CsvError as exc:
            raise click.ClickException(str(exc)) from None
    result = import_archive(text)
    db.session.commit()
    for line, message in result.errors:
        click.echo(f'line {line}: {message}', err=True)
    for line, message in result.warnings:
        click.echo(f'line {line}: warning: {message}', err=True)
    click.echo(f'{result.created} created, {result.unchanged} unchanged, {len(result.errors)} error(s).')
    if result.errors and not result.created and not result.unchanged:
        sys.exit(1)
