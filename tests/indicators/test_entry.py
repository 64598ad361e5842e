"""Entering values: a director for their own city only, the secretariat for any city on its behalf, a locked period
refuses, 403 for everyone else."""
import io

import pytest

from commission.indicators.models import IndicatorValue
from commission.indicators.services import IndicatorError, parse_number, set_value
from commission.notifications.models import Notification


def _setup(make):
    city = make.city(name='کرج آزمون')
    director = make.user(role='director', city=city)
    indicator = make.indicator(name='خبرهای تولیدشده')
    period = make.period(1404, 2)
    return city, director, indicator, period


def _value(db, indicator, city, period):
    return db.session.scalar(db.select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id,
                                                             IndicatorValue.city_id == city.id,
                                                             IndicatorValue.period_id == period.id))


def test_director_enters_own_city_values_with_persian_digits(client, login, make, db):
    city, director, indicator, period = _setup(make)
    login(director)
    page = client.get(f'/indicators/entry?period={period.id}')
    assert page.status_code == 200 and 'خبرهای تولیدشده' in page.text
    response = client.post('/indicators/entry', data={'period': period.id, f'value-{indicator.id}': '۱٬۲۵۰',
                                                      f'note-{indicator.id}': 'از پایگاه خبری'})
    assert response.status_code == 302
    entry = _value(db, indicator, city, period)
    assert entry.value == 1250 and entry.note == 'از پایگاه خبری' and entry.entered_by_id == director.id
    # changing it keeps one row per (indicator, city, period)
    client.post('/indicators/entry', data={'period': period.id, f'value-{indicator.id}': '1300'})
    assert db.session.scalar(db.select(db.func.count(IndicatorValue.id))) == 1
    assert _value(db, indicator, city, period).value == 1300


def test_entry_with_evidence_file(client, login, make, db):
    from commission.attachments.models import Attachment
    city, director, indicator, period = _setup(make)
    login(director)
    response = client.post('/indicators/entry', data={
        'period': period.id, f'value-{indicator.id}': '40',
        f'files-{indicator.id}': (io.BytesIO(b'%PDF-1.4 evidence'), 'گزارش.pdf')}, content_type='multipart/form-data')
    assert response.status_code == 302
    entry = _value(db, indicator, city, period)
    files = db.session.scalars(db.select(Attachment).where(Attachment.owner_type == 'indicator_value',
                                                           Attachment.owner_id == entry.id)).all()
    assert [f.original_name for f in files] == ['گزارش.pdf']
    observer = make.user(role='observer')
    login(observer)
    assert client.get(f'/files/{files[0].id}/x').status_code == 200


def test_bad_number_is_refused_in_persian_and_the_form_keeps_it(client, login, make, db):
    city, director, indicator, period = _setup(make)
    login(director)
    response = client.post('/indicators/entry', data={'period': period.id, f'value-{indicator.id}': 'چهل',
                                                      f'note-{indicator.id}': 'یادداشت من'})
    assert response.status_code == 422
    assert 'یک عدد بنویسید' in response.text
    assert 'value="چهل"' in response.text and 'یادداشت من' in response.text
    assert _value(db, indicator, city, period) is None


def test_locked_period_refuses_changes(client, login, make, db):
    city, director, indicator, period = _setup(make)
    make.value(indicator, city, period, 10)
    period.locked = True
    db.session.flush()
    login(director)
    response = client.post('/indicators/entry', data={'period': period.id, f'value-{indicator.id}': '99'})
    assert response.status_code == 422
    assert 'قفل شده است' in response.text
    assert _value(db, indicator, city, period).value == 10
    with pytest.raises(IndicatorError, match='قفل'):
        set_value(indicator, city, period, 5, author=director)


def test_director_of_another_city_gets_403(client, login, make, db):
    city, director, indicator, period = _setup(make)
    other = make.user(role='director')  # a city of their own
    login(other)
    assert client.post('/indicators/entry', data={'period': period.id, 'city': city.id,
                                                  f'value-{indicator.id}': '5'}).status_code == 403
    assert client.get(f'/indicators/entry?city={city.id}').status_code == 403
    assert _value(db, indicator, city, period) is None


def test_observers_cannot_enter_values(client, login, make, db):
    city, director, indicator, period = _setup(make)
    login(make.user(role='observer'))
    assert client.get('/indicators/entry').status_code == 403
    assert client.get(f'/indicators/entry?city={city.id}').status_code == 403
    assert client.post('/indicators/entry', data={'period': period.id, 'city': city.id,
                                                  f'value-{indicator.id}': '5'}).status_code == 403
    assert _value(db, indicator, city, period) is None


