import datetime as dt

import pytest

from commission.cities.services import save_city
from commission.notifications.models import Notification
from commission.resolutions.models import ProgressReport, ReminderLog
from commission.resolutions.services import (
    ResolutionError,
    accept_report,
    report_progress,
    resolution_progress,
    return_report,
    send_reminders,
    set_resolution_status,
    tehran_day,
    update_resolution,
)

UTC = dt.UTC


def _data(resolution, **changes):
    data = dict(code=resolution.code, title=resolution.title, text=resolution.text, category=resolution.category,
                meeting=resolution.meeting, deadline=resolution.deadline, scope=resolution.scope,
                city_ids=[a.city_id for a in resolution.assignments], lead_city_id=resolution.lead_city_id)
    data.update(changes)
    return data


# --- assignments and scope ---------------------------------------------------------------------------------

def test_a_resolution_for_all_cities_gives_each_member_city_one_assignment(make):
    members = [make.city(), make.city(), make.city()]
    guest = make.city(is_member=False)
    resolution = make.resolution()
    assigned = {a.city_id for a in resolution.assignments}
    assert assigned == {c.id for c in members} and guest.id not in assigned
    assert all(a.status == 'not_started' for a in resolution.assignments)


def test_a_resolution_for_chosen_cities_covers_only_them(make):
    karaj, tabriz, _ = make.city(), make.city(), make.city()
    resolution = make.resolution([karaj, tabriz])
    assert {a.city_id for a in resolution.assignments} == {karaj.id, tabriz.id}


def test_code_is_unique_within_a_meeting(make):
    city = make.city()
    make.resolution([city], code='3/2')
    with pytest.raises(ResolutionError, match='ثبت شده'):
        make.resolution([city], code='۳/۲')


def test_scope_change_adds_and_removes_only_assignments_without_reports(make, db):
    a, b, c, d = (make.city(name=n) for n in ('اصفهان', 'کرج', 'قم', 'یزد'))
    resolution = make.resolution([a, b, c])
    reported = next(x for x in resolution.assignments if x.city_id == b.id)
    make.report(reported)
    change = update_resolution(resolution, _data(resolution, scope='selected', city_ids=[a.id, d.id], reason='بازنگری'),
                               author=make.user(role='secretariat'))
    assert [x.name for x in change.added] == ['یزد']
    assert [x.name for x in change.removed] == ['قم']
    assert [x.name for x in change.kept] == ['کرج']
    assert 'کرج' in change.message() and 'تاریخچه' in change.message()
    db.session.expire_all()
    assert {x.city_id for x in resolution.assignments} == {a.id, b.id, d.id}
    assert db.session.scalar(db.select(db.func.count(ProgressReport.id))) == 1


def test_a_city_that_joins_later_takes_active_resolutions_but_not_closed_ones(make):
    make.city()
    active = make.resolution()
    closed = make.resolution()
    set_resolution_status(closed, 'closed', user=make.user(role='secretariat'))
    newcomer = save_city(None, {'name': 'سنندج', 'name_en': '', 'slug': 'sanandaj', 'province': '',
                                'is_member': True, 'joined_on': None})
    assert newcomer.id in {a.city_id for a in active.assignments}
    assert newcomer.id not in {a.city_id for a in closed.assignments}


# --- overdue, around the deadline, in Tehran's calendar ----------------------------------------------------

def test_tehran_day_is_already_tomorrow_just_after_midnight_while_utc_is_still_today():
    # 21:00 UTC on 31 July is 00:30 on 1 August in Tehran (UTC+3:30)
    assert tehran_day(dt.datetime(2024, 7, 31, 21, 0, tzinfo=UTC)) == dt.date(2024, 8, 1)
    assert tehran_day(dt.datetime(2024, 7, 31, 20, 29)) == dt.date(2024, 7, 31)


@pytest.mark.parametrize('now_utc, overdue', [
    (dt.datetime(2024, 7, 31, 8, 0, tzinfo=UTC), False),    # the deadline day itself
    (dt.datetime(2024, 7, 31, 20, 29, tzinfo=UTC), False),  # 23:59 in Tehran, still the deadline day
    (dt.datetime(2024, 7, 31, 20, 31, tzinfo=UTC), True),   # 00:01 in Tehran the next day; UTC still 31 July
    (dt.datetime(2024, 8, 20, 9, 0, tzinfo=UTC), True),
])
def test_overdue_starts_the_day_after_the_deadline_in_tehran(make, now_utc, overdue):
    assignment = make.assignment(deadline=dt.date(2024, 7, 31))  # ۱۴۰۳/۰۵/۱۰
    assert assignment.is_overdue(tehran_day(now_utc)) is overdue


@pytest.mark.parametrize('status, overdue', [
    ('not_started', True), ('in_progress', True), ('blocked', True), ('done', False), ('not_applicable', False)])
def test_done_and_not_applicable_are_never_overdue(make, status, overdue):
    assignment = make.assignment(deadline=dt.date(2024, 7, 31))
    make.report(assignment, author=make.user(role='secretariat'), status=status, note='توضیح')
    assert assignment.is_overdue(dt.date(2024, 9, 1)) is overdue


def test_no_deadline_or_closed_resolution_is_never_overdue(make):
    assert not make.assignment(deadline=None).is_overdue(dt.date(2030, 1, 1))
    closed = make.assignment(deadline=dt.date(2024, 1, 1), status='closed')
    assert not closed.is_overdue(dt.date(2030, 1, 1))


