"""The role rules, each in one place: who is staff, and which role needs a city."""
import pytest
from flask_login import login_user
from werkzeug.exceptions import Forbidden

from commission.auth.models import STAFF_ROLES, role_city_error
from commission.permissions import staff_required
from commission.templating import NAV_ITEMS

ROLES = ('admin', 'secretariat', 'director', 'observer')


@pytest.mark.parametrize('role', ROLES)
def test_is_staff_is_exactly_the_staff_roles(make, role):
    assert make.user(role=role).is_staff is (role in ('admin', 'secretariat'))
    assert STAFF_ROLES == ('admin', 'secretariat')


def test_the_staff_navigation_entry_follows_the_staff_roles():
    dashboard = next(item for item in NAV_ITEMS if item[0] == 'resolutions.dashboard')
    assert dashboard[4] == STAFF_ROLES


@pytest.mark.parametrize('role', ROLES)
def test_staff_required_lets_in_only_the_staff_roles(app, make, role):
    view = staff_required(lambda: 'ok')
    user = make.user(role=role)
    with app.test_request_context('/'):
        login_user(user)
        if role in STAFF_ROLES:
            assert view() == 'ok'
        else:
            with pytest.raises(Forbidden):
                view()


@pytest.mark.parametrize('role, has_city, refused', [
    ('director', False, True), ('director', True, False),
    ('admin', False, False), ('secretariat', False, False), ('observer', False, False), ('observer', True, False),
])
def test_only_a_director_needs_a_city(make, role, has_city, refused):
    city = make.city() if has_city else None
    assert bool(role_city_error(role, city)) is refused


def test_the_service_and_the_form_refuse_a_director_without_a_city_with_one_message(client, make, login):
    from commission.auth.services import AccountError, create_user
    with pytest.raises(AccountError) as refused:
        create_user(email='d@example.org', full_name='مدیر', role='director', password='long-enough-1')
    login(make.user(role='admin'))
    response = client.post('/users/new', data={'full_name': 'مدیر', 'email': 'd2@example.org', 'role': 'director',
                                               'city_id': '', 'active': 'y', 'password': 'long-enough-1'})
    assert response.status_code == 422 and str(refused.value) in response.get_data(as_text=True)
