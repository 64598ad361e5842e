"""Each person gets a notification on the channels they chose, and only they; gateways are faked on loopback."""
import pytest

from commission.notifications import kinds
from commission.notifications.models import Notification
from commission.notifications.services import notify

from .conftest import confirmed_contact, free_port, jobs, prefer

CONTEXT_KINDS = """resolution.assigned resolution.changed resolution.extension_requested resolution.extension_decided
resolution.status resolution.accepted resolution.returned resolution.reminder resolution.escalated meeting.scheduled
meeting.rescheduled meeting.cancelled meeting.agenda meeting.tomorrow meeting.rsvp_missing meeting.minutes_draft
meeting.minutes_approved meeting.minutes_reopened meeting.minutes_comment meeting.signoff_missing practice.submitted
practice.published practice.changes_requested practice.comment practice.answer practice.adopted
practice.adoption_followup indicator.reminder occasion.reminder report.published digest""".split()


def person(db, n):
    """An account without the cost of hashing a password (seven of them per kind)."""
    from commission.auth.models import User
    user = User(email=f'p{n}@example.org', full_name=f'شخص {n}', role='observer', password_hash='!')
    db.session.add(user)
    db.session.flush()
    return user


def bell(db, user):
    return [n.kind for n in db.session.scalars(db.select(Notification).where(Notification.user_id == user.id))]


def mailed(db):
    return sorted(m['to'] for job in jobs(db, 'mail.send') for m in job.payload['messages'])


def test_every_kind_is_registered_with_a_label_a_group_and_the_three_urgent_ones():
    assert set(CONTEXT_KINDS) <= set(kinds.KINDS)
    assert kinds.URGENT_KINDS == {'resolution.reminder', 'resolution.escalated', 'meeting.tomorrow'}
    for name in CONTEXT_KINDS:
        spec = kinds.get(name)
        assert spec.label and spec.group in kinds.GROUPS and spec.default in spec.choices


def test_an_unregistered_kind_still_reaches_the_bell_and_the_mail(db, make, app, monkeypatch):
    monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')
    user = make.user()
    notify([user], 'something.new', 'اعلانی از نوعی تازه', '/x')
    assert bell(db, user) == ['something.new'] and mailed(db) == [user.email]
    assert kinds.get('something.new').group == 'other' and not kinds.get('something.new').urgent


@pytest.mark.parametrize('kind', CONTEXT_KINDS)
def test_each_kind_goes_to_the_people_named_on_the_channel_each_chose(db, make, app, monkeypatch, kind,
                                                                       sms_gateway, bale, run_jobs):
    monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')
    monkeypatch.setitem(app.config, 'MAIL_PORT', free_port())  # mail.send retries later: we read its payload
    spec = kinds.get(kind)
    by_mail, quiet, daily, weekly, texter, messenger, bystander = (person(db, n) for n in range(7))
    prefer(db, quiet, kind, 'inapp')
    if not spec.digest_only:
        prefer(db, by_mail, kind, 'email')
        prefer(db, daily, kind, 'daily')
    prefer(db, weekly, kind, 'weekly')
    prefer(db, texter, kind, 'inapp', 'sms')
    prefer(db, messenger, kind, 'inapp', 'bale')
    for user in (by_mail, quiet, daily, weekly, texter, messenger, bystander):
        confirmed_contact(db, user, 'sms', f'0912{user.id:07d}')
        confirmed_contact(db, user, 'bale', f'{5550000 + user.id}')
    targets = [quiet, daily, weekly, texter, messenger] + ([] if spec.digest_only else [by_mail])
    notify(targets, kind, 'متن آزمون اعلان', '/notifications/')
    db.session.commit()
    run_jobs()
    for user in targets:
        assert bell(db, user) == [kind]
    assert bell(db, bystander) == []
    assert mailed(db) == ([] if spec.digest_only else [by_mail.email])
    digest = {n.user_id: n.digest for n in db.session.scalars(db.select(Notification))}
    assert digest[weekly.id] == 'weekly' and digest[quiet.id] is None
    if not spec.digest_only:
        assert digest[daily.id] == 'daily' and digest[by_mail.id] is None
    if spec.urgent:
        assert [f['receptor'] for f in sms_gateway.forms()] == [f'0912{texter.id:07d}']
        assert [m['chat_id'] for m in bale.messages()] == [5550000 + messenger.id]
    else:  # SMS and Bale are for the urgent kinds only, whatever a row says
        assert sms_gateway.requests == [] and bale.requests == []


