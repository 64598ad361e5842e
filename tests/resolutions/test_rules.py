"""The resolutions rules as functions (table-driven) and where each is enforced."""
import pytest

from commission.resolutions.imports import parse_bulk
from commission.resolutions.models import ProgressReport
from commission.resolutions.rules import can_manage_resolutions, can_report, can_report_on_behalf, can_view_my_city
from commission.resolutions.services import ResolutionError, report_progress

ROLES = ('admin', 'secretariat', 'director', 'observer')


@pytest.mark.parametrize('role', ROLES)
def test_staff_rules(make, role):
    user = make.user(role=role)
    staff = role in ('admin', 'secretariat')
    assert can_manage_resolutions(user) is staff
    assert can_report_on_behalf(user) is staff
    assert can_view_my_city(user) is (role == 'director')


@pytest.mark.parametrize('role, own_city, state, allowed', [
    ('admin', False, 'active', True), ('secretariat', False, 'active', True),
    ('director', True, 'active', True), ('director', False, 'active', False), ('observer', False, 'active', False),
    ('secretariat', False, 'closed', False), ('director', True, 'withdrawn', False),
])
def test_who_reports_on_an_assignment(make, role, own_city, state, allowed):
    assignment = make.assignment(status=state)
    user = make.user(role=role, city=assignment.city if own_city else None)
    assert can_report(user, assignment) is allowed


@pytest.mark.parametrize('role', ['director', 'observer'])
def test_reporting_without_the_rule_is_forbidden_and_hidden(client, make, login, role):
    assignment = make.assignment()
    login(make.user(role=role))
    response = client.post(f'/resolutions/assignments/{assignment.id}/report', data={'status': 'in_progress'})
    assert response.status_code == 403
    page = client.get(f'/resolutions/{assignment.resolution_id}')
    assert f'/resolutions/assignments/{assignment.id}#report-form' not in page.get_data(as_text=True)


@pytest.mark.parametrize('status', ['blocked', 'not_applicable'])
@pytest.mark.parametrize('note', ['', '   \n'])
def test_report_progress_itself_refuses_blocked_or_not_applicable_without_a_note(make, db, status, note):
    assignment = make.assignment()
    with pytest.raises(ResolutionError) as refused:
        report_progress(assignment, author=make.user(role='director', city=assignment.city), status=status, note=note)
    assert 'توضیح لازم است' in str(refused.value)
    assert db.session.scalar(db.select(db.func.count(ProgressReport.id))) == 0
    assert assignment.status == 'not_started'


@pytest.mark.parametrize('status', ['in_progress', 'done'])
def test_other_statuses_need_no_note(make, status):
    assignment = make.assignment()
    report_progress(assignment, author=make.user(role='secretariat'), status=status, note='')
    assert assignment.status == status


def test_the_form_and_the_csv_preview_give_the_services_message(client, make, login):
    assignment = make.assignment()
    with pytest.raises(ResolutionError) as refused:
        report_progress(assignment, author=make.user(role='secretariat'), status='blocked')
    login(make.user(role='secretariat'))
    response = client.post(f'/resolutions/assignments/{assignment.id}/report', data={'status': 'blocked'})
    assert response.status_code == 422 and str(refused.value) in response.get_data(as_text=True)
    lines = parse_bulk(f'code,city,status,note\n{assignment.resolution.code},{assignment.city.name},blocked,\n')
    assert str(refused.value) in lines[0].errors


def test_staff_see_the_report_link_the_others_do_not(client, make, login):
    assignment = make.assignment()
    login(make.user(role='secretariat'))
    page = client.get(f'/resolutions/{assignment.resolution_id}').get_data(as_text=True)
    assert f'/resolutions/assignments/{assignment.id}#report-form' in page


@pytest.mark.parametrize('role, own_city, state, status, deadline, allowed', [
    ('director', True, 'active', 'in_progress', True, True),
    ('director', False, 'active', 'in_progress', True, False),
    ('director', True, 'closed', 'in_progress', True, False),
    ('director', True, 'active', 'done', True, False),
    ('director', True, 'active', 'not_started', False, False),
    ('secretariat', False, 'active', 'in_progress', True, False),
    ('observer', True, 'active', 'in_progress', True, False),
])
def test_who_requests_an_extension(make, role, own_city, state, status, deadline, allowed):
    import datetime as dt

    from commission.resolutions.rules import can_request_extension
    assignment = make.assignment(status=state, deadline=dt.date(2026, 6, 1) if deadline else None)
    assignment.status = status
    user = make.user(role=role, city=assignment.city if own_city else None)
    assert can_request_extension(user, assignment) is allowed


@pytest.mark.parametrize('role, own_city, allowed', [
    ('admin', False, True), ('secretariat', False, True), ('director', True, True), ('director', False, False),
    ('observer', True, False),
])
def test_who_names_the_responsible_person(make, role, own_city, allowed):
    from commission.resolutions.rules import can_set_responsible
    assignment = make.assignment()
    user = make.user(role=role, city=assignment.city if own_city else None)
    assert can_set_responsible(user, assignment) is allowed


@pytest.mark.parametrize('role, state, allowed', [
    ('secretariat', 'open', True), ('admin', 'open', True), ('secretariat', 'granted', False),
    ('director', 'open', False), ('observer', 'open', False),
])
def test_who_decides_an_extension(make, role, state, allowed):
    from commission.resolutions.models import ExtensionRequest
    from commission.resolutions.rules import can_decide_extension
    request = ExtensionRequest(state=state)
    assert can_decide_extension(make.user(role=role), request) is allowed
