import datetime as dt
import io
import re

import pytest

from commission.resolutions.models import Assignment, ProgressReport, Resolution


def _form(**kw):
    data = {'code': '۳/۲', 'title': 'پروتکل ارتباطات بحران', 'text': 'متن **مصوبه**', 'category': 'ارتباطات بحران',
            'meeting_id': '0', 'deadline': '۱۴۰۵/۱۰/۳۰', 'scope': 'all', 'lead_city_id': '0'}
    data.update(kw)
    return data


# --- the permission matrix ---------------------------------------------------------------------------------

@pytest.mark.parametrize('role, allowed', [('admin', True), ('secretariat', True), ('director', False),
                                           ('observer', False)])
def test_only_staff_create_resolutions(client, make, login, db, role, allowed):
    make.city()
    login(make.user(role=role))
    assert client.get('/resolutions/new').status_code == (200 if allowed else 403)
    response = client.post('/resolutions/new', data=_form())
    assert response.status_code == (302 if allowed else 403)
    assert (db.session.scalar(db.select(db.func.count(Resolution.id))) == 1) == allowed


@pytest.mark.parametrize('role, allowed', [('admin', True), ('secretariat', True), ('director', False),
                                           ('observer', False)])
def test_only_staff_edit_close_or_withdraw(client, make, login, role, allowed):
    resolution = make.resolution([make.city()])
    login(make.user(role=role))
    assert client.get(f'/resolutions/{resolution.id}/edit').status_code == (200 if allowed else 403)
    response = client.post(f'/resolutions/{resolution.id}/status', data={'status': 'withdrawn'})
    assert response.status_code == (302 if allowed else 403)
    assert (resolution.status == 'withdrawn') == allowed


@pytest.mark.parametrize('url', ['/resolutions/dashboard', '/resolutions/dashboard.csv', '/resolutions/dashboard.xlsx',
                                 '/resolutions/bulk', '/resolutions/import'])
@pytest.mark.parametrize('role, status', [('secretariat', 200), ('admin', 200), ('director', 403), ('observer', 403)])
def test_dashboard_exports_and_uploads_are_for_staff(client, make, login, url, role, status):
    make.resolution([make.city()])
    login(make.user(role=role))
    assert client.get(url).status_code == status


def test_anonymous_users_are_sent_to_login(client, make):
    resolution = make.resolution([make.city()])
    for url in ('/resolutions/', f'/resolutions/{resolution.id}', '/resolutions/dashboard', '/resolutions/mine'):
        response = client.get(url)
        assert response.status_code == 302 and '/login' in response.headers['Location']


def test_a_director_reports_on_their_own_city_only(client, make, login, db):
    karaj, tabriz = make.city(name='کرج'), make.city(name='تبریز')
    resolution = make.resolution([karaj, tabriz])
    own, other = sorted(resolution.assignments, key=lambda a: a.city_id != karaj.id)
    login(make.user(role='director', city=karaj))
    response = client.post(f'/resolutions/assignments/{other.id}/report', data={'status': 'in_progress', 'note': 'x'})
    assert response.status_code == 403
    response = client.post(f'/resolutions/assignments/{own.id}/report',
                           data={'status': 'in_progress', 'percent': '۴۰', 'note': 'کارگروه تشکیل شد'})
    assert response.status_code == 302
    assert own.status == 'in_progress' and own.percent == 40 and other.status == 'not_started'
    report = db.session.scalar(db.select(ProgressReport))
    assert not report.on_behalf


def test_observers_read_but_do_not_report(client, make, login):
    assignment = make.assignment()
    login(make.user(role='observer'))
    assert client.get(f'/resolutions/{assignment.resolution_id}').status_code == 200
    assert client.get(f'/resolutions/assignments/{assignment.id}').status_code == 200
    assert client.post(f'/resolutions/assignments/{assignment.id}/report',
                       data={'status': 'done'}).status_code == 403


def test_the_secretariat_reports_on_a_citys_behalf_and_it_shows(client, make, login):
    assignment = make.assignment()
    login(make.user(role='secretariat'))
    client.post(f'/resolutions/assignments/{assignment.id}/report', data={'status': 'in_progress', 'note': 'تلفنی'})
    page = client.get(f'/resolutions/assignments/{assignment.id}').get_data(as_text=True)
    assert 'ثبت دبیرخانه از طرف شهر' in page


