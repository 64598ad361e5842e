"""Issue 13, the resolutions side: who is told what, per-city deadlines and extensions, the responsible person,
evidence for a 'done' claim, returned claims, and the weekly escalation of long-overdue assignments."""
import datetime as dt
import io

import pytest

from commission.notifications.models import Notification
from commission.resolutions.models import Assignment, ExtensionRequest, ResolutionChange
from commission.resolutions.services import (
    due_assignments,
    escalate_overdue,
    my_city_items,
    overdue_count,
    request_extension,
    send_reminders,
    summaries,
    take_on_active_resolutions,
    update_resolution,
)

TODAY = dt.date(2026, 5, 20)


def kinds(db, user):
    """The notification kinds `user` has, in order."""
    return db.session.scalars(db.select(Notification.kind).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).all()


def texts(db, user, kind):
    return db.session.scalars(db.select(Notification.text).where(Notification.user_id == user.id,
                                                                 Notification.kind == kind)).all()


def _data(resolution, **changes):
    data = dict(code=resolution.code, title=resolution.title, text=resolution.text, category=resolution.category,
                meeting=resolution.meeting, deadline=resolution.deadline, scope=resolution.scope,
                city_ids=[a.city_id for a in resolution.assignments], lead_city_id=resolution.lead_city_id)
    data.update(changes)
    return data


def _form(resolution, **kw):
    data = {'code': resolution.code, 'title': resolution.title, 'text': resolution.text,
            'category': resolution.category, 'meeting_id': '0', 'scope': resolution.scope, 'lead_city_id': '0',
            'deadline': '۱۴۰۵/۰۳/۱۰', 'city_ids': [str(a.city_id) for a in resolution.assignments]}
    data.update(kw)
    return data


# --- resolution.assigned -----------------------------------------------------------------------------------

def test_the_directors_of_the_assigned_cities_are_told_and_nobody_else(make, db):
    karaj, qom, tabriz = make.city(name='کرج'), make.city(name='قم'), make.city(name='تبریز')
    karaj_director, qom_director = make.user(city=karaj), make.user(city=qom)
    tabriz_director, observer = make.user(city=tabriz), make.user(role='observer', city=karaj)
    secretary = make.user(role='secretariat')
    make.resolution([karaj, qom], author=secretary, deadline=dt.date(2026, 6, 1), title='پروتکل بحران')
    assert kinds(db, karaj_director) == ['resolution.assigned'] == kinds(db, qom_director)
    assert 'پروتکل بحران' in texts(db, karaj_director, 'resolution.assigned')[0]
    assert kinds(db, tabriz_director) == [] and kinds(db, observer) == [] and kinds(db, secretary) == []


def test_a_city_that_joins_is_told_of_the_active_resolutions_it_takes_on(make, db):
    make.city()
    make.resolution(None, title='مصوبه همه شهرها')  # scope 'all'
    make.resolution(None, title='مصوبه بسته', status='closed')
    newcomer = make.city(name='بجنورد', is_member=False)
    director = make.user(city=newcomer)
    newcomer.is_member = True
    added = take_on_active_resolutions(newcomer)
    assert len(added) == 1
    assert kinds(db, director) == ['resolution.assigned']
    assert 'مصوبه همه شهرها' in texts(db, director, 'resolution.assigned')[0]


# --- resolution.changed and the history --------------------------------------------------------------------

def test_a_deadline_change_needs_a_reason_and_the_form_keeps_what_was_typed(client, make, login, db):
    city = make.city()
    resolution = make.resolution([city], deadline=dt.date(2026, 6, 1))
    login(make.user(role='secretariat'))
    response = client.post(f'/resolutions/{resolution.id}/edit', data=_form(resolution, title='عنوان تازه'))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'دلیل تغییر را بنویسید' in page and 'عنوان تازه' in page and '۱۴۰۵/۰۳/۱۰' in page
    assert db.session.scalar(db.select(db.func.count(ResolutionChange.id))) == 0


