import pytest

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]


def test_director_logs_in_through_the_real_form(page, live_server, log_in):
    page.goto(live_server['url'] + '/')
    assert '/login' in page.url
    screenshot(page, 'login')
    log_in('karaj@example.org')
    assert page.evaluate('document.documentElement.dir') == 'rtl'
    assert page.evaluate('document.documentElement.lang') == 'fa'
    assert page.evaluate('getComputedStyle(document.body).direction') == 'rtl'
    assert 'کرج' in page.inner_text('nav')
    assert 'Vazirmatn' in page.evaluate('getComputedStyle(document.body).fontFamily')
    screenshot(page, 'home-director')


def test_wrong_password_is_explained(page, live_server, log_in):
    log_in('karaj@example.org', 'not-the-password')
    assert 'رایانامه یا گذرواژه درست نیست' in page.content()
    assert page.input_value('input[name=email]') == 'karaj@example.org'
