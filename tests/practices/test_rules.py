"""The practices rules that templates used to re-encode from roles, as functions and over HTTP."""
import pytest

from commission.practices.rules import can_list_own_city, can_see_city_drafts


@pytest.mark.parametrize('role, allowed', [('director', True), ('admin', False), ('secretariat', False),
                                           ('observer', False)])
def test_only_a_director_has_an_own_city_list(client, make, login, role, allowed):
    user = login(make.user(role=role))
    assert can_list_own_city(user) is allowed
    assert client.get('/practices/mine').status_code == (200 if allowed else 403)
    assert ('/practices/mine' in client.get('/practices/').get_data(as_text=True)) is allowed


@pytest.mark.parametrize('who, allowed', [('own director', True), ('other director', False), ('secretariat', True),
                                          ('admin', True), ('observer', False)])
def test_who_sees_a_city_s_drafts_on_its_page(client, make, login, who, allowed):
    city = make.city()
    make.practice(city=city, status='draft', title='پیش‌نویس پنهان شهر')
    make.practice(city=city, status='submitted', title='تجربه در انتظار بررسی')
    role = who.split()[-1]
    user = login(make.user(role=role, city=city if who == 'own director' else None))
    assert can_see_city_drafts(user, city) is allowed
    html = client.get(f'/cities/{city.slug}').get_data(as_text=True)
    # the city's directors see what waits on them (drafts), the staff what waits on review
    assert ('پیش‌نویس پنهان شهر' in html or 'تجربه در انتظار بررسی' in html) is allowed
