"""A user types what people really type: a typo, a Latin acronym, a number in words; the documents are found."""
import json
import os
import subprocess

import pytest

from .conftest import BIN, ROOT, follow, screenshot, serve

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]

ARCHIVE = [
    {'ref': 'browser-typed-1', 'kind': 'practice', 'city': 'کرج', 'date': '1403-03-10',
     'title': 'ستاد اطلاع‌رسانی جشنواره گل‌های بهاری کرج',
     'body': 'روابط عمومی شهرداری کرج برای جشنواره گل‌های بهاری ستاد اطلاع‌رسانی ویژه‌ای راه انداخت.'},
    {'ref': 'browser-typed-2', 'kind': 'practice', 'city': 'تبریز', 'date': '1403-04-02',
     'title': 'معرفی خط تازه اتوبوس تندرو در تبریز',
     'body': 'پیش از افتتاح خط اتوبوس‌های تندرو، نقشه ایستگاه‌ها در ایستگاه‌های مترو و بوستان‌ها نصب شد.'},
    {'ref': 'browser-typed-3', 'kind': 'minutes', 'city': 'شیراز', 'date': '1403-06-20',
     'title': 'صورتجلسه نشست ۶۶ کمیسیون ارتباطات',
     'body': 'در نشست ۶۶ درباره آموزش خبرنگاران محلی و گزارش سالانه گفتگو شد.'},
]


@pytest.fixture(scope='module', params=['whoosh', 'postgres'])
def server(request):
    """The shared live server (whoosh), or one of its own on PostgreSQL with SEARCH_BACKEND=postgres."""
    if request.param == 'whoosh':
        yield request.getfixturevalue('live_server')
        return
    base = os.environ.get('TEST_DATABASE_URL')
    if not base:
        pytest.skip('the PostgreSQL backend needs TEST_DATABASE_URL')
    from sqlalchemy import create_engine, make_url, text
    url = make_url(base).set(drivername='postgresql+psycopg')
    name = f'{url.database}_browser_pg'
    admin = create_engine(url.set(database='postgres'), isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    env = dict(os.environ, DATABASE_URL=url.set(database=name).render_as_string(hide_password=False),
               SEARCH_BACKEND='postgres')
    yield from serve(env)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope='module')
def archive(server, tmp_path_factory):
    path = tmp_path_factory.mktemp('typed') / 'archive.jsonl'
    path.write_text('\n'.join(json.dumps(line, ensure_ascii=False) for line in ARCHIVE), encoding='utf-8')
    subprocess.run([os.path.join(BIN, 'flask'), '--app', 'wsgi', 'content', 'import', str(path), '--create-cities'],
                   cwd=ROOT, env=server['env'], check=True, capture_output=True)
    return path


def search(page, server, q):
    page.goto(server['url'] + '/search')
    page.fill('main input[name=q], input[name=q]', q)
    with page.expect_navigation():
        page.locator('input[name=q]').first.press('Enter')
    return page.locator('.search-hit .hit-title').all_inner_texts()


def test_a_typo_a_latin_acronym_and_a_number_in_words_find_the_documents(page, server, archive):
    page.goto(server['url'] + '/login')
    page.fill('input[name=email]', 'karaj@example.org')
    page.fill('input[name=password]', 'commission-demo')
    follow(page, 'button[type=submit]')
    titles = search(page, server, 'ستاد اطلاغ رسانی جشنواره')  # غ for ع
    assert 'ستاد اطلاع‌رسانی جشنواره گل‌های بهاری کرج' in titles[:1]
    assert 'نتایج برای' in page.locator('[role=status]').inner_text()
    if 'SEARCH_BACKEND' not in server['env']:
        screenshot(page, 'search-typo')

    titles = search(page, server, 'BRT تبریز')
    assert titles[:1] == ['معرفی خط تازه اتوبوس تندرو در تبریز']
    if 'SEARCH_BACKEND' not in server['env']:
        screenshot(page, 'search-acronym')

    titles = search(page, server, 'نشست شصت و ششم')
    assert titles[:1] == ['صورتجلسه نشست ۶۶ کمیسیون ارتباطات']
    page.set_viewport_size({'width': 390, 'height': 844})
    if 'SEARCH_BACKEND' not in server['env']:
        screenshot(page, 'search-number-phone')
