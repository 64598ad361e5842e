"""Twenty simultaneous identical submissions against a real threaded server on a committed database: one row,
and every click lands on the same result. Counters take twenty concurrent increments without losing one."""
import re
import threading

import pytest

from commission.db import db
from commission.meetings.models import Meeting
from commission.practices.models import Practice, PracticeAdoption, PracticeComment
from commission.resolutions.models import ProgressReport, Resolution
from commission.submissions import FormSubmission, forget_old
from commission.timeutil import utcnow

from ..factories import Factories
from ..forms import submission_token
from .live import Browser, Server, committed_app

CLICKS = 20


@pytest.fixture(scope='module')
def live(tmp_path_factory):
    app = committed_app(tmp_path_factory.mktemp('live'), '_live')
    with app.app_context():
        make = Factories(db)
        director = make.user(role='director')
        others = [make.user(role='director') for _ in range(CLICKS)]
        world = {'director': director.email, 'others': [u.email for u in others],
                 'secretariat': make.user(role='secretariat').email, 'category': make.category().id,
                 'practice': make.practice().id, 'assignment': make.assignment().id,
                 'assignments': [make.assignment().id, make.assignment().id]}
        db.session.commit()
    server = Server(app)
    yield app, server, world
    server.close()
    with app.app_context():
        db.engine.dispose()


def _all_at_once(send):
    barrier = threading.Barrier(CLICKS)
    results = [None] * CLICKS

    def click(i):
        barrier.wait()
        results[i] = send(i)
    threads = [threading.Thread(target=click, args=(i,)) for i in range(CLICKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    return results


def _count(app, model, *where):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(model.id)).where(*where))


def _assert_one_landing(results):
    statuses = {status for status, _url, _page in results}
    landings = {url for _status, url, _page in results}
    assert statuses == {200} and len(landings) == 1, (statuses, landings)
    # one cookie jar for twenty answers: some flashes are read by a neighbour's page, but the message is shown
    assert any('این فرم پیش‌تر فرستاده شده است' in page for _s, _u, page in results)
    return landings.pop()


def test_twenty_clicks_on_new_practice_make_one(live):
    app, server, world = live
    browser = Browser(server.url).log_in(world['director'])
    _status, _url, page = browser.request('/practices/new')
    data = {'title': 'تجربه دوبار فرستاده', 'summary': 'خلاصه', 'category_id': str(world['category']),
            'year': '1402', 'submission_token': submission_token(page, '<form')}
    landing = _assert_one_landing(_all_at_once(lambda i: browser.request('/practices/new', data)))
    assert _count(app, Practice, Practice.title == 'تجربه دوبار فرستاده') == 1
    assert re.search(r'/practices/\d+$', landing)


def test_twenty_clicks_on_a_question_ask_once(live):
    app, server, world = live
    browser = Browser(server.url).log_in(world['others'][0])
    practice = world['practice']
    _status, _url, page = browser.request(f'/practices/{practice}')
    data = {'body': 'پرسش دوبار فرستاده', 'submission_token': submission_token(page, 'id="ask"')}
    _assert_one_landing(_all_at_once(lambda i: browser.request(f'/practices/{practice}/comments', data)))
    assert _count(app, PracticeComment, PracticeComment.body == 'پرسش دوبار فرستاده') == 1


def test_twenty_clicks_on_a_progress_report_report_once(live):
    app, server, world = live
    browser = Browser(server.url).log_in(world['secretariat'])
    assignment = world['assignment']
    _status, _url, page = browser.request(f'/resolutions/assignments/{assignment}')
    data = {'status': 'in_progress', 'note': 'گزارش دوبار فرستاده', 'percent': '30',
            'submission_token': submission_token(page, 'report-form')}
    _assert_one_landing(_all_at_once(lambda i: browser.request(f'/resolutions/assignments/{assignment}/report',
                                                               data)))
    assert _count(app, ProgressReport, ProgressReport.note == 'گزارش دوبار فرستاده') == 1


