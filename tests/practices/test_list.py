"""Browsing: filters, pagination, and a bounded number of SQL queries however many practices there are."""
import datetime as dt
import re

import pytest
from sqlalchemy import event, insert

from commission.practices.models import Practice, practice_tags


@pytest.fixture
def sample(make):
    karaj, shiraz = make.city(name='کرج', slug='karaj-l'), make.city(name='شیراز', slug='shiraz-l')
    annex, content = make.category(name='پیوست آزمون'), make.category(name='محتوای آزمون')
    make.practice(city=karaj, category=annex, year=1402, title='زیرگذر کرج', tags=['زیرگذر'])
    make.practice(city=shiraz, category=content, year=1401, title='هفته روابط عمومی شیراز', tags=['اعتمادسازی'])
    make.practice(city=shiraz, category=annex, year=1402, title='گذر شیراز', tags=['زیرگذر', 'اعتمادسازی'])
    return {'annex': annex, 'content': content}


def _titles(client, query):
    page = client.get('/practices/' + query).get_data(as_text=True)
    return {t for t in ('زیرگذر کرج', 'هفته روابط عمومی شیراز', 'گذر شیراز') if t in page}


@pytest.mark.parametrize('query, expected', [
    ('', {'زیرگذر کرج', 'هفته روابط عمومی شیراز', 'گذر شیراز'}),
    ('?city=shiraz-l', {'هفته روابط عمومی شیراز', 'گذر شیراز'}),
    ('?year=1402', {'زیرگذر کرج', 'گذر شیراز'}),
    ('?year=۱۴۰۱', {'هفته روابط عمومی شیراز'}),
    ('?tag=زیرگذر', {'زیرگذر کرج', 'گذر شیراز'}),
    ('?tag=زیرگذر&city=shiraz-l&year=1402', {'گذر شیراز'}),
    ('?tag=ناموجود', set()),
])
def test_filters(client, make, login, sample, query, expected):
    login(make.user(role='observer'))
    assert _titles(client, query) == expected


def test_category_filter(client, make, login, sample):
    login(make.user(role='observer'))
    assert _titles(client, f"?category={sample['content'].id}") == {'هفته روابط عمومی شیراز'}


def test_nonsense_arguments_are_ignored_not_errors(client, make, login, sample):
    login(make.user(role='observer'))
    response = client.get('/practices/?category=abc&year=x&page=-3&sort=<script>')
    assert response.status_code == 200 and len(_titles(client, '?category=abc')) == 3


def test_pagination_keeps_the_filters(client, make, login):
    city = make.city(slug='paged')
    for n in range(45):
        make.practice(city=city, title=f'تجربه شماره {n:02d}', year=1403)
    login(make.user(role='observer'))
    page = client.get('/practices/?city=paged&year=1403').get_data(as_text=True)
    assert page.count('class="card practice-card') == 20
    assert 'صفحه ۱ از ۳' in page
    assert re.search(r'href="/practices/\?[^"]*page=2', page) and 'city=paged' in page
    last = client.get('/practices/?city=paged&year=1403&page=3').get_data(as_text=True)
    assert last.count('class="card practice-card') == 5
    assert 'تجربه شماره 00' in last  # oldest last, newest first


def _bulk(db, count, category_id, tag_id, city_ids):
    start = dt.datetime(2020, 1, 1)
    rows = [{'city_id': city_ids[i % len(city_ids)], 'title': f'تجربه انبوه {i}', 'summary': 'خلاصه', 'context': '',
             'actions': '', 'resources': '', 'results': '', 'lessons': '', 'contact_name': 'رابط',
             'contact_info': '', 'audience': '', 'channels': '', 'category_id': category_id, 'year': 1399 + i % 6,
             'status': 'published', 'review_note': '', 'is_selected': i % 50 == 0, 'useful_count': i % 7,
             'adoption_count': i % 3, 'comment_count': 0, 'created_dt': start + dt.timedelta(hours=i),
             'updated_dt': start + dt.timedelta(hours=i), 'published_dt': start + dt.timedelta(hours=i)}
            for i in range(count)]
    db.session.execute(insert(Practice), rows)
    ids = db.session.scalars(db.select(Practice.id).where(Practice.title.like('تجربه انبوه %'))).all()
    rows = [{'practice_id': i, 'tag_id': tag_id} for k, i in enumerate(ids) if k % 4 != 3]
    db.session.execute(insert(practice_tags), rows)


def _count_queries(db, client, url):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)
    event.listen(db.engine, 'before_cursor_execute', count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, 'before_cursor_execute', count)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def test_listing_ten_thousand_practices_takes_a_bounded_number_of_queries(client, make, login, db):
    cities = [make.city() for _ in range(6)]
    category = make.category()
    tag = make.practice(city=cities[0], tags=['انبوه']).tags[0]
    login(make.user(role='observer'))
    _, _ = _count_queries(db, client, '/practices/')  # warm up: Flask-Login, templates
    few, _ = _count_queries(db, client, '/practices/')
    _bulk(db, 10_000, category.id, tag.id, [c.id for c in cities])
    many, page = _count_queries(db, client, '/practices/')
    assert many == few and page.count('class="card practice-card') == 20
    filtered, page = _count_queries(db, client, f'/practices/?city={cities[1].slug}&category={category.id}'
                                                f'&tag=انبوه&year=1400&sort=useful&page=3')
    assert filtered <= few + 1 and page.count('class="card practice-card') == 20
    assert filtered < 20  # nothing per row: a page holds 20 practices
