"""«کارهای من»: what waits on a city director and on the secretariat, with why, a Jalali due date and a link;
the count in the navigation, spoken with its number, and what it costs."""
import datetime as dt
import re

import pytest
from sqlalchemy import event

from commission.jalali import format_jalali, today_tehran
from commission.meetings import services as meetings
from commission.practices.models import PracticeComment


@pytest.fixture
def w(db, make):
    karaj, tabriz = make.city(name='کرج آزمون'), make.city(name='تبریز آزمون')
    return {'karaj': karaj, 'tabriz': tabriz,
            'director': make.user(role='director', city=karaj), 'peer': make.user(role='director', city=tabriz),
            'staff': make.user(role='secretariat'), 'observer': make.user(role='observer')}


def _page(client, login, user):
    login(user)
    response = client.get('/tasks/')
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _tasks(page):
    """The text of each task row."""
    return [re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', row)).strip()
            for row in re.findall(r'<li class="list-group-item task-item.*?</li>', page, re.S)]


def test_a_director_sees_reports_due_sign_offs_rsvps_questions_and_returned_drafts(client, make, login, w, db):
    today = today_tehran()
    karaj, director = w['karaj'], w['director']
    overdue = make.assignment(karaj, title='سخنگوی بحران', deadline=today - dt.timedelta(days=5))
    soon = make.assignment(karaj, title='پیوست رسانه‌ای', deadline=today + dt.timedelta(days=20))
    make.assignment(karaj, title='مصوبه دوردست', deadline=today + dt.timedelta(days=90))
    make.assignment(karaj, title='مصوبه بی‌مهلت')
    make.report(make.assignment(karaj, title='مصوبه انجام‌شده', deadline=today), author=director, status='done')
    make.assignment(w['tabriz'], title='مصوبه تبریز', deadline=today)
    approved = make.approved_meeting(present=[karaj], title='نشست امضا')
    upcoming = make.meeting(cities=[karaj], days_ahead=6, title='نشست آینده')
    practice = make.practice(city=karaj, title='پویش آب')
    question = make.comment(practice, w['peer'], body='هزینه چقدر بود؟')
    answered = make.comment(practice, w['peer'], body='پرسش پاسخ‌گرفته')
    make.comment(practice, director, body='پاسخ', parent=answered)
    make.practice(city=karaj, status='changes_requested', title='تجربه برگشتی', review_note='عکس‌ها کم است')
    page = _page(client, login, director)
    rows = _tasks(page)
    assert len(rows) == 6, rows
    assert any('سخنگوی بحران' in r and 'گذشته' in r and format_jalali(overdue.resolution.deadline) in r
               for r in rows)
    assert any('پیوست رسانه‌ای' in r and '۲۰ روز' in r for r in rows)
    assert not any(t in page for t in ('مصوبه دوردست', 'مصوبه بی‌مهلت', 'مصوبه انجام‌شده', 'مصوبه تبریز'))
    assert f'/resolutions/assignments/{overdue.id}' in page and f'/resolutions/assignments/{soon.id}' in page
    assert f'/meetings/{approved.id}#signoffs' in page and f'/meetings/{upcoming.id}#attendance' in page
    assert f'#comment-{question.id}' in page and f'#comment-{answered.id}' not in page
    assert any('تجربه برگشتی' in r and 'عکس‌ها کم است' in r for r in rows)
    # the urgent ones first: the overdue report leads the page
    assert page.index('سخنگوی بحران') < page.index('پیوست رسانه‌ای')
    assert re.search(r'<time datetime="[\d-]+">[۰-۹/]+</time>', page)


def test_what_is_done_leaves_the_list(client, make, login, w, db):
    karaj, director = w['karaj'], w['director']
    approved = make.approved_meeting(present=[karaj])
    upcoming = make.meeting(cities=[karaj], days_ahead=6)
    meetings.sign_off(approved, user=director)
    meetings.confirm_attendance(upcoming, karaj.id, 'present', 'مدیر', user=director)
    practice = make.practice(city=karaj)
    question = make.comment(practice, w['peer'])
    db.session.add(PracticeComment(practice=practice, author=director, body='پاسخ ما', parent_id=question.id))
    db.session.flush()
    assert _tasks(_page(client, login, director)) == []
    assert 'کاری در انتظار شما نیست' in _page(client, login, director)


@pytest.mark.parametrize('role', ['secretariat', 'admin'])
def test_the_secretariat_sees_claims_submissions_and_minutes(client, make, login, w, role):
    staff = make.user(role=role)
    claim = make.report(make.assignment(w['karaj'], title='ادعای کرج'), author=w['director'], status='done')
    make.practice(city=w['tabriz'], status='submitted', title='تجربه فرستاده')
    make.practice(city=w['tabriz'], status='draft', title='پیش‌نویس تبریز')
    held = make.meeting('held', days_ahead=-1)
    draft = make.meeting('minutes_draft', days_ahead=-5, minutes='متن')
    past = make.meeting(days_ahead=-2)
    make.meeting(days_ahead=5)
    page = _page(client, login, staff)
    rows = _tasks(page)
    assert len(rows) == 5, rows
    assert f'#report-{claim.id}' in page and 'ادعای کرج' in page
    assert 'تجربه فرستاده' in page and 'پیش‌نویس تبریز' not in page
    assert f'/meetings/{held.id}/minutes' in page and f'/meetings/{draft.id}#minutes' in page
    assert f'/meetings/{past.id}"' in page


