"""The secretariat's page for the search's word lists: who may use it, what it stores, that search uses it."""
import pytest

from commission import settings
from commission.search import glossary
from commission.search.persian import dictionaries

URL = '/admin/search/dictionaries/thesaurus'


@pytest.mark.parametrize('role', ['observer', 'director'])
def test_a_user_without_the_rule_gets_403(client, make, login, role):
    city = make.city(name='کرج') if role == 'director' else None
    login(make.user(role=role, city=city) if city else make.user(role=role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={'text': 'الف | ب', 'save': 'ذخیره'}).status_code == 403
    assert client.get('/admin/search/dictionaries').status_code == 403


def test_anonymous_user_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize('role', ['secretariat', 'admin'])
def test_staff_see_the_list_in_force(client, make, login, role):
    login(make.user(role=role))
    html = client.get(URL).get_data(as_text=True)
    assert 'واژه‌نامه‌های جستجو' in html and 'قطار شهری' in html and 'csrf_token' in html
    assert client.get('/admin/search/dictionaries').status_code == 302
    assert client.get('/admin/search/dictionaries/nothing').status_code == 404


def test_an_edited_list_replaces_the_file_and_search_uses_it(client, db, make, login, search_index):
    make.practice(city=make.city(name='کرج'), title='گزارش قطار برقی شهر')
    db.session.commit()
    login(make.user(role='secretariat'))
    before = client.get('/search', query_string={'q': 'ترن'}).get_data(as_text=True)
    assert 'search-hit' not in before
    response = client.post(URL, data={'text': 'قطار | ترن', 'save': 'ذخیره'})
    assert response.status_code == 302
    assert settings.get('search_thesaurus') == 'قطار | ترن' and glossary.text('thesaurus') == 'قطار | ترن'
    after = client.get('/search', query_string={'q': 'ترن'}).get_data(as_text=True)
    assert after.count('class="card search-hit') == 1 and 'برقی شهر' in after
    assert 'ویرایش‌شده' in client.get(URL).get_data(as_text=True)
    client.post(URL, data={'text': 'x', 'restore': 'بازگرداندن فهرست پیش‌فرض'})
    assert settings.get('search_thesaurus') == '' and glossary.text('thesaurus') == dictionaries.file_text('thesaurus')


def test_a_line_that_cannot_be_read_is_refused_and_the_text_kept(client, make, login):
    login(make.user(role='secretariat'))
    response = client.post('/admin/search/dictionaries/colloquial', data={'text': 'میشه می‌شود', 'save': 'ذخیره'})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'سطر ۱:' in html and 'میشه می‌شود' in html
    assert settings.get('search_colloquial') == ''
