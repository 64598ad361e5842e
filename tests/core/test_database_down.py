"""The database goes down: a Persian 503 page that needs no database, and the site recovers without a restart."""
import os
import sqlite3

import pytest
from sqlalchemy import event, text

from commission import create_app
from commission.db import db

from .live import add_user, committed_app

ON_POSTGRES = bool(os.environ.get('TEST_DATABASE_URL'))


@pytest.fixture
def app(tmp_path):
    app = committed_app(tmp_path, '_down', PROPAGATE_EXCEPTIONS=False)  # as in production
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    _, email = add_user(app, role='secretariat')
    client = app.test_client()
    response = client.post('/login', data={'email': email, 'password': 'secret-pass'})
    assert response.status_code == 302
    assert client.get('/practices/').status_code == 200
    return client


def assert_unavailable(response):
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert 'سامانه موقتاً در دسترس نیست' in page
    assert 'dir="rtl"' in page and 'css/app.css' in page
    assert 'شناسه درخواست' in page
    assert 'Traceback' not in page and 'Internal Server Error' not in page and 'sqlalchemy' not in page.lower()


@pytest.fixture
def refuse_connections(app):
    """SQLite stand-in for a database server that is down: every new connection fails, pooled ones are gone."""
    state = {'down': False}
    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, 'do_connect')
        def _connect(*_args):
            if state['down']:
                raise sqlite3.OperationalError('unable to open database file')

    def set_down(down):
        state['down'] = down
        with app.app_context():
            db.engine.dispose()
    return set_down


@pytest.mark.skipif(ON_POSTGRES, reason='the PostgreSQL tests stop the real server')
def test_signed_in_pages_get_the_persian_503_and_recover(client, refuse_connections):
    refuse_connections(True)
    # the user is loaded (Flask-Login's user_loader) and the layout's notifications read: both fail
    for path in ('/', '/practices/', '/no-such-page', '/notifications/'):
        assert_unavailable(client.get(path))
    assert_unavailable(client.post('/practices/new', data={'title': 'x'}))
    refuse_connections(False)
    assert client.get('/practices/').status_code == 200


@pytest.mark.skipif(ON_POSTGRES, reason='the PostgreSQL tests stop the real server')
def test_anonymous_pages_get_the_persian_503(app, refuse_connections):
    refuse_connections(True)
    assert_unavailable(app.test_client().post('/login', data={'email': 'a@example.org', 'password': 'x'}))


def test_the_database_file_that_cannot_be_opened_gives_the_503(tmp_path):
    broken = tmp_path / 'a-file'
    broken.write_text('')
    app = create_app({'TESTING': True, 'PROPAGATE_EXCEPTIONS': False, 'INSTANCE_PATH': str(tmp_path / 'i'),
                      'SECRET_KEY': 'test', 'WTF_CSRF_ENABLED': False,
                      'SQLALCHEMY_DATABASE_URI': f'sqlite:///{broken}/commission.db'})
    assert_unavailable(app.test_client().post('/login', data={'email': 'a@example.org', 'password': 'x'}))


def test_an_error_page_names_its_request_id(client):
    page = client.get('/no-such-page').get_data(as_text=True)
    assert 'صفحه پیدا نشد' in page and 'شناسه درخواست' not in page  # the full layout, for a 404
    assert 'bi-bell' in page


def _admin(app):
    from sqlalchemy import create_engine
    url = db.engine.url
    return create_engine(url.set(database='postgres'), isolation_level='AUTOCOMMIT'), url.database


def _terminate(conn, name):
    conn.execute(text('SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                      'WHERE datname = :name AND pid <> pg_backend_pid()'), {'name': name})


@pytest.mark.skipif(not ON_POSTGRES, reason='needs TEST_DATABASE_URL (PostgreSQL)')
def test_the_first_request_after_the_connections_were_cut_succeeds(app, client):
    with app.app_context():
        admin, name = _admin(app)
    with admin.connect() as conn:
        _terminate(conn, name)  # a database restart, or a firewall that dropped idle connections
    assert client.get('/practices/').status_code == 200
    admin.dispose()


@pytest.mark.skipif(not ON_POSTGRES, reason='needs TEST_DATABASE_URL (PostgreSQL)')
def test_postgres_down_gives_the_persian_503_then_recovers(app, client):
    with app.app_context():
        admin, name = _admin(app)
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        _terminate(conn, name)
        try:
            assert_unavailable(client.get('/practices/'))
            assert_unavailable(client.get('/'))
        finally:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    assert client.get('/practices/').status_code == 200
    admin.dispose()
