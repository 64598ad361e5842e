"""A director opens the city's report, writes its introduction and publishes it; another city reads it; the public
page opens without signing in. No CSP violation, no serious axe violation on the way."""
import uuid

import pytest

from .conftest import follow, screenshot
from .test_accessibility import axe_violations
from .test_csp import WATCH

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]


def _session(browser, url, email=None, width=1280):
    context = browser.new_context(locale='fa-IR', viewport={'width': width, 'height': 900}, accept_downloads=True)
    page = context.new_page()
    problems = []
    page.add_init_script(WATCH)
    page.on('console', lambda m: 'Content Security Policy' in m.text and problems.append(m.text))
    if email:
        page.goto(url + '/login')
        page.fill('input[name=email]', email)
        page.fill('input[name=password]', 'commission-demo')
        with page.expect_navigation():
            page.click('button[type=submit]')
    return context, page, problems


def _csp(page):
    page.wait_for_load_state('networkidle')
    return page.evaluate('window.__csp || []')


def test_director_publishes_the_city_report_and_another_city_reads_it(browser, live_server):
    url = live_server['url']
    # letters only: the page writes a number in Persian digits, so a marker of hex digits alone ('282339') would
    # be shown as '۲۸۲۳۳۹' and not be found
    marker = ''.join('ابپتثجچحخدذرزسشص'[int(c, 16)] for c in uuid.uuid4().hex[:6])
    words = f'گاهنامه محله‌ای {marker}'
    context, page, problems = _session(browser, url, 'karaj@example.org')
    page.goto(url + '/')
    page.click('nav .dropdown-toggle')
    with page.expect_navigation():
        page.click('text=گزارش‌های عملکرد')
    assert page.url.endswith('/reports/')
    page.select_option('#pick-city', 'karaj')
    page.select_option('#pick-span', '4')
    page.select_option('#pick-year', index=2)  # a year that has ended, whose report the demo leaves alone
    with page.expect_navigation():
        page.click('main form button[type=submit]')
    assert '/reports/city/karaj/' in page.url and page.url.endswith('/4')
    report_url = page.url
    assert 'شهرداری کرج' in page.inner_text('h1')
    assert page.locator('text=پیش‌نویس').first.is_visible()
    assert page.locator('#ind-h').is_visible() and page.locator('#res-h').is_visible()
    assert page.locator('.rp-report table').count() >= 1  # the demo's resolutions (its indicators are later)
    assert axe_violations(page, url) == []
    page.fill('textarea[name=introduction]', f'در این سال **{words}** راه افتاد.')
    with page.expect_navigation():
        page.click('button[value=publish]')
    assert page.locator('.rp-head .badge', has_text='منتشرشده').is_visible()
    assert page.locator('.rp-intro strong', has_text=words).is_visible()
    screenshot(page, 'report-city-published')
    with page.expect_download() as download:
        page.click('text=Word (DOCX)')
    assert download.value.suggested_filename.endswith('.docx')
    follow(page, 'text=نمای چاپی (A4)')
    assert page.locator('.rp-sheet h1').inner_text().startswith('گزارش عملکرد سالانه')
    assert _csp(page) == [] and problems == []
    context.close()

    context, other, problems = _session(browser, url, 'tehran@example.org', width=390)
    other.goto(report_url)
    assert other.locator('.rp-intro strong', has_text=words).is_visible()
    assert other.locator('textarea[name=introduction]').count() == 0
    screenshot(other, 'report-city-phone')
    assert _csp(other) == [] and problems == []
    context.close()


def test_public_page_opens_without_signing_in(browser, live_server):
    url = live_server['url']
    for width in (1280, 390):
        context, page, problems = _session(browser, url, width=width)
        response = page.goto(url + '/public/')
        assert response.status == 200 and page.url.endswith('/public/')
        assert 'public' in response.headers['cache-control']
        assert page.locator('.pb-resolution').count() >= 1  # the demo marks resolutions public
        page.locator('.pb-cities summary').first.click()
        assert page.locator('.pb-cities table').first.is_visible()
        assert page.locator('.pb-indicator').count() >= 1
        assert axe_violations(page, url) == []
        assert _csp(page) == [] and problems == []
        screenshot(page, f'public-{width}')
        feed = page.request.get(url + '/public/feed.atom')
        assert feed.ok and feed.text().startswith('<?xml') and '<entry>' in feed.text()
        context.close()
