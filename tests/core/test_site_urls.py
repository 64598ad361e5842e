"""Absolute URLs come from SITE_URL, and requests for any other host are refused (no Host header injection)."""
import pytest

from commission.security import trusted_hosts


@pytest.fixture
def site(app):
    old = app.config['SITE_URL']
    app.config['SITE_URL'] = 'https://commission.example.ir'
    yield 'https://commission.example.ir'
    app.config['SITE_URL'] = old


def test_the_ics_uid_and_url_come_from_site_url_not_the_host_header(client, make, login, site):
    meeting = make.meeting()
    login(make.user(role='secretariat'))
    response = client.get(f'/meetings/{meeting.id}.ics', headers={'X-Forwarded-Host': 'evil.example'})
    body = response.get_data(as_text=True)
    unfolded = body.replace('\r\n ', '')
    assert f'UID:meeting-{meeting.id}@commission.example.ir' in unfolded
    assert f'URL:{site}/meetings/{meeting.id}' in unfolded
    assert 'localhost' not in unfolded and 'evil' not in unfolded


def test_an_unknown_host_is_refused(client):
    assert client.get('/login', headers={'Host': 'evil.example'}).status_code == 400
    assert client.get('/login', headers={'Host': 'localhost'}).status_code == 200


def test_trusted_hosts_follow_site_url():
    assert trusted_hosts({'SITE_URL': 'https://commission.example.ir', 'EXTRA_HOSTS': ['10.0.0.5']}) == [
        'commission.example.ir', '10.0.0.5']
    assert set(trusted_hosts({'SITE_URL': 'http://127.0.0.1:5000'})) == {'127.0.0.1', 'localhost'}
