"""A director types a word spelled differently from the documents, sees it highlighted, and narrows by city."""
import json
import os
import subprocess

import pytest

from .conftest import BIN, ROOT, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]

ZWNJ = '\u200c'
ARCHIVE = [
    {'ref': 'browser-search-1', 'kind': 'practice', 'city': 'کرج', 'date': '1403-02-10',
     'title': f'نمایشگاه دیوارنگاره{ZWNJ}های محله{ZWNJ}ها در کرج',
     'body': 'روابط عمومیها با کمک هنرمندان محلی دیوارنگارههای تازه را در پنج محله معرفی کردند '
             'و نظر شهروندان را پرسیدند.'},
    {'ref': 'browser-search-2', 'kind': 'practice', 'city': 'تبریز', 'date': '1402-11-05',
     'title': 'ديوارنگاره هاي تاريخي تبريز',  # Arabic ي, affix typed with a space
     'body': 'شهرداري تبريز براي ديوارنگاره هاي بازار، پيوست رسانه اي تهيه كرد.'},
    {'ref': 'browser-search-3', 'kind': 'resolution', 'city': 'کرج', 'date': '1403-05-01',
     'title': 'مصوبه زیباسازی دیوارها', 'body': 'شهرها تجربه دیوارنگاره را با یکدیگر به اشتراک بگذارند.'},
]


@pytest.fixture(scope='module')
def archive(live_server, tmp_path_factory):
    path = tmp_path_factory.mktemp('search') / 'archive.jsonl'
    path.write_text('\n'.join(json.dumps(line, ensure_ascii=False) for line in ARCHIVE), encoding='utf-8')
    subprocess.run([os.path.join(BIN, 'flask'), '--app', 'wsgi', 'content', 'import', str(path)], cwd=ROOT,
                   env=live_server['env'], check=True, capture_output=True)
    return path


def test_search_finds_other_spellings_highlighted_and_narrows_by_city(page, live_server, log_in, archive):
    log_in('karaj@example.org')
    box = page.locator('input[name=q][data-suggest-url]')
    box.fill('ديوارنگاره')  # Arabic ي, no plural: the documents say دیوارنگاره‌ها / دیوارنگارههای / ديوارنگاره هاي
    dropdown = page.locator('.suggest-menu .suggest-item')
    dropdown.first.wait_for(timeout=5000)
    assert dropdown.count() >= 3
    screenshot(page, 'search-dropdown')
    box.press('Enter')
    page.wait_for_url('**/search?q=*')

    hits = page.locator('.search-hit')
    assert hits.count() == 3
    marked = set(page.locator('.search-hit mark').all_inner_texts())
    assert {f'دیوارنگاره{ZWNJ}های', 'ديوارنگاره هاي', 'دیوارنگارههای', 'دیوارنگاره'} <= marked
    screenshot(page, 'search-results')

    page.locator('.search-facets .facet-link', has_text='کرج').click()
    page.wait_for_url('**city=karaj*')
    assert page.locator('.search-hit').count() == 2
    assert 'تبریز' not in ' '.join(page.locator('.search-hit .hit-meta').all_inner_texts())
    assert page.locator('.facet-link.active', has_text='کرج').count() == 1
    screenshot(page, 'search-narrowed')

    page.set_viewport_size({'width': 390, 'height': 844})
    screenshot(page, 'search-phone')


def test_a_misspelt_word_finds_the_documents_and_says_what_was_searched(page, live_server, log_in, archive):
    log_in('observer@example.org')
    page.goto(live_server['url'] + '/search?q=' + 'دیوارنگارخ')
    assert 'چیزی پیدا نشد' not in page.content()
    assert page.locator('.search-corrected').inner_text().startswith('دیوارنگار')
    assert 'شما نوشته بودید' in page.inner_text('main')
    assert page.locator('.search-hit').count() >= 1
    screenshot(page, 'search-corrected')


def test_nothing_found_page_for_words_nothing_resembles(page, live_server, log_in, archive):
    log_in('observer@example.org')
    page.goto(live_server['url'] + '/search?q=' + 'ققققژژژ')
    assert 'چیزی پیدا نشد' in page.content()
    screenshot(page, 'search-nothing-found')


def test_results_page_works_without_javascript(browser, live_server, archive):
    context = browser.new_context(java_script_enabled=False, locale='fa-IR')
    page = context.new_page()
    page.goto(live_server['url'] + '/login')
    page.fill('input[name=email]', 'observer@example.org')
    page.fill('input[name=password]', 'commission-demo')
    page.click('button[type=submit]')
    page.fill('input[name=q][data-suggest-url]', 'دیوارنگاره')
    page.press('input[name=q][data-suggest-url]', 'Enter')
    page.wait_for_url('**/search?q=*')
    assert page.locator('.search-hit').count() == 3
    context.close()
