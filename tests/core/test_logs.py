"""One log line per request: request id, user, client address, method, path without the query string, status, time."""
import json
import logging

import pytest

from commission import logs


@pytest.fixture
def lines():
    """The request log lines written during the test."""
    captured = []

    class Keep(logging.Handler):
        def emit(self, record):
            captured.append(record.getMessage())
    handler = Keep()
    logs.logger.addHandler(handler)
    yield captured
    logs.logger.removeHandler(handler)


@pytest.fixture
def json_logs(app, monkeypatch):
    monkeypatch.setitem(app.config, 'LOG_FORMAT', 'json')


def test_json_line_has_the_fields_and_no_query_string(client, login, make, lines, json_logs):
    user = login(make.user(role='secretariat'))
    response = client.get('/search?q=secret-name&page=2')
    line = json.loads(lines[-1])
    assert line['request_id'] == response.headers['X-Request-ID'] and len(line['request_id']) == 32
    assert line['user_id'] == user.id
    assert (line['method'], line['path'], line['status']) == ('GET', '/search', response.status_code)
    assert isinstance(line['duration_ms'], float) and line['remote_addr'] == '127.0.0.1'
    assert 'secret-name' not in lines[-1]


def test_plain_line_by_default(client, lines):
    response = client.get('/login?next=/private')
    assert lines[-1].endswith('ms') and ' GET /login 200 ' in lines[-1]
    assert response.headers['X-Request-ID'] in lines[-1] and 'user=-' in lines[-1] and 'private' not in lines[-1]


def test_safe_request_id_from_nginx_is_kept_an_unsafe_one_replaced(client, lines):
    nginx_id = '0123456789abcdef0123456789abcdef'
    assert client.get('/login', headers={'X-Request-ID': nginx_id}).headers['X-Request-ID'] == nginx_id
    forged = client.get('/login', headers={'X-Request-ID': 'x\u202e" injected'}).headers['X-Request-ID']
    assert forged != 'x\u202e" injected' and len(forged) == 32 and 'injected' not in lines[-1]


def test_each_request_gets_its_own_id(client):
    assert client.get('/login').headers['X-Request-ID'] != client.get('/login').headers['X-Request-ID']


def test_error_answers_are_logged_with_their_status(client, lines, json_logs):
    response = client.get('/no-such-page')
    assert json.loads(lines[-1])['status'] == 404 and response.headers['X-Request-ID']


def test_request_id_helper_for_the_error_pages(app):
    with app.test_request_context('/'):
        assert logs.request_id() == ''
        app.preprocess_request()
        assert logs.request_id() and logs.request_id() == logs.request_id()