def test_a_deadline_change_is_recorded_and_told_with_old_new_and_reason(client, make, login, db):
    karaj, qom, other = make.city(name='کرج'), make.city(name='قم'), make.city(name='یزد')
    karaj_director, qom_director, other_director = make.user(city=karaj), make.user(city=qom), make.user(city=other)
    make.resolution([other])
    resolution = make.resolution([karaj, qom], deadline=dt.date(2026, 6, 1))
    secretary = login(make.user(role='secretariat'))
    response = client.post(f'/resolutions/{resolution.id}/edit',
                           data=_form(resolution, reason='درخواست مجمع برای هماهنگی با بودجه'))
    assert response.status_code == 302
    assert resolution.deadline == dt.date(2026, 5, 31)  # ۱۴۰۵/۰۳/۱۰
    change = db.session.scalar(db.select(ResolutionChange))
    assert (change.kind, change.old_value, change.new_value) == ('deadline', '۱۴۰۵/۰۳/۱۱', '۱۴۰۵/۰۳/۱۰')
    assert change.reason == 'درخواست مجمع برای هماهنگی با بودجه' and change.actor_id == secretary.id
    for director in (karaj_director, qom_director):
        [text] = texts(db, director, 'resolution.changed')
        assert '۱۴۰۵/۰۳/۱۱' in text and '۱۴۰۵/۰۳/۱۰' in text and 'هماهنگی با بودجه' in text
    assert texts(db, other_director, 'resolution.changed') == []
    page = client.get(f'/resolutions/{resolution.id}').get_data(as_text=True)
    assert 'id="changes"' in page and 'هماهنگی با بودجه' in page and secretary.full_name in page


def test_a_scope_change_tells_added_removed_and_remaining_cities(make, db):
    a, b, c = make.city(name='اصفهان'), make.city(name='کرج'), make.city(name='قم')
    da, db_, dc = make.user(city=a), make.user(city=b), make.user(city=c)
    resolution = make.resolution([a, b])
    db.session.execute(db.delete(Notification))
    update_resolution(resolution, _data(resolution, city_ids=[a.id, c.id], reason='کرج پیش‌تر انجام داده'),
                      author=make.user(role='secretariat'))
    assert kinds(db, dc) == ['resolution.assigned'] and 'کرج پیش‌تر انجام داده' in texts(db, dc,
                                                                                         'resolution.assigned')[0]
    assert kinds(db, db_) == ['resolution.changed'] and 'دیگر به شهرداری کرج واگذار نیست' in texts(
        db, db_, 'resolution.changed')[0]
    [text] = texts(db, da, 'resolution.changed')
    assert 'اصفهان، کرج' in text and 'اصفهان، قم' in text
    change = db.session.scalar(db.select(ResolutionChange).where(ResolutionChange.kind == 'scope'))
    assert change.old_value == 'اصفهان، کرج' and change.new_value == 'اصفهان، قم'


def test_an_edit_that_moves_neither_deadline_nor_scope_needs_no_reason_and_tells_nobody(make, db):
    city = make.city()
    director = make.user(city=city)
    resolution = make.resolution([city], deadline=dt.date(2026, 6, 1))
    update_resolution(resolution, _data(resolution, title='عنوان اصلاح‌شده'), author=make.user(role='secretariat'))
    assert kinds(db, director) == ['resolution.assigned']
    assert db.session.scalar(db.select(db.func.count(ResolutionChange.id))) == 0


# --- per-city deadlines ------------------------------------------------------------------------------------

def test_overdue_and_due_use_the_assignments_own_deadline(make, db):
    extended_city, late_city = make.city(name='کرج'), make.city(name='قم')
    director = make.user(city=extended_city)
    resolution = make.resolution([extended_city, late_city], deadline=TODAY - dt.timedelta(days=5))
    extended = next(a for a in resolution.assignments if a.city_id == extended_city.id)
    late = next(a for a in resolution.assignments if a.city_id == late_city.id)
    extended.deadline = TODAY + dt.timedelta(days=40)
    db.session.flush()
    assert not extended.is_overdue(TODAY) and late.is_overdue(TODAY)
    assert overdue_count(TODAY) == 1
    assert summaries([resolution.id], TODAY)[resolution.id]['overdue'] == 1
    assert due_assignments(7, TODAY) == [late]
    assert set(due_assignments(45, TODAY)) == {extended, late}
    groups = my_city_items(director, TODAY)
    assert groups['overdue'] == [] and groups['open'] == [extended]
    from commission.resolutions.matrix import Filters, dashboard
    [(_, cells, totals)] = dashboard(Filters(), TODAY)['rows']
    assert totals['overdue'] == 1 and {c.id: c.overdue for c in cells} == {extended.id: False, late.id: True}