def test_an_observer_has_no_task_list_entry_and_an_empty_page(client, make, login, w):
    page = _page(client, login, w['observer'])
    assert 'کاری در انتظار شما نیست' in page
    assert 'href="/tasks/"' not in page


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get('/tasks/')
    assert response.status_code == 302 and '/login' in response.location


def test_the_navigation_shows_the_count_with_a_spoken_label(client, make, login, w):
    make.assignment(w['karaj'], deadline=today_tehran())
    make.meeting(cities=[w['karaj']], days_ahead=4)
    login(w['director'])
    page = client.get('/meetings/').get_data(as_text=True)
    assert 'aria-label="کارهای من: ۲ کار در انتظار شما"' in page
    assert re.search(r'class="badge[^"]*nav-count"[^>]*>۲<', page)


def test_the_navigation_with_nothing_waiting_says_so_and_shows_no_number(client, login, w):
    login(w['director'])
    page = client.get('/meetings/').get_data(as_text=True)
    assert 'aria-label="کارهای من: کاری در انتظار شما نیست"' in page and 'nav-count' not in page


def test_the_navigation_count_is_the_number_of_tasks_listed(client, make, login, w, db):
    """The count is worked out apart from the list (the city's assignments and questions are not loaded as objects
    for it): each kind of assignment and question counts exactly when the list shows it."""
    today = today_tehran()
    karaj, director = w['karaj'], w['director']
    make.assignment(karaj, deadline=today - dt.timedelta(days=5))  # overdue
    make.assignment(karaj, deadline=today)  # due today
    make.assignment(karaj, deadline=today + dt.timedelta(days=30))  # the last day of "soon"
    make.assignment(karaj, deadline=today + dt.timedelta(days=31))  # not yet
    make.assignment(karaj)  # no deadline
    extended = make.assignment(karaj, deadline=today - dt.timedelta(days=3))
    extended.deadline = today + dt.timedelta(days=60)  # the city's own deadline counts: not overdue any more
    shortened = make.assignment(karaj, deadline=today + dt.timedelta(days=90))
    shortened.deadline = today + dt.timedelta(days=2)  # soon by the city's own deadline
    make.report(make.assignment(karaj, deadline=today - dt.timedelta(days=1)), author=director, status='done')
    make.report(make.assignment(karaj, deadline=today - dt.timedelta(days=1)), author=director,
                status='not_applicable', note='شهر ما ساحل ندارد')
    make.report(make.assignment(karaj, deadline=today + dt.timedelta(days=3)), author=director, status='blocked',
                note='بودجه نداریم')  # blocked and soon: still a report due
    make.assignment(karaj, deadline=today - dt.timedelta(days=9), status='closed')  # not active: nothing due
    practice = make.practice(city=karaj)
    make.comment(practice, w['peer'])  # another city's question: one task
    make.comment(practice, w['staff'])  # the secretariat's (no city): one task
    make.comment(practice, make.user(role='director', city=karaj))  # a colleague's note: none
    answered = make.comment(practice, w['peer'])
    make.comment(practice, director, parent=answered)
    make.practice(city=karaj, status='changes_requested')  # sent back: one task
    db.session.flush()
    rows = _tasks(_page(client, login, director))
    assert len(rows) == 8, rows
    page = client.get('/meetings/').get_data(as_text=True)
    assert 'aria-label="کارهای من: ۸ کار در انتظار شما"' in page


def _statements(app, fn):
    from commission.db import db
    seen = []
    target = db.session.connection()  # the tests' one connection (views' commits are savepoints on it)

    def count(*args, **kwargs):
        seen.append(args[2])
    event.listen(target, 'before_cursor_execute', count)
    try:
        fn()
    finally:
        event.remove(target, 'before_cursor_execute', count)
    return seen


@pytest.mark.parametrize('who, most', [('director', 4), ('staff', 4), ('observer', 0)])
def test_the_navigation_count_costs_a_few_queries_once_per_page(app, client, make, login, w, who, most):
    """The badge's queries: one or two per provider that concerns the user, computed once per request."""
    make.assignment(w['karaj'], deadline=today_tehran())
    for _ in range(5):
        make.meeting(cities=[w['karaj']], days_ahead=4)
    login(w[who])
    url = '/cities/'
    client.get(url)
    from commission import templating
    real = templating.NAV_BADGES['tasks.index']
    templating.NAV_BADGES['tasks.index'] = lambda user: None
    try:
        without = len(_statements(app, lambda: client.get(url)))
    finally:
        templating.NAV_BADGES['tasks.index'] = real
    with_badge = len(_statements(app, lambda: client.get(url)))
    assert with_badge - without <= most


def test_the_secretariat_is_asked_to_decide_an_extension_until_it_does(client, make, login, w, db):
    import datetime as dt

    from commission.resolutions.services import decide_extension, request_extension
    assignment = make.assignment(w['karaj'], title='سامانه پاسخ‌گویی', deadline=today_tehran() + dt.timedelta(days=5))
    request = request_extension(assignment, user=w['director'], new_deadline=today_tehran() + dt.timedelta(days=40),
                                reason='نیروی تازه باید آموزش ببیند.')
    page = _page(client, login, w['staff'])
    assert 'تمدید مهلت' in page and 'سامانه پاسخ‌گویی' in page
    assert f'/resolutions/assignments/{assignment.id}' in page
    assert 'تمدید مهلت' not in ' '.join(_tasks(_page(client, login, w['peer'])))  # a director decides nothing
    decide_extension(request, user=w['staff'], grant=True)
    assert 'سامانه پاسخ‌گویی' not in ' '.join(_tasks(_page(client, login, w['staff'])))
