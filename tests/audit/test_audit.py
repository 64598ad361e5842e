"""The audit log: every event kind is recorded (who, when, from where, what); the admin browses and exports it."""
import csv
import datetime as dt
import io

import pytest

from commission.audit.models import KINDS, AuditEntry
from commission.audit.services import record

PASSWORD = 'a-long-password-1'


def entries(db, kind):
    return db.session.scalars(db.select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.id)).all()


def _post_login(client, email, password):
    return client.post('/login', data={'email': email, 'password': password},
                       environ_base={'REMOTE_ADDR': '198.51.100.4'})


def test_sign_in_success_and_failure_with_the_address(client, make, db):
    user = make.user(email='who@example.org', password=PASSWORD)
    _post_login(client, 'who@example.org', 'wrong-password')
    _post_login(client, 'ghost@example.org', 'wrong-password')
    _post_login(client, 'who@example.org', PASSWORD)
    failed = entries(db, 'login_failed')
    assert [(e.actor_id, e.actor_email, e.address) for e in failed] == [
        (user.id, 'who@example.org', '198.51.100.4'), (None, 'ghost@example.org', '198.51.100.4')]
    [success] = entries(db, 'login')
    assert success.actor_id == user.id and success.address == '198.51.100.4' and success.created_dt


def test_sign_out_everywhere(client, make, login, db):
    user = login(make.user())
    client.post('/account/sessions/revoke')
    assert [e.actor_id for e in entries(db, 'logout_everywhere')] == [user.id]


def test_account_creation_role_change_deactivation_and_resets(client, make, login, db):
    admin = login(make.user(role='admin'))
    client.post('/users/new', data={'full_name': 'تازه', 'email': 'new@example.org', 'role': 'observer',
                                    'active': 'y', 'password': PASSWORD})
    [created] = entries(db, 'user_created')
    target_id = int(created.target.split(':')[1])
    assert created.actor_id == admin.id and created.details['email'] == 'new@example.org'
    client.post(f'/users/{target_id}/edit', data={'full_name': 'نام دیگر', 'email': 'new@example.org',
                                                  'role': 'secretariat', 'active': 'y', 'city_id': ''})
    assert entries(db, 'role_changed')[0].details == {'from': 'observer', 'to': 'secretariat'}
    assert entries(db, 'user_changed')[0].details == {'fields': ['full_name']}
    client.post(f'/users/{target_id}/active')
    client.post(f'/users/{target_id}/active')
    assert len(entries(db, 'user_deactivated')) == 1 and len(entries(db, 'user_activated')) == 1
    client.post(f'/users/{target_id}/password', data={'password': 'reset-by-admin-3'})
    [reset] = entries(db, 'password_reset')
    assert reset.actor_id == admin.id and reset.target == f'user:{target_id}'


def test_own_password_change(client, make, login, db):
    user = login(make.user(password=PASSWORD))
    client.post('/account/password', data={'current_password': PASSWORD, 'new_password': 'another-long-pass-2',
                                           'confirm': 'another-long-pass-2'})
    [entry] = entries(db, 'password_changed')
    assert entry.actor_id == user.id and entry.target == f'user:{user.id}'


def test_practice_unpublished_and_deleted(make, db):
    from commission.practices.services import delete_practice, unpublish_practice
    staff = make.user(role='secretariat')
    practice = make.practice(title='تجربه حذف‌شدنی')
    unpublish_practice(practice, user=staff)
    assert entries(db, 'unpublished')[0].actor_id == staff.id
    practice_id = practice.id
    delete_practice(practice)
    [deleted] = entries(db, 'deleted')
    assert deleted.target == f'practice:{practice_id}' and deleted.details['title'] == 'تجربه حذف‌شدنی'


def test_minutes_reopened(make, db):
    from commission.meetings.services import reopen_minutes
    staff = make.user(role='secretariat')
    meeting = make.approved_meeting()
    reopen_minutes(meeting, 'اصلاح نام حاضران', user=staff)
    [entry] = entries(db, 'minutes_reopened')
    assert entry.actor_id == staff.id and entry.details == {'reason': 'اصلاح نام حاضران'}
    assert entry.target == f'meeting:{meeting.id}'


