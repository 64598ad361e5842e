"""The search page and the dropdown: results, highlights, facets, permissions, failures."""
import datetime as dt
import os
import re

import pytest

from commission.search import index

from .helpers import both_backends

ZWNJ = '\u200c'


def page(client, **args):
    response = client.get('/search', query_string=args)
    return response, response.get_data(as_text=True)


@pytest.fixture
def corpus(db, make, search_index):
    karaj = make.city(name='کرج', slug='karaj-t')
    tabriz = make.city(name='تبریز', slug='tabriz-t')
    published = dt.datetime(2024, 5, 1, 10)  # 1403/02, after the resolution (1402/10) and the minutes (1401/02)
    items = {
        'karaj_practice': make.practice(city=karaj, title='تجهیز روابط عمومیها در کرج', published_dt=published,
                                        summary='کارگاه تولید محتوا برای روابط عمومی‌ها و شبکه‌های اجتماعی'),
        'tabriz_practice': make.practice(city=tabriz, title='پیوست رسانه‌ای قطار شهری تبریز', published_dt=published,
                                         summary='روابط عمومی ها پیش از اجرای طرح، پیوست رسانه ای نوشتند.'),
        'karaj_minutes': make.approved_meeting(host_city=karaj, title='صورتجلسه نشست روابط عمومی',
                                               meeting_date=dt.date(2022, 5, 18),
                                               minutes='نمایندگان روابط عمومی شهرداری‌ها درباره گاه‌نامه گفتگو کردند.'),
        'resolution': make.resolution(title='مصوبه آموزش روابط عمومی', text='دوره آموزشی برای روابط عمومیها',
                                      lead_city=karaj, adopted_on=dt.date(2024, 1, 10)),
    }
    db.session.commit()
    return items


def test_anonymous_user_is_sent_to_login(client):
    assert client.get('/search?q=x').status_code == 302
    assert client.get('/search/suggest?q=x').status_code == 302


def test_the_search_page_answers_with_a_trailing_slash_too(client, make, login, corpus):
    """Every other section lives at /name/; a user typing /search/ gets the search page, not «صفحه پیدا نشد»."""
    login(make.user(role='observer'))
    slash = client.get('/search/?q=' + 'روابط عمومی')
    assert slash.status_code == 200
    assert slash.get_data(as_text=True).count('class="card search-hit') == 4


@both_backends
def test_results_show_title_kind_city_jalali_date_and_highlight(client, make, login, corpus):
    login(make.user(role='observer'))
    response, html = page(client, q='روابط عمومي‌ها')  # Arabic ي and a ZWNJ, unlike the documents
    assert response.status_code == 200
    assert html.count('class="card search-hit') == 4
    assert 'تجربه</span>' in html and 'صورتجلسه</span>' in html and 'مصوبه</span>' in html
    assert '۲۸ اردیبهشت ۱۴۰۱' in html  # 2022-05-18 in Jalali, Persian digits
    marked = set(re.findall(r'<mark[^>]*>([^<]*)</mark>', html))
    # each document's own spelling is what gets marked
    assert {'روابط عمومیها', f'روابط عمومی{ZWNJ}ها', 'روابط عمومی ها'} <= marked
    assert f'/practices/{corpus["karaj_practice"].id}' in html


@both_backends
def test_highlight_falls_on_the_words_as_the_document_spells_them(client, make, login, corpus):
    login(make.user(role='observer'))
    _, html = page(client, q='پیوست رسانهای', kind='practice')
    # the body writes «پیوست رسانه ای» with a space: exactly that span is marked
    assert '>پیوست رسانه ای</mark>' in html
    assert '>پیوست رسانه‌ای</mark>' in html  # and in the title, with its ZWNJ


@pytest.mark.parametrize('q', ['"روابط', 'روابط:', '(روابط عمومی', 'روابط AND', 'OR روابط', '-روابط', ')))', '"',
                               ':', 'city:', 'kind:', '*', 'AND', '«روابط', 'روابط عمومی?', 'www.example.org', ' ',
                               'a' * 2000])
@both_backends
def test_malformed_queries_still_search(client, make, login, corpus, q):
    login(make.user(role='observer'))
    response, html = page(client, q=q)
    assert response.status_code == 200
    if q.strip('"«:(-') .startswith('روابط'):
        assert 'search-hit' in html


