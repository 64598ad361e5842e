"""User management and password changes need the password typed recently, not a remember-me cookie."""
import time

import pytest
from flask import g

from .test_sessions import PASSWORD, sign_in


@pytest.mark.parametrize('url', ['/users/', '/users/new', '/account/password', '/admin/audit/'])
def test_a_remember_me_sign_in_must_type_the_password_again(app, make, url):
    user = make.user(role='admin', password=PASSWORD)
    device = app.test_client()
    sign_in(device, user, remember=True)
    device.delete_cookie('session')
    g.pop('_login_user', None)  # requests of a test share its app context: forget the cached user
    assert device.get('/cities/').status_code == 200  # signed in again by the cookie, but not fresh
    response = device.get(url)
    assert response.status_code == 302 and response.location.startswith('/reauth?next=')
    page = device.get(response.location).get_data(as_text=True)
    assert 'گذرواژه خود را دوباره وارد کنید' in page
    response = device.post(response.location, data={'password': PASSWORD})
    assert response.status_code == 302 and response.location == url
    assert device.get(url).status_code == 200


def test_the_password_again_after_fresh_login_minutes(app, client, make, login, monkeypatch):
    login(make.user(role='admin'))
    assert client.get('/users/').status_code == 200
    later = time.time() + app.config['FRESH_LOGIN_MINUTES'] * 60 + 5
    monkeypatch.setattr(time, 'time', lambda: later)
    response = client.get('/users/')
    assert response.status_code == 302 and response.location.startswith('/reauth')


def test_a_wrong_password_on_reauth_is_refused(app, make):
    user = make.user(role='admin', password=PASSWORD)
    device = app.test_client()
    sign_in(device, user, remember=True)
    device.delete_cookie('session')
    g.pop('_login_user', None)
    response = device.post('/reauth?next=/users/', data={'password': 'not-the-password'})
    assert response.status_code == 422
    assert device.get('/users/').status_code == 302
