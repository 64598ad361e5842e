"""A number or a Bale chat is confirmed with a 6-digit code (sent as a job, stored hashed, expiring, throttled)."""
import datetime as dt

import pytest

from commission.notifications import rules
from commission.notifications.models import ContactPoint
from commission.notifications.services import ContactError, normalize_chat_id, normalize_mobile, notify
from commission.timeutil import utcnow

from .conftest import code_in, jobs


def add(client, channel, address):
    return client.post('/notifications/contacts', data={'channel': channel, 'address': address})


def contact_of(db, user, channel='sms'):
    return db.session.scalar(db.select(ContactPoint).where(ContactPoint.user_id == user.id,
                                                           ContactPoint.channel == channel))


@pytest.mark.parametrize('typed', ['09121234567', '۰۹۱۲ ۱۲۳ ۴۵۶۷', '+989121234567', '٠٩١٢-١٢٣-٤٥٦٧', '9121234567'])
def test_mobile_numbers_in_any_digits_become_one_form(typed):
    assert normalize_mobile(typed) == '09121234567'


@pytest.mark.parametrize('typed', ['0912123456', '08121234567', 'abc', '', '091212345678'])
def test_a_bad_mobile_number_is_refused_in_persian(typed):
    with pytest.raises(ContactError, match='۱۱ رقم'):
        normalize_mobile(typed)


def test_a_chat_id_accepts_persian_digits():
    assert normalize_chat_id('۱۲۳۴۵۶۷۸۹') == '123456789'


def test_a_number_is_confirmed_with_the_code_it_received(db, make, client, login, sms_gateway, run_jobs):
    user = login(make.user())
    assert add(client, 'sms', '۰۹۱۲۱۲۳۴۵۶۷').status_code == 302
    contact = contact_of(db, user)
    assert contact.address == '09121234567' and not contact.confirmed
    assert sms_gateway.requests == []  # the code is a job: nothing leaves during the request
    run_jobs()
    [form] = sms_gateway.forms()
    assert form['receptor'] == '09121234567'
    code = code_in(form['message'])
    db.session.refresh(contact)
    assert contact.code_hash and code not in contact.code_hash and len(contact.code_hash) == 64
    assert code not in str([j.payload for j in jobs(db)])  # the code is in no job either
    wrong = '000000' if code != '000000' else '111111'
    response = client.post(f'/notifications/contacts/{contact.id}/confirm', data={'code': wrong})
    assert response.status_code == 422 and 'کد درست نیست' in response.text
    db.session.refresh(contact)
    assert contact.code_attempts == 1 and not contact.confirmed
    persian = code.translate(str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹'))
    assert client.post(f'/notifications/contacts/{contact.id}/confirm', data={'code': persian}).status_code == 302
    db.session.refresh(contact)
    assert contact.confirmed and contact.code_hash is None
    page = client.get('/notifications/settings').text
    assert 'تأییدشده' in page and '۰۹۱۲۱۲۳۴۵۶۷' in page


def test_a_bale_chat_gets_its_code_through_the_bot(db, make, client, login, bale, run_jobs):
    user = login(make.user())
    assert add(client, 'bale', '۹۸۷۶۵۴۳۲۱').status_code == 302
    run_jobs()
    [message] = bale.messages()
    assert message['chat_id'] == 987654321
    contact = contact_of(db, user, 'bale')
    client.post(f'/notifications/contacts/{contact.id}/confirm', data={'code': code_in(message['text'])})
    db.session.refresh(contact)
    assert contact.confirmed


def test_until_confirmed_only_the_code_is_sent(db, make, client, login, sms_gateway, run_jobs):
    user = login(make.user())
    add(client, 'sms', '09127777777')
    notify([user], 'resolution.reminder', 'مهلت گذشت')
    db.session.commit()
    run_jobs()
    assert len(sms_gateway.requests) == 1 and 'کد تأیید' in sms_gateway.forms()[0]['message']


def test_an_expired_code_is_refused(db, make, client, login, sms_gateway, run_jobs):
    user = login(make.user())
    add(client, 'sms', '09128888888')
    run_jobs()
    code = code_in(sms_gateway.forms()[0]['message'])
    contact = contact_of(db, user)
    contact.code_expires_dt = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    response = client.post(f'/notifications/contacts/{contact.id}/confirm', data={'code': code})
    assert response.status_code == 422 and 'مهلت این کد گذشته' in response.text
    assert not contact_of(db, user).confirmed


def test_after_five_wrong_codes_even_the_right_one_is_refused(db, make, client, login, sms_gateway, run_jobs):
    user = login(make.user())
    add(client, 'sms', '09129999999')
    run_jobs()
    code = code_in(sms_gateway.forms()[0]['message'])
    contact = contact_of(db, user)
    wrong = '000000' if code != '000000' else '111111'
    for _ in range(5):
        client.post(f'/notifications/contacts/{contact.id}/confirm', data={'code': wrong})
    response = client.post(f'/notifications/contacts/{contact.id}/confirm', data={'code': code})
    assert response.status_code == 422 and 'کد تازه بخواهید' in response.text
    assert not contact_of(db, user).confirmed


def test_codes_are_throttled(db, make, client, login, sms_gateway):
    user = login(make.user())
    for _ in range(3):
        assert add(client, 'sms', '09121231234').status_code == 302
    response = add(client, 'sms', '09121231234')
    assert response.status_code == 422 and 'کمی بعد دوباره' in response.text
    contact = contact_of(db, user)
    client.post(f'/notifications/contacts/{contact.id}/resend')
    assert len(jobs(db, 'notifications.send')) == 3


def test_a_bad_number_is_shown_again_with_a_persian_message(db, make, client, login, sms_gateway):
    login(make.user())
    response = add(client, 'sms', '۰۹۱۲۳')
    assert response.status_code == 422 and 'باید ۱۱ رقم' in response.text and 'value="۰۹۱۲۳"' in response.text
    assert jobs(db, 'notifications.send') == []


def test_without_a_configured_gateway_no_number_can_be_added(db, make, client, login, app, monkeypatch):
    monkeypatch.setitem(app.config, 'SMS_GATEWAY_URL', None)
    login(make.user())
    assert 'هنوز در این سامانه راه‌اندازی نشده' in client.get('/notifications/settings').text
    assert add(client, 'sms', '09121234567').status_code == 422


def test_only_the_owner_confirms_resends_or_removes_a_contact(db, make, client, login, sms_gateway):
    owner, other = make.user(), make.user(role='admin')
    contact = ContactPoint(user_id=owner.id, channel='sms', address='09121112233', code_attempts=0, codes_sent=0)
    db.session.add(contact)
    db.session.commit()
    assert not rules.can_manage_contact(other, contact) and rules.can_manage_contact(owner, contact)
    login(other)
    for action, data in (('confirm', {'code': '123456'}), ('resend', {}), ('remove', {})):
        assert client.post(f'/notifications/contacts/{contact.id}/{action}', data=data).status_code == 403
    assert db.session.get(ContactPoint, contact.id) is not None
    login(owner)
    assert client.post(f'/notifications/contacts/{contact.id}/remove').status_code == 302
    assert db.session.get(ContactPoint, contact.id) is None
