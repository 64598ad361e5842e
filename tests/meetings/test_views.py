"""The meetings pages as members use them: lists, forms, minutes, the printout and the page sections."""
import datetime as dt
import re

import pytest

from commission.jalali import format_jalali, today_tehran
from commission.meetings.models import Meeting
from commission.resolutions.models import Resolution


@pytest.fixture
def staff(make, login):
    return login(make.user(role='secretariat'))


def test_the_list_separates_upcoming_and_past_meetings(client, make, login):
    login(make.user(role='observer'))
    make.meeting(title='نشست پیش رو', number=30, days_ahead=5)
    make.approved_meeting(title='نشست گذشته', number=29)
    make.meeting('cancelled', title='نشست لغوشده', days_ahead=3)
    make.meeting('minutes_approved', title='صورتجلسه بایگانی', meeting_date=None, ref='archive-1')
    page = client.get('/meetings/').get_data(as_text=True)
    upcoming, past = page.split('نشست‌های گذشته و صورتجلسه‌ها')
    assert 'نشست پیش رو' in upcoming and '۵' in upcoming and 'روز دیگر' in upcoming
    assert 'نشست گذشته' in past and 'نشست لغوشده' in past and 'صورتجلسه بایگانی' in past
    assert 'نشست سی‌ام' not in page and 'نشست ۲۹ام' in past and 'لغوشده' in past and 'صورتجلسه تأییدشده' in past


def test_scheduling_a_meeting_with_persian_digits(client, make, staff, db):
    city = make.city(name='کرج')
    response = client.post('/meetings/new', data={
        'number': '۱۲', 'title': 'نشست دوازدهم', 'meeting_date': '۱۴۱۰/۰۲/۲۸', 'start_time': '۹:۳۰',
        'duration_minutes': '۹۰', 'host_city_id': str(city.id), 'venue': 'دهکده محب سلامت'})
    meeting = db.session.scalar(db.select(Meeting).where(Meeting.number == 12))
    assert response.status_code == 302 and response.location.endswith(f'/meetings/{meeting.id}/agenda')
    assert format_jalali(meeting.meeting_date) == '۱۴۱۰/۰۲/۲۸' and meeting.start_time == dt.time(9, 30)
    assert meeting.host_city == city and meeting.duration_minutes == 90
    assert meeting.attendance_for(city.id) is not None


def test_a_wrong_form_keeps_what_was_typed_and_says_why(client, staff):
    response = client.post('/meetings/new', data={'number': 'دوازده', 'title': 'عنوانی که نباید گم شود',
                                                  'meeting_date': '۱۴۰۳/۱۳/۴۰', 'start_time': '۲۵:۹۹'})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'عنوانی که نباید گم شود' in page and '۱۴۰۳/۱۳/۴۰' in page
    assert 'یک عدد صحیح بنویسید' in page and 'این تاریخ در تقویم وجود ندارد' in page and 'ساعت را به شکل' in page


def test_a_taken_number_is_refused(client, make, staff):
    make.meeting(number=5)
    response = client.post('/meetings/new', data={'number': '5', 'title': 'تکراری', 'meeting_date': '1410/01/10'})
    assert response.status_code == 422 and 'پیش‌تر ثبت شده' in response.get_data(as_text=True)


def test_the_agenda_form_saves_items_in_order_and_skips_blank_rows(client, make, staff):
    meeting = make.meeting()
    page = client.get(f'/meetings/{meeting.id}/agenda').get_data(as_text=True)
    assert page.count('name="items-') >= 3 * 5  # three blank rows to fill
    response = client.post(f'/meetings/{meeting.id}/agenda', data={
        'items-0-title': 'گزارش کرج', 'items-0-presenter': 'مدیرکل ارتباطات', 'items-0-note': '',
        'items-1-title': '', 'items-1-presenter': '', 'items-1-note': '',
        'items-2-title': 'شبکه‌های اجتماعی', 'items-2-note': '- بند یک'})
    assert response.status_code == 302
    assert [i.title for i in meeting.agenda_items] == ['گزارش کرج', 'شبکه‌های اجتماعی']
    detail = client.get(f'/meetings/{meeting.id}').get_data(as_text=True)
    assert detail.index('گزارش کرج') < detail.index('شبکه‌های اجتماعی') and '<li>بند یک</li>' in detail


def test_an_agenda_row_with_a_note_but_no_title_is_sent_back(client, make, staff):
    meeting = make.meeting()
    response = client.post(f'/meetings/{meeting.id}/agenda', data={'items-0-title': '', 'items-0-note': 'توضیح مهم'})
    assert response.status_code == 422 and 'توضیح مهم' in response.get_data(as_text=True)
    assert 'برای این بند عنوان بنویسید' in response.get_data(as_text=True)