def test_empty_query_shows_help_not_results(client, make, login, corpus):
    login(make.user(role='observer'))
    response, html = page(client, q='')
    assert response.status_code == 200 and 'میان‌برها' in html and 'search-hit' not in html


@both_backends
def test_facets_count_and_narrow_by_kind_city_and_year(client, make, login, corpus):
    login(make.user(role='observer'))
    _, html = page(client, q='روابط عمومی')
    assert 'تجربه‌ها</span><span class="facet-count">۲' in html
    assert 'کرج</span><span class="facet-count">۳' in html
    _, html = page(client, q='روابط عمومی', city='karaj-t')
    assert html.count('class="card search-hit') == 3 and 'تبریز</a>' not in html
    _, html = page(client, q='روابط عمومی', city='karaj-t', kind='practice')
    assert html.count('class="card search-hit') == 1
    _, html = page(client, q='روابط عمومی', year='1401')
    assert html.count('class="card search-hit') == 1 and 'صورتجلسه نشست' in html


@both_backends
def test_city_and_kind_shortcuts(client, make, login, corpus):
    login(make.user(role='observer'))
    _, html = page(client, q='روابط عمومی city:تبریز')
    assert html.count('class="card search-hit') == 1 and 'قطار شهری' in html
    _, html = page(client, q='روابط عمومی نوع:مصوبه')
    assert html.count('class="card search-hit') == 1 and 'مصوبه آموزش' in html
    _, html = page(client, q='شهر:کرج kind:minutes')
    assert html.count('class="card search-hit') == 1


@both_backends
def test_jalali_date_range_and_sort_by_date(client, make, login, corpus):
    login(make.user(role='observer'))
    _, html = page(client, q='روابط عمومی', date_from='۱۴۰۱/۰۱/۰۱', date_to='1401/12/29')
    assert html.count('class="card search-hit') == 1
    _, html = page(client, q='روابط عمومی', sort='date')
    urls = [f'/practices/{corpus["karaj_practice"].id}"', f'/resolutions/{corpus["resolution"].id}"',
            f'/meetings/{corpus["karaj_minutes"].id}"']
    positions = [html.index(url) for url in urls]
    assert positions == sorted(positions)  # 1403/02 practice, 1402/10 resolution, 1401/02 minutes
    response, html = page(client, q='روابط', date_from='۱۴۰۱/۱۳/۴۰')
    assert response.status_code == 200 and 'از تاریخ' in html and 'text-danger' in html


@both_backends
def test_pagination(db, client, make, login, search_index):
    city = make.city()
    for n in range(13):
        make.practice(city=city, title=f'برنامه گردشگری شهری {n}')
    db.session.commit()
    login(make.user(role='observer'))
    _, first = page(client, q='گردشگری')
    _, second = page(client, q='گردشگری', page=2)
    assert first.count('class="card search-hit') == 10 and second.count('class="card search-hit') == 3
    assert 'صفحه ۱ از ۲' in first
    _, beyond = page(client, q='گردشگری', page=99)
    assert beyond.count('class="card search-hit') == 3


@both_backends
def test_a_misspelt_word_finds_its_close_spelling_and_says_so(client, make, login, corpus):
    login(make.user(role='observer'))
    response, html = page(client, q='گاهنانه')
    assert response.status_code == 200 and 'چیزی پیدا نشد' not in html
    assert 'نتایج برای «<strong class="text-body search-corrected" dir="auto">' in html
    assert f'گاه{ZWNJ}نامه</strong>»' in html and 'class="card search-hit' in html


@both_backends
def test_nothing_found_suggests_a_close_spelling_when_the_correction_finds_nothing_either(client, make, login, corpus):
    login(make.user(role='observer'))
    # the close spelling is offered, but a filter leaves no result
    response, html = page(client, q='گاهنانه', kind='resolution')
    assert response.status_code == 200 and 'چیزی پیدا نشد' in html


@both_backends
def test_nothing_found_without_a_close_word_says_so_plainly(client, make, login, corpus):
    login(make.user(role='observer'))
    _, html = page(client, q='زرافه')
    assert 'چیزی پیدا نشد' in html and 'آیا منظورتان' not in html