@pytest.mark.parametrize('role, allowed', [('secretariat', True), ('director', False), ('observer', False)])
def test_only_the_secretariat_accepts_or_returns_a_claim(client, make, login, role, allowed):
    assignment = make.assignment()
    claim = make.report(assignment, status='done')
    login(make.user(role=role, city=assignment.city) if role == 'director' else make.user(role=role))
    assert client.post(f'/resolutions/reports/{claim.id}/accept').status_code == (302 if allowed else 403)
    assert (claim.review == 'accepted') == allowed


def test_my_city_page_is_for_directors(client, make, login):
    city = make.city()
    make.resolution([city], title='پاسخگویی ۱۳۷', deadline=dt.date(2020, 1, 1))
    login(make.user(role='observer'))
    assert client.get('/resolutions/mine').status_code == 403
    login(make.user(role='director', city=city))
    page = client.get('/resolutions/mine').get_data(as_text=True)
    assert 'پاسخگویی ۱۳۷' in page and 'مهلت گذشته' in page


def test_my_city_page_lists_the_latest_finished_and_folds_the_rest(client, make, login):
    """Finished assignments only grow: the page lists the ten with the latest deadlines, counts them all and
    links to the whole list; what is still to do is never folded."""
    city = make.city()
    for i in range(12):
        assignment = make.assignment(city, title=f'مصوبه پایان‌یافته {i:02d}', deadline=dt.date(2024, 1, 1 + i))
        assignment.status = 'not_applicable'
    make.assignment(city, title='مصوبه در دست اقدام')
    login(make.user(role='director', city=city))
    page = client.get('/resolutions/mine').get_data(as_text=True)
    shown = re.findall(r'مصوبه پایان‌یافته (\d\d)', page)
    assert shown == [f'{i:02d}' for i in range(11, 1, -1)]  # the latest deadline first, the two oldest folded
    assert 'نمایش همه ۱۲ مورد' in page and '<div class="stat-value">۱۲</div>' in page
    assert 'مصوبه در دست اقدام' in page
    everything = client.get('/resolutions/mine?finished=all').get_data(as_text=True)
    assert re.findall(r'مصوبه پایان‌یافته (\d\d)', everything) == [f'{i:02d}' for i in range(11, -1, -1)]
    assert 'نمایش همه' not in everything and 'نمایش فقط تازه‌ترین‌ها' in everything


def test_a_resolutions_page_folds_its_older_reports(client, make, login):
    """Every city's reports over the years add up: the newest twelve are in the timeline, the others folded
    under «گزارش‌های پیشین», each still with its own anchor for links from search and tasks."""
    from commission.resolutions.views import REPORTS_SHOWN
    city = make.city()
    assignment = make.assignment(city)
    reports = [make.report(assignment, note=f'گزارش شماره {i:02d}') for i in range(REPORTS_SHOWN + 3)]
    for i, report in enumerate(reports):
        report.created_dt = dt.datetime(2026, 1, 1) + dt.timedelta(days=i)
    login(make.user(role='observer'))
    page = client.get(f'/resolutions/{assignment.resolution_id}').get_data(as_text=True)
    history = page[page.index('id="history"'):]  # the timeline (the cities' table shows each one's last note)
    shown, folded = history.split('<details class="rs-older" id="older-reports">')
    assert 'گزارش‌های پیشین (۳ گزارش)' in folded
    assert re.findall(r'گزارش شماره (\d\d)', shown) == [f'{i:02d}' for i in range(REPORTS_SHOWN + 2, 2, -1)]
    assert re.findall(r'گزارش شماره (\d\d)', folded) == ['02', '01', '00']
    assert f'id="report-{reports[0].id}"' in folded


def test_a_report_sent_from_my_city_page_comes_back_to_its_row(client, make, login):
    city = make.city()
    assignment = make.resolution([city], title='پاسخگویی ۱۳۸').assignments[0]
    login(make.user(role='director', city=city))
    page = client.get('/resolutions/mine').get_data(as_text=True)
    back = f'/resolutions/mine#assignment-{assignment.id}'
    # the page's one form (copied under the row by js/report_forms.js) returns to the row it is copied under
    assert 'name="next" value="/resolutions/mine#assignment-__ID__"' in page
    assert f'data-report-for="{assignment.id}"' in page
    assert f'data-action="/resolutions/assignments/{assignment.id}/report"' in page
    assert f'href="/resolutions/assignments/{assignment.id}#report-form"' in page  # without script
    response = client.post(f'/resolutions/assignments/{assignment.id}/report',
                           data={'status': 'in_progress', 'note': 'کارگروه تشکیل شد', 'next': back})
    assert response.status_code == 302 and response.location.endswith(back)


