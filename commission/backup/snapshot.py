"""`flask backup create DIR`: a consistent snapshot taken while the site keeps serving.

The logical dump of every table is read in one snapshot (a REPEATABLE READ transaction on PostgreSQL, one read
transaction in SQLite's WAL mode), so it is consistent however many writes happen meanwhile; it restores into
either database. Beside it: the database's own copy (SQLite's online backup API, or `pg_dump --format=custom`
when pg_dump is on the PATH), the uploaded files, and manifest.json with a sha256 per file, written last.
"""
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess

from flask import current_app
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from ..attachments.services import PART
from ..db import SQLITE_IMMEDIATE, db
from .dump import DATA, FILES, FORMAT, MANIFEST, encode_row, reflect

logger = logging.getLogger(__name__)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
#: the version when the code is not a git checkout (a release tarball)
VERSION = '1.0'


class BackupError(Exception):
    """The backup cannot be made; the message says why (in Persian)."""


def _noop(*_args, **_kwargs):
    pass


def app_version():
    """`git describe` of the checkout, or VERSION."""
    try:
        out = subprocess.run(['git', 'describe', '--tags', '--always', '--dirty'], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return VERSION
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else VERSION


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1024 * 1024), b''):
            digest.update(block)
    return digest.hexdigest()


def _prepare(target):
    if os.path.exists(target) and (not os.path.isdir(target) or os.listdir(target)):
        raise BackupError(f'پوشهٔ پشتیبان «{target}» خالی نیست؛ یک پوشهٔ تازه بدهید.')
    os.makedirs(os.path.join(target, DATA), mode=0o700, exist_ok=True)
    os.makedirs(os.path.join(target, FILES), mode=0o700, exist_ok=True)
    os.chmod(target, 0o700)


def _snapshot_connection():
    """A read snapshot; in a job too a plain BEGIN (BEGIN IMMEDIATE would hold SQLite's write lock throughout)."""
    token = SQLITE_IMMEDIATE.set(False)
    try:
        connection = db.engine.connect()
        if connection.dialect.name == 'postgresql':
            connection = connection.execution_options(isolation_level='REPEATABLE READ')
        connection.begin()
    finally:
        SQLITE_IMMEDIATE.reset(token)
    return connection


def dump_tables(target, progress=_noop):
    """Write data/<table>.jsonl for every table from one snapshot; returns (revision, counts, stored names)."""
    counts, stored = {}, set()
    with _snapshot_connection() as connection:
        revision = connection.scalar(text('SELECT version_num FROM alembic_version'))
        tables = reflect(connection)
        for table in tables:
            path = os.path.join(target, DATA, f'{table.name}.jsonl')
            order = list(table.primary_key.columns) or list(table.columns)
            count = 0
            with open(path, 'w', encoding='utf-8') as f:
                for row in connection.execute(select(table).order_by(*order)).mappings():
                    f.write(encode_row(row) + '\n')
                    count += 1
                    if table.name == 'attachments':
                        stored.add(row['stored_name'])
            counts[table.name] = count
            progress(1)
        connection.rollback()
    return revision, counts, stored, [t.name for t in tables]


def table_count():
    """How many tables a dump writes (the progress bar's length, with the files)."""
    with db.engine.connect() as connection:
        return len(reflect(connection))


def native_copy(target):
    """The database's own copy: db.sqlite3 through the online backup API, or db.pgdump; returns its name."""
    url = make_url(current_app.config['SQLALCHEMY_DATABASE_URI'])
    if url.get_backend_name() == 'sqlite':
        dest = os.path.join(target, 'db.sqlite3')
        source = sqlite3.connect(url.database, timeout=30)
        try:
            with sqlite3.connect(dest) as copy:
                source.backup(copy)  # one step: in WAL mode writers go on; a stepwise copy restarts on each write
            copy.close()
        finally:
            source.close()
        return 'db.sqlite3'
    if url.get_backend_name() == 'postgresql' and shutil.which('pg_dump'):
        dest = os.path.join(target, 'db.pgdump')
        plain = url.set(drivername='postgresql').render_as_string(hide_password=False)
        done = subprocess.run(['pg_dump', '--format=custom', '--no-owner', '--file', dest, '--dbname', plain],
                              capture_output=True, text=True)
        if done.returncode == 0:
            return 'db.pgdump'
        logger.warning('pg_dump failed (the logical dump still restores): %s', done.stderr.strip())
        if os.path.exists(dest):
            os.remove(dest)
    return None


def upload_files():
    """Every uploaded file (relative path, absolute path), uploads not yet committed (NAME.part) left out."""
    folder = current_app.config['UPLOAD_FOLDER']
    found = []
    for base, _dirs, names in os.walk(folder):
        for name in sorted(names):
            if not name.endswith(PART):
                path = os.path.join(base, name)
                found.append((os.path.relpath(path, folder), path))
    return found


def copy_files(target, files, progress=_noop):
    copied = []
    for relative, path in files:
        dest = os.path.join(target, FILES, relative)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        try:
            shutil.copy2(path, dest)
        except FileNotFoundError:  # deleted since it was listed (its row is gone from a later snapshot too)
            continue
        copied.append(relative)
        progress(1)
    return copied


def write_manifest(target, manifest):
    """Checksums of every file in the backup, then manifest.json (its presence marks a complete backup)."""
    checksums = {}
    for base, _dirs, names in os.walk(target):
        for name in sorted(names):
            path = os.path.join(base, name)
            relative = os.path.relpath(path, target).replace(os.sep, '/')
            checksums[relative] = {'sha256': sha256_of(path), 'size': os.path.getsize(path)}
    manifest['files'] = checksums
    temp = os.path.join(target, MANIFEST + '.tmp')
    with open(temp, 'w', encoding='utf-8') as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(temp, os.path.join(target, MANIFEST))


def create_backup(target, progress=_noop):
    """Back up the database and the uploads into the empty folder `target`; returns the manifest."""
    target = os.path.abspath(target)
    _prepare(target)
    created = dt.datetime.now(dt.UTC)
    revision, counts, stored, order = dump_tables(target, progress)
    native = native_copy(target)
    files = upload_files()
    copied = copy_files(target, files, progress)
    missing = sorted(stored - {name.replace(os.sep, '/') for name in copied})
    if missing:
        logger.warning('%s attachment file(s) missing from the uploads folder: %s', len(missing), missing[:10])
    manifest = {'format': FORMAT, 'created': created.isoformat(), 'app_version': app_version(),
                'schema_revision': revision, 'dialect': db.engine.dialect.name, 'native': native,
                'tables': order, 'counts': counts, 'uploads': copied, 'missing_uploads': missing}
    write_manifest(target, manifest)
    return manifest

