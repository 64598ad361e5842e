"""Who reads, writes and publishes a report: a director only their own city's, others published ones, staff all."""
import pytest

from commission.reports import rules
from commission.reports.models import CityReport

URL = '/reports/city/{slug}/1404/2'
COMMISSION = '/reports/commission/1404/2'


@pytest.fixture
def cities(db, make):
    karaj, tabriz = make.city(slug='karaj-p'), make.city(slug='tabriz-p')
    return karaj, tabriz


def _report(db, city):
    return db.session.scalars(db.select(CityReport).where(CityReport.city_id == (city.id if city else None))).first()


def test_anonymous_is_sent_to_sign_in(client, cities):
    for path in ('/reports/', URL.format(slug='karaj-p'), COMMISSION, URL.format(slug='karaj-p') + '/report.docx'):
        response = client.get(path)
        assert response.status_code == 302 and '/login' in response.headers['Location']


def test_director_reads_and_edits_their_own_draft(client, login, make, cities, db):
    karaj, _ = cities
    login(make.user(role='director', city=karaj))
    assert client.get(URL.format(slug='karaj-p')).status_code == 200
    response = client.post(URL.format(slug='karaj-p') + '/introduction',
                           data={'introduction': 'کرج در این شش ماه **پیوست رسانه‌ای** را آغاز کرد.', 'action': 'save'})
    assert response.status_code == 302
    report = _report(db, karaj)
    assert report.status == 'draft' and 'پیوست رسانه‌ای' in report.introduction
    html = client.get(URL.format(slug='karaj-p')).get_data(as_text=True)
    assert '<strong>پیوست رسانه‌ای</strong>' in html


def test_director_publishes_and_withdraws(client, login, make, cities, db):
    karaj, _ = cities
    login(make.user(role='director', city=karaj))
    client.post(URL.format(slug='karaj-p') + '/introduction', data={'introduction': 'مقدمه', 'action': 'publish'})
    report = _report(db, karaj)
    assert report.status == 'published' and report.published_dt is not None
    # a published introduction is not edited in place
    response = client.post(URL.format(slug='karaj-p') + '/introduction',
                           data={'introduction': 'دیگر', 'action': 'save'})
    assert response.status_code == 422 and 'لغو' in response.get_data(as_text=True)
    assert _report(db, karaj).introduction == 'مقدمه'
    assert client.post(URL.format(slug='karaj-p') + '/unpublish').status_code == 302
    assert _report(db, karaj).status == 'draft'
    from commission.audit.models import AuditEntry
    kinds = db.session.scalars(db.select(AuditEntry.kind).where(AuditEntry.target == f'cityreport:{report.id}')).all()
    assert sorted(kinds) == ['report_published', 'unpublished']


@pytest.mark.parametrize('role', ['director', 'observer'])
def test_others_get_403_on_a_draft_and_read_it_published(client, login, make, cities, db, role):
    karaj, tabriz = cities
    make.city_report(karaj, status='draft')
    login(make.user(role=role, city=tabriz if role == 'director' else None))
    db.session.commit()
    for suffix in ('', '/print', '/report.docx', '/report.pdf'):
        assert client.get(URL.format(slug='karaj-p') + suffix).status_code == 403
    _report(db, karaj).status = 'published'
    db.session.commit()
    assert client.get(URL.format(slug='karaj-p')).status_code == 200
    assert client.get(URL.format(slug='karaj-p') + '/report.docx').status_code == 200


@pytest.mark.parametrize('role', ['director', 'observer'])
def test_others_cannot_write_or_publish(client, login, make, cities, db, role):
    karaj, tabriz = cities
    make.city_report(karaj, status='published', introduction='متن منتشرشده')
    login(make.user(role=role, city=tabriz if role == 'director' else None))
    db.session.commit()
    assert client.post(URL.format(slug='karaj-p') + '/introduction',
                       data={'introduction': 'دستکاری', 'action': 'publish'}).status_code == 403
    assert client.post(URL.format(slug='karaj-p') + '/unpublish').status_code == 403
    assert _report(db, karaj).introduction == 'متن منتشرشده' and _report(db, karaj).status == 'published'
    html = client.get(URL.format(slug='karaj-p')).get_data(as_text=True)
    assert 'name="introduction"' not in html and 'لغو انتشار' not in html


def test_secretariat_edits_any_city_and_the_commission(client, login, make, cities, db):
    karaj, _ = cities
    login(make.user(role='secretariat'))
    assert client.post(URL.format(slug='karaj-p') + '/introduction',
                       data={'introduction': 'از دبیرخانه', 'action': 'publish'}).status_code == 302
    assert _report(db, karaj).status == 'published'
    assert client.post(COMMISSION + '/introduction',
                       data={'introduction': 'گزارش کمیسیون', 'action': 'save'}).status_code == 302
    assert _report(db, None).introduction == 'گزارش کمیسیون'


