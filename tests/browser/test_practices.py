"""The practice library end to end: write, submit, publish, find, ask, adopt, answer."""
import base64
import secrets

import pytest

from .conftest import follow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]

#: a 1×1 PNG
PNG = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9'
                       'awAAAABJRU5ErkJggg==')


def test_a_practice_goes_from_one_city_to_another(page, live_server, log_in, tmp_path):
    url = live_server['url']
    title = f'میز خبر مشترک مناطق {secrets.token_hex(3)}'
    image = tmp_path / 'میز خبر.png'
    image.write_bytes(PNG)

    # Karaj's director writes the practice with an attachment and sends it for review
    log_in('karaj@example.org')
    page.goto(url + '/practices/new')
    page.fill('input[name=title]', title)
    page.fill('textarea[name=summary]', 'هر روز صبح خبرهای مناطق در یک جلسه کوتاه هماهنگ می‌شود.')
    page.fill('textarea[name=results]', '- **۳۰ درصد** خبر بیشتر در سه ماه')
    page.select_option('select[name=category_id]', label='تولید محتوا')
    page.fill('input[name=tags]', 'اتاق خبر، هماهنگی')
    page.fill('input[name=year]', '۱۴۰۴')
    page.set_input_files('input[name=files]', str(image))
    screenshot(page, 'practice-edit-1280')
    follow(page, 'button[value=submit]')
    assert 'برای بررسی به دبیرخانه فرستاده شد' in page.content()
    assert 'در انتظار بررسی دبیرخانه' in page.content()
    assert page.locator('img.attachment-thumb').count() == 1
    practice_url = page.url.split('#')[0]

    # the secretariat publishes it
    log_in('secretariat@example.org')
    page.goto(practice_url)
    follow(page, 'button:has-text("انتشار")')
    assert 'تجربه منتشر شد' in page.content()

    # Tehran's director finds it in the list, asks a question and records the adoption
    log_in('tehran@example.org')
    page.goto(url + '/practices/')
    page.select_option('select[name=city]', label='کرج')
    follow(page, 'button:has-text("نمایش")')
    screenshot(page, 'practice-list-1280')
    follow(page, f'a:has-text("{title}")')
    page.fill('#question-body', 'جلسه صبحگاهی چند دقیقه طول می‌کشد و چه کسانی در آن هستند؟')
    follow(page, 'button:has-text("ثبت پرسش")')
    assert 'پرسش شما ثبت شد' in page.content()
    page.fill('#adoptions textarea[name=note]', 'در منطقه ۱۰ میز خبر روزانه را راه انداختیم.')
    follow(page, 'button:has-text("ثبت به‌کارگیری")')
    assert 'به‌کارگیری این تجربه در تهران ثبت شد' in page.content()
    assert 'در منطقه ۱۰ میز خبر روزانه را راه انداختیم.' in page.inner_text('#adoptions')

    # Karaj's director sees the notification and replies; the asker (Tehran) accepts the reply as the answer
    log_in('karaj@example.org')
    assert page.locator('.notif-badge').count() == 1
    page.goto(url + '/notifications/')
    follow(page, f'button:has-text("درباره تجربه «{title}» پرسید")')
    assert page.url.startswith(practice_url)
    page.fill('.thread textarea[name=body]', 'پانزده دقیقه، با مسئولان روابط عمومی همه مناطق.')
    follow(page, 'button:has-text("ثبت پاسخ")')
    assert page.locator('button:has-text("پاسخ پرسشم را گرفتم")').count() == 0  # not the answering city
    log_in('tehran@example.org')
    page.goto(practice_url)
    with page.expect_navigation():
        page.click('button:has-text("پاسخ پرسشم را گرفتم")')
    answer = page.locator('.comment.is-answer')
    assert answer.count() == 1 and 'پانزده دقیقه' in answer.inner_text()
    assert 'پاسخ پذیرفته‌شده' in answer.inner_text()
    assert 'تهران' in page.inner_text('#adoptions')
    screenshot(page, 'practice-detail-1280')

    # the same pages at phone width
    page.set_viewport_size({'width': 390, 'height': 844})
    page.goto(practice_url)
    screenshot(page, 'practice-detail-390')
    page.goto(url + '/practices/')
    screenshot(page, 'practice-list-390')
    page.goto(practice_url + '/edit')
    screenshot(page, 'practice-edit-390')