@pytest.mark.parametrize('role', ['secretariat', 'admin'])
def test_the_secretariat_enters_a_citys_values_on_its_behalf_and_the_director_is_told(client, login, make, db, role):
    """Figures a city sent by letter: typed in by the secretariat, their name kept as who entered them."""
    city, director, indicator, period = _setup(make)
    staff = make.user(role=role, full_name='کارشناس دبیرخانه')
    login(staff)
    chooser = client.get('/indicators/entry')
    assert chooser.status_code == 200 and 'کرج آزمون' in chooser.text and 'name="city"' in chooser.text
    page = client.get(f'/indicators/entry?city={city.id}&period={period.id}').text
    assert 'از سوی شهرداری کرج آزمون ثبت می‌کنید' in page and f'name="city" value="{city.id}"' in page
    response = client.post('/indicators/entry', data={'period': period.id, 'city': city.id,
                                                      f'value-{indicator.id}': '۴۲'})
    assert response.status_code == 302 and f'city={city.id}' in response.headers['Location']
    entry = _value(db, indicator, city, period)
    assert entry.value == 42 and entry.entered_by_id == staff.id
    assert 'کارشناس دبیرخانه' in client.get(response.headers['Location']).text
    told = db.session.scalars(db.select(Notification).where(Notification.user_id == director.id)).all()
    assert [n.kind for n in told] == ['indicator.entered_for_city'] and period.label in told[0].text
    # without a city the form asks for one and saves nothing
    assert client.post('/indicators/entry', data={'period': period.id, f'value-{indicator.id}': '7'}).status_code == 302
    assert _value(db, indicator, city, period).value == 42


def test_a_director_entering_their_own_values_is_not_told_about_it(client, login, make, db):
    city, director, indicator, period = _setup(make)
    login(director)
    client.post('/indicators/entry', data={'period': period.id, f'value-{indicator.id}': '9'})
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0


def test_observer_reads_the_pages(client, login, make, db):
    city, director, indicator, period = _setup(make)
    make.value(indicator, city, period, 12)
    login(make.user(role='observer'))
    for url in ('/indicators/', f'/indicators/{indicator.id}', f'/indicators/city/{city.slug}',
                '/indicators/rankings', f'/indicators/export.csv?period={period.id}'):
        assert client.get(url).status_code == 200, url
    for url in ('/indicators/manage', '/indicators/new', '/indicators/periods', '/indicators/import'):
        assert client.get(url).status_code == 403, url


def test_signed_out_visitors_are_sent_to_sign_in(client, make, db):
    assert client.get('/indicators/').status_code == 302


def test_clearing_a_value_removes_it(client, login, make, db):
    city, director, indicator, period = _setup(make)
    make.value(indicator, city, period, 10)
    login(director)
    client.post('/indicators/entry', data={'period': period.id, f'value-{indicator.id}': ''})
    assert _value(db, indicator, city, period) is None


def test_yearly_indicator_is_not_asked_in_a_quarter(client, login, make, db):
    city, director, indicator, period = _setup(make)
    yearly = make.indicator(name='شاخص سالانه آزمون', frequency='yearly')
    login(director)
    page = client.get(f'/indicators/entry?period={period.id}').text
    assert 'شاخص سالانه آزمون' not in page
    with pytest.raises(IndicatorError, match='سالانه'):
        set_value(yearly, city, period, 3, author=director)


@pytest.mark.parametrize('text, value', [('۱۲۵', 125), ('12,500', 12500), ('۱۲٬۵۰۰', 12500), ('۸۷٫۵', 87.5),
                                         ('87.5', 87.5), ('۹۰٪', 90), ('', None), ('  ', None), ('2,5', 2.5)])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize('text', ['abc', '-3', '1.2.3', '۱۲ خبر'])
def test_parse_number_refuses(text):
    with pytest.raises(IndicatorError):
        parse_number(text)


def test_home_page_tells_a_director_what_is_missing(client, login, make, db):
    import datetime as dt

    from commission.jalali import today_tehran
    city, director, indicator, period = _setup(make)
    make.indicator(name='نشست‌های خبری')
    period.deadline = today_tehran() + dt.timedelta(days=4)
    make.value(indicator, city, period, 3)
    login(director)
    page = client.get('/').text
    assert 'شاخص‌های تابستان ۱۴۰۴' in page and '۱ شاخص از ۲' in page
    login(make.user(role='secretariat'))
    assert 'هنوز همه مقدارها را ثبت نکرده‌اند' in client.get('/').text
    login(make.user(role='observer'))
    assert 'home-indicators' not in client.get('/').text
