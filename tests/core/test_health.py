"""/healthz: 200 when the database, the search index, the worker and the disk are fine; 503 (never a 500) otherwise."""
import datetime as dt
import socket

import pytest

from commission import create_app
from commission.jobs.models import WorkerHeartbeat
from commission.search import index
from commission.timeutil import utcnow


@pytest.fixture
def healthy(app, db, tmp_path, monkeypatch):
    """An index in place and a worker that beat just now."""
    path = str(tmp_path / 'index')
    index.create(path)
    monkeypatch.setitem(app.config, 'SEARCH_INDEX_PATH', path)
    index.reset()
    db.session.add(WorkerHeartbeat(name='test:1', seen_dt=utcnow()))
    db.session.flush()
    yield
    index.reset()


def test_healthy_site_answers_200_without_signing_in(client, healthy):
    response = client.get('/healthz')
    assert response.status_code == 200
    assert response.json == {'status': 'ok', 'checks': {'database': 'ok', 'search': 'ok', 'worker': 'ok',
                                                         'disk': 'ok'}}
    assert 'no-store' in response.headers['Cache-Control']


def test_health_reveals_nothing_but_ok_or_fail(client, healthy, app):
    body = client.get('/healthz').get_data(as_text=True)
    assert app.instance_path not in body and 'version' not in body and 'workers' not in body


def test_worker_silent_for_a_while_is_503(client, healthy, db):
    beat = db.session.get(WorkerHeartbeat, 'test:1')
    beat.seen_dt = utcnow() - dt.timedelta(minutes=5)
    db.session.flush()
    response = client.get('/healthz')
    assert response.status_code == 503
    assert response.json['checks']['worker'] == 'fail' and response.json['checks']['database'] == 'ok'


def test_missing_search_index_is_503(client, healthy, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, 'SEARCH_INDEX_PATH', str(tmp_path / 'nowhere'))
    index.reset()
    response = client.get('/healthz')
    assert response.status_code == 503 and response.json['checks']['search'] == 'fail'


def test_full_disk_is_503(client, healthy, app, monkeypatch):
    monkeypatch.setitem(app.config, 'HEALTH_MIN_FREE_MB', 10 ** 12)
    response = client.get('/healthz')
    assert response.status_code == 503 and response.json['checks']['disk'] == 'fail'


def _closed_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def test_database_down_is_503_not_500(tmp_path):
    down = create_app({'TESTING': True, 'INSTANCE_PATH': str(tmp_path / 'instance'), 'SECRET_KEY': 'test',
                       'SQLALCHEMY_DATABASE_URI': f'postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/none'})
    response = down.test_client().get('/healthz')
    assert response.status_code == 503
    assert response.json['status'] == 'fail'
    assert response.json['checks']['database'] == 'fail' and response.json['checks']['worker'] == 'fail'


def test_load_balancer_probing_by_address_passes_the_host_check_on_healthz_only(client, healthy):
    assert client.get('/healthz', headers={'Host': '10.0.0.5'}).status_code == 200
    assert client.get('/login', headers={'Host': '10.0.0.5'}).status_code == 400


def test_health_is_not_rate_limited(client, healthy, app, monkeypatch):
    statuses = {client.get('/healthz').status_code for _ in range(30)}
    assert statuses == {200}
