import pytest

from commission.auth.models import User


@pytest.mark.parametrize('role', ['observer', 'director'])
@pytest.mark.parametrize('url', ['/users/', '/users/new'])
def test_user_management_refused_without_the_role(client, make, login, role, url):
    login(make.user(role=role))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize('role', ['observer', 'director'])
def test_user_changes_refused_without_the_role(client, make, login, role):
    target = make.user(role='observer')
    login(make.user(role=role))
    assert client.post(f'/users/{target.id}/active').status_code == 403
    assert client.post(f'/users/{target.id}/password', data={'password': 'another-pass'}).status_code == 403
    assert client.post(f'/users/{target.id}/edit', data={}).status_code == 403


def test_refusal_page_is_persian(client, make, login):
    login(make.user(role='observer'))
    page = client.get('/users/').get_data(as_text=True)
    assert 'دسترسی مجاز نیست' in page and 'dir="rtl"' in page


@pytest.mark.parametrize('role', ['admin', 'secretariat'])
def test_staff_create_a_director(client, make, login, db, role):
    login(make.user(role=role))
    city = make.city(name='کرج', slug='karaj-test')
    response = client.post('/users/new', data={'full_name': 'مدیر تازه', 'email': 'New@Example.org', 'role': 'director',
                                               'city_id': city.id, 'active': 'y', 'password': 'long-enough-1'})
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == 'new@example.org'))
    assert user.city_id == city.id and user.check_password('long-enough-1')


def test_director_needs_a_city_and_form_keeps_input(client, make, login):
    login(make.user(role='admin'))
    response = client.post('/users/new', data={'full_name': 'بی‌شهر', 'email': 'x@example.org', 'role': 'director',
                                               'city_id': '', 'password': 'long-enough-1'})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'باید شهر داشته باشد' in page and 'value="بی‌شهر"' in page


def test_secretariat_cannot_create_or_edit_an_admin(client, make, login):
    admin = make.user(role='admin')
    login(make.user(role='secretariat'))
    assert client.get(f'/users/{admin.id}/edit').status_code == 403
    response = client.post('/users/new', data={'full_name': 'x', 'email': 'adm@example.org', 'role': 'admin',
                                               'password': 'long-enough-1'})
    assert response.status_code in (403, 422)


def test_deactivate_and_reset_password(client, make, login, db):
    login(make.user(role='secretariat'))
    target = make.user(role='director')
    assert client.post(f'/users/{target.id}/active').status_code == 302
    assert db.session.get(User, target.id).active is False
    assert client.post(f'/users/{target.id}/password', data={'password': 'fresh-pass-9'}).status_code == 302
    assert db.session.get(User, target.id).check_password('fresh-pass-9')
