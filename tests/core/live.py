"""An application on a committed database of its own (SQLite file, or PostgreSQL when TEST_DATABASE_URL is set),
and a threaded server on a loopback port: what concurrency and database faults need (the `db` fixture's
rolled-back transaction can show neither)."""
import http.cookiejar
import threading
import urllib.parse
import urllib.request

from werkzeug.serving import make_server

from commission import create_app
from commission.db import db

from ..conftest import upgrade_database, worker_database_url


def committed_app(tmp_path, suffix, **config):
    app = create_app({'TESTING': True, 'INSTANCE_PATH': str(tmp_path / 'instance'), 'SECRET_KEY': 'test',
                      'SQLALCHEMY_DATABASE_URI': worker_database_url(suffix), 'WTF_CSRF_ENABLED': False,
                      'MAIL_SERVER': None, 'SERVER_NAME': None, **config})
    upgrade_database(app)
    return app


def add_user(app, **fields):
    """A committed user (and city) made by the shared factories; returns its id."""
    from ..factories import Factories
    with app.app_context():
        user = Factories(db).user(**fields)
        db.session.commit()
        return user.id, user.email


class Server:
    def __init__(self, app):
        self.server = make_server('127.0.0.1', 0, app, threaded=True)
        self.url = f'http://127.0.0.1:{self.server.server_port}'
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.thread.join(5)


class Browser:
    """One signed-in browser: a cookie jar shared by every request (and every thread) it sends."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl(), exc.read().decode()

    def log_in(self, email, password='secret-pass'):
        status, url, _ = self.request('/login', {'email': email, 'password': password})
        assert not url.endswith('/login'), 'sign-in failed'
        return self
