"""A user types what people really type: a typo, a Latin acronym, a number in words; the documents are found."""
import json
import os
import subprocess

import pytest

from .conftest import BIN, ROOT, screenshot

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


@pytest.fixture(scope='module')
def archive(live_server, tmp_path_factory):
    path = tmp_path_factory.mktemp('typed') / 'archive.jsonl'
    path.write_text('\n'.join(json.dumps(line, ensure_ascii=False) for line in ARCHIVE), encoding='utf-8')
    subprocess.run([os.path.join(BIN, 'flask'), '--app', 'wsgi', 'content', 'import', str(path), '--create-cities'],
                   cwd=ROOT, env=live_server['env'], check=True, capture_output=True)
    return path


def search(page, live_server, q):
    page.goto(live_server['url'] + '/search')
    page.fill('main input[name=q], input[name=q]', q)
    with page.expect_navigation():
        page.locator('input[name=q]').first.press('Enter')
    return page.locator('.search-hit .hit-title').all_inner_texts()


def test_a_typo_a_latin_acronym_and_a_number_in_words_find_the_documents(page, live_server, log_in, archive):
    log_in('karaj@example.org')
    titles = search(page, live_server, 'ستاد اطلاغ رسانی جشنواره')  # غ for ع
    assert 'ستاد اطلاع‌رسانی جشنواره گل‌های بهاری کرج' in titles[:1]
    assert 'نتایج برای' in page.locator('[role=status]').inner_text()
    screenshot(page, 'search-typo')

    titles = search(page, live_server, 'BRT تبریز')
    assert titles[:1] == ['معرفی خط تازه اتوبوس تندرو در تبریز']
    screenshot(page, 'search-acronym')

    titles = search(page, live_server, 'نشست شصت و ششم')
    assert titles[:1] == ['صورتجلسه نشست ۶۶ کمیسیون ارتباطات']
    page.set_viewport_size({'width': 390, 'height': 844})
    screenshot(page, 'search-number-phone')