def test_resolution_deadline_and_scope_changes(make, db):
    from commission.resolutions.services import update_resolution
    karaj, tabriz = make.city(name='کرج'), make.city(name='تبریز')
    staff = make.user(role='secretariat')
    resolution = make.resolution([karaj], deadline=dt.date(2024, 7, 31))
    data = dict(code=resolution.code, title=resolution.title, text='', category='', meeting=None,
                deadline=dt.date(2024, 9, 22), scope='selected', city_ids=[karaj.id, tabriz.id],
                reason='هماهنگی با بودجه')  # a change of deadline or scope needs its reason (issue 13)
    update_resolution(resolution, data, author=staff)
    [deadline] = entries(db, 'deadline_changed')
    assert deadline.details['from'] == '۱۴۰۳/۰۵/۱۰' and deadline.details['to'] == '۱۴۰۳/۰۷/۰۱'
    assert deadline.details['reason'] == 'هماهنگی با بودجه'
    [scope] = entries(db, 'scope_changed')
    assert scope.details['added'] == ['تبریز'] and scope.actor_id == staff.id
    update_resolution(resolution, data, author=staff)  # nothing changed: nothing recorded
    assert len(entries(db, 'deadline_changed')) == 1 and len(entries(db, 'scope_changed')) == 1


@pytest.mark.parametrize('url', ['/resolutions/dashboard.csv', '/resolutions/dashboard.xlsx',
                                 '/resolutions/scorecard/{slug}.csv'])
def test_exports(client, make, login, db, url):
    city = make.city()
    user = login(make.user(role='secretariat'))
    assert client.get(url.format(slug=city.slug)).status_code == 200
    [entry] = entries(db, 'export')
    assert entry.actor_id == user.id and entry.target == url.format(slug=city.slug) and entry.address == '127.0.0.1'


def test_every_kind_has_a_persian_label():
    assert all(any('\u0600' <= ch <= '\u06ff' for ch in label) for label in KINDS.values())


# --- the admin's page -----------------------------------------------------------------------------------

@pytest.mark.parametrize('role', ['secretariat', 'director', 'observer'])
@pytest.mark.parametrize('url', ['/admin/audit/', '/admin/audit/export.csv'])
def test_only_the_admin_sees_the_log(client, make, login, role, url):
    login(make.user(role=role))
    assert client.get(url).status_code == 403


def test_no_route_edits_or_deletes_entries(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith('/admin/audit')]
    assert rules and all(r.methods <= {'GET', 'HEAD', 'OPTIONS'} for r in rules)


def test_filters_by_person_kind_and_jalali_dates(client, make, login, db):
    admin = login(make.user(role='admin', full_name='مدیر سامانه آزمون'))
    other = make.user(full_name='کاربر دیگر')
    old = record('login', actor=other)
    old.created_dt = dt.datetime(2024, 3, 10, 12)  # 1402/12/20
    record('login_failed', actor=other, email=other.email)
    record('export', actor=admin, target='/x')
    db.session.flush()
    page = client.get('/admin/audit/', query_string={'actor': other.id}).get_data(as_text=True)
    assert page.count('ورود ناموفق') >= 1 and '/x' not in page
    page = client.get('/admin/audit/', query_string={'kind': 'export'}).get_data(as_text=True)
    assert '/x' in page and other.email not in page
    page = client.get('/admin/audit/', query_string={'start': '۱۴۰۲/۱۲/۱۹', 'end': '۱۴۰۲/۱۲/۲۰'}).get_data(as_text=True)
    assert other.email in page and '/x' not in page


def test_export_is_neutralised_and_audited(client, make, login, db):
    login(make.user(role='admin'))
    record('login_failed', email='=HYPERLINK("http://evil")@x.org')
    db.session.flush()
    response = client.get('/admin/audit/export.csv', query_string={'kind': 'login_failed'})
    rows = list(csv.reader(io.StringIO(response.data.decode('utf-8-sig'))))
    assert rows[0][0] == 'زمان'
    assert rows[1][3] == '\'=HYPERLINK("http://evil")@x.org'
    assert entries(db, 'export')[-1].target == 'audit'


def test_category_deleted(make, db):
    from commission.practices.services import delete_category
    category = make.category(name='دسته بی‌استفاده')
    category_id = category.id
    delete_category(category)
    [entry] = entries(db, 'deleted')
    assert entry.target == f'category:{category_id}' and entry.details == {'name': 'دسته بی‌استفاده'}