@pytest.fixture
def drafts(db, make, search_index):
    karaj, shiraz = make.city(name='کرج'), make.city(name='شیراز')
    draft = make.practice(city=karaj, title='پیش‌نویس سامانه ملاقات مردمی', status='draft')
    published = make.practice(city=shiraz, title='سامانه ملاقات مردمی شیراز')
    db.session.commit()
    return {'karaj': karaj, 'shiraz': shiraz, 'draft': draft, 'published': published}


@pytest.mark.parametrize('who, sees_draft', [
    ('own_director', True), ('secretariat', True), ('admin', True), ('other_director', False), ('observer', False),
])
@both_backends
def test_a_draft_is_found_only_by_those_who_may_read_it(client, make, login, drafts, who, sees_draft):
    user = {
        'own_director': lambda: make.user(role='director', city=drafts['karaj']),
        'other_director': lambda: make.user(role='director', city=drafts['shiraz']),
        'secretariat': lambda: make.user(role='secretariat'),
        'admin': lambda: make.user(role='admin'),
        'observer': lambda: make.user(role='observer'),
    }[who]()
    login(user)
    _, html = page(client, q='سامانه ملاقات مردمی')
    assert (f'/practices/{drafts["draft"].id}"' in html) == sees_draft
    assert f'/practices/{drafts["published"].id}"' in html
    data = client.get('/search/suggest', query_string={'q': 'سامانه ملاقات'}).get_json()
    assert (f'/practices/{drafts["draft"].id}' in [r['url'] for r in data['results']]) == sees_draft


@both_backends
def test_suggest_returns_json_while_typing(client, make, login, corpus):
    login(make.user(role='observer'))
    data = client.get('/search/suggest', query_string={'q': 'پیوست رسا'}).get_json()  # last word unfinished
    assert data['results'][0]['title'] == 'پیوست رسانه‌ای قطار شهری تبریز'
    assert data['results'][0]['kind_label'] == 'تجربه' and data['results'][0]['city'] == 'تبریز'
    assert data['more_url'].startswith('/search?q=')
    assert client.get('/search/suggest?q=').get_json()['results'] == []


def test_missing_index_shows_a_notice_and_the_site_keeps_working(app, client, make, login, corpus, search_index):
    import shutil
    shutil.rmtree(search_index)
    login(make.user(role='observer'))
    response, html = page(client, q='روابط عمومی')
    assert response.status_code == 503 and 'جستجو موقتاً در دسترس نیست' in html
    assert client.get('/search/suggest?q=abc').get_json()['unavailable'] is True
    assert client.get('/').status_code == 200


def test_corrupt_index_shows_a_notice(client, make, login, corpus, search_index):
    index.reset()
    for name in os.listdir(search_index):
        with open(os.path.join(search_index, name), 'r+b') as fh:
            fh.write(b'\0' * 64)
    login(make.user(role='observer'))
    response, html = page(client, q='روابط عمومی')
    assert response.status_code == 503 and 'جستجو موقتاً در دسترس نیست' in html
    assert client.get('/').status_code == 200


def test_search_box_is_on_every_page_and_works_without_javascript(client, make, login, corpus):
    login(make.user(role='observer'))
    html = client.get('/').get_data(as_text=True)
    assert 'action="/search"' in html and 'data-suggest-url="/search/suggest"' in html and 'js/search.js' in html



@pytest.mark.parametrize('who, suggested', [
    ('other_director', False), ('observer', False), ('own_director', True), ('secretariat', True),
])
@both_backends
def test_a_spelling_is_corrected_only_from_documents_the_user_may_read(client, db, make, login,
                                                                       search_index, who, suggested):
    karaj, shiraz = make.city(name='کرج'), make.city(name='شیراز')
    make.practice(city=karaj, title='پیش‌نویس طرح زمردنشان', status='draft')  # the word is only in this draft
    make.practice(city=shiraz, title='طرح سامانه ملاقات مردمی')
    db.session.commit()
    login({
        'own_director': lambda: make.user(role='director', city=karaj),
        'other_director': lambda: make.user(role='director', city=shiraz),
        'secretariat': lambda: make.user(role='secretariat'),
        'observer': lambda: make.user(role='observer'),
    }[who]())
    _, html = page(client, q='زمردنشام')  # one letter off
    assert ('چیزی پیدا نشد' in html) != suggested
    assert ('نتایج برای' in html and 'زمردنشان</strong>»' in html) == suggested
    if not suggested:
        assert 'آیا منظورتان' not in html and 'زمردنشان' not in html
