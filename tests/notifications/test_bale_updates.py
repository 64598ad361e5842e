"""The Bale bot answers whoever writes to it with their chat id and a link that fills it in (fake bot API)."""
import json

import pytest
from sqlalchemy import text

from commission import settings
from commission.jobs.worker import Worker
from commission.notifications import bale_updates

from .conftest import confirmed_contact


def _updates(*items):
    return 200, {'ok': True, 'result': [
        {'update_id': uid, 'message': {'message_id': uid, 'text': text, 'chat': {'id': chat, 'type': kind}}}
        for uid, chat, kind, text in items]}


def _calls(server, method):
    return [json.loads(r['body']) for r in server.requests if r['path'].endswith('/' + method)]


def test_a_new_chat_gets_its_id_and_a_link_that_fills_it_in(app, db, bale):
    bale.replies = [_updates((41, 555001, 'private', '/start'), (42, -9001, 'group', 'سلام همه'))]
    assert bale_updates.poll(now=0) == 1
    [asked] = _calls(bale, 'getUpdates')
    assert asked['offset'] == 1 and asked['timeout'] == 0
    [sent] = _calls(bale, 'sendMessage')
    assert sent['chat_id'] == 555001 and 'شناسهٔ گفت‌وگوی شما: 555001' in sent['text']
    assert app.config['SITE_URL'].rstrip('/') + '/notifications/settings?bale=555001#contact-bale' in sent['text']
    assert settings.get('bale_update_offset') == '42'  # the group's message is read, not answered
    # the next read starts after the last update: nobody is answered twice
    bale.replies = [_updates()]
    assert bale_updates.poll(now=10) == 0
    assert _calls(bale, 'getUpdates')[-1]['offset'] == 43 and len(_calls(bale, 'sendMessage')) == 1


def test_a_chat_already_confirmed_is_told_whose_it_is(db, make, bale):
    user = make.user(full_name='زهرا حسینی')
    confirmed_contact(db, user, 'bale', '777002')
    db.session.commit()
    bale.replies = [_updates((7, 777002, 'private', '/start'))]
    assert bale_updates.poll(now=0) == 1
    [sent] = _calls(bale, 'sendMessage')
    assert 'به حساب زهرا حسینی' in sent['text'] and 'bale=' not in sent['text']


def test_bale_down_delays_the_answers_and_breaks_nothing(app, db, bale):
    bale.replies = [(502, b'Bad Gateway')]
    assert bale_updates.poll(now=100) == 0
    assert settings.get('bale_update_offset') == ''
    assert not bale_updates.due(now=100 + bale_updates.BACKOFF_SECONDS - 1)
    assert bale_updates.due(now=100 + bale_updates.BACKOFF_SECONDS)


def test_polling_is_off_without_a_token_or_with_zero_seconds(app, db, bale):
    saved = app.config['BALE_POLL_SECONDS']
    app.config['BALE_POLL_SECONDS'] = 0
    try:
        assert not bale_updates.due(now=10**9)
    finally:
        app.config['BALE_POLL_SECONDS'] = saved
    app.config['BALE_BOT_TOKEN'] = None
    assert not bale_updates.due(now=10**9)


def test_the_worker_answers_between_jobs_and_survives_a_broken_periodic_task(app, db, bale, monkeypatch):
    bale_updates._next['at'] = 0
    bale.replies = [_updates((3, 123004, 'private', 'hi'))]
    worker = Worker(app)
    assert worker._run_periodic() == 1
    assert [m['chat_id'] for m in _calls(bale, 'sendMessage')] == [123004]

    def broken():
        raise RuntimeError('a defect')
    from commission.jobs import schedule
    monkeypatch.setattr(schedule, 'PERIODIC', [(lambda: True, broken)])
    assert worker._run_periodic() == 0


def test_the_link_fills_in_the_chat_on_the_settings_page(client, make, login, bale):
    login(make.user(role='director'))
    page = client.get('/notifications/settings?bale=555001').get_data(as_text=True)
    assert 'id="address-bale"' in page and 'value="555001"' in page
    page = client.get('/notifications/settings?bale=<b>x</b>').get_data(as_text=True)
    assert '&lt;b&gt;' not in page and '<b>x</b>' not in page


def test_a_second_worker_does_not_read_the_messages_while_the_first_does(app, db, bale):
    if db.engine.dialect.name != 'postgresql':
        pytest.skip('one worker on SQLite; run with TEST_DATABASE_URL for PostgreSQL')
    bale.replies = [_updates((5, 321005, 'private', '/start'))]
    with db.engine.connect() as other:  # the first worker, in the middle of its poll
        other.execute(text('SELECT pg_advisory_xact_lock(:k)'), {'k': bale_updates.LOCK_KEY})
        assert bale_updates.poll(now=0) == 0
        assert _calls(bale, 'getUpdates') == []
        other.rollback()
    assert bale_updates.poll(now=10) == 1
