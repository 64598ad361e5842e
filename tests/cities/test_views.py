import pytest

from commission.cities.models import City


def test_city_list_and_page_show_directors(client, make, login):
    city = make.city(name='شیراز', slug='shiraz-t', province='فارس')
    director = make.user(role='director', city=city, full_name='حسین کاظمی')
    login(make.user(role='observer'))
    assert 'شیراز' in client.get('/cities/').get_data(as_text=True)
    page = client.get('/cities/shiraz-t').get_data(as_text=True)
    assert director.full_name in page and 'فارس' in page


@pytest.mark.parametrize('role', ['secretariat', 'director', 'observer'])
def test_only_admin_adds_or_edits_cities(client, make, login, role):
    city = make.city()
    login(make.user(role=role))
    assert client.get('/cities/new').status_code == 403
    assert client.post(f'/cities/{city.slug}/edit', data={'name': 'x', 'slug': 'x'}).status_code == 403


def test_admin_adds_a_city_with_a_jalali_date(client, make, login, db):
    login(make.user(role='admin'))
    response = client.post('/cities/new', data={'name': 'سنندج', 'slug': 'sanandaj', 'province': 'کردستان',
                                                'is_member': 'y', 'joined_on': '۱۴۰۲/۰۲/۲۸'})
    assert response.status_code == 302
    city = db.session.scalar(db.select(City).where(City.slug == 'sanandaj'))
    assert city.joined_on.isoformat() == '2023-05-18'


def test_impossible_date_is_refused_in_persian(client, make, login):
    login(make.user(role='admin'))
    response = client.post('/cities/new', data={'name': 'سنندج', 'slug': 'sanandaj', 'joined_on': '1402/13/40'})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'این تاریخ در تقویم وجود ندارد' in page and 'value="سنندج"' in page
