"""A city that joins the commission takes on the active 'all cities' resolutions, wherever it joins."""
import json

import pytest

from commission.cities.models import City
from commission.cities.services import can_manage_cities, save_city
from commission.resolutions.models import Assignment
from commission.resolutions.services import set_resolution_status


def _data(**changes):
    data = {'name': 'سنندج', 'name_en': 'Sanandaj', 'slug': 'sanandaj-m', 'province': 'کردستان', 'is_member': True,
            'joined_on': None}
    data.update(changes)
    return data


def _resolution_ids(db, city):
    return set(db.session.scalars(db.select(Assignment.resolution_id).where(Assignment.city_id == city.id)))


@pytest.fixture
def resolutions(make):
    """An active and a closed 'all cities' resolution, and an active one for a chosen city only."""
    first = make.city()
    active, closed = make.resolution(), make.resolution()
    set_resolution_status(closed, 'closed', user=make.user(role='secretariat'))
    chosen = make.resolution([first])
    return active, closed, chosen


def test_a_new_member_city_takes_on_the_active_all_cities_resolutions_only(db, resolutions):
    active, closed, chosen = resolutions
    city = save_city(None, _data())
    assert _resolution_ids(db, city) == {active.id}


def test_a_guest_city_takes_on_nothing(db, resolutions):
    assert _resolution_ids(db, save_city(None, _data(is_member=False))) == set()


def test_a_guest_city_that_becomes_a_member_takes_them_on_once(db, resolutions):
    active = resolutions[0]
    city = save_city(None, _data(is_member=False))
    save_city(city, _data(is_member=True))
    save_city(city, _data(is_member=True, province='کردستان ایران'))
    assert db.session.scalar(db.select(db.func.count(Assignment.id)).where(Assignment.city_id == city.id)) == 1
    assert _resolution_ids(db, city) == {active.id}


def test_a_city_created_directly_is_not_joined_behind_the_code_s_back(db, make, resolutions):
    """No global flush hook any more: only the places where a city joins hand it resolutions."""
    assert _resolution_ids(db, make.city()) == set()


def test_the_admin_city_form_joins_a_new_member_city(client, db, make, login, resolutions):
    login(make.user(role='admin'))
    response = client.post('/cities/new', data={'name': 'سنندج', 'name_en': 'Sanandaj', 'slug': 'sanandaj-f',
                                                'province': 'کردستان', 'is_member': 'y', 'joined_on': ''})
    assert response.status_code == 302
    city = db.session.scalar(db.select(City).where(City.slug == 'sanandaj-f'))
    assert _resolution_ids(db, city) == {resolutions[0].id}


def test_content_import_with_create_cities_joins_a_metropolis(app, db, resolutions, tmp_path):
    line = {'ref': 'm-1', 'kind': 'practice', 'city': 'کرمانشاه', 'title': 'پوستر مناسبت‌ها', 'body': '۶۷ پوستر'}
    path = tmp_path / 'archive.jsonl'
    path.write_text(json.dumps(line, ensure_ascii=False) + '\n', encoding='utf-8')
    result = app.test_cli_runner().invoke(args=['content', 'import', str(path), '--create-cities'])
    assert '1 new' in result.output
    city = db.session.scalar(db.select(City).where(City.name == 'کرمانشاه'))
    assert city.is_member and _resolution_ids(db, city) == {resolutions[0].id}


@pytest.mark.parametrize('role, allowed', [('admin', True), ('secretariat', False), ('director', False),
                                           ('observer', False)])
def test_only_the_admin_manages_cities(client, make, login, role, allowed):
    city = make.city()
    user = login(make.user(role=role))
    assert can_manage_cities(user) is allowed
    expected = 200 if allowed else 403
    assert client.get('/cities/new').status_code == expected
    assert client.get(f'/cities/{city.slug}/edit').status_code == expected
    assert ('/cities/new' in client.get('/cities/').get_data(as_text=True)) is allowed
