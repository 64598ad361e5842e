"""Invitations and forgotten passwords: single-use, time-limited links mailed by the worker."""
import datetime as dt
import re

import pytest

from commission.audit.models import AuditEntry
from commission.auth.models import AccountToken, User
from commission.jobs.models import Job

LINK = re.compile(r'https?://\S+/(invite|reset)/([\w-]+)')


def mailed_links(db, to=None):
    """(purpose, token) of every link in the mail jobs recorded so far, oldest first."""
    links = []
    for job in db.session.scalars(db.select(Job).where(Job.kind == 'mail.send').order_by(Job.id)):
        for message in job.payload['messages']:
            if to is None or message['to'] == to:
                links += LINK.findall(message['body'])
    return links


def audit_kinds(db):
    return [e.kind for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]


def invite(client, login, make, email='new@example.org'):
    login(make.user(role='admin'))
    response = client.post('/users/new', data={'full_name': 'مدیر تازه', 'email': email, 'role': 'observer',
                                               'active': 'y'})
    assert response.status_code == 302
    return response


def test_an_invited_user_sets_their_password_and_signs_in(client, make, login, db):
    invite(client, login, make)
    user = db.session.scalar(db.select(User).where(User.email == 'new@example.org'))
    assert not user.check_password('') and 'invitation_sent' in audit_kinds(db)
    [(purpose, token)] = mailed_links(db, 'new@example.org')
    assert purpose == 'invite'
    # without a mail server the admin is told so and given the link to pass on
    assert f'/invite/{token}</code>' in client.get('/users/').get_data(as_text=True)
    # the plain token is nowhere in the database but the mail job: only its sha256
    assert db.session.scalar(db.select(AccountToken.token_hash)) != token
    client.post('/logout')
    page = client.get(f'/invite/{token}').get_data(as_text=True)
    assert 'new@example.org' in page
    response = client.post(f'/invite/{token}', data={'password': 'a-fresh-pass-123', 'confirm': 'a-fresh-pass-123'})
    assert response.status_code == 302 and response.location == '/'
    assert 'مدیر تازه' in client.get('/').get_data(as_text=True)
    assert 'invitation_accepted' in audit_kinds(db)
    client.post('/logout')
    assert client.post('/login', data={'email': 'new@example.org', 'password': 'a-fresh-pass-123'}).status_code == 302


def test_before_accepting_the_invitation_no_password_signs_in(client, make, login, db):
    invite(client, login, make)
    client.post('/logout')
    assert client.post('/login', data={'email': 'new@example.org', 'password': ''}).status_code == 422
    assert client.post('/login', data={'email': 'new@example.org', 'password': 'anything-at-all'}).status_code == 422


def test_the_chosen_password_follows_the_rule_and_nothing_is_used_up(client, make, login, db):
    invite(client, login, make)
    [(_, token)] = mailed_links(db)
    client.post('/logout')
    response = client.post(f'/invite/{token}', data={'password': 'new@example.org', 'confirm': 'new@example.org'})
    assert response.status_code == 422 and 'رایانامه' in response.get_data(as_text=True)
    response = client.post(f'/invite/{token}', data={'password': 'short', 'confirm': 'short'})
    assert response.status_code == 422 and 'دست‌کم' in response.get_data(as_text=True)
    assert client.get(f'/invite/{token}').status_code == 200


def test_a_reset_link_sets_a_new_password_and_ends_the_old_sessions(app, client, make, login, db):
    from flask import g
    user = login(make.user(email='d@example.org', password='old-pass-word-1'))
    assert client.get('/').status_code == 200
    other = app.test_client()
    response = other.post('/forgot', data={'email': 'D@example.org '})
    assert response.status_code == 302
    [(purpose, token)] = mailed_links(db, 'd@example.org')
    assert purpose == 'reset'
    response = other.post(f'/reset/{token}', data={'password': 'new-pass-word-2', 'confirm': 'new-pass-word-2'})
    assert response.status_code == 302
    assert user.check_password('new-pass-word-2') and not user.check_password('old-pass-word-1')
    g.pop('_login_user', None)
    assert '/login' in client.get('/').headers.get('Location', '')  # the session opened before the reset ended
    kinds = audit_kinds(db)
    assert 'password_reset_requested' in kinds and 'password_reset_completed' in kinds


