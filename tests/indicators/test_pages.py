"""Every indicator page in Persian digits for every role, with values, a locked period and a yearly one."""
import io

import pytest

from tests.core.test_persian_digits import latin_digits


@pytest.fixture
def world(db, make):
    cities = [make.city(name=n, slug=s) for n, s in (('تهران آزمون', 'tehran-t'), ('کرج آزمون', 'karaj-t'),
                                                     ('قم آزمون', 'qom-t'))]
    users = {'admin': make.user(role='admin', full_name='مدیر سامانه'),
             'secretariat': make.user(role='secretariat', full_name='دبیر کمیسیون'),
             'director': make.user(role='director', city=cities[1], full_name='مدیر ارتباطات کرج'),
             'observer': make.user(role='observer', full_name='ناظر شهرداری')}
    news = make.indicator(name='خبرهای تولیدشده', public=True)
    time137 = make.indicator(name='زمان پاسخ ۱۳۷', unit='ساعت', higher_is_better=False, aggregate='mean')
    yearly = make.indicator(name='شاخص سالانه', frequency='yearly', aggregate='last')
    import datetime as dt
    q1 = make.period(1404, 1, locked=True, deadline=dt.date(2025, 7, 10))
    q2 = make.period(1404, 2, deadline=dt.date(2025, 10, 10))
    year = make.period(1404, 0)
    for i, city in enumerate(cities):
        make.value(news, city, q1, 100 + 10 * i, note='از پایگاه خبری')
        make.value(news, city, q2, 1234.5 + i)
        make.value(time137, city, q2, 12.5 * (i + 1))
        make.value(yearly, city, year, 3 + i)
    return {'users': users, 'news': news, 'q1': q1, 'q2': q2, 'year': year, 'city': cities[1]}


def _pages(w):
    n, q1, q2, year = w['news'].id, w['q1'].id, w['q2'].id, w['year'].id
    slug = w['city'].slug
    return ['/indicators/', f'/indicators/?period={q1}', f'/indicators/?period={year}', f'/indicators/{n}',
            f'/indicators/{n}?period={q1}&city={slug}', f'/indicators/city/{slug}',
            f'/indicators/city/{slug}?year=1404&span=h1', f'/indicators/city/{slug}?year=1404&span=year',
            '/indicators/rankings', f'/indicators/rankings?period={q1}', '/indicators/entry',
            f'/indicators/entry?period={q2}', f'/indicators/export.csv?period={q2}',
            f'/indicators/entry?period={q1}', f'/indicators/entry?period={year}', '/indicators/manage',
            '/indicators/new', f'/indicators/{n}/edit', '/indicators/periods', '/indicators/import', '/',
            f'/cities/{slug}']


@pytest.mark.parametrize('role', ['admin', 'secretariat', 'director', 'observer'])
def test_indicator_pages_show_persian_digits(client, login, world, role):
    login(world['users'][role])
    leaks, seen = {}, 0
    for url in _pages(world):
        response = client.get(url)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        seen += 1
        if response.mimetype == 'text/html' and (found := latin_digits(response.get_data(as_text=True))):
            leaks[url] = found
    assert seen >= 10
    assert not leaks, leaks


def test_import_preview_in_persian_digits(client, login, world):
    login(world['users']['secretariat'])
    sheet = 'شهر,خبرهای تولیدشده,زمان پاسخ ۱۳۷\nکرج آزمون,12,3.5\nناشناس,1,2\nقم آزمون,x,\n'.encode()
    response = client.post('/indicators/import', data={'period': world['q2'].id, 'upload-file': (
        io.BytesIO(sheet), 'v.csv')}, content_type='multipart/form-data')
    assert response.status_code == 200
    assert not latin_digits(response.get_data(as_text=True))


def test_the_overview_says_the_directors_rank_and_folds_each_table_of_all_cities(client, login, world):
    """On the overview a director reads their city's value and rank and the three best beside each chart; the table
    of every city is folded (it stays in the page for readers without the chart), so a phone scrolls less."""
    import re
    news = world['news'].id
    login(world['users']['director'])
    page = client.get(f"/indicators/?period={world['q2'].id}").get_data(as_text=True)
    section = page[page.index(f'id="ind-{news}-title"'):]
    section = section[:section.index('</section>')]
    own = re.sub(r'<[^>]+>|\s+', ' ', section[section.index('ind-own'):section.index('</p>', section.index('ind-own'))])
    assert 'کرج آزمون' in own and 'رتبه ۲ از ۳' in own and '—' not in own  # at the median: no better/weaker badge
    best = section[section.index('ind-best'):]
    assert best.index('قم آزمون') < best.index('کرج آزمون') < best.index('تهران آزمون')
    folded = section.index('<details class="ind-table-details">')
    assert folded < section.index(f'<table class="table table-sm align-middle ind-table" id="ind-{news}"') \
        < section.index('</details>')
    assert 'جدول همه شهرها (۳ شهر)' in section

    login(world['users']['observer'])  # no city of their own: no line for it, the best and the table still
    page = client.get(f"/indicators/?period={world['q2'].id}").get_data(as_text=True)
    assert 'ind-own' not in page and 'ind-best' in page and 'ind-table-details' in page
    detail = client.get(f'/indicators/{news}').get_data(as_text=True)
    assert 'ind-table-details' not in detail  # one indicator's page shows its table open