def test_progress_counts_accepted_done_among_applicable_cities(make):
    cities = [make.city() for _ in range(4)]
    resolution = make.resolution(cities)
    staff = make.user(role='secretariat')
    a, b, c, _ = sorted(resolution.assignments, key=lambda x: x.city_id)
    make.report(a, author=staff, status='done')
    make.report(b, status='done')  # a director's claim: not yet counted
    make.report(c, author=staff, status='not_applicable', note='پروژه‌ای در دست نیست')
    assert resolution_progress(resolution) == (1, 3, 33)


# --- reports, review, immutability, notifications ----------------------------------------------------------

def test_a_directors_done_waits_for_the_secretariat_then_is_accepted(make):
    assignment = make.assignment()
    claim = make.report(assignment, status='done', note='انجام شد؛ مستندات پیوست است')
    assert assignment.awaiting_confirmation and assignment.display_status == 'done_pending'
    accept_report(claim, reviewer=make.user(role='secretariat'))
    assert claim.review == 'accepted' and not assignment.awaiting_confirmation
    assert assignment.display_status == 'done'


def test_returning_a_claim_keeps_it_and_tells_the_city(make, db):
    city = make.city()
    director = make.user(role='director', city=city)
    assignment = make.assignment(city)
    claim = make.report(assignment, author=director, status='done', note='انجام شد')
    with pytest.raises(ResolutionError):
        return_report(claim, reviewer=make.user(role='secretariat'), note='  ')
    return_report(claim, reviewer=make.user(role='secretariat'), note='صورتجلسه را پیوست کنید')
    assert (claim.status, claim.note, claim.review) == ('done', 'انجام شد', 'returned')
    assert assignment.status == 'in_progress' and not assignment.awaiting_confirmation
    texts = db.session.scalars(db.select(Notification.text).where(Notification.user_id == director.id)).all()
    assert any('صورتجلسه را پیوست کنید' in t for t in texts)


def test_history_is_never_rewritten_a_correction_is_a_new_report(make, db):
    assignment = make.assignment()
    director = make.user(role='director', city=assignment.city)
    first = make.report(assignment, author=director, status='in_progress', note='کارگروه تشکیل شد', percent=30)
    claim = make.report(assignment, author=director, status='done', note='تمام شد')
    snapshot = [(r.id, r.status, r.note, r.percent, r.created_dt, r.author_id) for r in (first, claim)]
    correction = make.report(assignment, author=director, status='in_progress', note='اشتباه شد؛ هنوز مانده')
    db.session.expire_all()
    reports = db.session.scalars(db.select(ProgressReport).order_by(ProgressReport.id)).all()
    assert [(r.id, r.status, r.note, r.percent, r.created_dt, r.author_id) for r in reports[:2]] == snapshot
    assert reports[2].id == correction.id and len(reports) == 3
    # the open claim superseded by the correction: only its review is closed, nothing else
    assert reports[1].review == 'superseded' and assignment.status == 'in_progress'


def test_secretariat_reports_are_marked_on_behalf_and_its_done_needs_no_review(make):
    assignment = make.assignment()
    report = make.report(assignment, author=make.user(role='secretariat'), status='done')
    assert report.on_behalf and report.review == 'accepted' and not assignment.awaiting_confirmation


def test_status_change_notifies_the_secretariat_and_the_lead_citys_directors(make, db):
    lead = make.city(name='شیراز')
    lead_director = make.user(role='director', city=lead)
    secretariat = make.user(role='secretariat')
    city = make.city(name='تبریز')
    author = make.user(role='director', city=city)
    assignment = make.assignment(city, lead_city=lead)
    make.report(assignment, author=author, status='in_progress')
    notified = set(db.session.scalars(db.select(Notification.user_id).where(Notification.kind == 'resolution.status')))
    assert {secretariat.id, lead_director.id} <= notified and author.id not in notified
    before = len(notified)
    make.report(assignment, author=author, status='in_progress', note='ادامه کار')  # same status: no news
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.kind == 'resolution.status')) == before


def test_a_closed_resolution_takes_no_report(make):
    assignment = make.assignment(status='closed')
    with pytest.raises(ResolutionError):
        make.report(assignment, author=make.user(role='secretariat'))


def test_evidence_is_checked_before_anything_is_written(make, db):
    import io

    from werkzeug.datastructures import FileStorage

    from commission.attachments.services import AttachmentError
    assignment = make.assignment()
    bad = FileStorage(io.BytesIO(b'<html>'), filename='شواهد.pdf')
    with pytest.raises(AttachmentError):
        report_progress(assignment, author=make.user(role='secretariat'), status='done', files=[bad])
    assert db.session.scalar(db.select(db.func.count(ProgressReport.id))) == 0


# --- reminders ---------------------------------------------------------------------------------------------

def test_reminders_go_to_each_citys_directors_once_per_assignment_per_day(make, db):
    city = make.city()
    director = make.user(role='director', city=city)
    today = dt.date(2026, 3, 1)
    due_soon = make.assignment(city, deadline=today + dt.timedelta(days=5))
    overdue = make.assignment(city, deadline=today - dt.timedelta(days=20))
    make.assignment(city, deadline=today + dt.timedelta(days=30))  # not yet
    done = make.assignment(city, deadline=today + dt.timedelta(days=2))
    make.report(done, author=make.user(role='secretariat'), status='done')

    assert send_reminders(7, today) == (1, 2)
    assert send_reminders(7, today) == (0, 0)  # run again the same day: nothing new
    notes = db.session.scalars(db.select(Notification).where(Notification.user_id == director.id,
                                                              Notification.kind == 'resolution.reminder')).all()
    assert len(notes) == 1 and '۲۰ روز از مهلت گذشته' in notes[0].text
    logged = set(db.session.scalars(db.select(ReminderLog.assignment_id)))
    assert logged == {due_soon.id, overdue.id}
    assert send_reminders(7, today + dt.timedelta(days=1)) == (1, 2)  # the next day, again