# --- pages -------------------------------------------------------------------------------------------------

def test_reports_cannot_be_edited_or_deleted_through_any_route(client, make, login, app):
    assignment = make.assignment()
    report = make.report(assignment)
    login(make.user(role='admin'))
    for url in (f'/resolutions/reports/{report.id}', f'/resolutions/reports/{report.id}/edit',
                f'/resolutions/reports/{report.id}/delete'):
        for method in ('post', 'put', 'delete'):
            assert getattr(client, method)(url).status_code in (404, 405)
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith('resolutions.')]
    assert not [r for r in rules if 'report_id' in r.arguments and r.endpoint not in
                ('resolutions.accept', 'resolutions.return_')]


def test_creating_records_the_resolution_for_all_cities_and_shows_it(client, make, login, db):
    cities = [make.city(name=n) for n in ('کرج', 'مشهد')]
    login(make.user(role='secretariat'))
    response = client.post('/resolutions/new', data=_form())
    resolution = db.session.scalar(db.select(Resolution))
    assert response.headers['Location'].endswith(f'/resolutions/{resolution.id}')
    assert resolution.code == '3/2' and resolution.deadline == dt.date(2027, 1, 20)
    page = client.get(f'/resolutions/{resolution.id}').get_data(as_text=True)
    assert '۳/۲' in page and '<strong>مصوبه</strong>' in page
    assert all(c.name in page for c in cities)
    assert 'اقدام نشده: شهر هنوز' in page  # each status carries its written meaning


def test_a_wrong_form_is_refused_in_persian_and_keeps_what_was_typed(client, make, login):
    make.city()
    login(make.user(role='secretariat'))
    response = client.post('/resolutions/new', data=_form(deadline='1405/13/40', scope='selected'))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'این تاریخ در تقویم وجود ندارد' in page and 'دست‌کم یک شهر' in page
    assert 'value="پروتکل ارتباطات بحران"' in page


def test_new_resolution_from_a_meeting_page_preselects_the_meeting(client, make, login):
    meeting = make.meeting(number=7, title='نشست هفتم')
    login(make.user(role='secretariat'))
    page = client.get(f'/resolutions/new?meeting_id={meeting.id}').get_data(as_text=True)
    assert f'<option selected value="{meeting.id}">' in page or f'value="{meeting.id}" selected' in page


def test_a_report_with_evidence_keeps_the_file_and_a_bad_file_loses_nothing(client, make, login, db):
    city = make.city()
    assignment = make.assignment(city)
    login(make.user(role='director', city=city))
    bad = client.post(f'/resolutions/assignments/{assignment.id}/report', content_type='multipart/form-data',
                      data={'status': 'done', 'note': 'گزارش کامل', 'files': (io.BytesIO(b'MZ...'), 'برنامه.exe')})
    assert bad.status_code == 422 and 'پذیرفته نیست' in bad.get_data(as_text=True)
    assert 'گزارش کامل' in bad.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ProgressReport.id))) == 0
    good = client.post(f'/resolutions/assignments/{assignment.id}/report', content_type='multipart/form-data',
                       data={'status': 'done', 'note': 'گزارش کامل',
                             'files': (io.BytesIO(b'%PDF-1.4 test'), 'صورتجلسه.pdf')})
    assert good.status_code == 302
    page = client.get(f'/resolutions/assignments/{assignment.id}').get_data(as_text=True)
    assert 'صورتجلسه.pdf' in page and 'انجام شد، در انتظار تأیید' in page


def test_dashboard_shows_the_matrix_with_overdue_marks_and_totals(client, make, login):
    karaj, tabriz = make.city(name='کرج'), make.city(name='تبریز')
    late = make.resolution([karaj, tabriz], title='انتشار آمار ۱۳۷', deadline=dt.date(2020, 1, 1))
    make.resolution([karaj], title='پروتکل بحران', deadline=dt.date(2099, 1, 1))
    done = next(a for a in late.assignments if a.city_id == karaj.id)
    make.report(done, author=make.user(role='secretariat'), status='done')
    login(make.user(role='secretariat'))
    page = client.get('/resolutions/dashboard').get_data(as_text=True)
    matrix = page[page.index('id="matrix"'):]
    assert matrix.count('data-overdue="1"') == 1 and 'پروتکل بحران' in matrix
    assert 'data-status="done"' in page
    only_late = client.get('/resolutions/dashboard?overdue=1').get_data(as_text=True)
    assert 'انتشار آمار ۱۳۷' in only_late and 'پروتکل بحران' not in only_late
    ranged = client.get('/resolutions/dashboard?from=۱۴۰۰/۰۱/۰۱&to=1402-01-01').get_data(as_text=True)
    assert 'انتشار آمار ۱۳۷' not in ranged and 'پروتکل بحران' not in ranged


