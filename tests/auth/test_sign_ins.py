"""A logout ends its sign-in on the server: copies of its session and remember-me cookies stop working too."""
import datetime as dt

from flask import g

from commission.auth.models import UserSession
from commission.auth.sign_ins import prune_sign_ins
from commission.timeutil import utcnow

from .test_sessions import PASSWORD, sign_in, signed_in

REMEMBER = 'remember_token'


def copy_cookies(source, target, names=('session', REMEMBER)):
    """What a thief with the cookie jar would have: the same cookies in another browser."""
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def log_out(client):
    g.pop('_login_user', None)
    assert client.post('/logout').status_code == 302


def test_a_copied_session_cookie_is_refused_after_logout(app, make, db):
    user = make.user(password=PASSWORD)
    device, thief = app.test_client(), app.test_client()
    sign_in(device, user)
    copy_cookies(device, thief)
    assert signed_in(thief)
    log_out(device)
    assert not signed_in(device)
    assert not signed_in(thief)


def test_a_copied_remember_me_cookie_is_refused_after_logout(app, make, db):
    user = make.user(password=PASSWORD)
    device, thief = app.test_client(), app.test_client()
    sign_in(device, user, remember=True)
    copy_cookies(device, thief, names=(REMEMBER,))
    assert signed_in(thief)  # the remember-me cookie alone signs in
    thief.delete_cookie('session')
    log_out(device)
    assert not signed_in(thief)


def test_a_plain_logout_leaves_the_other_devices_signed_in(app, make, db):
    user = make.user(password=PASSWORD)
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user)
    sign_in(phone, user, remember=True)
    log_out(laptop)
    assert not signed_in(laptop)
    assert signed_in(phone)
    phone.delete_cookie('session')
    assert signed_in(phone)  # its remember-me cookie too


def test_the_password_page_lists_the_open_sign_ins_and_ends_one(app, make, db):
    user = make.user(password=PASSWORD)
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user)
    phone.environ_base['HTTP_USER_AGENT'] = 'Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile Safari/537.36'
    sign_in(phone, user)
    g.pop('_login_user', None)
    page = laptop.get('/account/password').get_data(as_text=True)
    assert 'همین دستگاه' in page and 'Chrome، Android' in page
    phone_row = db.session.scalar(db.select(UserSession).where(UserSession.user_id == user.id)
                                  .order_by(UserSession.id.desc()))
    g.pop('_login_user', None)
    assert laptop.post(f'/account/sign-ins/{phone_row.id}/end').status_code == 302
    assert not signed_in(phone)
    assert signed_in(laptop)
    g.pop('_login_user', None)
    assert 'Chrome، Android' not in laptop.get('/account/password').get_data(as_text=True)


def test_ending_this_device_from_the_list_signs_it_out(app, make, db):
    user = make.user(password=PASSWORD)
    device = app.test_client()
    sign_in(device, user, remember=True)
    row = db.session.scalar(db.select(UserSession).where(UserSession.user_id == user.id))
    g.pop('_login_user', None)
    assert device.post(f'/account/sign-ins/{row.id}/end').headers['Location'].endswith('/login')
    device.delete_cookie('session')
    assert not signed_in(device)


def test_nobody_ends_another_users_sign_in(app, make, db):
    owner, other = make.user(password=PASSWORD), make.user(password=PASSWORD)
    owners_device, intruder = app.test_client(), app.test_client()
    sign_in(owners_device, owner)
    sign_in(intruder, other)
    row = db.session.scalar(db.select(UserSession).where(UserSession.user_id == owner.id))
    g.pop('_login_user', None)
    assert intruder.post(f'/account/sign-ins/{row.id}/end').status_code == 404
    assert signed_in(owners_device)


def test_sign_out_everywhere_and_a_password_change_end_the_rows(app, make, db):
    user = make.user(password=PASSWORD)
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user)
    sign_in(phone, user)
    g.pop('_login_user', None)
    assert laptop.post('/account/password', data={'current_password': PASSWORD, 'new_password': 'another-long-pass-2',
                                                  'confirm': 'another-long-pass-2'}).status_code == 302
    open_rows = db.session.scalars(db.select(UserSession).where(UserSession.user_id == user.id,
                                                                UserSession.ended_dt.is_(None))).all()
    assert len(open_rows) == 1  # only the laptop's new sign-in
    g.pop('_login_user', None)
    laptop.post('/account/sessions/revoke')
    assert db.session.scalar(db.select(db.func.count(UserSession.id)).where(
        UserSession.user_id == user.id, UserSession.ended_dt.is_(None))) == 0
    assert not signed_in(laptop) and not signed_in(phone)


def test_the_daily_job_removes_sign_ins_past_the_remember_lifetime(app, make, db):
    user = make.user(password=PASSWORD)
    device = app.test_client()
    sign_in(device, user)
    old = utcnow() - app.config['REMEMBER_COOKIE_DURATION'] - dt.timedelta(days=1)
    stale = UserSession(token_hash='0' * 64, user_id=user.id, created_dt=old, last_seen_dt=old)
    db.session.add(stale)
    db.session.flush()
    prune_sign_ins({}, None)
    remaining = db.session.scalars(db.select(UserSession.token_hash).where(UserSession.user_id == user.id)).all()
    assert remaining and '0' * 64 not in remaining
    assert signed_in(device)
