"""The secretariat can open the dashboard matrix to observers and directors: read-only, without the review queue."""
import pytest

from commission import settings
from commission.audit.models import AuditEntry
from commission.resolutions.rules import DASHBOARD_SETTING
from commission.resolutions.services import report_progress


def share(db, on=True):
    settings.set_(DASHBOARD_SETTING, 'on' if on else 'off')
    db.session.flush()


@pytest.mark.parametrize('shared', [False, True])
@pytest.mark.parametrize('role, staff', [('secretariat', True), ('admin', True), ('director', False),
                                         ('observer', False)])
def test_who_reads_the_dashboard(client, make, login, db, role, shared, staff):
    city = make.city()
    make.resolution([city])
    share(db, shared)
    login(make.user(role=role, city=city))
    assert client.get('/resolutions/dashboard').status_code == (200 if staff or shared else 403)
    # exports, bulk update and import stay the secretariat's, shared or not
    for url in ('/resolutions/dashboard.csv', '/resolutions/dashboard.xlsx', '/resolutions/bulk'):
        assert client.get(url).status_code == (200 if staff else 403)
    assert client.post('/resolutions/dashboard/sharing', data={'on': '1'}).status_code == (302 if staff else 403)


def test_members_see_the_matrix_without_exports_or_the_review_queue(client, make, login, db):
    karaj = make.city(name='کرج')
    resolution = make.resolution([karaj], title='پیوست رسانه‌ای پروژه‌های شهری')
    assignment = resolution.assignments[0]
    report_progress(assignment, status='done', note='یادداشت درونی شهر کرج', link='https://example.org/x',
                    author=make.user(role='director', city=karaj))
    db.session.flush()
    share(db)
    login(make.user(role='secretariat'))
    staff_page = client.get('/resolutions/dashboard').get_data(as_text=True)
    assert 'id="pending"' in staff_page and 'data-export="csv"' in staff_page
    login(make.user(role='observer'))
    page = client.get('/resolutions/dashboard').get_data(as_text=True)
    assert 'پیوست رسانه‌ای پروژه‌های شهری' in page and 'کرج' in page
    assert 'id="pending"' not in page and 'data-export' not in page and '/resolutions/bulk' not in page
    assert 'یادداشت درونی' not in page and 'id="sharing"' not in page and 'فقط خواندنی' in page


def test_the_secretariat_turns_it_on_and_off_and_it_is_audited(client, make, login, db):
    login(make.user(role='secretariat'))
    observer = make.user(role='observer')
    page = client.get('/resolutions/dashboard').get_data(as_text=True)
    assert 'نمایش به ناظران و مدیران شهرها' in page
    assert client.post('/resolutions/dashboard/sharing', data={'on': '1'}).status_code == 302
    assert settings.is_on(DASHBOARD_SETTING)
    login(observer)
    assert client.get('/resolutions/dashboard').status_code == 200
    assert 'ماتریس پیگیری' in client.get('/resolutions/').get_data(as_text=True)
    login(make.user(role='secretariat'))
    client.post('/resolutions/dashboard/sharing', data={'on': '0'})
    login(observer)
    assert client.get('/resolutions/dashboard').status_code == 403
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.kind == 'setting_changed')).all()
    assert [e.details['value'] for e in entries] == ['on', 'off']