def test_the_scorecard_and_its_export_show_the_citys_own_deadline(client, make, login, db):
    city = make.city(slug='karaj-x')
    assignment = make.assignment(city, deadline=TODAY - dt.timedelta(days=5))
    assignment.deadline = dt.date(2026, 12, 21)  # ۱۴۰۵/۰۹/۳۰
    db.session.flush()
    login(make.user(role='secretariat'))
    assert 'تمدیدشده' in client.get('/resolutions/scorecard/karaj-x').get_data(as_text=True)
    assert '۱۴۰۵/۰۹/۳۰' in client.get('/resolutions/scorecard/karaj-x.csv').get_data(as_text=True)


# --- extension requests ------------------------------------------------------------------------------------

def _extension_setup(make):
    karaj, qom = make.city(name='کرج'), make.city(name='قم')
    assignment = make.assignment(karaj, deadline=dt.date(2026, 6, 1))
    return assignment, make.user(city=karaj), make.user(city=qom)


def test_a_director_requests_an_extension_and_the_secretariat_is_told(client, make, login, db):
    assignment, director, other_director = _extension_setup(make)
    colleague = make.user(city=assignment.city)
    secretary = make.user(role='secretariat')
    login(director)
    assert client.get(f'/resolutions/assignments/{assignment.id}/extension').status_code == 200
    response = client.post(f'/resolutions/assignments/{assignment.id}/extension',
                           data={'new_deadline': '۱۴۰۵/۰۴/۳۱', 'reason': 'پیمانکار تازه انتخاب شد'})
    assert response.status_code == 302
    request = db.session.scalar(db.select(ExtensionRequest))
    assert request.state == 'open' and request.requested_deadline == dt.date(2026, 7, 22)
    assert request.current_deadline == dt.date(2026, 6, 1)
    [text] = texts(db, secretary, 'resolution.extension_requested')
    assert 'کرج' in text and 'پیمانکار تازه انتخاب شد' in text and '۱۴۰۵/۰۴/۳۱' in text
    assert 'resolution.extension_requested' not in kinds(db, colleague) + kinds(db, other_director)
    # one open request at a time
    response = client.post(f'/resolutions/assignments/{assignment.id}/extension',
                           data={'new_deadline': '۱۴۰۵/۰۵/۳۱', 'reason': 'باز هم'})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'در انتظار تصمیم دبیرخانه' in page and 'باز هم' in page
    assert db.session.scalar(db.select(db.func.count(ExtensionRequest.id))) == 1
    assert db.session.scalar(db.select(ResolutionChange.kind)) == 'extension_requested'


def test_an_extension_request_needs_a_later_date_and_a_reason(client, make, login, db):
    assignment, director, _ = _extension_setup(make)
    login(director)
    response = client.post(f'/resolutions/assignments/{assignment.id}/extension',
                           data={'new_deadline': '۱۴۰۵/۰۳/۰۱', 'reason': 'دلیل'})
    assert response.status_code == 422 and 'باید پس از مهلت کنونی' in response.get_data(as_text=True)
    response = client.post(f'/resolutions/assignments/{assignment.id}/extension',
                           data={'new_deadline': '۱۴۰۵/۰۴/۳۱', 'reason': ''})
    assert response.status_code == 422 and 'چرا مهلت بیشتری لازم است' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ExtensionRequest.id))) == 0


@pytest.mark.parametrize('who', ['other_director', 'observer', 'secretariat'])
def test_only_the_citys_directors_request_an_extension(client, make, login, db, who):
    assignment, _, other_director = _extension_setup(make)
    user = {'other_director': other_director, 'observer': make.user(role='observer', city=assignment.city),
            'secretariat': make.user(role='secretariat')}[who]
    login(user)
    url = f'/resolutions/assignments/{assignment.id}/extension'
    assert client.get(url).status_code == 403
    assert client.post(url, data={'new_deadline': '۱۴۰۵/۰۴/۳۱', 'reason': 'x'}).status_code == 403
    assert db.session.scalar(db.select(db.func.count(ExtensionRequest.id))) == 0


