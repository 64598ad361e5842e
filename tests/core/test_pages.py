import pytest


@pytest.mark.parametrize('url', ['/login', '/nope'])
def test_pages_are_persian_and_right_to_left(client, url):
    page = client.get(url).get_data(as_text=True)
    assert '<html lang="fa" dir="rtl">' in page
    assert 'cdn' not in page.lower()


@pytest.mark.parametrize('role, sees_users', [('observer', False), ('director', False), ('secretariat', True),
                                              ('admin', True)])
def test_navigation_shows_what_the_role_may_do(client, make, login, role, sees_users):
    login(make.user(role=role))
    assert ('href="/users/"' in client.get('/').get_data(as_text=True)) == sees_users


def test_404_page_is_persian(client, make, login):
    login(make.user())
    response = client.get('/no-such-page')
    assert response.status_code == 404 and 'صفحه پیدا نشد' in response.get_data(as_text=True)


def test_static_assets_are_served_locally(client):
    for path in ('/static/vendor/bootstrap/bootstrap.rtl.min.css', '/static/vendor/vazirmatn/vazirmatn.css',
                 '/static/css/app.css'):
        assert client.get(path).status_code == 200


def test_large_pages_are_gzipped_when_the_browser_accepts_it(client, make, login):
    import gzip
    login(make.user(role='secretariat'))
    plain = client.get('/cities/')
    assert 'Content-Encoding' not in plain.headers
    packed = client.get('/cities/', headers={'Accept-Encoding': 'gzip, deflate'})
    assert packed.headers['Content-Encoding'] == 'gzip'
    assert gzip.decompress(packed.data) == plain.data
