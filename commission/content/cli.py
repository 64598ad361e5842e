"""`flask content import` (its output, idempotence and bad-line report are a contract: tests/content pins it)."""
import click
from flask.cli import AppGroup

content_cli = AppGroup('content', help='Bulk import of archives.')


@content_cli.command('import')
@click.argument('file', type=click.File('r', encoding='utf-8-sig'))
@click.option('--create-cities', is_flag=True, help='Create cities the database does not know yet.')
def import_command(file, create_cities):
    """Import an archive: one {"ref", "kind", "city", "title", "body", "date"} object per line (idempotent by ref)."""
    from ..search.cli import ensure_index
    from .importer import import_lines
    report = import_lines(file, create_cities=create_cities)
    for number, message in report.errors:
        click.echo(f'line {number}: {message}', err=True)
    if report.cities_created:
        click.echo(f'Cities created: {"، ".join(report.cities_created)}', err=True)
    click.echo(f'Imported: {report.created} new, {report.updated} updated, {report.unchanged} unchanged, '
               f'{len(report.errors)} bad lines.')
    try:
        ensure_index()
    except Exception as exc:  # noqa: BLE001 - the content is in; the index can be rebuilt
        click.echo(f'The search index was not updated ({exc}); run `flask search rebuild`.', err=True)