def test_the_secretariat_grants_an_extension_and_the_city_is_told(client, make, login, db):
    assignment, director, other_director = _extension_setup(make)
    request = request_extension(assignment, user=director, new_deadline=dt.date(2026, 7, 22), reason='بودجه')
    colleague = make.user(city=assignment.city)
    # a director cannot decide, not even on their own city's request
    login(director)
    assert client.post(f'/resolutions/extensions/{request.id}/decide',
                       data={'decision': 'grant'}).status_code == 403
    assert request.state == 'open' and assignment.deadline is None
    login(make.user(role='secretariat'))
    page = client.get(f'/resolutions/assignments/{assignment.id}').get_data(as_text=True)
    assert 'پذیرفتن و تمدید مهلت' in page and 'بودجه' in page
    response = client.post(f'/resolutions/extensions/{request.id}/decide',
                           data={'decision': 'grant', 'deadline': '', 'note': 'با توجه به بودجه'})
    assert response.status_code == 302
    assert request.state == 'granted' and assignment.deadline == dt.date(2026, 7, 22)
    assert assignment.effective_deadline == dt.date(2026, 7, 22)
    assert assignment.resolution.deadline == dt.date(2026, 6, 1)
    for person in (director, colleague):
        [text] = texts(db, person, 'resolution.extension_decided')
        assert 'تمدید کرد' in text and '۱۴۰۵/۰۴/۳۱' in text
    assert texts(db, other_director, 'resolution.extension_decided') == []
    history = db.session.scalars(db.select(ResolutionChange.kind).order_by(ResolutionChange.id)).all()
    assert history == ['extension_requested', 'extension_granted']
    page = client.get(f'/resolutions/{assignment.resolution_id}').get_data(as_text=True)
    assert 'تمدید مهلت پذیرفته شد' in page and 'درخواست تمدید مهلت' in page and 'تمدیدشده' in page
    # decided: a second decision is refused
    assert client.post(f'/resolutions/extensions/{request.id}/decide',
                       data={'decision': 'refuse', 'note': 'x'}).status_code == 403


def test_a_refusal_needs_a_note_keeps_the_deadline_and_is_told(client, make, login, db):
    assignment, director, _ = _extension_setup(make)
    request = request_extension(assignment, user=director, new_deadline=dt.date(2026, 7, 22), reason='بودجه')
    login(make.user(role='secretariat'))
    response = client.post(f'/resolutions/extensions/{request.id}/decide', data={'decision': 'refuse', 'note': ''})
    assert response.status_code == 422 and 'چرا تمدید پذیرفته نشد' in response.get_data(as_text=True)
    assert request.state == 'open'
    response = client.post(f'/resolutions/extensions/{request.id}/decide',
                           data={'decision': 'refuse', 'note': 'مهلت مجمع قابل تغییر نیست'})
    assert response.status_code == 302 and request.state == 'refused' and assignment.deadline is None
    [text] = texts(db, director, 'resolution.extension_decided')
    assert 'نپذیرفت' in text and 'مهلت مجمع قابل تغییر نیست' in text
    assert db.session.scalar(db.select(ResolutionChange).where(
        ResolutionChange.kind == 'extension_refused')).reason == 'مهلت مجمع قابل تغییر نیست'
    # a new request is possible once the open one is decided
    login(director)
    assert client.post(f'/resolutions/assignments/{assignment.id}/extension',
                       data={'new_deadline': '۱۴۰۵/۰۴/۱۵', 'reason': 'دوباره'}).status_code == 302


# --- the responsible person --------------------------------------------------------------------------------

