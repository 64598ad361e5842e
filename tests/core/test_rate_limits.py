"""The expensive endpoints (search, exports, uploads) are rate limited per user, with a Persian answer."""
import pytest


@pytest.fixture
def tight(app):
    saved = {k: app.config[k] for k in ('SEARCH_LIMIT', 'EXPORT_LIMIT', 'UPLOAD_LIMIT')}
    app.config.update(SEARCH_LIMIT='3 per minute', EXPORT_LIMIT='3 per minute', UPLOAD_LIMIT='3 per minute')
    yield
    app.config.update(saved)


@pytest.mark.parametrize('method, url', [('get', '/search?q=رسانه'), ('get', '/resolutions/dashboard.csv'),
                                         ('post', '/meetings/{meeting}/files')])
def test_past_the_limit_the_answer_is_429_in_persian(client, make, login, tight, method, url):
    login(make.user(role='secretariat'))
    url = url.format(meeting=make.meeting().id)
    for _ in range(3):
        assert getattr(client, method)(url).status_code != 429
    response = getattr(client, method)(url)
    assert response.status_code == 429
    assert 'دقیقه دیگر دوباره تلاش کنید' in response.get_data(as_text=True)
    assert int(response.headers['Retry-After']) > 0


def test_the_limit_is_per_user(client, make, login, tight):
    login(make.user(role='secretariat'))
    for _ in range(3):
        client.get('/search?q=رسانه')
    assert client.get('/search?q=رسانه').status_code == 429
    login(make.user(role='secretariat'))
    assert client.get('/search?q=رسانه').status_code != 429
