"""Published reports' introductions are found by search; drafts are nobody's result."""
import datetime as dt

from ..search.conftest import search_index  # noqa: F401  (the fixture)


def test_only_published_introductions_are_documents(make):
    city = make.city(name='اهواز')
    draft = make.city_report(city, introduction='ماهنامه محله')
    published = make.city_report(city, span=3, status='published', introduction='ماهنامه محله',
                                 published_dt=dt.datetime(2025, 12, 30))
    empty = make.city_report(city, span=4, status='published', introduction='  ')
    assert draft.search_document() is None and empty.search_document() is None
    document = published.search_document()
    assert document['kind'] == 'city_report' and document['visibility'] == 'public'
    assert document['url'] == f'/reports/city/{city.slug}/1404/3' and document['city'] == 'اهواز'
    assert 'نه‌ماهه' in document['title'] and document['body'] == 'ماهنامه محله'


def test_search_finds_a_published_introduction(client, login, make, db, search_index):  # noqa: F811
    city = make.city(name='اهواز', slug='ahvaz-s')
    make.city_report(city, status='published', introduction='راه‌اندازی گاهنامه محله‌ای در همه مناطق')
    make.city_report(city, span=3, introduction='گاهنامه پیش‌نویس نباید پیدا شود')
    db.session.commit()
    login(make.user(role='observer'))
    html = client.get('/search', query_string={'q': 'گاهنامه'}).get_data(as_text=True)
    assert '/reports/city/ahvaz-s/1404/2' in html and 'گزارش عملکرد' in html
    assert '/reports/city/ahvaz-s/1404/3' not in html
