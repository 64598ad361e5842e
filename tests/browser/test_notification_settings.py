"""The notification settings page in a real browser: reached from the account menu, saved, fits a phone."""
import pytest

from .conftest import screenshot
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]


def test_a_director_changes_how_practice_questions_reach_them(page, live_server, log_in):
    log_in('tehran@example.org')
    page.click('nav .dropdown-toggle')
    with page.expect_navigation():
        page.click('text=تنظیم اعلان‌ها')
    assert page.url.endswith('/notifications/settings')
    assert page.is_checked('#d-practice\\.comment-email')
    page.check('#d-practice\\.comment-daily')
    page.uncheck('#sms-meeting\\.tomorrow')
    with page.expect_navigation():
        page.click('button:has-text("ذخیرهٔ تنظیم اعلان‌ها")')
    assert 'تنظیم اعلان‌ها ذخیره شد' in page.content()
    assert page.is_checked('#d-practice\\.comment-daily') and not page.is_checked('#sms-meeting\\.tomorrow')
    screenshot(page, 'notification-settings-1280')
    assert axe_violations(page, live_server['url']) == []
    page.set_viewport_size({'width': 390, 'height': 844})
    assert page.evaluate('document.documentElement.scrollWidth') <= 390  # nothing sideways on a phone
    screenshot(page, 'notification-settings-390')
    assert axe_violations(page, live_server['url']) == []


def test_a_director_with_too_much_mail_makes_everything_a_weekly_digest(page, live_server, log_in):
    log_in('shiraz@example.org')
    page.goto(live_server['url'] + '/notifications/settings')
    page.get_by_label('همهٔ اعلان‌ها').select_option(label='خلاصهٔ هفتگی')
    with page.expect_navigation():
        page.get_by_role('button', name='اعمال برای همه').click()
    assert 'همهٔ اعلان‌ها «خلاصهٔ هفتگی» شد' in page.inner_text('.alert-success')
    assert page.is_checked('#d-practice\\.comment-weekly') and page.is_checked('#d-meeting\\.tomorrow-weekly')
    assert page.is_checked('#sms-meeting\\.tomorrow')  # an urgent kind's SMS stays as it was
    screenshot(page, 'notification-settings-every-weekly')
