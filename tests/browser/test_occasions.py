"""The occasions calendar through the real pages: the month grid, an occasion, a poster uploaded by a city and
shown in the gallery once the worker has made its thumbnail."""
import secrets
import time

import pytest

from tests.occasions.factories import png_bytes

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]


def _shot(page, name):
    page.evaluate('window.scrollTo(0, 0)')
    screenshot(page, name)


def test_open_the_grid_open_an_occasion_upload_a_poster_and_see_it(page, live_server, log_in, tmp_path):
    base = live_server['url']
    log_in('karaj@example.org')
    page.goto(base + '/occasions/')
    grid = page.locator('table.occ-grid')
    assert grid.locator('thead th').count() == 7 and grid.locator('thead th').first.inner_text() == 'شنبه'
    assert page.locator('td[aria-current="date"]').count() == 1  # today is marked
    assert page.locator('nav a.nav-link.active', has_text='مناسبت‌ها').count() == 1
    _shot(page, 'occasions-grid-1280')
    with page.expect_navigation():
        page.click('a[rel=next]')
    assert 'm=' in page.url

    page.goto(base + '/occasions/')
    first = page.locator('.occ-coming a').first
    name = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert page.locator('h1').inner_text().strip() == name
    occasion_url = page.url.split('#')[0]

    title = f'پوستر آزمون مرورگر {secrets.token_hex(3)}'
    poster = tmp_path / 'poster.png'
    poster.write_bytes(png_bytes((1000, 1400), (120, 40, 60)))
    page.fill('input[name=title]', title)
    page.select_option('select[name=item_kind]', 'poster')
    page.set_input_files('input[name=file]', str(poster))
    with page.expect_navigation():
        page.click('#upload button[type=submit]')
    assert 'به بستهٔ رسانه‌ای افزوده شد' in page.content()
    card = page.locator('.occ-item', has_text=title)
    assert card.count() == 1 and 'کرج' in card.inner_text()

    for _ in range(60):  # the worker makes the thumbnail within a second or so; bounded wait
        if page.locator('.occ-item', has_text=title).locator('img').count():
            break
        time.sleep(0.5)
        page.goto(occasion_url)
    img = page.locator('.occ-item', has_text=title).locator('img')
    assert img.count() == 1 and '/thumb.jpg' in img.get_attribute('src')
    assert page.evaluate('(el) => el.naturalWidth', img.element_handle()) > 0  # the thumbnail loads
    _shot(page, 'occasions-gallery-1280')

    page.set_viewport_size({'width': 390, 'height': 844})
    page.goto(occasion_url)
    assert page.evaluate('document.documentElement.scrollWidth') <= 390
    _shot(page, 'occasions-gallery-390')
    page.goto(base + '/occasions/')
    assert page.evaluate('document.documentElement.scrollWidth') <= 390
    _shot(page, 'occasions-grid-390')
