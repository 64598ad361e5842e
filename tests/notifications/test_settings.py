"""The settings page: a table per group, sensible defaults, CSRF, 422 on a bad value, each person their own."""
from commission.notifications import kinds, rules
from commission.notifications.models import NotificationPreference
from commission.notifications.services import notify, preferences

from .conftest import jobs


def all_defaults(**changes):
    form = {f'd-{name}': spec.default for name, spec in kinds.KINDS.items()}
    for name, spec in kinds.KINDS.items():
        for channel in spec.default_channels:
            form[f'{channel}-{name}'] = '1'
    form.update(changes)
    return form


def test_the_page_shows_a_table_per_group_with_the_defaults_checked(db, make, client, login):
    login(make.user())
    page = client.get('/notifications/settings')
    assert page.status_code == 200
    text = page.text
    for heading in kinds.GROUPS.values():
        assert heading in text
    assert text.count('<table') == len(kinds.GROUPS) and '<th scope="col" class="text-center">خلاصهٔ روزانه</th>' in text
    assert 'id="d-practice.comment-email" checked' in text
    assert 'id="sms-meeting.tomorrow" checked' in text and 'name="sms-practice.comment"' not in text
    assert 'id="d-digest-weekly" checked' in text and 'id="d-digest-daily"' not in text


def test_the_bell_page_and_the_account_menu_link_to_it(db, make, client, login):
    login(make.user())
    page = client.get('/notifications/').text
    assert page.count('href="/notifications/settings"') == 2


def test_saved_choices_decide_the_delivery(db, make, client, login, app, monkeypatch):
    monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')
    user = login(make.user())
    response = client.post('/notifications/settings', data=all_defaults(**{'d-practice.comment': 'inapp',
                                                                           'd-meeting.agenda': 'weekly'}))
    assert response.status_code == 302
    assert preferences(user)['practice.comment'] == ('inapp', set())
    assert preferences(user)['meeting.agenda'] == ('weekly', set())
    assert db.session.scalar(db.select(db.func.count(NotificationPreference.id))) == 2  # only what differs
    notify([user], 'practice.comment', 'پرسش تازه')
    assert jobs(db, 'mail.send') == []


def test_unticking_sms_for_an_urgent_kind_is_kept(db, make, client, login):
    user = login(make.user())
    form = all_defaults()
    del form['sms-resolution.reminder']
    client.post('/notifications/settings', data=form)
    assert preferences(user)['resolution.reminder'] == ('email', {'bale'})


def test_a_bad_value_is_refused_with_422_and_what_was_chosen_is_kept(db, make, client, login):
    user = login(make.user())
    response = client.post('/notifications/settings', data=all_defaults(**{'d-practice.comment': 'pigeon',
                                                                           'd-meeting.agenda': 'daily'}))
    assert response.status_code == 422
    assert 'یکی از گزینه‌های پیشنهادی را برگزینید' in response.text
    assert 'id="d-meeting.agenda-daily" checked' in response.text  # the other choices as typed
    assert db.session.scalar(db.select(db.func.count(NotificationPreference.id))) == 0
    assert preferences(user)['meeting.agenda'] == ('email', set())


def test_a_missing_csrf_token_is_refused(db, make, client, login, app, monkeypatch):
    login(make.user())
    monkeypatch.setitem(app.config, 'WTF_CSRF_ENABLED', True)
    response = client.post('/notifications/settings', data=all_defaults(**{'d-practice.comment': 'inapp'}))
    assert response.status_code in (400, 422)
    assert db.session.scalar(db.select(db.func.count(NotificationPreference.id))) == 0


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get('/notifications/settings').status_code == 302
    assert client.post('/notifications/settings', data={}).status_code == 302
    assert client.post('/notifications/settings/every', data={'delivery': 'weekly'}).status_code == 302


def test_each_person_changes_only_their_own_choices(db, make, client, login):
    alice, admin = make.user(), make.user(role='admin')
    assert rules.can_edit_preferences(alice, alice)
    assert not rules.can_edit_preferences(admin, alice)
    login(admin)
    client.post('/notifications/settings', data=all_defaults(**{'d-practice.comment': 'inapp'}))
    assert preferences(alice)['practice.comment'] == ('email', set())
    assert preferences(admin)['practice.comment'] == ('inapp', set())


def test_the_page_is_persian_rtl_without_inline_style(db, make, client, login):
    login(make.user())
    text = client.get('/notifications/settings').text
    assert 'dir="rtl"' in text and 'notifications.css' in text and 'style="' not in text


def test_the_page_links_the_commissions_bale_bot_when_its_name_is_set(app, db, make, client, login, bale):
    login(make.user())
    assert 'ble.ir' not in client.get('/notifications/settings').text
    app.config['BALE_BOT_USERNAME'] = 'commission_bot'
    try:
        assert 'href="https://ble.ir/commission_bot"' in client.get('/notifications/settings').text
    finally:
        app.config['BALE_BOT_USERNAME'] = None


def test_one_choice_for_every_kind_at_once(db, make, client, login):
    """Too much mail: one click makes everything a weekly digest; the urgent kinds keep their SMS and Bale as the
    person left them, the weekly digest stays on, and each row can still be changed afterwards."""
    user = login(make.user())
    form = all_defaults()
    del form['sms-resolution.reminder']
    client.post('/notifications/settings', data=form)
    response = client.post('/notifications/settings/every', data={'delivery': 'weekly'})
    assert response.status_code == 302 and response.location.endswith('/notifications/settings#every')
    chosen = preferences(user)
    assert {chosen[name][0] for name, spec in kinds.KINDS.items() if not spec.digest_only} == {'weekly'}
    assert chosen['resolution.reminder'] == ('weekly', {'bale'})
    assert chosen['digest'] == ('weekly', set())  # on or off only: left as it is
    page = client.get('/notifications/settings').text
    assert 'همهٔ اعلان‌ها «خلاصهٔ هفتگی» شد' in page and 'id="d-practice.comment-weekly" checked' in page
    client.post('/notifications/settings', data=all_defaults(**{
        **{f'd-{n}': 'weekly' for n, s in kinds.KINDS.items() if not s.digest_only}, 'd-meeting.agenda': 'email'}))
    assert preferences(user)['meeting.agenda'] == ('email', set())
    assert preferences(user)['practice.comment'] == ('weekly', set())


def test_every_kind_at_once_refuses_what_is_not_offered_and_changes_nothing(db, make, client, login, app,
                                                                            monkeypatch):
    user = login(make.user())
    assert '<option value="">برگزینید…</option><option value="inapp">' in client.get('/notifications/settings').text
    for value in ('pigeon', ''):  # not offered, or nothing chosen (a stray click)
        response = client.post('/notifications/settings/every', data={'delivery': value})
        assert response.status_code == 302
        assert 'یکی از گزینه‌های پیشنهادی را برگزینید؛ تنظیم اعلان‌ها تغییر نکرد' in client.get(response.location).text
    assert db.session.scalar(db.select(db.func.count(NotificationPreference.id))) == 0
    monkeypatch.setitem(app.config, 'WTF_CSRF_ENABLED', True)
    client.post('/notifications/settings/every', data={'delivery': 'weekly'})
    assert preferences(user)['practice.comment'] == ('email', set())