def test_a_director_names_a_colleague_responsible_and_reminders_go_to_them(client, make, login, db):
    city = make.city()
    first, second = make.user(city=city, full_name='مریم احمدی'), make.user(city=city)
    assignment = make.assignment(city, deadline=TODAY + dt.timedelta(days=2))
    login(first)
    response = client.post(f'/resolutions/assignments/{assignment.id}/responsible',
                           data={'responsible_id': str(second.id)})
    assert response.status_code == 302 and assignment.responsible_id == second.id
    assert texts(db, second, 'resolution.assigned')[-1].startswith('شما مسئول پیگیری')
    assert second.full_name in client.get(f'/resolutions/assignments/{assignment.id}').get_data(as_text=True)
    assert send_reminders(7, TODAY) == (1, 1)
    assert kinds(db, second).count('resolution.reminder') == 1
    assert 'resolution.reminder' not in kinds(db, first)


def test_reminders_fall_back_to_all_directors_when_nobody_is_responsible(make, db):
    city = make.city()
    first, second = make.user(city=city), make.user(city=city)
    assignment = make.assignment(city, deadline=TODAY + dt.timedelta(days=2))
    assignment.responsible = first
    first.active = False  # the responsible person left: everyone is told again
    db.session.flush()
    assert send_reminders(7, TODAY) == (1, 1)
    assert 'resolution.reminder' in kinds(db, second)


@pytest.mark.parametrize('who', ['other_director', 'observer'])
def test_others_cannot_set_the_responsible_person(client, make, login, db, who):
    city = make.city()
    director = make.user(city=city)
    assignment = make.assignment(city)
    user = make.user(city=make.city()) if who == 'other_director' else make.user(role='observer', city=city)
    login(user)
    response = client.post(f'/resolutions/assignments/{assignment.id}/responsible',
                           data={'responsible_id': str(director.id)})
    assert response.status_code == 403 and assignment.responsible_id is None


def test_the_secretariat_names_only_a_director_of_that_city(client, make, login, db):
    city = make.city()
    director = make.user(city=city, full_name='رضا محمدی')
    stranger = make.user(city=make.city())
    assignment = make.assignment(city)
    login(make.user(role='secretariat'))
    response = client.post(f'/resolutions/assignments/{assignment.id}/responsible',
                           data={'responsible_id': str(stranger.id)})
    assert response.status_code == 422 and assignment.responsible_id is None
    response = client.post(f'/resolutions/assignments/{assignment.id}/responsible',
                           data={'responsible_id': str(director.id)}, follow_redirects=True)
    assert assignment.responsible_id == director.id and 'رضا محمدی' in response.get_data(as_text=True)


# --- evidence for 'done', and a returned claim -------------------------------------------------------------

def test_a_done_claim_without_evidence_is_refused_and_the_form_keeps_the_note(client, make, login, db):
    city = make.city()
    assignment = make.assignment(city)
    login(make.user(city=city))
    url = f'/resolutions/assignments/{assignment.id}/report'
    response = client.post(url, data={'status': 'done', 'note': 'همه مناطق انجام دادند'})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'فایل مستند یا نشانی' in page and 'همه مناطق انجام دادند' in page
    response = client.post(url, data={'status': 'done', 'note': '', 'link': 'https://example.org/news/1'})
    assert response.status_code == 422 and 'شرح اقدام' in response.get_data(as_text=True)
    response = client.post(url, data={'status': 'done', 'note': 'انجام شد', 'link': 'javascript:alert(1)'})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'http:// یا https://' in page and 'javascript:alert(1)' in page
    assert assignment.status == 'not_started' and not assignment.reports


@pytest.mark.parametrize('evidence', ['link', 'file'])
def test_a_done_claim_with_a_link_or_a_file_waits_for_review(client, make, login, db, evidence):
    city = make.city()
    assignment = make.assignment(city)
    login(make.user(city=city))
    data = {'status': 'done', 'note': 'انجام شد'}
    if evidence == 'link':
        data['link'] = 'https://example.org/news/1'
    else:
        data['files'] = (io.BytesIO(b'%PDF-1.4 test'), 'گزارش.pdf')
    response = client.post(f'/resolutions/assignments/{assignment.id}/report', data=data)
    assert response.status_code == 302 and assignment.display_status == 'done_pending'
    page = client.get(f'/resolutions/assignments/{assignment.id}').get_data(as_text=True)
    assert ('https://example.org/news/1' if evidence == 'link' else 'گزارش.pdf') in page


