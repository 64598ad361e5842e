"""One resolution from adoption to an accepted «done», with an extension on the way, and each person's bell."""
import re
import uuid

import pytest

from .conftest import fill_date, follow, screenshot
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]


def test_adoption_extension_evidence_and_acceptance_reach_the_right_people(browser, live_server):
    url = live_server['url']
    title = f'سخنگوی واحد بحران {uuid.uuid4().hex[:6]}'

    def session(email):
        context = browser.new_context(locale='fa-IR', viewport={'width': 1280, 'height': 900})
        page = context.new_page()
        page.goto(url + '/login')
        page.fill('input[name=email]', email)
        page.fill('input[name=password]', 'commission-demo')
        with page.expect_navigation():
            page.click('main button[type=submit]')
        return context, page

    def bell(page):
        page.goto(url + '/notifications/')
        return page.inner_text('main')

    staff_ctx, staff = session('secretariat@example.org')
    staff.goto(url + '/resolutions/new')
    staff.fill('input[name=code]', f'۸/{uuid.uuid4().int % 900 + 10}')
    staff.fill('input[name=title]', title)
    fill_date(staff, 'input[name=deadline]', '۱۴۰۹/۱۲/۲۰')
    staff.check('input[name=scope][value=all]')
    with staff.expect_navigation():
        staff.click('main button[type=submit]')
    assert title in staff.inner_text('h1')

    director_ctx, director = session('karaj@example.org')
    assert title in bell(director) and 'واگذار شد' in bell(director)
    director.goto(url + '/resolutions/mine')
    follow(director, director.locator('.rs-item', has_text=title).locator('a').first)
    assignment_url = director.url.split('#')[0]
    assert re.search(r'/resolutions/assignments/\d+$', assignment_url)

    # the city asks for more time; the secretariat is told and grants it
    follow(director, director.get_by_role('link', name='درخواست تمدید مهلت'))
    assert axe_violations(director, url) == []  # before the date picker opens (its own colours are the vendor's)
    director.fill('input[name=new_deadline]', '۱۴۱۰/۰۲/۳۱')
    director.fill('textarea[name=reason]', 'شورای تأمین شهر باید پروتکل را تأیید کند.')
    screenshot(director, 'extension-form')
    with director.expect_navigation():
        director.get_by_role('button', name='فرستادن درخواست به دبیرخانه').click()
    assert 'در انتظار تصمیم دبیرخانه' in director.inner_text('#extension')
    assert 'شورای تأمین شهر' in bell(staff)
    staff.goto(assignment_url)
    assert axe_violations(staff, url) == []  # the decision form, the responsible person, the report form
    with staff.expect_navigation():
        staff.get_by_role('button', name='پذیرفتن و تمدید مهلت').click()
    assert 'تمدیدشده' in staff.inner_text('#deadline') and '۱۴۱۰/۰۲/۳۱' in staff.inner_text('#deadline')
    assert 'تمدید مهلت پذیرفته شد' in staff.inner_text('#changes')
    assert 'تمدید کرد' in bell(director)

    # a «done» without evidence is refused and keeps the note; with a link it waits for review
    director.goto(assignment_url)
    form = director.locator('#report-form')
    form.locator('select').select_option('done')
    form.locator('textarea').fill('پروتکل تصویب و سخنگو معرفی شد.')
    with director.expect_navigation():
        form.get_by_role('button', name='ثبت گزارش').click()
    assert 'فایل مستند یا نشانی' in director.content()
    assert director.locator('#report-form textarea').input_value().strip() == 'پروتکل تصویب و سخنگو معرفی شد.'
    director.locator('#report-form select').select_option('done')
    director.fill('#report-form input[name=link]', 'https://example.org/karaj/news/1')
    with director.expect_navigation():
        director.locator('#report-form').get_by_role('button', name='ثبت گزارش').click()
    assert 'در انتظار تأیید' in director.inner_text('#current-status')

    staff.goto(assignment_url)
    assert 'https://example.org/karaj/news/1' in staff.content()
    with staff.expect_navigation():
        staff.get_by_role('button', name='تأیید انجام').click()
    assert staff.locator('#current-status .rs-badge').get_attribute('data-status') == 'done'
    screenshot(staff, 'assignment-accepted')
    staff.goto(url + staff.locator('nav[aria-label="مسیر"] a').nth(1).get_attribute('href'))
    assert 'تمدید مهلت پذیرفته شد' in staff.inner_text('#changes')
    assert axe_violations(staff, url) == []  # the resolution page with its history table
    assert 'تأیید کرد' in bell(director)
    # Tehran's director was told of the adoption, and of nothing that happened to Karaj
    tehran_ctx, tehran = session('tehran@example.org')
    lines = [line for line in bell(tehran).splitlines() if title in line]
    assert lines and all('واگذار شد' in line for line in lines)
    for ctx in (staff_ctx, director_ctx, tehran_ctx):
        ctx.close()
