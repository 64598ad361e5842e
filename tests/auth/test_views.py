import pytest

from commission.auth.models import User


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get('/cities/')
    assert response.status_code == 302
    assert response.location.startswith('/login?next=')


def test_login_with_email_and_password(client, make):
    user = make.user(email='Director@Example.org', password='right-password')
    response = client.post('/login', data={'email': ' director@example.org ', 'password': 'right-password'})
    assert response.status_code == 302
    assert response.location == '/'
    page = client.get('/').get_data(as_text=True)
    assert user.full_name in page
    assert user.city.name in page


def test_wrong_password_keeps_email_and_says_why_in_persian(client, make):
    make.user(email='d@example.org', password='right-password')
    response = client.post('/login', data={'email': 'd@example.org', 'password': 'wrong'})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'رایانامه یا گذرواژه درست نیست' in page
    assert 'value="d@example.org"' in page


@pytest.mark.parametrize('target, expected', [
    ('/cities/', '/cities/'),
    ('https://evil.example.com/', '/'),
    ('//evil.example.com/x', '/'),
    ('/\\evil.example.com', '/'),
])
def test_next_only_goes_to_local_paths(client, make, target, expected):
    make.user(email='n@example.org', password='right-password')
    response = client.post('/login', query_string={'next': target},
                           data={'email': 'n@example.org', 'password': 'right-password'})
    assert response.location == expected


def test_deactivated_user_cannot_log_in(client, make):
    make.user(email='gone@example.org', password='right-password', active=False)
    response = client.post('/login', data={'email': 'gone@example.org', 'password': 'right-password'})
    assert response.status_code == 422


def test_deactivated_user_is_logged_out_on_next_request(client, make, login, db):
    user = login(make.user())
    assert client.get('/cities/').status_code == 200
    user.active = False
    db.session.commit()
    response = client.get('/cities/')
    assert response.status_code == 302 and response.location.startswith('/login')


def test_logout_needs_post(client, make, login):
    login(make.user())
    assert client.get('/logout').status_code == 405
    assert client.post('/logout').status_code == 302
    assert client.get('/').status_code == 302


def test_remember_me_sets_a_persistent_cookie(client, make):
    make.user(email='r@example.org', password='right-password')
    response = client.post('/login', data={'email': 'r@example.org', 'password': 'right-password', 'remember': 'y'})
    cookies = response.headers.getlist('Set-Cookie')
    assert any(c.startswith('remember_token=') and 'HttpOnly' in c for c in cookies)


def test_change_own_password(client, make, login, db):
    user = login(make.user(password='old-password'))
    response = client.post('/account/password', data={'current_password': 'wrong', 'new_password': 'new-password-1',
                                                      'confirm': 'new-password-1'})
    assert response.status_code == 422
    assert 'گذرواژه فعلی درست نیست' in response.get_data(as_text=True)
    response = client.post('/account/password', data={'current_password': 'old-password',
                                                      'new_password': 'new-password-1', 'confirm': 'new-password-1'})
    assert response.status_code == 302
    assert db.session.get(User, user.id).check_password('new-password-1')


def test_passwords_are_hashed(make):
    user = make.user(password='plain-text-pass')
    assert 'plain-text-pass' not in user.password_hash
    assert user.password_hash.startswith(('scrypt:', 'pbkdf2:'))


def test_session_cookie_is_httponly_and_lax(app, client, make):
    make.user(email='c@example.org', password='right-password')
    response = client.post('/login', data={'email': 'c@example.org', 'password': 'right-password'})
    session_cookie = next(c for c in response.headers.getlist('Set-Cookie') if c.startswith('session='))
    assert 'HttpOnly' in session_cookie and 'SameSite=Lax' in session_cookie