def test_a_returned_claim_reads_as_returned_until_the_city_reports_again(client, make, login, db):
    city = make.city()
    director = make.user(city=city)
    assignment = make.assignment(city)
    claim = make.report(assignment, author=director, status='done', note='انجام شد')
    login(make.user(role='secretariat'))
    client.post(f'/resolutions/reports/{claim.id}/return', data={'review_note': 'صورتجلسه را پیوست کنید'})
    assert assignment.display_status == 'returned' and claim.display_status == 'returned'
    login(director)
    page = client.get(f'/resolutions/assignments/{assignment.id}').get_data(as_text=True)
    assert 'برگشت‌خورده برای تکمیل' in page and 'data-status="returned"' in page
    assert 'در حال اقدام' not in page.split('id="current-status"')[1].split('</dd>')[0]
    make.report(assignment, author=director, status='in_progress', note='در حال تکمیل مستندات')
    assert assignment.display_status == 'in_progress'


# --- escalation --------------------------------------------------------------------------------------------

def _escalation_setup(make, db):
    late_city, other_city = make.city(name='زاهدان'), make.city(name='رشت')
    secretary = make.user(role='secretariat')
    mayor_office = make.user(role='observer', city=late_city)
    other_observer = make.user(role='observer', city=other_city)
    director = make.user(city=late_city)
    late = make.resolution([late_city, other_city], deadline=TODAY - dt.timedelta(days=14), title='گزارش عملکرد')
    make.resolution([late_city], deadline=TODAY - dt.timedelta(days=13), title='تازه گذشته')
    extended = make.resolution([late_city], deadline=TODAY - dt.timedelta(days=30), title='تمدیدشده')
    extended.assignments[0].deadline = TODAY + dt.timedelta(days=10)
    done = next(a for a in late.assignments if a.city_id == other_city.id)
    make.report(done, author=make.user(role='secretariat'), status='done', note='انجام شد')
    db.session.flush()
    return secretary, mayor_office, other_observer, director


def test_an_assignment_overdue_by_n_days_is_escalated_to_the_secretariat_and_the_citys_observers(app, make, db):
    secretary, mayor_office, other_observer, director = _escalation_setup(make, db)
    assert escalate_overdue(TODAY) == (1, 1)
    for person in (secretary, mayor_office):
        [text] = texts(db, person, 'resolution.escalated')
        assert 'زاهدان' in text and 'گزارش عملکرد' in text and 'تازه گذشته' not in text and 'تمدیدشده' not in text
    assert texts(db, other_observer, 'resolution.escalated') == []
    assert texts(db, director, 'resolution.escalated') == []


def test_escalation_happens_at_most_once_a_week_per_assignment(app, make, db):
    secretary, *_ = _escalation_setup(make, db)
    assert escalate_overdue(TODAY) == (1, 1)
    assert escalate_overdue(TODAY + dt.timedelta(days=1)) == (1, 1)  # the 13-day one has now reached 14 days
    assert escalate_overdue(TODAY + dt.timedelta(days=6)) == (0, 0)
    assert escalate_overdue(TODAY + dt.timedelta(days=7)) == (1, 1)
    assert len(texts(db, secretary, 'resolution.escalated')) == 3


def test_the_escalation_threshold_is_configurable(app, make, db, monkeypatch):
    _escalation_setup(make, db)
    monkeypatch.setitem(app.config, 'RESOLUTION_ESCALATION_DAYS', 30)
    assert escalate_overdue(TODAY) == (0, 0)
    monkeypatch.setitem(app.config, 'RESOLUTION_ESCALATION_DAYS', 13)
    assert escalate_overdue(TODAY) == (1, 2)


def test_the_escalation_runs_daily_from_the_scheduler(app, make, db, run_jobs):
    from commission.jalali import TEHRAN
    from commission.jobs.schedule import SCHEDULES, start_due
    secretary, *_ = _escalation_setup(make, db)
    assert SCHEDULES['resolutions.escalate'].kind == 'resolutions.escalate'
    db.session.commit()  # the scheduler starts a fresh transaction
    started = start_due(db.session, now=dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=TEHRAN))
    assert 'resolutions.escalate' in started
    run_jobs()
    assert len(texts(db, secretary, 'resolution.escalated')) == 1