def test_the_secretariat_fills_the_attendance_table(client, make, staff):
    a, b = make.city(name='مشهد'), make.city(name='تبریز')
    meeting = make.meeting('held', cities=[a, b])
    page = client.get(f'/meetings/{meeting.id}/attendance').get_data(as_text=True)
    assert 'مشهد' in page and 'تبریز' in page
    rows = sorted(meeting.attendances, key=lambda r: r.city.name)
    data = {'guests': 'شهردار میزبان'}
    for i, row in enumerate(rows):
        data[f'rows-{i}-city_id'] = str(row.city_id)
        data[f'rows-{i}-status'] = 'present' if row.city == a else 'excused'
        data[f'rows-{i}-attendees'] = 'زهرا حسینی، مدیرکل' if row.city == a else ''
    assert client.post(f'/meetings/{meeting.id}/attendance', data=data).status_code == 302
    detail = client.get(f'/meetings/{meeting.id}').get_data(as_text=True)
    assert 'زهرا حسینی، مدیرکل' in detail and 'غیبت موجه' in detail and 'شهردار میزبان' in detail


def test_a_director_sees_the_confirmation_form_for_their_city(client, make, login):
    city = make.city(name='شیراز')
    meeting = make.meeting(cities=[city])
    login(make.user(role='director', city=city, full_name='حسین کاظمی', position='مدیر ارتباطات'))
    page = client.get(f'/meetings/{meeting.id}').get_data(as_text=True)
    assert f'/meetings/{meeting.id}/attendance/{city.id}/confirm' in page and 'حسین کاظمی، مدیر ارتباطات' in page
    login(make.user(role='observer'))
    assert '/confirm' not in client.get(f'/meetings/{meeting.id}').get_data(as_text=True)


HOSTILE = ('## گزارش\n<script>alert(1)</script>\n\n[پیوند](javascript:alert(2))\n\n'
           '<img src=x onerror="alert(3)">\n\n**پررنگ**')


def test_hostile_markdown_in_the_minutes_is_neutralised(client, make, staff):
    meeting = make.meeting('held')
    client.post(f'/meetings/{meeting.id}/minutes', data={'minutes': HOSTILE, 'minutes_number': '', 'minutes_date': ''})
    assert meeting.minutes == HOSTILE.strip()
    for url in (f'/meetings/{meeting.id}', f'/meetings/{meeting.id}/minutes/print'):
        page = client.get(url).get_data(as_text=True)
        assert '<script>alert' not in page and '&lt;script&gt;alert(1)' in page  # shown as text, never run
        assert 'href="javascript' not in page and not re.search(r'<img[^>]*onerror', page)
        assert '<strong>پررنگ</strong>' in page


def test_approving_without_a_letter_number_explains_what_is_missing(client, make, staff):
    meeting = make.meeting('minutes_draft', minutes='متن')
    response = client.post(f'/meetings/{meeting.id}/minutes/approve', follow_redirects=True)
    assert 'شماره صورتجلسه' in response.get_data(as_text=True) and meeting.status == 'minutes_draft'


def test_saving_minutes_turns_a_held_meeting_into_a_draft_with_a_number(client, make, staff):
    meeting = make.meeting('held')
    response = client.post(f'/meetings/{meeting.id}/minutes', data={
        'minutes': 'متن صورتجلسه', 'minutes_number': '۱۴۰۵/ک/۳۰۱', 'minutes_date': '۱۴۰۵/۰۸/۰۱'})
    assert response.status_code == 302
    assert meeting.status == 'minutes_draft' and meeting.minutes_number == '۱۴۰۵/ک/۳۰۱'
    assert format_jalali(meeting.minutes_date) == '۱۴۰۵/۰۸/۰۱'


def test_the_minutes_form_starts_from_the_agenda(client, make, staff):
    meeting = make.meeting('held')
    client.post(f'/meetings/{meeting.id}/agenda', data={'items-0-title': 'گزارش تهران'})
    assert '## 1. گزارش تهران' in client.get(f'/meetings/{meeting.id}/minutes').get_data(as_text=True)


