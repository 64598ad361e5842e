"""Backups need real, committed databases: each instance here has its own folder and SQLite file or PostgreSQL
database (ct_backup_*), created for the test and dropped after it."""
import io
import os
import shutil
import tempfile
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.datastructures import FileStorage

from commission import create_app
from commission.db import db

from ..conftest import upgrade_database
from ..factories import Factories

PG = os.environ.get('TEST_DATABASE_URL')


def _pg_admin():
    url = make_url(PG).set(drivername='postgresql+psycopg')
    return url, create_engine(url.set(database='postgres'), isolation_level='AUTOCOMMIT')


class Instances:
    """Builds apps on fresh databases and removes them all at the end."""

    def __init__(self):
        self.folders, self.databases, self.apps = [], [], []

    def database(self, kind, folder):
        if kind == 'sqlite':
            return f'sqlite:///{os.path.join(folder, "commission.db")}'
        url, admin = _pg_admin()
        name = f'ct_backup_{uuid.uuid4().hex[:10]}'
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.databases.append(name)
        return url.set(database=name).render_as_string(hide_password=False)

    def __call__(self, kind='sqlite', migrate=True):
        folder = tempfile.mkdtemp(prefix='ct-backup-')
        self.folders.append(folder)
        app = create_app({'TESTING': True, 'INSTANCE_PATH': folder, 'SECRET_KEY': 'test', 'MAIL_SERVER': None,
                          'WTF_CSRF_ENABLED': False, 'SERVER_NAME': None,
                          'SQLALCHEMY_DATABASE_URI': self.database(kind, folder)})
        self.apps.append(app)
        if migrate:
            upgrade_database(app)
        return app

    def close(self):
        for app in self.apps:
            with app.app_context():
                db.engine.dispose()
        if self.databases:
            _url, admin = _pg_admin()
            with admin.connect() as conn:
                for name in self.databases:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def instance():
    """`instance('sqlite' | 'postgresql', migrate=True)`: a new app on its own committed database."""
    instances = Instances()
    yield instances
    instances.close()


@pytest.fixture
def backup_dir(tmp_path):
    return str(tmp_path / 'backup')


#: bytes no text encoding would keep as they are
ATTACHMENT = b'%PDF-1.4\n' + bytes(range(256)) * 40 + 'گزارش پیشرفت'.encode()


def populate(app):
    """A city, its director, a practice, a resolution with a report and the report's evidence file; committed."""
    from commission.attachments.services import store_attachment
    with app.app_context():
        make = Factories(db)
        city = make.city(name='شهر زپلین')
        director = make.user(role='director', city=city)
        practice = make.practice(city=city, author=director, title='تجربه زپلین در روابط عمومی')
        assignment = make.assignment(city=city, title='مصوبه زپلین')
        report = make.report(assignment, author=director, note='گزارش زپلین')
        upload = FileStorage(stream=io.BytesIO(ATTACHMENT), filename='گزارش.pdf')
        attachment = store_attachment('report', report.id, upload, user=director)
        db.session.commit()
        return {'practice': practice.id, 'report': report.id, 'attachment': attachment.id,
                'stored_name': attachment.stored_name}
