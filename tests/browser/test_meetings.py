"""A meeting from scheduling to printed minutes, through the real pages, as the secretariat and a director."""
import datetime as dt
import io
import os
import secrets

import jdatetime
import pytest

from .conftest import fill_date, follow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]


def _shot(page, name):
    page.evaluate('window.scrollTo(0, 0)')  # the sticky navigation otherwise lands mid-page
    screenshot(page, name)


def test_schedule_confirm_record_approve_and_print(page, live_server, log_in):
    base = live_server['url']
    page.on('dialog', lambda dialog: dialog.accept())  # the «are you sure?» confirmations
    title = f'نشست آزمون مرورگر {secrets.token_hex(3)}'
    # today: the meeting is marked held below, which a meeting still ahead cannot be
    day = jdatetime.date.fromgregorian(date=dt.date.today())

    # the secretariat schedules the meeting
    log_in('secretariat@example.org')
    page.goto(base + '/meetings/')
    _shot(page, 'meetings-list')
    page.click('text=نشست جدید')
    assert page.input_value('input[name=number]')  # the next number, prefilled
    page.fill('input[name=title]', title)
    fill_date(page, 'input[name=meeting_date]', f'{day.year}/{day.month:02d}/{day.day:02d}')
    page.fill('input[name=start_time]', '۱۰:۰۰')
    page.select_option('select[name=host_city_id]', label='کرج')
    page.fill('input[name=venue]', 'دهکده محب سلامت')
    follow(page, 'main button:has-text("ذخیره و ادامه")')
    assert '/agenda' in page.url

    # two agenda items in the first empty rows (a follow-up item of open resolutions may come first)
    empty = [el for el in page.query_selector_all('input[name$="-title"]') if not el.input_value()]
    empty[0].fill('گزارش کرج از پیوست رسانه‌ای')
    empty[1].fill('رضایت‌سنجی در شبکه‌های اجتماعی')
    follow(page, 'button:has-text("ذخیره دستور جلسه")')
    meeting_url = page.url.split('#')[0]
    agenda = page.inner_text('#agenda')
    assert 'گزارش کرج از پیوست رسانه‌ای' in agenda and 'رضایت‌سنجی در شبکه‌های اجتماعی' in agenda

    # Karaj's director confirms the city's attendance
    log_in('karaj@example.org')
    page.goto(meeting_url)
    page.select_option('select[name=status]', 'present')
    page.fill('textarea[name=attendees]', 'محمدجلال سبزی، مدیرکل ارتباطات و امور بین‌الملل')
    follow(page, 'button:has-text("تأیید حضور")')
    assert 'وضعیت حضور شهر شما ثبت شد' in page.content()
    karaj_row = page.locator('#attendance tr', has_text='کرج').first.inner_text()
    assert 'حاضر' in karaj_row and 'محمدجلال سبزی' in karaj_row

    # the secretariat records the minutes and approves them
    log_in('secretariat@example.org')
    page.goto(meeting_url)
    follow(page, 'button:has-text("اعلام برگزاری نشست")')
    page.click('a:has-text("نوشتن صورتجلسه")')
    page.fill('input[name=minutes_number]', '۱۴۰۵/ک/۹۹۹')
    fill_date(page, 'input[name=minutes_date]', f'{day.year}/{day.month:02d}/{day.day:02d}')
    body = page.input_value('textarea[name=minutes]')
    assert '## 1.' in body or '## 2.' in body  # the outline follows the agenda
    report = 'کرج پیوست رسانه‌ای تعریض بلوار را گزارش کرد؛ **همه شهرها** موافق بودند.'
    page.fill('textarea[name=minutes]', body + '\n\n' + report)
    follow(page, 'button:has-text("ذخیره پیش‌نویس")')
    assert 'پیش‌نویس صورتجلسه' in page.inner_text('header')
    follow(page, 'button:has-text("تأیید نهایی صورتجلسه")')
    assert 'صورتجلسه تأییدشده' in page.inner_text('header')
    assert 'تاریخچه تغییرات' in page.content()
    _shot(page, 'meeting-approved')

    # the printable view shows it all
    page.click('a:has-text("نسخه چاپی صورتجلسه")')
    page.wait_for_load_state('networkidle')
    sheet = page.inner_text('article.sheet')
    for text in (title, 'گزارش کرج از پیوست رسانه‌ای', 'رضایت‌سنجی در شبکه‌های اجتماعی', 'همه شهرها',
                 '۱۴۰۵/ک/۹۹۹', 'محمدجلال سبزی', 'دهکده محب سلامت', 'امضای نمایندگان شهرهای حاضر', '(شماره '):
        assert text in sheet
    assert page.evaluate("getComputedStyle(document.querySelector('.sheet')).direction") == 'rtl'
    assert not page.query_selector('.draft-mark')
    _shot(page, 'minutes-print')

    pdf = page.pdf(format='A4', prefer_css_page_size=True, print_background=True)
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert len(reader.pages) <= 3
    if os.environ.get('SCREENSHOT_DIR'):
        with open(os.path.join(os.environ['SCREENSHOT_DIR'], 'minutes-print.pdf'), 'wb') as f:
            f.write(pdf)


def test_meeting_pages_fit_a_phone(page, live_server, log_in):
    page.set_viewport_size({'width': 390, 'height': 844})
    log_in('tehran@example.org')
    page.goto(live_server['url'] + '/meetings/')
    _shot(page, 'meetings-list-phone')
    follow(page, '.meeting-list a >> nth=0')
    assert page.evaluate('document.documentElement.scrollWidth') <= 390
    _shot(page, 'meeting-phone')
