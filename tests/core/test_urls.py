import pytest

from commission.urls import safe_next


@pytest.mark.parametrize('target', [
    '//evil.example', '/\\evil.example', '\\\\evil.example', '\\/evil.example', 'https://evil.example/',
    'http:/evil.example', 'javascript:alert(1)', 'JavaScript:alert(1)', '/\t/evil.example', '/\n/evil.example',
    '\t//evil.example', '/\r\n/evil.example', ' //evil.example', 'evil.example', '', None, '/\x00/evil.example',
])
def test_safe_next_refuses_other_hosts_and_schemes(target):
    assert safe_next(target, '/home') == '/home'


@pytest.mark.parametrize('target', ['/practices/3', '/resolutions/assignments/4?next=x#report', '/', '/a//b'])
def test_safe_next_keeps_a_path_on_this_site(target):
    assert safe_next(target) == target


@pytest.mark.parametrize('target', ['//evil.example', '/\\evil.example', 'https://evil.example'])
def test_login_does_not_send_the_user_to_another_host(client, make, target):
    make.user(role='observer', email='next@example.org', password='long-enough-1')
    response = client.post('/login', query_string={'next': target},
                           data={'email': 'next@example.org', 'password': 'long-enough-1'})
    assert response.status_code == 302 and response.headers['Location'] == '/'


@pytest.mark.parametrize('target', ['/\\evil.example', '//evil.example', 'https://evil.example'])
def test_a_progress_report_does_not_send_the_user_to_another_host(client, make, login, target):
    assignment = make.assignment()
    login(make.user(role='secretariat'))
    response = client.post(f'/resolutions/assignments/{assignment.id}/report',
                           data={'status': 'in_progress', 'note': 'کارگروه تشکیل شد', 'next': target})
    assert response.status_code == 302
    assert response.headers['Location'] == f'/resolutions/assignments/{assignment.id}'


def test_a_progress_report_returns_to_the_local_page_it_came_from(client, make, login):
    assignment = make.assignment()
    login(make.user(role='secretariat'))
    response = client.post(f'/resolutions/assignments/{assignment.id}/report',
                           data={'status': 'in_progress', 'note': 'کارگروه تشکیل شد', 'next': '/resolutions/dashboard'})
    assert response.headers['Location'] == '/resolutions/dashboard'
