"""An admin creates an account without typing a password; its owner follows the mailed link and lands signed in."""
import json
import os
import re
import sqlite3

import pytest

from .conftest import follow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]


def mailed_link(live_server, to):
    """The invitation link in the newest mail job for `to`, read from the live server's database (it has no SMTP)."""
    with sqlite3.connect(os.path.join(live_server['instance'], 'commission.db')) as conn:
        rows = conn.execute("SELECT payload FROM jobs WHERE kind = 'mail.send' ORDER BY id DESC").fetchall()
    for (payload,) in rows:
        for message in json.loads(payload)['messages']:
            if message['to'] == to:
                return re.search(r'https?://\S+(/invite/[\w-]+)', message['body']).group(1)
    raise AssertionError(f'no mail job for {to}')


def test_an_invited_director_sets_a_password_and_lands_signed_in(page, live_server, log_in):
    log_in('admin@example.org')
    page.goto(live_server['url'] + '/users/new')
    page.fill('input[name=full_name]', 'مدیر دعوت‌شده')
    page.fill('input[name=email]', 'invited@example.org')
    page.select_option('select[name=role]', 'director')
    page.select_option('select[name=city_id]', label='کرج')
    screenshot(page, 'users-new-invite')
    follow(page, 'form:has(input[name=full_name]) button[type=submit]')
    assert 'ساخته شد' in page.content()
    assert 'در انتظار پذیرش دعوت' in page.content()
    screenshot(page, 'users-invited')

    path = mailed_link(live_server, 'invited@example.org')
    page.context.clear_cookies()
    page.goto(live_server['url'] + path)
    assert 'invited@example.org' in page.content()
    page.fill('input[name=password]', 'my-own-pass-2026')
    page.fill('input[name=confirm]', 'my-own-pass-2026')
    screenshot(page, 'invite-set-password')
    follow(page, 'form:has(input[name=confirm]) button[type=submit]')
    assert page.url.rstrip('/') == live_server['url']
    assert 'مدیر دعوت‌شده' in page.content()

    page.goto(live_server['url'] + path)  # the link worked once
    assert 'دیگر کار نمی‌کند' in page.content()
    screenshot(page, 'invite-used')
    log_in('invited@example.org', 'my-own-pass-2026')
    assert 'کرج' in page.inner_text('nav')


def test_forgotten_password_and_the_shared_dashboard_at_phone_width(page, live_server, log_in):
    page.set_viewport_size({'width': 390, 'height': 844})
    page.context.clear_cookies()
    page.goto(live_server['url'] + '/login')
    page.click('#forgot-link')
    page.fill('input[name=email]', 'nobody@example.org')
    screenshot(page, 'forgot-phone')
    follow(page, 'form:has(input[name=email]) button[type=submit]')
    assert 'اگر حسابی فعال با این رایانامه باشد' in page.content()
    page.goto(live_server['url'] + '/reset/not-a-real-token')
    assert 'دیگر کار نمی‌کند' in page.content()
    screenshot(page, 'token-invalid-phone')

    log_in('secretariat@example.org')
    page.goto(live_server['url'] + '/resolutions/dashboard')
    follow(page, '#sharing button[type=submit]')
    log_in('observer@example.org')
    page.goto(live_server['url'] + '/resolutions/dashboard')
    assert page.locator('#matrix').count() == 1 and page.locator('[data-export]').count() == 0
    screenshot(page, 'dashboard-observer-phone')
    page.set_viewport_size({'width': 1280, 'height': 900})
    screenshot(page, 'dashboard-observer')