def test_the_assignment_model_defaults_to_the_resolutions_deadline(make):
    assignment = make.assignment(deadline=dt.date(2026, 6, 1))
    assert isinstance(assignment, Assignment) and assignment.effective_deadline == dt.date(2026, 6, 1)


def test_the_escalate_command_reports_once_a_week(app, make, db):
    secretary, *_ = _escalation_setup(make, db)
    runner = app.test_cli_runner()
    first = runner.invoke(args=['resolutions', 'escalate', '--date', TODAY.isoformat()])
    assert first.exit_code == 0 and 'Escalated 1 assignment(s) in 1 city(ies).' in first.output
    again = runner.invoke(args=['resolutions', 'escalate', '--date', (TODAY + dt.timedelta(days=3)).isoformat()])
    assert 'Escalated 1 assignment(s)' in again.output  # the 13-day one, now 16 days late; the first is not repeated
    assert len(texts(db, secretary, 'resolution.escalated')) == 2


def test_a_later_resolution_deadline_supersedes_a_citys_earlier_extension(make, db):
    city = make.city()
    director = make.user(city=city)
    resolution = make.resolution([city], deadline=dt.date(2026, 6, 1))
    assignment = resolution.assignments[0]
    assignment.deadline = dt.date(2026, 7, 1)
    update_resolution(resolution, _data(resolution, deadline=dt.date(2026, 9, 1), reason='تمدید برای همه'),
                      author=make.user(role='secretariat'))
    assert assignment.deadline is None and assignment.effective_deadline == dt.date(2026, 9, 1)
    update_resolution(resolution, _data(resolution, deadline=dt.date(2026, 8, 1), reason='بازنگری'),
                      author=make.user(role='secretariat'))
    assert assignment.effective_deadline == dt.date(2026, 8, 1)
    assert len(texts(db, director, 'resolution.changed')) == 2


def test_returned_claims_have_their_own_filter_and_export_label(client, make, login, db):
    city = make.city(name='کرج')
    assignment = make.assignment(city, title='گزارش عملکرد سه‌ماهه')
    director = make.user(city=city)
    claim = make.report(assignment, author=director, status='done', note='انجام شد')
    from commission.resolutions.services import return_report
    return_report(claim, reviewer=make.user(role='secretariat'), note='صورتجلسه کم است')
    login(make.user(role='secretariat'))
    page = client.get('/resolutions/dashboard?status=returned').get_data(as_text=True)
    assert 'گزارش عملکرد سه‌ماهه' in page and 'data-status="returned"' in page
    assert 'برگشت‌خورده برای تکمیل' in client.get('/resolutions/dashboard.csv').get_data(as_text=True)


def test_a_director_sees_the_extension_link_beside_an_overdue_item(client, make, login, db):
    city = make.city()
    assignment = make.assignment(city, deadline=dt.date(2020, 1, 1))
    login(make.user(city=city))
    page = client.get('/resolutions/mine').get_data(as_text=True)
    assert f'/resolutions/assignments/{assignment.id}/extension' in page
    login(make.user(role='observer', city=city))
    page = client.get(f'/resolutions/assignments/{assignment.id}').get_data(as_text=True)
    assert 'درخواست تمدید مهلت' not in page and 'ثبت مسئول' not in page


def test_a_city_with_an_extension_request_keeps_its_assignment_when_left_out_of_the_scope(make, db):
    a, b = make.city(name='اصفهان'), make.city(name='کرج')
    resolution = make.resolution([a, b], deadline=dt.date(2026, 6, 1))
    asking = next(x for x in resolution.assignments if x.city_id == b.id)
    request_extension(asking, user=make.user(city=b), new_deadline=dt.date(2026, 7, 1), reason='بودجه')
    change = update_resolution(resolution, _data(resolution, city_ids=[a.id], reason='بازنگری'),
                               author=make.user(role='secretariat'))
    assert [c.name for c in change.kept] == ['کرج'] and 'درخواست تمدید' in change.message()
    assert db.session.scalar(db.select(db.func.count(ExtensionRequest.id))) == 1
