"""/public/ and its feed: readable without signing in, cacheable, cheap, and showing only what was made public."""
import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import event

from commission.attachments.models import Attachment

ATOM = '{http://www.w3.org/2005/Atom}'


@pytest.fixture
def published(db, make):
    """One of each thing the page may show, and one of each it must never show."""
    karaj, tabriz = make.city(name='کرج', slug='karaj-pub'), make.city(name='تبریز', slug='tabriz-pub')
    approved = make.approved_meeting(number=61, minutes='متن صورتجلسه تأییدشده')
    draft_minutes = make.meeting('minutes_draft', number=62, days_ahead=-3, minutes='متن صورتجلسه تأییدنشده')
    shown = make.resolution([karaj, tabriz], code='6/1', title='مصوبه عمومی پیوست رسانه‌ای', meeting=approved,
                            public=True, text='همه شهرها پیوست رسانه‌ای بنویسند.')
    make.resolution([karaj], code='6/2', title='مصوبه داخلی کمیسیون', meeting=approved)
    make.resolution([karaj], code='6/3', title='مصوبه نشست تأییدنشده', meeting=draft_minutes, public=True)
    make.resolution([karaj], code='6/4', title='مصوبه لغوشده عمومی', public=True, status='withdrawn')
    assignment = next(a for a in shown.assignments if a.city_id == karaj.id)
    report = make.report(assignment, status='in_progress', percent=45, note='یادداشت داخلی محرمانه کرج')
    make._add(Attachment(owner_type='report', owner_id=report.id, original_name='مستند-محرمانه.pdf',
                         stored_name=f'secret{report.id}.pdf', content_type='application/pdf', size=10))
    make.practice(city=karaj, title='تجربه منتشرشده کرج', summary='خلاصه عمومی تجربه',
                  category=make.category('دسته عمومی آزمون'))
    for status in ('draft', 'submitted', 'changes_requested'):
        make.practice(city=karaj, title=f'تجربه {status} کرج', status=status)
    make.city_report(karaj, introduction='مقدمه پیش‌نویس گزارش کرج')
    db.session.commit()
    return shown


NEVER = ['مصوبه داخلی کمیسیون', 'مصوبه نشست تأییدنشده', 'مصوبه لغوشده عمومی', 'یادداشت داخلی محرمانه',
         'مستند-محرمانه', 'تجربه draft', 'تجربه submitted', 'تجربه changes_requested', 'متن صورتجلسه',
         'مقدمه پیش‌نویس', '/files/']


def test_anonymous_reader_sees_the_public_items(client, published):
    response = client.get('/public/')
    html = response.get_data(as_text=True)
    assert response.status_code == 200  # no sign-in redirect
    assert 'مصوبه عمومی پیوست رسانه‌ای' in html and 'همه شهرها پیوست رسانه‌ای بنویسند.' in html
    assert 'کرج' in html and 'تبریز' in html and '۴۵٪' in html and 'در حال اقدام' in html
    assert 'تجربه منتشرشده کرج' in html and 'خلاصه عمومی تجربه' in html
    assert '<html lang="fa" dir="rtl">' in html and 'style=' not in html and '<script' not in html


@pytest.mark.parametrize('path', ['/public/', '/public/feed.atom'])
def test_nothing_private_ever_appears(client, published, path):
    text = client.get(path).get_data(as_text=True)
    for secret in NEVER:
        assert secret not in text, secret


def test_a_resolution_stays_off_until_marked_and_its_minutes_approved(client, published, make, db):
    assert 'مصوبه داخلی کمیسیون' not in client.get('/public/').get_data(as_text=True)
    from commission.meetings.models import Meeting
    meeting = db.session.scalars(db.select(Meeting).where(Meeting.number == 62)).one()
    meeting.status = 'minutes_approved'
    db.session.commit()
    assert 'مصوبه نشست تأییدنشده' in client.get('/public/').get_data(as_text=True)


def test_page_is_cacheable_and_keeps_security_headers(client, published):
    response = client.get('/public/')
    assert response.cache_control.public and response.cache_control.max_age == 300
    assert response.headers['ETag'] and 'Last-Modified' not in response.headers  # see public.views._cacheable
    assert 'Set-Cookie' not in response.headers
    assert "default-src 'self'" in response.headers['Content-Security-Policy']
    assert response.headers['X-Content-Type-Options'] == 'nosniff'
    again = client.get('/public/', headers={'If-None-Match': response.headers['ETag']})
    assert again.status_code == 304 and not again.data
    changed = client.get('/public/', headers={'If-None-Match': '"something-else"'})
    assert changed.status_code == 200 and changed.data == response.data


def test_a_signed_in_reader_gets_a_private_copy(client, login, make, published):
    login(make.user(role='director'))
    response = client.get('/public/')
    assert response.status_code == 200
    assert response.cache_control.private and not response.cache_control.public
    assert not response.cache_control.no_store  # still cacheable by the reader's own browser
    html = response.get_data(as_text=True)
    assert 'csrf' not in html  # the same page for everyone: nothing of the user in it