def test_scorecard_compares_with_the_commission_average(client, make, login):
    karaj, tabriz = make.city(name='کرج', slug='karaj-t'), make.city(name='تبریز')
    staff = make.user(role='secretariat')
    for _ in range(2):
        r = make.resolution([karaj, tabriz], deadline=dt.date(2020, 1, 1))
        make.report(next(a for a in r.assignments if a.city_id == karaj.id), author=staff, status='done')
    login(make.user(role='observer'))
    page = client.get('/resolutions/scorecard/karaj-t').get_data(as_text=True)
    assert '۱۰۰٪' in page and 'میانگین کمیسیون' in page and '۵۰٪' in page and '<svg class="rs-chart"' in page


def test_home_and_city_pages_carry_the_resolution_sections(client, make, login):
    city = make.city(name='کرج', slug='karaj-h')
    assignment = make.assignment(city, title='تقویم مشترک مناسبت‌ها', deadline=dt.date(2020, 1, 1))
    make.report(assignment, status='done')
    login(make.user(role='secretariat'))
    home = client.get('/').get_data(as_text=True)
    assert 'در انتظار تأیید' in home and 'تقویم مشترک مناسبت‌ها' in home
    assert 'کارنامه اجرای مصوبه‌ها' in client.get('/cities/karaj-h').get_data(as_text=True)
    login(make.user(role='director', city=city))
    assert 'href="/resolutions/mine"' in client.get('/').get_data(as_text=True)  # the navigation's entry


def test_a_directors_home_card_counts_the_groups_and_lists_the_six_most_urgent(client, make, login):
    from commission.jalali import today_tehran
    today = today_tehran()
    city = make.city()
    director = make.user(role='director', city=city)
    for n in range(3):
        make.assignment(city, title=f'دیرکرد {n}', deadline=today - dt.timedelta(days=10 - n))
    for n in range(5):
        make.assignment(city, title=f'نزدیک {n}', deadline=today + dt.timedelta(days=5 + n))
    make.assignment(city, title='دوردست', deadline=today + dt.timedelta(days=90))
    make.assignment(city, title='بی‌مهلت')
    make.report(make.assignment(city, title='ادعاشده', deadline=today), author=director, status='done')
    login(director)
    home = client.get('/').get_data(as_text=True)
    card = home[home.index('id="home-my-resolutions"'):]
    card = card[:card.index('</section>')]
    assert '۱۰ پیگیری باز' in card and '۳ با مهلت گذشته' in card
    assert '۵ با مهلت در ۳۰ روز آینده' in card and '۱ در انتظار تأیید' in card
    shown = re.findall(r'(دیرکرد \d|نزدیک \d|دوردست|بی‌مهلت|ادعاشده)</a>', card)
    assert shown == ['دیرکرد 0', 'دیرکرد 1', 'دیرکرد 2', 'نزدیک 0', 'نزدیک 1', 'نزدیک 2']
    assert card.count('data-overdue="1"') == 3


def test_report_evidence_is_readable_by_signed_in_users(client, make, login, db):
    from commission.attachments.models import Attachment
    city = make.city()
    assignment = make.assignment(city)
    login(make.user(role='director', city=city))
    client.post(f'/resolutions/assignments/{assignment.id}/report', content_type='multipart/form-data',
                data={'status': 'in_progress', 'files': (io.BytesIO(b'%PDF-1.4 x'), 'گزارش.pdf')})
    attachment = db.session.scalar(db.select(Attachment).where(Attachment.owner_type == 'report'))
    login(make.user(role='observer'))
    assert client.get(f'/files/{attachment.id}/x.pdf').status_code == 200


def test_editing_scope_says_which_cities_were_kept(client, make, login, db):
    a, b = make.city(name='اصفهان'), make.city(name='یزد')
    resolution = make.resolution([a, b])
    make.report(next(x for x in resolution.assignments if x.city_id == b.id))
    login(make.user(role='secretariat'))
    response = client.post(f'/resolutions/{resolution.id}/edit', data=_form(
        code=resolution.code, scope='selected', city_ids=[str(a.id)], reason='بازنگری'), follow_redirects=True)
    assert 'یزد' in response.get_data(as_text=True) and 'باقی ماند' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Assignment.id))) == 2
