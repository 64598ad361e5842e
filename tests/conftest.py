"""Shared fixtures: one migrated database per test worker, and a transaction rolled back after each test.

SQLite by default; PostgreSQL when TEST_DATABASE_URL is set (each xdist worker gets its own database).
"""
import os
import shutil
import tempfile

import pytest
from flask import g
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker
from flask_sqlalchemy.session import _app_ctx_id

from commission import create_app
from commission.config import _database_url
from commission.db import db as _db

from .factories import Factories

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def worker_database_url(suffix=''):
    """A database of its own for this worker: a PostgreSQL database created afresh, or a SQLite file."""
    worker = os.environ.get('PYTEST_XDIST_WORKER', 'main')
    base = os.environ.get('TEST_DATABASE_URL')
    if not base:
        return f'sqlite:///{tempfile.mkdtemp(prefix="commission-db-")}/test{suffix}.db'
    url = make_url(_database_url(base))
    name = f'{url.database}_{worker}{suffix}'
    admin = create_engine(url.set(database='postgres'), isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def upgrade_database(app):
    from flask_migrate import upgrade
    with app.app_context():
        upgrade(directory=os.path.join(ROOT, 'migrations'))


@pytest.fixture(scope='session')
def app():
    instance = tempfile.mkdtemp(prefix='commission-instance-')
    app = create_app({
        'TESTING': True,
        'INSTANCE_PATH': instance,
        'SQLALCHEMY_DATABASE_URI': worker_database_url(),
        'WTF_CSRF_ENABLED': False,
        'SECRET_KEY': 'test',
        'SERVER_NAME': None,
        'MAIL_SERVER': None,
    })
    upgrade_database(app)
    yield app
    with app.app_context():
        _db.engine.dispose()
    shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture
def db(app):
    """The database inside a transaction that is rolled back after the test; views' commits become savepoints."""
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        original = _db.session
        # a plain Session: Flask-SQLAlchemy's own get_bind() would pick the engine, not this connection
        factory = sessionmaker(bind=connection, join_transaction_mode='create_savepoint')
        _db.session = scoped_session(factory, scopefunc=_app_ctx_id)
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def make(db):
    """Factories that flush, never commit: `make.city()`, `make.user(role='director', city=...)`."""
    return Factories(db)


@pytest.fixture
def login(client):
    """Log the test client in as `user` without going through the form."""
    def _login(user):
        # requests in a test share its app context, where Flask-Login caches the previous user
        g.pop('_login_user', None)
        with client.session_transaction() as session:
            session['_user_id'] = str(user.id)
            session['_fresh'] = True
        return user
    return _login


@pytest.fixture
def run_jobs(app, db):
    """Run, in this process and transaction, what `flask worker` would run now (search queue, due jobs)."""
    from commission.jobs.worker import run_pending
    return lambda: run_pending(app)


@pytest.fixture
def worker_on_commit(app, db, monkeypatch):
    """Follow every commit in this test by one worker round, as the real worker does within ~0.5 s of it."""
    from commission.jobs.worker import run_pending
    state = {'inside': False}
    real_commit = _db.session.commit

    def commit():
        real_commit()
        if not state['inside']:
            state['inside'] = True
            try:
                run_pending(app)
            finally:
                state['inside'] = False
    monkeypatch.setattr(_db.session, 'commit', commit, raising=False)
    return commit
