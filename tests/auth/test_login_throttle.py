"""Failed sign-ins are throttled per account and per address (memory and Redis); unknown accounts cost the same."""
import os
import statistics
import time

import pytest
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from commission.extensions import limiter

#: a Redis database per test worker (gw0 -> 15, gw1 -> 14, ...): the fixture empties it, so workers must not share one
REDIS_URL = f"redis://127.0.0.1:6379/{15 - int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0').lstrip('gw') or 0)}"


@pytest.fixture(params=['memory', 'redis'])
def storage(request, monkeypatch):
    """The limiter's counters in memory (the default) or in Redis (RATELIMIT_STORAGE_URI with several servers)."""
    if request.param == 'redis':
        store = storage_from_string(REDIS_URL)
        try:
            store.check() or pytest.skip('Redis not reachable at ' + REDIS_URL)
        except Exception:  # noqa: BLE001 - whatever the client raises when Redis is not there
            pytest.skip('Redis not reachable at ' + REDIS_URL)
        store.reset()
        monkeypatch.setattr(limiter, '_storage', store)
        monkeypatch.setattr(limiter, '_limiter', FixedWindowRateLimiter(store))
    limiter.reset()
    yield request.param
    limiter.reset()


def _try(client, email, password, address='10.0.0.1'):
    return client.post('/login', data={'email': email, 'password': password},
                       environ_base={'REMOTE_ADDR': address})


def test_five_failures_lock_the_account_even_for_the_right_password(client, make, storage):
    make.user(email='target@example.org', password='right-password-1')
    for _ in range(5):
        assert _try(client, 'target@example.org', 'wrong-password').status_code == 422
    response = _try(client, 'target@example.org', 'right-password-1', address='10.0.0.2')
    assert response.status_code == 429
    assert 'دقیقه دیگر دوباره تلاش کنید' in response.get_data(as_text=True)
    assert client.get('/cities/').status_code == 302  # not signed in


def test_twenty_failures_from_one_address_block_it_for_every_account(client, make, storage):
    make.user(email='other@example.org', password='right-password-1')
    for n in range(20):
        _try(client, f'nobody{n}@example.org', 'wrong-password')
    assert _try(client, 'other@example.org', 'right-password-1').status_code == 429
    assert _try(client, 'other@example.org', 'right-password-1', address='10.0.0.9').status_code == 302


def test_a_success_clears_the_account_count(client, make, storage):
    make.user(email='me@example.org', password='right-password-1')
    for _ in range(4):
        _try(client, 'me@example.org', 'wrong-password')
    assert _try(client, 'me@example.org', 'right-password-1').status_code == 302
    client.post('/logout')
    for _ in range(4):
        _try(client, 'me@example.org', 'wrong-password')
    assert _try(client, 'me@example.org', 'right-password-1').status_code == 302


def test_the_real_address_counts_behind_trusted_proxies(make, tmp_path):
    from commission import create_app
    app = create_app({'TESTING': True, 'INSTANCE_PATH': str(tmp_path), 'SECRET_KEY': 't', 'TRUSTED_PROXIES': 1,
                      'SQLALCHEMY_DATABASE_URI': f'sqlite:///{tmp_path}/x.db'})

    @app.get('/_address')
    def _address():
        from commission.extensions import client_address
        return client_address()

    client = app.test_client()
    assert client.get('/_address', headers={'X-Forwarded-For': '203.0.113.7'}).get_data(as_text=True) == '203.0.113.7'
    untrusting = create_app({'TESTING': True, 'INSTANCE_PATH': str(tmp_path), 'SECRET_KEY': 't',
                             'SQLALCHEMY_DATABASE_URI': f'sqlite:///{tmp_path}/x.db'})
    untrusting.add_url_rule('/_address', view_func=_address)
    assert untrusting.test_client().get('/_address', headers={'X-Forwarded-For': '203.0.113.7'}).get_data(
        as_text=True) == '127.0.0.1'


def test_redis_storage_is_used_when_configured(tmp_path, monkeypatch):
    from commission import create_app
    monkeypatch.setattr(limiter, '_storage', limiter._storage)  # restored after the test
    monkeypatch.setattr(limiter, '_limiter', limiter._limiter)
    create_app({'TESTING': True, 'INSTANCE_PATH': str(tmp_path), 'SECRET_KEY': 't',
                'SQLALCHEMY_DATABASE_URI': f'sqlite:///{tmp_path}/x.db', 'RATELIMIT_STORAGE_URI': REDIS_URL})
    assert type(limiter._storage).__name__ == 'RedisStorage'


def test_every_failure_checks_a_password_hash(client, make, monkeypatch):
    """An unknown e-mail runs the same scrypt check as a known one, so timing does not reveal accounts."""
    import commission.auth.services as services
    calls = []
    real = services.check_password_hash
    monkeypatch.setattr(services, 'check_password_hash', lambda h, p: calls.append(h) or real(h, p))
    make.user(email='known@example.org', password='right-password-1')
    _try(client, 'known@example.org', 'wrong-password')
    _try(client, 'unknown@example.org', 'wrong-password')
    assert len(calls) == 2


def test_unknown_and_known_accounts_take_about_as_long(client, make):
    make.user(email='known@example.org', password='right-password-1')
    _try(client, 'unknown@example.org', 'warm-up')  # the dummy hash is made once

    def timed(email):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            _try(client, email, 'wrong-password', address=f'10.1.0.{len(times)}')
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    known, unknown = timed('known@example.org'), timed('unknown@example.org')
    assert unknown > known * 0.5
