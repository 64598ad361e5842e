"""`flask backup create DIR` and `flask backup restore DIR [--force]`, with progress bars on stderr."""
import sys

import click
from flask.cli import AppGroup

backup_cli = AppGroup('backup', help='Back up and restore the database and the uploaded files.')


@backup_cli.command('create')
@click.argument('directory', type=click.Path(file_okay=False))
def create_command(directory):
    """Write a consistent snapshot into DIRECTORY (new or empty) while the site keeps serving."""
    from . import snapshot
    steps = snapshot.table_count() + len(snapshot.upload_files())
    try:
        with click.progressbar(length=steps, label='Backing up', file=sys.stderr) as bar:
            manifest = snapshot.create_backup(directory, progress=bar.update)
    except snapshot.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    rows = sum(manifest['counts'].values())
    click.echo(f'Backup written to {directory}: {rows} rows in {len(manifest["counts"])} tables, '
               f'{len(manifest["uploads"])} files, schema {manifest["schema_revision"]}.')
    if manifest['missing_uploads']:
        click.echo(f'Warning: {len(manifest["missing_uploads"])} attachment file(s) were missing from the uploads '
                   'folder.', err=True)


@backup_cli.command('restore')
@click.argument('directory', type=click.Path(exists=True, file_okay=False))
@click.option('--force', is_flag=True, help='Replace a database and uploads folder that already hold data.')
def restore_command(directory, force):
    """Restore the backup in DIRECTORY into this (empty) database and instance folder."""
    from . import restore
    try:
        manifest = restore.read_manifest(directory)
        steps = len(manifest['files']) + len(manifest['tables']) + len(manifest['uploads'])
        with click.progressbar(length=steps, label='Restoring', file=sys.stderr) as bar:
            counts = restore.restore_backup(directory, force=force, progress=bar.update)
    except restore.RestoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f'Restored {sum(counts.values())} rows in {len(counts)} tables and {len(manifest["uploads"])} files '
               'from the backup; the search index was rebuilt.')
