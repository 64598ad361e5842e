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
