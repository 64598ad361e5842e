"""Publishing a report tells its readers: a city's report its directors and the secretariat, the commission's report
every member; by the notification path (the bell now, mail as a job of the same transaction, sent after it)."""
import pytest

from commission.jobs.models import Job
from commission.notifications.models import Notification

URL = '/reports/city/karaj-n/1404/2'
COMMISSION = '/reports/commission/1404/2'


@pytest.fixture
def people(db, make, app, monkeypatch):
    monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')  # e-mail at once is the kind's default
    karaj, tabriz = make.city(name='کرج', slug='karaj-n'), make.city(name='تبریز', slug='tabriz-n')
    return {'karaj': make.user(role='director', city=karaj), 'karaj_other': make.user(role='director', city=karaj),
            'tabriz': make.user(role='director', city=tabriz), 'secretariat': make.user(role='secretariat'),
            'observer': make.user(role='observer')}


def _told(db):
    """{user_id: [(text, url)]} of the 'report.published' bell entries."""
    told = {}
    for n in db.session.scalars(db.select(Notification).where(Notification.kind == 'report.published')):
        told.setdefault(n.user_id, []).append((n.text, n.url))
    return told


def _mailed(db):
    jobs = db.session.scalars(db.select(Job).where(Job.kind == 'mail.send')).all()
    return sorted(m['to'] for job in jobs if job.payload['kind'] == 'report.published' for m in job.payload['messages'])


def test_a_city_report_tells_its_directors_and_the_secretariat(client, login, db, people):
    login(people['karaj'])
    response = client.post(URL + '/introduction', data={'introduction': 'مقدمه', 'action': 'publish'})
    assert response.status_code == 302
    told = _told(db)
    assert set(told) == {people['karaj_other'].id, people['secretariat'].id}  # not the author, not other cities
    assert told[people['secretariat'].id] == [('گزارش عملکرد شش‌ماهه نخست ۱۴۰۴ شهرداری کرج منتشر شد.', URL)]
    assert _mailed(db) == sorted([people['karaj_other'].email, people['secretariat'].email])


def test_the_commission_report_tells_every_member(client, login, db, people):
    login(people['secretariat'])
    assert client.post(COMMISSION + '/introduction', data={'introduction': 'گزارش کمیسیون',
                                                           'action': 'publish'}).status_code == 302
    told = _told(db)
    assert set(told) == {people[k].id for k in ('karaj', 'karaj_other', 'tabriz', 'observer')}
    assert told[people['observer'].id] == [('گزارش عملکرد شش‌ماهه نخست ۱۴۰۴ کمیسیون ارتباطات منتشر شد.',
                                            COMMISSION)]


def test_saving_a_draft_or_a_refused_publication_tells_nobody(client, login, db, people):
    login(people['karaj'])
    client.post(URL + '/introduction', data={'introduction': 'پیش‌نویس', 'action': 'save'})
    running = '/reports/city/karaj-n/1499/4'  # a period not yet over: publication refused, the draft kept
    response = client.post(running + '/introduction', data={'introduction': 'زود است', 'action': 'publish'})
    assert response.status_code == 422
    assert _told(db) == {} and _mailed(db) == []


def test_a_publication_rolled_back_leaves_no_notification_and_no_mail(db, people):
    from commission.cities.models import City
    from commission.reports import services as svc
    from commission.reports.periods import Period
    karaj = db.session.scalars(db.select(City).where(City.slug == 'karaj-n')).one()
    db.session.commit()
    svc.publish(karaj, Period(1404, 2), author=people['karaj'])
    assert _told(db) and _mailed(db)  # recorded in the publication's own transaction
    db.session.rollback()
    assert _told(db) == {} and _mailed(db) == []


def test_a_director_of_another_city_cannot_publish_and_nobody_is_told(client, login, db, people):
    login(people['tabriz'])
    assert client.post(URL + '/introduction', data={'introduction': 'x', 'action': 'publish'}).status_code == 403
    assert _told(db) == {}
