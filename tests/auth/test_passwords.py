"""Passwords: 10..128 characters, not the e-mail, not in the common-password list, on every path that sets one."""
import pytest

from commission.auth.models import User
from commission.auth.passwords import common_passwords, password_problem
from commission.auth.services import AccountError, create_user


@pytest.mark.parametrize('password, problem', [
    ('short-pw', 'دست‌کم ۱۰ نویسه'),
    ('x' * 129, 'بیش از ۱۲۸ نویسه'),
    ('Qwertyuiop', 'بسیار رایج'),
    ('password123', 'بسیار رایج'),
    ('tehran1234', 'بسیار رایج'),
    ('Someone@Example.org', 'همان رایانامه'),
])
def test_weak_passwords_are_refused_with_a_persian_reason(password, problem):
    assert problem in password_problem(password, email='someone@example.org')


def test_a_good_password_passes():
    assert password_problem('کاج-سبز-۱۴۰۳-کرج', email='a@example.org') is None
    assert password_problem('x' * 128) is None


def test_the_common_list_is_kept_in_the_repository_and_sizeable():
    words = common_passwords()
    assert len(words) > 3000
    assert all(10 <= len(w) <= 128 for w in words)


def test_create_user_refuses_a_common_password(db):
    with pytest.raises(AccountError, match='رایج'):
        create_user(email='c@example.org', full_name='x', role='observer', password='1234567890')


def test_change_password_refuses_the_email_and_keeps_the_old_one(client, make, login, db):
    user = login(make.user(email='me@example.org', password='old-password-1'))
    response = client.post('/account/password', data={'current_password': 'old-password-1',
                                                      'new_password': 'me@example.org', 'confirm': 'me@example.org'})
    assert response.status_code == 422
    assert 'همان رایانامه' in response.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password('old-password-1')


@pytest.mark.parametrize('password', ['short', 'iloveyou123'])
def test_admin_reset_and_new_account_refuse_weak_passwords(client, make, login, db, password):
    target = make.user(role='observer')
    login(make.user(role='admin'))
    assert client.post(f'/users/{target.id}/password', data={'password': password}).status_code == 422
    response = client.post('/users/new', data={'full_name': 'x', 'email': 'w@example.org', 'role': 'observer',
                                               'active': 'y', 'password': password})
    assert response.status_code == 422
    assert db.session.scalar(db.select(User).where(User.email == 'w@example.org')) is None