def test_the_meeting_page_lists_its_resolutions(client, make, staff, db):
    meeting = make.approved_meeting(number=8)
    resolution = Resolution(title='تقویم مشترک مناسبت‌ها', code='8/1', meeting=meeting, scope='selected')
    db.session.add(resolution)
    db.session.flush()
    page = client.get(f'/meetings/{meeting.id}').get_data(as_text=True)
    assert f'href="/resolutions/{resolution.id}"' in page and '۸/۱' in page
    printout = client.get(f'/meetings/{meeting.id}/minutes/print').get_data(as_text=True)
    assert 'تقویم مشترک مناسبت‌ها' in printout and 'مصوبات' in printout


def test_the_printable_minutes_carry_header_attendance_and_signature_lines(client, make, login):
    host, absent = make.city(name='کرج'), make.city(name='اهواز')
    director = make.user(role='director', city=host, full_name='محمدجلال سبزی')
    meeting = make.approved_meeting(number=2, host_city=host, present=[host], absent=[absent],
                                    venue='دهکده محب سلامت', minutes_number='1405/ک/207')
    login(director)
    client.post(f'/meetings/{meeting.id}/minutes/signoff')
    page = client.get(f'/meetings/{meeting.id}/minutes/print').get_data(as_text=True)
    assert 'صورتجلسه نشست دوم کمیسیون ارتباطات' in page and '(شماره ۲)' in page
    assert '۱۴۰۵/ک/۲۰۷' in page and 'دهکده محب سلامت' in page and 'شهرداری کرج' in page
    assert 'غایب:</strong> اهواز' in page
    assert 'sign-box' in page and 'تأیید در سامانه: ' + format_jalali(today_tehran()) in page
    assert 'پیش‌نویس' not in page.split('<article')[1].split('>')[0]  # not marked as a draft


def test_a_draft_printout_is_marked_as_draft(client, make, staff):
    meeting = make.meeting('minutes_draft', minutes='متن')
    assert 'class="draft-mark"' in client.get(f'/meetings/{meeting.id}/minutes/print').get_data(as_text=True)


def test_the_home_page_shows_the_next_meeting_and_the_latest_minutes(client, make, login):
    city = make.city()
    login(make.user(role='director', city=city))
    make.meeting(title='نشست بعدی آزمون', days_ahead=12, cities=[city])
    make.approved_meeting(title='صورتجلسه اخیر آزمون')
    page = client.get('/').get_data(as_text=True)
    assert 'نشست بعدی آزمون' in page and '۱۲' in page and 'روز مانده' in page
    assert 'صورتجلسه اخیر آزمون' in page and 'اعلام حضور' in page
    assert 'aria-labelledby="home-next-meeting"' in page  # rendered as HTML, not escaped text


@pytest.mark.parametrize('role', ['director', 'observer'])
def test_the_latest_minutes_on_the_home_page_are_the_newest_approved(client, make, login, role):
    """A director's home reads the approved meetings once (for the sign-offs too); the card still names the newest."""
    city = make.city()
    login(make.user(role=role, city=city if role == 'director' else None))
    make.approved_meeting(title='صورتجلسه قدیمی آزمون', meeting_date=dt.date(2026, 1, 10), present=[city])
    make.approved_meeting(title='صورتجلسه تازه آزمون', meeting_date=dt.date(2026, 9, 10), present=[city])
    make.approved_meeting(title='صورتجلسه میانی آزمون', meeting_date=dt.date(2026, 5, 10), present=[city])
    page = client.get('/').get_data(as_text=True)
    card = page[page.index('id="home-latest-minutes"'):]
    named = card[:card.index('</a>', card.index('card-body'))]  # the card's first link (sign-offs may follow)
    assert named.endswith('صورتجلسه تازه آزمون')


def test_a_city_page_shows_the_meetings_it_hosted_and_its_attendance(client, make, login):
    city = make.city(slug='host-city')
    login(make.user(role='observer'))
    make.approved_meeting(title='نشست میزبانی‌شده', host_city=city, present=[city])
    make.approved_meeting(title='نشست بی‌حضور', absent=[city])
    page = client.get('/cities/host-city').get_data(as_text=True)
    assert 'نشست میزبانی‌شده' in page and 'کارنامه حضور' in page and 'غایب' in page
    assert 'aria-labelledby="city-meetings-title"' in page


def test_reopening_is_visible_in_the_history_with_its_reason(client, make, staff):
    meeting = make.approved_meeting()
    client.post(f'/meetings/{meeting.id}/minutes/reopen', data={'reason': 'تاریخ صورتجلسه اشتباه بود'})
    page = client.get(f'/meetings/{meeting.id}').get_data(as_text=True)
    assert 'تاریخ صورتجلسه اشتباه بود' in page.split('تاریخچه تغییرات')[1]