def test_a_used_link_an_expired_one_and_an_unknown_one_say_so_in_persian(client, make, db):
    make.user(email='d@example.org', password='old-pass-word-1')
    client.post('/forgot', data={'email': 'd@example.org'})
    [(_, token)] = mailed_links(db)
    assert client.post(f'/reset/{token}', data={'password': 'new-pass-word-2',
                                                 'confirm': 'new-pass-word-2'}).status_code == 302
    client.post('/logout')
    used = client.post(f'/reset/{token}', data={'password': 'other-pass-word-3', 'confirm': 'other-pass-word-3'})
    assert used.status_code == 410 and 'دیگر کار نمی‌کند' in used.get_data(as_text=True)
    assert 'درخواست پیوند تازه' in used.get_data(as_text=True)

    client.post('/forgot', data={'email': 'd@example.org'})
    _, token = mailed_links(db)[-1]
    row = db.session.scalar(db.select(AccountToken).where(AccountToken.used_dt.is_(None)))
    row.expires_dt -= dt.timedelta(hours=3)  # the 2-hour lifetime is over
    db.session.flush()
    assert client.get(f'/reset/{token}').status_code == 410
    assert client.get('/reset/not-a-token').status_code == 410
    assert client.get(f'/invite/{token}').status_code == 410  # a reset link is no invitation


def test_a_new_reset_link_replaces_the_earlier_one(client, make, db):
    make.user(email='d@example.org', password='old-pass-word-1')
    client.post('/forgot', data={'email': 'd@example.org'})
    client.post('/forgot', data={'email': 'd@example.org'})
    (_, first), (_, second) = mailed_links(db)
    assert client.get(f'/reset/{first}').status_code == 410
    assert client.get(f'/reset/{second}').status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, make, db):
    make.user(email='d@example.org', password='old-pass-word-1')
    known = client.post('/forgot', data={'email': 'd@example.org'}, follow_redirects=True)
    unknown = client.post('/forgot', data={'email': 'nobody@example.org'}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    text = 'اگر حسابی فعال با این رایانامه باشد'
    assert text in known.get_data(as_text=True) and text in unknown.get_data(as_text=True)
    # the same work either way: one mail job each (the unknown address's carries no message)
    jobs = db.session.scalars(db.select(Job).where(Job.kind == 'mail.send').order_by(Job.id)).all()
    assert [len(j.payload['messages']) for j in jobs] == [1, 0]


@pytest.fixture
def tight(app):
    saved = app.config['ACCOUNT_MAIL_LIMIT']
    app.config['ACCOUNT_MAIL_LIMIT'] = '3 per minute'
    yield
    app.config['ACCOUNT_MAIL_LIMIT'] = saved


def test_the_forms_are_rate_limited(client, db, tight):
    for _ in range(3):
        assert client.post('/forgot', data={'email': 'x@example.org'}).status_code == 302
    response = client.post('/forgot', data={'email': 'x@example.org'})
    assert response.status_code == 429 and 'دقیقه دیگر' in response.get_data(as_text=True)
    for _ in range(3):  # guessing tokens is limited too
        assert client.post('/reset/guess', data={'password': 'x'}).status_code == 410
    assert client.post('/reset/guess', data={'password': 'x'}).status_code == 429


def test_the_login_page_leads_to_the_forgotten_password_form(client, db):
    page = client.get('/login').get_data(as_text=True)
    assert 'href="/forgot"' in page and 'گذرواژه را فراموش کرده‌اید؟' in page


def test_the_command_line_can_invite_instead_of_asking_for_a_password(app, db):
    result = app.test_cli_runner().invoke(args=['users', 'create', '--email', 'cli-invite@example.org',
                                                '--role', 'observer', '--invite'])
    assert result.exit_code == 0, result.output
    assert '/invite/' in result.output
    assert mailed_links(db, 'cli-invite@example.org')


def test_staff_can_send_a_fresh_invitation_and_others_cannot(client, make, login, db):
    invite(client, login, make)
    user = db.session.scalar(db.select(User).where(User.email == 'new@example.org'))
    assert client.post(f'/users/{user.id}/invite').status_code == 302
    (_, first), (_, second) = mailed_links(db)
    assert client.get(f'/invite/{first}').status_code == 410 and client.get(f'/invite/{second}').status_code == 200
    login(make.user(role='observer'))
    assert client.post(f'/users/{user.id}/invite').status_code == 403
