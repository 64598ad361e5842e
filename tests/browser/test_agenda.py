"""Agenda editing without saving first: add rows, move one up (by keyboard), remove one, save, see the order."""
import datetime as dt
import secrets

import jdatetime
import pytest

from .conftest import fill_date, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]


def _new_meeting(page, base):
    day = jdatetime.date.fromgregorian(date=dt.date.today() + dt.timedelta(days=50))
    page.goto(base + '/meetings/new')
    page.fill('input[name=title]', f'نشست دستور جلسه {secrets.token_hex(3)}')
    fill_date(page, 'input[name=meeting_date]', f'{day.year}/{day.month:02d}/{day.day:02d}')
    page.select_option('select[name=host_city_id]', label='کرج')
    with page.expect_navigation():  # not wait_for_load_state: the form page itself is already loaded
        page.click('main button:has-text("ذخیره و ادامه")')
    assert '/agenda' in page.url


def test_add_move_remove_and_save_agenda_rows(page, live_server, log_in):
    log_in('secretariat@example.org')
    _new_meeting(page, live_server['url'])
    rows = page.locator('#agenda-rows .agenda-row')
    before = rows.count()
    assert 'Markdown' not in page.inner_text('main')
    assert page.locator('.agenda-nojs').is_hidden()  # «save to get more rows» is not true with the add button
    page.click('#agenda-add')
    page.click('#agenda-add')
    assert rows.count() == before + 2
    assert page.evaluate('document.activeElement.name') == f'items-{before + 1}-title'  # the new row's title
    rows.nth(before - 1).locator('input[name$="-title"]').fill('بند جیم')
    rows.nth(before).locator('input[name$="-title"]').fill('بند الف')
    rows.nth(before + 1).locator('input[name$="-title"]').fill('بند بی')
    rows.nth(before + 1).locator('textarea').fill('- نکته نخست\n- نکته دوم')
    # «بی» goes up twice: once by mouse, once by the keyboard on the button that keeps the focus
    rows.nth(before + 1).locator('[data-agenda=up]').click()
    page.keyboard.press('Enter')
    titles = [rows.nth(i).locator('input[name$="-title"]').input_value() for i in range(before - 1, before + 2)]
    assert titles == ['بند بی', 'بند جیم', 'بند الف']
    assert rows.nth(before - 1).locator('input[name$="-title"]').get_attribute('name') == f'items-{before - 1}-title'
    assert rows.nth(before - 1).locator('textarea').input_value() == '- نکته نخست\n- نکته دوم'  # the note moved too
    rows.nth(before + 1).locator('[data-agenda=remove]').click()
    assert rows.count() == before + 1
    screenshot(page, 'agenda-edit')
    page.set_viewport_size({'width': 390, 'height': 844})
    screenshot(page, 'agenda-edit-phone')
    page.set_viewport_size({'width': 1280, 'height': 900})
    with page.expect_navigation():
        page.click('button:has-text("ذخیره دستور جلسه")')
    agenda = page.inner_text('#agenda')
    assert 'بند الف' not in agenda
    assert agenda.index('بند بی') < agenda.index('بند جیم')
    assert 'نکته نخست' in agenda


def test_removing_a_saved_item_deletes_it(page, live_server, log_in):
    log_in('secretariat@example.org')
    _new_meeting(page, live_server['url'])
    rows = page.locator('#agenda-rows .agenda-row')
    rows.nth(rows.count() - 3).locator('input[name$="-title"]').fill('بند ماندنی')
    rows.nth(rows.count() - 2).locator('input[name$="-title"]').fill('بند رفتنی')
    with page.expect_navigation():
        page.click('button:has-text("ذخیره دستور جلسه")')
    page.goto(page.url.split('#')[0] + '/agenda')
    saved = page.locator('#agenda-rows .agenda-row', has=page.locator('input[value="بند رفتنی"]'))
    assert saved.locator('.agenda-remove-box').is_hidden()  # the no-JS box gives way to the button
    saved.locator('[data-agenda=remove]').click()
    with page.expect_navigation():
        page.click('button:has-text("ذخیره دستور جلسه")')
    agenda = page.inner_text('#agenda')
    assert 'بند ماندنی' in agenda and 'بند رفتنی' not in agenda
