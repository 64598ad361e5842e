"""An export whose audit row is written while another process commits: the download still succeeds.

On SQLite a GET reads in a deferred transaction; turning it into a write after another process committed fails at
once ("database is locked", no waiting), and the export came back as the 503 page. The browser test of the
dashboard's Excel export met it beside the job worker. Here the other process's commit is caused at that moment."""
import sqlite3

from sqlalchemy.engine import make_url

from commission.audit.models import AuditEntry
from commission.db import db

from .live import add_user, committed_app


def test_an_export_is_audited_when_another_process_wrote_meanwhile(tmp_path):
    app = committed_app(tmp_path, '_export_race')
    url = make_url(app.config['SQLALCHEMY_DATABASE_URI'])
    _, email = add_user(app, role='secretariat')

    @app.after_request
    def another_process_commits(response):  # runs before the audit hook (registered earlier: after_request is LIFO)
        if url.get_backend_name() == 'sqlite' and 'attachment' in response.headers.get('Content-Disposition', ''):
            other = sqlite3.connect(url.database, timeout=10)
            other.execute("INSERT INTO settings (key, value, changed_dt) VALUES ('x-race', '', '2026-01-01')")
            other.commit()
            other.close()
        return response

    client = app.test_client()
    with app.app_context():
        from commission.auth.models import User
        user = db.session.scalar(db.select(User).where(User.email == email))
        user_id = user.id
    client.post('/login', data={'email': email, 'password': 'secret-pass'})
    response = client.get('/resolutions/dashboard.xlsx?state=active')
    assert response.status_code == 200 and response.headers['Content-Disposition'].startswith('attachment')
    with app.app_context():
        kinds = db.session.scalars(db.select(AuditEntry.kind).where(AuditEntry.actor_id == user_id)).all()
        assert 'export' in kinds
