"""Account rules: who manages which accounts, and nobody changes their own role or deactivates themselves."""
import pytest

from commission.auth.services import can_change_standing, can_manage_account, can_manage_users

ROLES = ('admin', 'secretariat', 'director', 'observer')


@pytest.mark.parametrize('actor', ROLES)
@pytest.mark.parametrize('target', ROLES)
def test_who_manages_which_account(make, actor, target):
    user = make.user(role=actor)
    assert can_manage_users(user) is (actor in ('admin', 'secretariat'))
    expected = actor == 'admin' or (actor == 'secretariat' and target != 'admin')
    assert can_manage_account(user, target) is expected


@pytest.mark.parametrize('changes, allowed', [
    ({}, True), ({'role': 'admin'}, True), ({'active': True}, True),
    ({'role': 'secretariat'}, False), ({'active': False}, False), ({'role': 'admin', 'active': False}, False),
])
def test_own_role_and_active_flag_cannot_change(make, changes, allowed):
    admin = make.user(role='admin')
    assert can_change_standing(admin, admin, **changes) is allowed


@pytest.mark.parametrize('changes', [{'role': 'observer'}, {'active': False}])
def test_another_accounts_role_and_active_flag_may_change(make, changes):
    assert can_change_standing(make.user(role='admin'), make.user(role='secretariat'), **changes)


def _form(user, **changes):
    data = {'full_name': user.full_name, 'email': user.email, 'role': user.role, 'city_id': user.city_id or '',
            'position': user.position, 'active': 'y'}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize('changes', [{'role': 'secretariat'}, {'active': None}])
def test_changing_your_own_role_or_deactivating_yourself_is_refused_in_persian(client, db, make, login, changes):
    admin = login(make.user(role='admin'))
    response = client.post(f'/users/{admin.id}/edit', data=_form(admin, **changes))
    assert response.status_code == 422
    assert 'نقش یا وضعیت حساب خودتان را نمی‌توانید تغییر دهید.' in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert (admin.role, admin.active) == ('admin', True)


def test_your_own_name_still_changes(client, db, make, login):
    admin = login(make.user(role='admin'))
    assert client.post(f'/users/{admin.id}/edit', data=_form(admin, full_name='نام تازه')).status_code == 302
    db.session.refresh(admin)
    assert admin.full_name == 'نام تازه'


def test_deactivating_yourself_by_the_button_is_forbidden(client, db, make, login):
    admin = login(make.user(role='admin'))
    assert client.post(f'/users/{admin.id}/active').status_code == 403
    db.session.refresh(admin)
    assert admin.active


def test_the_list_offers_no_deactivate_button_on_your_own_row(client, make, login):
    admin = login(make.user(role='admin'))
    other = make.user(role='observer')
    html = client.get('/users/').get_data(as_text=True)
    assert f'/users/{other.id}/active' in html and f'/users/{admin.id}/active' not in html


def test_the_secretariat_sees_no_edit_button_on_an_admin(client, make, login):
    admin = make.user(role='admin')
    login(make.user(role='secretariat'))
    html = client.get('/users/').get_data(as_text=True)
    assert f'/users/{admin.id}/edit' not in html
    assert client.get(f'/users/{admin.id}/edit').status_code == 403
