"""`flask backup restore DIR`: a backup into an empty database and instance folder, SQLite or PostgreSQL.

Every checksum is checked before anything is touched. The schema comes from the migrations (up to the backup's
revision, so the dump's columns fit; then on to head), the logical dump is loaded in dependency order, the
PostgreSQL sequences are moved past the loaded ids, the files are copied and the search index is rebuilt.
"""
import json
import os
import shutil

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import Integer, MetaData, func, insert, select, text

from ..attachments.services import PART
from ..db import db
from .dump import DATA, FILES, FORMAT, MANIFEST, decoder, reflect
from .snapshot import ROOT, sha256_of

MIGRATIONS = os.path.join(ROOT, 'migrations')
BATCH = 500
#: tables the migrations fill with defaults: rows there alone do not make a database "not empty"
SEEDED = {'practice_categories'}


class RestoreError(Exception):
    """The backup cannot be restored here; the message says why (in Persian) and nothing was changed."""


def _noop(*_args, **_kwargs):
    pass


def read_manifest(source):
    path = os.path.join(source, MANIFEST)
    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except FileNotFoundError:
        raise RestoreError(f'«{source}» پشتیبان کاملی نیست: manifest.json ندارد.') from None
    except ValueError:
        raise RestoreError(f'manifest.json در «{source}» خراب است.') from None
    if manifest.get('format') != FORMAT:
        raise RestoreError(f'قالب این پشتیبان ({manifest.get("format")}) را این نسخه نمی‌شناسد.')
    return manifest


def verify(source, manifest, progress=_noop):
    """Check every file against its sha256 in the manifest; raises RestoreError naming the first bad file."""
    for relative, expected in sorted(manifest['files'].items()):
        path = os.path.join(source, *relative.split('/'))
        if not os.path.isfile(path):
            raise RestoreError(f'پرونده «{relative}» در پشتیبان نیست؛ هیچ چیز بازگردانده نشد.')
        if os.path.getsize(path) != expected['size'] or sha256_of(path) != expected['sha256']:
            raise RestoreError(f'پرونده «{relative}» خراب است (چکیده‌اش با manifest.json نمی‌خواند)؛ '
                               'هیچ چیز بازگردانده نشد.')
        progress(1)
    for table in manifest['tables']:
        if f'{DATA}/{table}.jsonl' not in manifest['files']:
            raise RestoreError(f'دادهٔ جدول «{table}» در پشتیبان نیست؛ هیچ چیز بازگردانده نشد.')


def check_revision(manifest):
    """The backup's schema revision must be one this code's migrations know (a newer backup cannot be restored)."""
    revision = manifest.get('schema_revision')
    config = AlembicConfig(os.path.join(MIGRATIONS, 'alembic.ini'))
    config.set_main_option('script_location', MIGRATIONS)
    try:
        if revision and ScriptDirectory.from_config(config).get_revision(revision) is not None:
            return revision
    except CommandError:
        pass
    raise RestoreError(f'این پشتیبان از نسخهٔ تازه‌تری است (بازبینی طرح {revision}); ابتدا برنامه را به‌روز کنید.')


def _uploads():
    folder = current_app.config['UPLOAD_FOLDER']
    return [os.path.join(base, name) for base, _d, names in os.walk(folder) for name in names
            if not name.endswith(PART)]


def occupied():
    """What already holds data here: tables with rows, and uploaded files (a Persian description, or '')."""
    with db.engine.connect() as connection:
        tables = [t for t in reflect(connection) if t.name not in SEEDED
                  and connection.scalar(select(func.count()).select_from(t))]
    found = []
    if tables:
        found.append(f'پایگاه داده ({len(tables)} جدول دارای داده)')
    if uploads := _uploads():
        found.append(f'پوشهٔ بارگذاری‌ها ({len(uploads)} پرونده)')
    return '، '.join(found)


def wipe():
    """Drop every table and delete the uploads and the search index (restore --force)."""
    with db.engine.begin() as connection:
        metadata = MetaData()
        metadata.reflect(bind=connection)
        if connection.dialect.name == 'postgresql':
            for name in metadata.tables:
                connection.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
        else:
            metadata.drop_all(bind=connection)
    for path in _uploads():
        os.remove(path)
    shutil.rmtree(current_app.config['SEARCH_INDEX_PATH'], ignore_errors=True)


def _rows(path, decode):
    with open(path, encoding='utf-8') as f:
        batch = []
        for line in f:
            if line.strip():
                batch.append(decode(line))
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def load_tables(source, manifest, progress=_noop):
    """Insert every dumped table, parents first, in one transaction; returns the counts loaded."""
    counts = {}
    with db.engine.begin() as connection:
        if connection.dialect.name == 'sqlite':
            connection.exec_driver_sql('PRAGMA defer_foreign_keys=ON')  # a row may point at a later row
        tables = {t.name: t for t in reflect(connection)}
        for table in reversed(list(tables.values())):
            connection.execute(table.delete())  # what the migrations seeded: the backup has its own rows
        for name in [t for t in tables if t in manifest['tables']]:
            table = tables[name]
            counts[name] = 0
            for batch in _rows(os.path.join(source, DATA, f'{name}.jsonl'), decoder(table)):
                connection.execute(insert(table), batch)
                counts[name] += len(batch)
            progress(1)
        if connection.dialect.name == 'postgresql':
            reset_sequences(connection, tables.values())
    return counts


def reset_sequences(connection, tables):
    """Move each serial id's sequence past the loaded ids, so the next insert does not collide."""
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = connection.scalar(text('SELECT pg_get_serial_sequence(:t, :c)'),
                                         {'t': f'"{table.name}"', 'c': column.name})
            if sequence:
                connection.execute(text(f'SELECT setval(:s, coalesce(max("{column.name}"), 1), '
                                        f'max("{column.name}") IS NOT NULL) FROM "{table.name}"'), {'s': sequence})


def copy_uploads(source, manifest, progress=_noop):
    folder = current_app.config['UPLOAD_FOLDER']
    os.makedirs(folder, mode=0o700, exist_ok=True)
    for relative in manifest['uploads']:
        dest = os.path.join(folder, *relative.split('/'))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(os.path.join(source, FILES, *relative.split('/')), dest)
        progress(1)


def restore_backup(source, *, force=False, progress=_noop):
    """Restore the backup in `source` here; returns the counts loaded per table. Raises RestoreError."""
    source = os.path.abspath(source)
    manifest = read_manifest(source)
    verify(source, manifest, progress)
    revision = check_revision(manifest)
    if found := occupied():
        if not force:
            raise RestoreError(f'مقصد خالی نیست: {found}. برای جایگزینی همهٔ آن با پشتیبان، --force بدهید.')
    wipe()  # also the empty tables of another schema revision: the migrations rebuild them at the backup's
    upgrade(directory=MIGRATIONS, revision=revision)
    counts = load_tables(source, manifest, progress)
    upgrade(directory=MIGRATIONS)
    copy_uploads(source, manifest, progress)
    from ..search import hooks
    hooks.rebuild()
    return counts

