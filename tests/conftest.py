"""Shared fixtures: one migrated database per test worker, and a transaction rolled back after each test.

SQLite by default; PostgreSQL when TEST_DATABASE_URL is set (each xdist worker gets its own database).
"""
import os
import shutil
import tempfile
import time

import pytest
from flask import g
from flask.globals import app_ctx
from flask_login.utils import _create_identifier
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

from commission import create_app
from commission.db import db as _db

from .factories import Factories

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def worker_database_url(suffix=''):
    """A database of its own for this worker: a PostgreSQL database created afresh, or a SQLite file."""
    worker = os.environ.get('PYTEST_XDIST_WORKER', 'main')
    base = os.environ.get('TEST_DATABASE_URL')
    if not base:
        return f'sqlite:///{tempfile.mkdtemp(prefix="commission-db-")}/test{suffix}.db'
    url = make_url(base)
    if url.drivername in ('postgres', 'postgresql'):
        url = url.set(drivername='postgresql+psycopg')  # as the app reads DATABASE_URL
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
        # one session per app context, as Flask-SQLAlchemy scopes its own
        _db.session = scoped_session(factory, scopefunc=lambda: id(app_ctx._get_current_object()))
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def client(app, db):
    from commission.extensions import limiter
    limiter.reset()  # rate-limit counters are per test, like the database
    return app.test_client()


@pytest.fixture
def make(db):
    """Factories that flush, never commit: `make.city()`, `make.user(role='director', city=...)`."""
    return Factories(db)


@pytest.fixture
def login(client):
    """Log the test client in as `user` without going through the form; call it again to switch users.

    The client's requests share the test's app context, where Flask-Login caches the user it loaded
    (`g._login_user`): forget it, or a second login in one test would still act as the first user.
    """
    from commission.auth.sign_ins import open_sign_in

    def _login(user):
        g.pop('_login_user', None)
        with client.application.test_request_context(environ_base=client.environ_base):
            identifier = _create_identifier()  # what Flask-Login's session protection expects of this client
            open_sign_in(user)  # a sign-in of its own, as the login form opens: `get_id()` names it
        with client.session_transaction() as session:
            session['_user_id'] = user.get_id()
            session['_id'] = identifier
            session['_fresh'] = True
            session['_fresh_at'] = int(time.time())
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
