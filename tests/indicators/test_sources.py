"""An indicator counted from the occasions' media kit: the manage form's choice and the entry form's prefill."""
import pytest

from commission.indicators.models import Indicator


def _form(**kw):
    data = {'name': 'مناسبت‌های پوشش‌داده‌شده', 'unit': 'مناسبت', 'description': '', 'category': '',
            'frequency': 'quarterly', 'aggregate': 'sum', 'higher_is_better': '1', 'position': '1', 'active': 'y',
            'source': 'occasions.kit'}
    data.update(kw)
    return data


def test_manage_form_offers_the_source(client, login, make, db):
    login(make.user(role='secretariat'))
    page = client.get('/indicators/new')
    assert 'ورود دستی' in page.text and 'شمارش از بسته رسانه‌ای مناسبت‌ها' in page.text
    assert client.post('/indicators/new', data=_form()).status_code == 302
    indicator = db.session.scalar(db.select(Indicator).where(Indicator.name == 'مناسبت‌های پوشش‌داده‌شده'))
    assert indicator.source == 'occasions.kit'
    assert client.post(f'/indicators/{indicator.id}/edit', data=_form(source='')).status_code == 302
    assert indicator.source == ''
    response = client.post(f'/indicators/{indicator.id}/edit', data=_form(source='somewhere.else'))
    assert response.status_code == 422 and indicator.source == ''


def test_a_new_indicator_is_entered_by_hand(make):
    assert make.indicator().source == ''


def _setup(make):
    city = make.city(name='کرج آزمون')
    director = make.user(role='director', city=city)
    counted = make.indicator(name='مناسبت‌های پوشش‌داده‌شده', unit='مناسبت', source='occasions.kit')
    by_hand = make.indicator(name='خبرهای تولیدشده')
    period = make.period(1405, 1)
    for month, day in ((2, 27), (3, 1)):
        occasion = make.occasion(month=month, day=day)
        make.kit_item(occasion, user=director, year=1405)
        make.kit_item(occasion, user=director, year=1405, title='بنر', item_kind='banner')
    make.kit_item(make.occasion(month=4, day=14), user=director, year=1405)  # summer: another quarter
    return city, director, counted, by_hand, period


def _input(page, indicator):
    start = page.index(f'id="value-{indicator.id}"')
    return page[start:page.index('>', start)]


def test_entry_prefills_the_count_when_nothing_is_entered(client, login, make):
    city, director, counted, by_hand, period = _setup(make)
    login(director)
    page = client.get(f'/indicators/entry?period={period.id}').text
    assert 'از بسته رسانه‌ای: ۲ مناسبت در این دوره' in page
    assert page.count('از بسته رسانه‌ای:') == 1  # the hand-entered indicator has no count
    assert 'value="۲"' in _input(page, counted) and 'value=""' in _input(page, by_hand)
    assert f'count-{counted.id}' in _input(page, counted)


def test_a_zero_count_is_shown_but_not_offered_as_the_value(client, login, make):
    city, director, counted, by_hand, period = _setup(make)
    autumn = make.period(1405, 3)  # no kit item of this city in autumn
    login(director)
    page = client.get(f'/indicators/entry?period={autumn.id}').text
    assert 'از بسته رسانه‌ای: ۰ مناسبت در این دوره' in page and 'value=""' in _input(page, counted)


def test_the_director_may_correct_the_count(client, login, make, db):
    city, director, counted, by_hand, period = _setup(make)
    login(director)
    response = client.post('/indicators/entry', data={'period': period.id, f'value-{counted.id}': '۵',
                                                      f'note-{counted.id}': 'سه مناسبت بی‌پوستر هم داشتیم'})
    assert response.status_code == 302
    page = client.get(f'/indicators/entry?period={period.id}').text
    assert 'value="۵"' in _input(page, counted)
    assert 'از بسته رسانه‌ای: ۲ مناسبت در این دوره' in page


def test_a_locked_period_stays_locked(client, login, make):
    city, director, counted, by_hand, period = _setup(make)
    period.locked = True
    login(director)
    page = client.get(f'/indicators/entry?period={period.id}').text
    assert 'disabled' in _input(page, counted) and 'value=""' in _input(page, counted)
    assert 'از بسته رسانه‌ای: ۲ مناسبت در این دوره' in page
    response = client.post('/indicators/entry', data={'period': period.id, f'value-{counted.id}': '2'})
    assert response.status_code == 422


@pytest.mark.parametrize('role', ['director', 'observer'])
def test_another_city_is_refused(client, login, make, role):
    city, director, counted, by_hand, period = _setup(make)
    login(make.user(role=role, city=make.city() if role == 'director' else None))
    assert client.get(f'/indicators/entry?period={period.id}&city={city.id}').status_code == 403
    assert client.post('/indicators/entry', data={'city': city.id, 'period': period.id,
                                                  f'value-{counted.id}': '9'}).status_code == 403