def test_commission_report_is_the_secretariats_until_published(client, login, make, cities, db):
    karaj, _ = cities
    login(make.user(role='director', city=karaj))
    db.session.commit()
    assert client.get(COMMISSION).status_code == 403
    assert client.post(COMMISSION + '/introduction', data={'introduction': 'x', 'action': 'save'}).status_code == 403
    make.city_report(None, status='published')
    db.session.commit()
    assert client.get(COMMISSION).status_code == 200
    assert client.post(COMMISSION + '/unpublish').status_code == 403


def test_rules_directly(make, cities):
    karaj, tabriz = cities
    own, other = make.user(role='director', city=karaj), make.user(role='director', city=tabriz)
    staff, observer = make.user(role='secretariat'), make.user(role='observer')
    draft = make.city_report(karaj)
    assert rules.can_edit_city_report(own, karaj) and not rules.can_edit_city_report(other, karaj)
    assert rules.can_edit_city_report(staff, karaj) and not rules.can_edit_city_report(observer, karaj)
    assert rules.can_view_city_report(own, karaj, draft) and not rules.can_view_city_report(other, karaj, draft)
    assert not rules.can_view_city_report(observer, karaj, None)
    assert rules.can_edit_commission_report(staff) and not rules.can_edit_commission_report(own)


def test_bad_input_keeps_what_was_typed(client, login, make, cities, db):
    karaj, _ = cities
    login(make.user(role='director', city=karaj))
    typed = 'متن بلند ' * 3000
    response = client.post(URL.format(slug='karaj-p') + '/introduction', data={'introduction': typed, 'action': 'save'})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'حداکثر' in html and 'متن بلند متن بلند' in html
    assert _report(db, karaj) is None


def test_introduction_is_sanitised(client, login, make, cities, db):
    karaj, _ = cities
    make.city_report(karaj, status='published', introduction='<script>alert(1)</script> [x](javascript:alert(1))')
    login(make.user(role='observer'))
    db.session.commit()
    html = client.get(URL.format(slug='karaj-p')).get_data(as_text=True)
    assert '<script>alert' not in html and 'href="javascript' not in html and '&lt;script&gt;' in html


def test_unknown_period_or_city_is_404(client, login, make, cities):
    login(make.user(role='secretariat'))
    assert client.get('/reports/city/karaj-p/1404/5').status_code == 404
    assert client.get('/reports/city/karaj-p/2025/2').status_code == 404
    assert client.get('/reports/city/nowhere/1404/2').status_code == 404


def test_index_lists_what_each_may_open(client, login, make, cities, db):
    karaj, tabriz = cities
    make.city_report(tabriz, year=1404, span=2, status='published')
    login(make.user(role='director', city=karaj))
    db.session.commit()
    html = client.get('/reports/?year=1404&span=2').get_data(as_text=True)
    assert '/reports/city/karaj-p/1404/2' in html and '/reports/city/tabriz-p/1404/2' in html
    assert '/reports/commission/1404/2' not in html  # a draft commission report is the secretariat's
    go = client.get('/reports/go?city=karaj-p&year=1404&span=3')
    assert go.headers['Location'].endswith('/reports/city/karaj-p/1404/3')


def test_city_page_links_to_its_report_for_those_who_may_read_it(client, login, make, cities, db):
    karaj, tabriz = cities
    login(make.user(role='director', city=karaj))
    db.session.commit()
    assert '/reports/city/karaj-p/' in client.get('/cities/karaj-p').get_data(as_text=True)
    assert '/reports/city/tabriz-p/' not in client.get('/cities/tabriz-p').get_data(as_text=True)  # a draft
    assert 'گزارش‌های عملکرد' in client.get('/').get_data(as_text=True)  # the account menu


def test_a_running_period_is_not_published(client, login, make, cities, db):
    from commission.jalali import today_tehran
    from commission.reports.periods import current
    karaj, _ = cities
    period = current(today_tehran())
    login(make.user(role='director', city=karaj))
    url = f'/reports/city/karaj-p/{period.year}/{period.span}'
    assert 'value="publish"' not in client.get(url).get_data(as_text=True)
    response = client.post(url + '/introduction', data={'introduction': 'هنوز در جریان', 'action': 'publish'})
    assert response.status_code == 422 and 'تمام نشده' in response.get_data(as_text=True)
    report = _report(db, karaj)
    assert report.status == 'draft' and report.introduction == 'هنوز در جریان'  # the draft is kept