def test_defaults_email_at_once_and_urgent_kinds_also_on_confirmed_contacts(db, make, app, monkeypatch,
                                                                             sms_gateway, bale, run_jobs):
    monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')
    with_phone, without = make.user(), make.user()
    confirmed_contact(db, with_phone, 'sms', '09121111111')
    notify([with_phone, without], 'meeting.tomorrow', 'نشست فردا ساعت ۱۰', '/meetings/1')
    db.session.commit()
    run_jobs()
    assert mailed(db) == sorted([with_phone.email, without.email])
    [form] = sms_gateway.forms()
    assert form == {'apikey': 'test-key', 'receptor': '09121111111', 'sender': '10004346',
                    'message': 'نشست فردا ساعت ۱۰\nhttp://127.0.0.1:5000/meetings/1'}
    assert bale.requests == []  # no Bale chat: nothing


def test_an_unconfirmed_contact_gets_nothing(db, make, sms_gateway, bale, run_jobs):
    from commission.notifications.models import ContactPoint
    user = make.user()
    db.session.add(ContactPoint(user_id=user.id, channel='sms', address='09122222222', code_attempts=0, codes_sent=0))
    db.session.add(ContactPoint(user_id=user.id, channel='bale', address='777777', code_attempts=0, codes_sent=0))
    prefer(db, user, 'resolution.reminder', 'inapp', 'sms', 'bale')
    notify([user], 'resolution.reminder', 'مهلت مصوبه ۹/۱ فردا است')
    db.session.commit()
    run_jobs()
    assert bell(db, user) == ['resolution.reminder']
    assert sms_gateway.requests == [] and bale.requests == [] and jobs(db, 'notifications.send') == []


def test_a_contact_unconfirmed_after_the_job_was_recorded_gets_nothing(db, make, sms_gateway, run_jobs):
    user = make.user()
    contact = confirmed_contact(db, user, 'sms', '09123333333')
    notify([user], 'resolution.escalated', 'تأخیر بیش از ۳۰ روز')
    contact.address, contact.confirmed_dt = '09124444444', None  # the person changed the number meanwhile
    db.session.commit()
    run_jobs()
    assert sms_gateway.requests == [] and jobs(db, 'notifications.send')[0].status == 'done'


def test_email_false_keeps_mail_and_digests_out(db, make, app, monkeypatch):
    monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')
    a, b = make.user(), make.user()
    prefer(db, b, 'practice.comment', 'daily')
    notify([a, b], 'practice.comment', 'فقط زنگوله', email=False)
    assert mailed(db) == [] and {n.digest for n in db.session.scalars(db.select(Notification))} == {None}


def test_bale_message_goes_to_the_bot_api_with_the_chat_id_and_the_link(db, make, bale, run_jobs):
    user = make.user()
    confirmed_contact(db, user, 'bale', '123456789')
    prefer(db, user, 'meeting.tomorrow', 'inapp', 'bale')
    notify([user], 'meeting.tomorrow', 'نشست فردا', '/meetings/7')
    db.session.commit()
    run_jobs()
    [request] = bale.requests
    assert request['method'] == 'POST' and request['path'] == '/bottok:123/sendMessage'
    assert bale.messages() == [{'chat_id': 123456789, 'text': 'نشست فردا\n\nhttp://127.0.0.1:5000/meetings/7'}]