def test_twenty_clicks_on_new_meeting_schedule_one(live):
    app, server, world = live
    browser = Browser(server.url).log_in(world['secretariat'])
    _status, _url, page = browser.request('/meetings/new')
    data = {'number': '۹۱', 'title': 'نشست دوبار فرستاده', 'meeting_date': '۱۴۱۰/۰۲/۲۸',
            'submission_token': submission_token(page, '<form method="post"')}
    landing = _assert_one_landing(_all_at_once(lambda i: browser.request('/meetings/new', data)))
    assert _count(app, Meeting, Meeting.title == 'نشست دوبار فرستاده') == 1
    assert re.search(r'/meetings/\d+/agenda$', landing)


def test_twenty_clicks_on_new_resolution_record_one(live):
    app, server, world = live
    browser = Browser(server.url).log_in(world['secretariat'])
    _status, _url, page = browser.request('/resolutions/new')
    data = {'code': '۹۱/۱', 'title': 'مصوبه دوبار فرستاده', 'meeting_id': '0', 'scope': 'all', 'lead_city_id': '0',
            'submission_token': submission_token(page, '<form method="post"')}
    landing = _assert_one_landing(_all_at_once(lambda i: browser.request('/resolutions/new', data)))
    assert _count(app, Resolution, Resolution.title == 'مصوبه دوبار فرستاده') == 1
    assert re.search(r'/resolutions/\d+$', landing)


def test_twenty_clicks_on_an_adoption_record_one(live):
    app, server, world = live
    browser = Browser(server.url).log_in(world['others'][1])
    practice = world['practice']
    _status, _url, page = browser.request(f'/practices/{practice}')
    data = {'note': 'به‌کارگیری دوبار فرستاده',
            'submission_token': submission_token(page, f'/practices/{practice}/adoption')}
    _assert_one_landing(_all_at_once(lambda i: browser.request(f'/practices/{practice}/adoption', data)))
    assert _count(app, PracticeAdoption, PracticeAdoption.note == 'به‌کارگیری دوبار فرستاده') == 1
    with app.app_context():
        assert db.session.get(Practice, practice).adoption_count == 1


def test_one_token_on_two_forms_of_a_page_sends_both(live):
    """«My city's resolutions» renders one report form per assignment from one form: each target counts once."""
    app, server, world = live
    browser = Browser(server.url).log_in(world['secretariat'])
    token = 'shared-token-of-one-rendering-000'
    for assignment in world['assignments']:
        status, url, _page = browser.request(f'/resolutions/assignments/{assignment}/report', {
            'status': 'in_progress', 'note': 'گزارش فرم مشترک', 'submission_token': token})
        assert url.endswith(f'/resolutions/assignments/{assignment}')
    assert _count(app, ProgressReport, ProgressReport.note == 'گزارش فرم مشترک') == 2


def test_concurrent_questions_and_useful_marks_are_all_counted(live):
    app, server, world = live
    practice = world['practice']
    browsers = [Browser(server.url).log_in(email) for email in world['others']]
    with app.app_context():
        before = db.session.get(Practice, practice).comment_count
    _all_at_once(lambda i: browsers[i].request(f'/practices/{practice}/comments', {'body': f'پرسش شماره {i}'}))
    _all_at_once(lambda i: browsers[i].request(f'/practices/{practice}/useful', {}))
    with app.app_context():
        counted = db.session.get(Practice, practice)
        assert counted.comment_count == before + CLICKS
        assert counted.useful_count == CLICKS


def test_tokens_older_than_a_day_are_forgotten(live):
    app, _server, _world = live
    import datetime as dt
    with app.app_context():
        db.session.add(FormSubmission(token='x' * 32, created_dt=utcnow() - dt.timedelta(days=2)))
        db.session.commit()
        assert forget_old() >= 1
        db.session.commit()
        assert db.session.scalar(db.select(FormSubmission).where(FormSubmission.token == 'x' * 32)) is None
