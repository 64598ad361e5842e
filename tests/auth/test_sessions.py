"""Sessions and remember-me cookies end when the account's session version moves; lifetimes are bounded."""
import datetime as dt

import pytest
from flask import g

from commission.auth.models import User

PASSWORD = 'a-long-password-1'


def sign_in(client, user, *, remember=False, password=PASSWORD):
    g.pop('_login_user', None)
    data = {'email': user.email, 'password': password}
    if remember:
        data['remember'] = 'y'
    response = client.post('/login', data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def signed_in(client):
    g.pop('_login_user', None)  # the test's app context is shared by its requests: no user cached between them
    return client.get('/cities/').status_code == 200


@pytest.fixture
def two_devices(app, make):
    """The same director signed in on two devices."""
    user = make.user(password=PASSWORD)
    first, second = app.test_client(), app.test_client()
    sign_in(first, user)
    sign_in(second, user)
    assert signed_in(first) and signed_in(second)
    return user, first, second


def test_changing_the_password_signs_other_devices_out_but_not_this_one(two_devices, db):
    user, first, second = two_devices
    response = first.post('/account/password', data={'current_password': PASSWORD,
                                                      'new_password': 'another-long-pass-2',
                                                      'confirm': 'another-long-pass-2'})
    assert response.status_code == 302
    assert signed_in(first)
    assert not signed_in(second)


def test_an_admin_reset_ends_the_remember_me_cookie(app, make, login, client, db):
    user = make.user(password=PASSWORD)
    device = app.test_client()
    sign_in(device, user, remember=True)
    device.delete_cookie('session')  # the browser was closed: only the remember-me cookie is left
    assert signed_in(device)
    device.delete_cookie('session')
    login(make.user(role='admin'))
    assert client.post(f'/users/{user.id}/password', data={'password': 'reset-by-admin-3'}).status_code == 302
    assert not signed_in(device)


def test_deactivating_then_reactivating_does_not_revive_old_sessions(two_devices, db):
    user, first, _second = two_devices
    user = db.session.get(User, user.id)
    user.active = False
    db.session.commit()
    user.active = True
    db.session.commit()
    assert not signed_in(first)


def test_a_role_change_ends_the_sessions(two_devices, client, login, make, db):
    user, first, _second = two_devices
    login(make.user(role='admin'))
    response = client.post(f'/users/{user.id}/edit', data={'full_name': user.full_name, 'email': user.email,
                                                           'role': 'observer', 'active': 'y', 'city_id': ''})
    assert response.status_code == 302
    assert not signed_in(first)


def test_sign_out_everywhere_ends_every_session(two_devices):
    _user, first, second = two_devices
    response = second.post('/account/sessions/revoke')
    assert response.status_code == 302 and response.location.startswith('/login')
    assert not signed_in(first)
    assert not signed_in(second)


def test_the_menu_offers_sign_out_everywhere(client, make, login):
    login(make.user())
    assert 'خروج از همه دستگاه‌ها' in client.get('/').get_data(as_text=True)


def test_session_and_remember_me_lifetimes(app, client, make):
    assert app.config['PERMANENT_SESSION_LIFETIME'] == dt.timedelta(hours=8)
    assert app.config['REMEMBER_COOKIE_DURATION'] == dt.timedelta(days=14)
    assert app.config['WTF_CSRF_TIME_LIMIT'] == 8 * 3600
    user = make.user(password=PASSWORD)
    cookies = sign_in(client, user, remember=True).headers.getlist('Set-Cookie')
    session_cookie = next(c for c in cookies if c.startswith('session='))
    remember_cookie = next(c for c in cookies if c.startswith('remember_token='))
    assert 'Expires=' in session_cookie  # a permanent session, bounded by PERMANENT_SESSION_LIFETIME
    expires = dt.datetime.strptime(remember_cookie.split('Expires=')[1].split(';')[0], '%a, %d %b %Y %H:%M:%S GMT')
    assert 13 <= (expires - dt.datetime.utcnow()).days <= 14


def test_signing_in_starts_a_new_session(client, make):
    user = make.user(password=PASSWORD)
    with client.session_transaction() as session:
        session['csrf_token'] = 'planted-before-login'
        session['left_over'] = 'x'
    sign_in(client, user)
    with client.session_transaction() as session:
        assert session.get('csrf_token') != 'planted-before-login'
        assert 'left_over' not in session


def test_logout_clears_the_session_and_the_remember_cookie(client, make):
    user = make.user(password=PASSWORD)
    sign_in(client, user, remember=True)
    with client.session_transaction() as session:
        session['left_over'] = 'x'
    response = client.post('/logout')
    cookies = response.headers.getlist('Set-Cookie')
    assert any(c.startswith('remember_token=;') and 'Expires=Thu, 01 Jan 1970' in c for c in cookies)
    with client.session_transaction() as session:
        assert '_user_id' not in session and 'left_over' not in session
    assert not signed_in(client)


def test_a_session_id_without_a_version_is_refused(client, make):
    user = make.user()
    with client.session_transaction() as session:
        session['_user_id'] = str(user.id)  # the form used before session versions
        session['_fresh'] = True
    assert not signed_in(client)


def test_an_admin_resetting_their_own_password_stays_signed_in(app, make, db):
    admin = make.user(role='admin', password=PASSWORD)
    device = app.test_client()
    sign_in(device, admin)
    assert device.post(f'/users/{admin.id}/password', data={'password': 'my-own-new-pass-4'}).status_code == 302
    assert signed_in(device)
