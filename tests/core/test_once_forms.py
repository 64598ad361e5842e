"""The create forms of meetings, resolutions, adoptions, minutes corrections, indicators, periods and accounts carry the
one-time token (commission/submissions.py): the same rendering sent twice makes one row, and the second send
lands on the first one's result with a message. (test_concurrent_submissions.py sends them twenty at once to a
threaded server.)"""

from commission.auth.models import User
from commission.indicators.models import Indicator, IndicatorPeriod
from commission.meetings.models import Meeting, MinutesComment
from commission.practices.models import PracticeAdoption
from commission.resolutions.models import Resolution
from commission.submissions import ALREADY_SENT

from ..forms import submission_token


def _send_twice(client, path, data):
    first = client.post(path, data=data)
    second = client.post(path, data=data)
    assert first.status_code == 302 and second.status_code == 302
    assert second.headers['Location'] == first.headers['Location']  # the same result page
    assert ALREADY_SENT in client.get(second.headers['Location']).get_data(as_text=True)
    return first.headers['Location']


def _count(db, model, *where):
    return db.session.scalar(db.select(db.func.count(model.id)).where(*where))


def test_a_new_meeting_sent_twice_is_scheduled_once(client, make, login, db):
    login(make.user(role='secretariat'))
    page = client.get('/meetings/new').get_data(as_text=True)
    data = {'number': '۴۴', 'title': 'نشست دوبار فرستاده', 'meeting_date': '۱۴۱۰/۰۲/۲۸',
            'submission_token': submission_token(page)}
    landing = _send_twice(client, '/meetings/new', data)
    meeting = db.session.scalars(db.select(Meeting).where(Meeting.title == 'نشست دوبار فرستاده')).one()
    assert landing.endswith(f'/meetings/{meeting.id}/agenda')


def test_a_new_resolution_sent_twice_is_recorded_once(client, make, login, db):
    make.city()
    login(make.user(role='secretariat'))
    page = client.get('/resolutions/new').get_data(as_text=True)
    data = {'code': '۸/۱', 'title': 'مصوبه دوبار فرستاده', 'meeting_id': '0', 'scope': 'all', 'lead_city_id': '0',
            'submission_token': submission_token(page)}
    landing = _send_twice(client, '/resolutions/new', data)
    resolution = db.session.scalars(db.select(Resolution).where(Resolution.title == 'مصوبه دوبار فرستاده')).one()
    assert landing.endswith(f'/resolutions/{resolution.id}')


def test_an_adoption_sent_twice_is_recorded_once(client, make, login, db):
    practice = make.practice(city=make.city(), title='تجربه برای به‌کارگیری')
    login(make.user(role='director', city=make.city()))
    db.session.commit()
    page = client.get(f'/practices/{practice.id}').get_data(as_text=True)
    data = {'note': 'ما هم به کار گرفتیم',
            'submission_token': submission_token(page, f'practices/{practice.id}/adoption')}
    landing = _send_twice(client, f'/practices/{practice.id}/adoption', data)
    assert landing.endswith(f'/practices/{practice.id}#adoptions')
    assert _count(db, PracticeAdoption, PracticeAdoption.practice_id == practice.id) == 1
    db.session.refresh(practice)
    assert practice.adoption_count == 1


def test_a_minutes_correction_sent_twice_is_recorded_once(client, make, login, db):
    city = make.city()
    meeting = make.meeting('minutes_draft', days_ahead=-3, cities=[city], minutes='پیش‌نویس صورتجلسه')
    login(make.user(role='director', city=city))
    db.session.commit()
    page = client.get(f'/meetings/{meeting.id}').get_data(as_text=True)
    data = {'body': 'نام سخنران شهر ما را اصلاح کنید',
            'submission_token': submission_token(page, f'/meetings/{meeting.id}/minutes/comments')}
    landing = _send_twice(client, f'/meetings/{meeting.id}/minutes/comments', data)
    assert landing.endswith(f'/meetings/{meeting.id}#comments')
    assert _count(db, MinutesComment, MinutesComment.meeting_id == meeting.id) == 1


def test_an_indicator_and_a_period_sent_twice_are_defined_once_without_a_duplicate_error(client, make, login, db):
    """The second send used to come back as «شاخصی با همین نام هست»: the secretary's first click had worked."""
    login(make.user(role='secretariat'))
    page = client.get('/indicators/new').get_data(as_text=True)
    data = {'name': 'شاخص دوبار فرستاده', 'unit': 'نشست', 'category': 'رسانه و مطبوعات', 'frequency': 'quarterly',
            'aggregate': 'sum', 'higher_is_better': '1', 'position': '۱', 'active': 'y',
            'submission_token': submission_token(page)}
    assert _send_twice(client, '/indicators/new', data).endswith('/indicators/manage')
    assert _count(db, Indicator, Indicator.name == 'شاخص دوبار فرستاده') == 1
    page = client.get('/indicators/periods').get_data(as_text=True)
    data = {'year': '۱۴۰۸', 'quarter': '2', 'submission_token': submission_token(page, 'action="/indicators/periods"')}
    assert _send_twice(client, '/indicators/periods', data).endswith('/indicators/periods')
    assert _count(db, IndicatorPeriod, IndicatorPeriod.year == 1408) == 1


def test_a_new_account_sent_twice_is_made_once_and_the_second_send_lands_on_its_row(client, make, login, db):
    """The second send used to answer «already exists», and the invitation link of the first was lost with it
    (when mail is off the link shows only in the first response's message); the row has «دعوت دوباره»."""
    login(make.user(role='admin'))
    city = make.city(name='کرج', slug='karaj-once')
    page = client.get('/users/new').get_data(as_text=True)
    data = {'full_name': 'مدیر دوبار فرستاده', 'email': 'twice@example.org', 'role': 'director', 'city_id': city.id,
            'active': 'y', 'submission_token': submission_token(page)}
    landing = _send_twice(client, '/users/new', data)
    user = db.session.scalar(db.select(User).where(User.email == 'twice@example.org'))
    assert landing.endswith(f'/users/#user-{user.id}')
    assert _count(db, User, User.email == 'twice@example.org') == 1
    row = client.get('/users/').get_data(as_text=True).split(f'id="user-{user.id}"')[1].split('</tr>')[0]
    assert 'دعوت دوباره' in row


def test_a_refused_form_keeps_its_token_for_the_corrected_send(client, make, login, db):
    """Nothing is claimed by a send that fails validation: the corrected form then goes through."""
    login(make.user(role='secretariat'))
    page = client.get('/meetings/new').get_data(as_text=True)
    data = {'number': '۴۵', 'title': 'نشست با تاریخ نادرست', 'meeting_date': '۱۴۱۰/۱۳/۴۰',
            'submission_token': submission_token(page)}
    refused = client.post('/meetings/new', data=data)
    assert refused.status_code == 422 and f'value="{data["submission_token"]}"' in refused.get_data(as_text=True)
    data['meeting_date'] = '۱۴۱۰/۰۲/۲۸'
    assert client.post('/meetings/new', data=data).status_code == 302
    assert _count(db, Meeting, Meeting.title == 'نشست با تاریخ نادرست') == 1

