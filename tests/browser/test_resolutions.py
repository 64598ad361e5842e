"""The secretariat records a resolution for all cities, Karaj reports with evidence, the dashboard changes colour."""
import re
import uuid

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import fill_date, follow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]


def _cell(page, title):
    row = page.locator('#matrix tbody tr', has_text=title)
    return row.locator('td[data-city="karaj"] .rs-badge')


def test_resolution_from_creation_to_a_coloured_cell_and_an_excel_export(browser, live_server, tmp_path):
    url = live_server['url']
    title = f'پروتکل ارتباطات بحران {uuid.uuid4().hex[:6]}'

    def session(email):
        context = browser.new_context(locale='fa-IR', viewport={'width': 1280, 'height': 900}, accept_downloads=True)
        page = context.new_page()
        page.goto(url + '/login')
        page.fill('input[name=email]', email)
        page.fill('input[name=password]', 'commission-demo')
        follow(page, 'button[type=submit]')
        return context, page

    staff_ctx, staff = session('secretariat@example.org')
    staff.goto(url + '/resolutions/new')
    staff.fill('input[name=code]', f'۹/{uuid.uuid4().int % 900 + 10}')
    staff.fill('input[name=title]', title)
    staff.fill('textarea[name=text]', 'هر شهر سخنگوی واحد بحران تعیین کند.')
    fill_date(staff, 'input[name=deadline]', '۱۴۰۹/۱۲/۲۰')
    staff.check('input[name=scope][value=all]')
    follow(staff, 'main button[type=submit]')
    assert title in staff.inner_text('h1')
    assert 'کرج' in staff.inner_text('#cities') and 'تبریز' in staff.inner_text('#cities')
    screenshot(staff, 'resolution-detail')

    staff.goto(url + '/resolutions/dashboard')
    assert _cell(staff, title).get_attribute('data-status') == 'not_started'
    before = _cell(staff, title).evaluate('el => getComputedStyle(el).backgroundColor')

    director_ctx, director = session('karaj@example.org')
    director.goto(url + '/resolutions/mine')
    item = director.locator('.rs-item', has_text=title)
    item.get_by_role('button', name='گزارش پیشرفت').click()
    form = item.locator('form')
    form.locator('select').select_option('in_progress')
    form.locator('input[name=percent]').fill('۴۰')
    form.locator('textarea').fill('سخنگوی بحران تعیین شد؛ صورتجلسه پیوست است.')
    evidence = tmp_path / 'صورتجلسه.pdf'
    evidence.write_bytes(b'%PDF-1.4\n% evidence\n')
    form.locator('input[type=file]').set_input_files(str(evidence))
    follow(director, form.get_by_role('button', name='ثبت گزارش'))
    assert 'گزارش پیشرفت ثبت شد' in director.content()
    director.goto(url + '/resolutions/mine')
    director.locator('.rs-item', has_text=title).locator('a').first.click()
    assert 'صورتجلسه.pdf' in director.content()
    screenshot(director, 'assignment-history')

    staff.goto(url + '/resolutions/dashboard')
    cell = _cell(staff, title)
    assert cell.get_attribute('data-status') == 'in_progress'
    assert cell.evaluate('el => getComputedStyle(el).backgroundColor') != before
    screenshot(staff, 'dashboard')
    with staff.expect_download() as info:
        staff.locator('a[data-export=xlsx]').click()
    download = info.value
    assert re.match(r'resolutions-matrix-.*\.xlsx$', download.suggested_filename)
    path = tmp_path / 'matrix.xlsx'
    download.save_as(path)
    ws = load_workbook(path).active
    assert ws.sheet_view.rightToLeft
    assert any(row[1] == title for row in ws.iter_rows(values_only=True))

    staff.set_viewport_size({'width': 390, 'height': 844})
    staff.reload()
    screenshot(staff, 'dashboard-phone')
    staff.goto(url + '/resolutions/scorecard/karaj')
    screenshot(staff, 'scorecard')
    staff_ctx.close()
    director_ctx.close()


def test_a_link_to_an_older_report_opens_the_fold_and_lands_on_it(page, live_server, log_in):
    """A search hit or a task points at /resolutions/N#report-M; when that report is among the folded older ones,
    the page opens «گزارش‌های پیشین» and shows it."""
    url = live_server['url']
    log_in('observer@example.org')
    page.goto(url + '/resolutions/')
    links = page.eval_on_selector_all('main a[href^="/resolutions/"]', 'els => els.map(e => e.getAttribute("href"))')
    for href in dict.fromkeys(h for h in links if re.fullmatch(r'/resolutions/\d+', h)):
        page.goto(url + href)
        if page.locator('#older-reports').count():
            break
    else:
        pytest.fail('no demo resolution has enough reports to fold the older ones')
    assert page.locator('#older-reports').get_attribute('open') is None
    oldest = page.locator('#older-reports li[id^="report-"]').last.get_attribute('id')
    assert not page.locator(f'#{oldest}').is_visible()
    page.goto(f'{url}{href}#{oldest}')
    expect(page.locator(f'#{oldest}')).to_be_in_viewport()
    assert page.locator('#older-reports').get_attribute('open') is not None
    screenshot(page, 'resolution-older-report-opened')
    page.set_viewport_size({'width': 390, 'height': 844})
    page.goto(url + '/resolutions/')  # another page first: the same address again would not load anew
    page.goto(f'{url}{href}#{oldest}')
    expect(page.locator(f'#{oldest}')).to_be_in_viewport()
    screenshot(page, 'resolution-older-report-opened-phone')