def test_feed_is_valid_atom(client, published):
    response = client.get('/public/feed.atom')
    assert response.status_code == 200 and response.headers['Content-Type'].startswith('application/atom+xml')
    assert response.cache_control.public
    root = ET.fromstring(response.data)
    assert root.tag == f'{ATOM}feed'
    for tag in ('id', 'title', 'updated', 'author'):
        assert root.find(f'{ATOM}{tag}') is not None, tag
    assert root.find(f'{ATOM}link[@rel="self"]').get('href').endswith('/public/feed.atom')
    entries = root.findall(f'{ATOM}entry')
    titles = [e.findtext(f'{ATOM}title') for e in entries]
    assert 'مصوبه ۶/۱: مصوبه عمومی پیوست رسانه‌ای' in titles and 'تجربه منتشرشده کرج' in titles
    ids = [e.findtext(f'{ATOM}id') for e in entries]
    assert len(ids) == len(set(ids)) and all(i.startswith('http') for i in ids)
    for entry in entries:
        dt.datetime.strptime(entry.findtext(f'{ATOM}updated'), '%Y-%m-%dT%H:%M:%SZ')
        assert entry.find(f'{ATOM}link').get('href').startswith('http')


def _count_queries(app, db, fn):
    statements = []

    def count(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(('SAVEPOINT', 'RELEASE', 'ROLLBACK')):
            statements.append(statement)
    engine = db.session.get_bind()
    event.listen(engine, 'before_cursor_execute', count)
    try:
        fn()
    finally:
        event.remove(engine, 'before_cursor_execute', count)
    return len(statements)


def test_query_count_does_not_grow_with_rows(app, client, make, db):
    def add(n):
        cities = [make.city() for _ in range(3)]
        meeting = make.approved_meeting()
        for _ in range(n):
            resolution = make.resolution(cities, meeting=meeting, public=True)
            make.report(resolution.assignments[0], status='in_progress', percent=20)
            make.practice(city=cities[0])
        db.session.commit()

    add(1)
    small = _count_queries(app, db, lambda: client.get('/public/'))
    add(8)
    large = _count_queries(app, db, lambda: client.get('/public/'))
    assert large == small and 0 < small <= 8
    assert _count_queries(app, db, lambda: client.get('/public/feed.atom')) == small


def test_resolution_form_marks_a_resolution_public(client, login, make, db):
    resolution = make.resolution([make.city()], title='مصوبه برای نمایش')
    login(make.user(role='secretariat'))
    db.session.commit()
    form = client.get(f'/resolutions/{resolution.id}/edit').get_data(as_text=True)
    assert 'name="public"' in form and 'صفحه شفافیت' in form
    data = {'code': '9/99', 'title': 'مصوبه برای نمایش', 'text': '', 'category': '', 'meeting_id': 0, 'scope': 'all',
            'lead_city_id': 0, 'public': 'y', 'reason': 'همه شهرهای عضو مشمول شدند.'}  # 'all' is a change of scope
    assert client.post(f'/resolutions/{resolution.id}/edit', data=data).status_code == 302
    assert db.session.get(type(resolution), resolution.id).public is True
    data.pop('public')
    client.post(f'/resolutions/{resolution.id}/edit', data=data)
    assert db.session.get(type(resolution), resolution.id).public is False


def test_public_indicators_only(client, make, db):
    karaj = make.city(name='کرج', slug='karaj-ind')
    shown = make.indicator(name='مخاطبان شبکه‌های اجتماعی', unit='نفر', public=True)
    hidden = make.indicator(name='شاخص داخلی دبیرخانه', public=False)
    period = make.period(1404, 1, locked=True)
    make.value(shown, karaj, period, 12500)
    make.value(hidden, karaj, period, 7)
    db.session.commit()
    html = client.get('/public/').get_data(as_text=True)
    assert 'مخاطبان شبکه‌های اجتماعی' in html and '۱۲٬۵۰۰' in html
    assert 'شاخص داخلی دبیرخانه' not in html


def test_query_count_does_not_grow_with_indicators(app, client, make, db):
    def add(n, period):
        city = make.city()
        for _ in range(n):
            indicator = make.indicator(public=True)
            make.value(indicator, city, period, 5)
            make.value(indicator, city, make.period(1404, 2), 6)  # a later, unlocked period
        db.session.commit()

    add(1, make.period(1404, 1, locked=True))
    one = _count_queries(app, db, lambda: client.get('/public/'))
    add(6, make.period(1403, 4, locked=True))
    assert _count_queries(app, db, lambda: client.get('/public/')) == one


def test_batched_rows_are_the_summarys_rows(make, db):
    from commission.indicators.public_rows import public_rows
    from commission.indicators.summary import public_indicator_rows
    a, b, guest = make.city(name='الف'), make.city(name='ب'), make.city(name='مهمان', is_member=False)
    locked, later = make.period(1404, 1, locked=True), make.period(1404, 2)
    lower = make.indicator(name='زمان پاسخ', public=True, higher_is_better=False)
    only_open = make.indicator(name='فقط دوره باز', public=True)
    make.indicator(name='بی‌مقدار', public=True)
    make.indicator(name='غیرعمومی', public=False)
    for city, value in ((a, 30), (b, 20), (guest, 10)):
        make.value(lower, city, locked, value)
        make.value(lower, city, later, value + 1)
    make.value(only_open, a, later, 4)
    make.value(only_open, b, later, 4)
    assert public_rows() == public_indicator_rows()
    rows = {r['name']: r for r in public_rows()}
    assert set(rows) == {'زمان پاسخ', 'فقط دوره باز', 'بی‌مقدار'}
    assert rows['زمان پاسخ']['period'] == locked and [v['city_name'] for v in rows['زمان پاسخ']['values']] == [
        'مهمان', 'ب', 'الف']
    assert rows['فقط دوره باز']['locked'] is False and [v['rank'] for v in rows['فقط دوره باز']['values']] == [1, 1]


def test_no_latin_digit_on_the_public_page(client, published):
    from ..core.test_persian_digits import latin_digits
    assert latin_digits(client.get('/public/').get_data(as_text=True)) == []
