"""A gateway that is down or says no never breaks the action: the worker retries; a message is sent at most once."""
import datetime as dt

from commission.jobs.models import Job
from commission.notifications.services import notify
from commission.timeutil import utcnow

from .conftest import FakeServer, confirmed_contact, free_port, jobs


def urgent_sms(db, make):
    user = make.user()
    confirmed_contact(db, user, 'sms', '09125555555')
    notify([user], 'resolution.reminder', 'مهلت مصوبه ۹/۲ گذشت', '/resolutions/mine')
    db.session.commit()
    return user


def again(db, job):
    """The backoff is over: the job is due now (as it would be after JOBS_RETRY_BASE_SECONDS)."""
    job.run_after = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()


def test_a_down_gateway_leaves_the_job_for_a_retry_that_delivers(db, make, app, monkeypatch, run_jobs):
    monkeypatch.setitem(app.config, 'SMS_GATEWAY_URL', f'http://127.0.0.1:{free_port()}/send')  # nobody there
    monkeypatch.setitem(app.config, 'SMS_API_KEY', 'k')
    urgent_sms(db, make)
    run_jobs()
    [job] = jobs(db, 'notifications.send')
    assert job.status == 'pending' and job.attempts == 1 and 'unreachable' in job.last_error
    assert job.run_after > utcnow() and not job.progress  # backoff, and the marker cleared: nothing was sent
    server = FakeServer(default=(200, {'return': {'status': 200}}))
    try:
        monkeypatch.setitem(app.config, 'SMS_GATEWAY_URL', server.url + '/send')
        again(db, job)
        run_jobs()
        assert db.session.get(Job, job.id).status == 'done'
        assert [f['receptor'] for f in server.forms()] == ['09125555555']
    finally:
        server.stop()


def test_a_gateway_error_answer_is_retried_and_the_message_goes_once(db, make, sms_gateway, run_jobs):
    sms_gateway.replies = [(503, {'error': 'busy'}), (200, {'return': {'status': 418, 'message': 'اعتبار کافی نیست'}})]
    urgent_sms(db, make)
    run_jobs()
    [job] = jobs(db, 'notifications.send')
    assert job.status == 'pending' and '503' in job.last_error
    again(db, job)
    run_jobs()
    job = db.session.get(Job, job.id)
    assert job.status == 'pending' and '418' in job.last_error  # Kavenegar's "not sent" inside an HTTP 200
    again(db, job)
    run_jobs()
    assert db.session.get(Job, job.id).status == 'done' and len(sms_gateway.requests) == 3
    run_jobs()
    assert len(sms_gateway.requests) == 3


def test_no_answer_after_sending_is_never_sent_again(db, make, sms_gateway, run_jobs):
    """The request reached the gateway but the answer was lost: it may have gone out, so at most once."""
    sms_gateway.replies = ['drop']
    urgent_sms(db, make)
    run_jobs()
    [job] = jobs(db, 'notifications.send')
    assert job.status == 'failed' and job.progress == {'attempted': True} and 'at most once' in job.last_error
    from commission.jobs.queue import retry
    retry(db.session, job)  # even an operator's retry sends nothing twice
    db.session.commit()
    run_jobs()
    assert len(sms_gateway.requests) == 1 and db.session.get(Job, job.id).status == 'done'


def test_a_refusal_for_good_fails_at_once_for_the_operator(db, make, sms_gateway, run_jobs):
    sms_gateway.replies = [(401, {'return': {'status': 401, 'message': 'کلید نامعتبر'}})]
    urgent_sms(db, make)
    run_jobs()
    [job] = jobs(db, 'notifications.send')
    assert job.status == 'failed' and job.attempts == 1 and '401' in job.last_error and not job.progress
    from commission.jobs.queue import retry
    retry(db.session, job)  # the key fixed: the retry sends it
    db.session.commit()
    run_jobs()
    assert len(sms_gateway.requests) == 2 and db.session.get(Job, job.id).status == 'done'


def test_bale_down_is_retried_and_its_ok_false_too(db, make, bale, run_jobs):
    bale.replies = [(502, b'bad gateway'), (200, {'ok': False, 'description': 'later'})]
    user = make.user()
    confirmed_contact(db, user, 'bale', '424242')
    notify([user], 'meeting.tomorrow', 'نشست فردا')
    db.session.commit()
    run_jobs()
    [job] = jobs(db, 'notifications.send')
    assert job.status == 'pending'
    again(db, job)
    run_jobs()
    assert db.session.get(Job, job.id).status == 'pending'
    again(db, job)
    run_jobs()
    assert db.session.get(Job, job.id).status == 'done' and len(bale.requests) == 3


def test_the_gateway_key_goes_in_the_url_when_it_asks_for_it_and_get_works(db, make, app, sms_gateway, run_jobs):
    app.config.update(SMS_GATEWAY_URL=sms_gateway.url + '/v1/{apikey}/sms/send.json', SMS_GATEWAY_METHOD='GET')
    urgent_sms(db, make)
    run_jobs()
    [request] = sms_gateway.requests
    assert request['method'] == 'GET' and request['path'].startswith('/v1/test-key/sms/send.json?')
    assert sms_gateway.forms()[0]['receptor'] == '09125555555'


def test_the_action_succeeds_while_the_gateway_is_down(db, make, client, login, app, monkeypatch):
    """Adding a number is an action whose SMS (the code) waits for the worker: a dead gateway changes nothing."""
    monkeypatch.setitem(app.config, 'SMS_GATEWAY_URL', f'http://127.0.0.1:{free_port()}/send')
    monkeypatch.setitem(app.config, 'SMS_API_KEY', 'k')
    user = login(make.user())
    response = client.post('/notifications/contacts', data={'channel': 'sms', 'address': '09126666666'})
    assert response.status_code == 302
    from commission.notifications.services import contacts
    assert contacts(user)['sms'].address == '09126666666'
    assert [j.status for j in jobs(db, 'notifications.send')] == ['pending']


def test_the_operator_checks_the_sms_settings_from_the_command_line(app, db, sms_gateway):
    result = app.test_cli_runner().invoke(args=['notifications', 'test-send', 'sms', '۰۹۱۲۱۲۳۴۵۶۷'])
    assert result.exit_code == 0, result.output
    assert sms_gateway.forms()[0]['receptor'] == '09121234567'
    sms_gateway.replies = [(401, {'return': {'status': 401}})]
    result = app.test_cli_runner().invoke(args=['notifications', 'test-send', 'sms', '09121234567'])
    assert result.exit_code != 0 and 'Refused' in result.output


def test_bale_chats_lists_who_wrote_to_the_bot_and_answers_start(app, db, bale):
    bale.replies = [(200, {'ok': True, 'result': [
        {'update_id': 1, 'message': {'text': '/start', 'chat': {'id': 4455667, 'first_name': 'مریم'}}}]})]
    result = app.test_cli_runner().invoke(args=['notifications', 'bale-chats', '--reply'])
    assert result.exit_code == 0, result.output
    assert '4455667\tمریم' in result.output
    assert bale.requests[0]['path'] == '/bottok:123/getUpdates'
    assert bale.messages()[1]['chat_id'] == 4455667 and '4455667' in bale.messages()[1]['text']
