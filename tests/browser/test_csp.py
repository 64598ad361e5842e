"""With the Content-Security-Policy on, the main pages of each role load without a single violation."""
import re

import pytest

from .conftest import follow

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]

PAGES = {
    'admin@example.org': ['/', '/users/', '/admin/audit/', '/cities/', '/practices/categories', '/account/password'],
    'secretariat@example.org': ['/', '/practices/', '/practices/review', '/meetings/', '/resolutions/dashboard',
                                '/resolutions/new', '/search?q=رسانه', '/notifications/'],
    'observer@example.org': ['/', '/practices/', '/meetings/', '/resolutions/', '/cities/'],
    'karaj@example.org': ['/', '/practices/mine', '/practices/new', '/resolutions/mine', '/search?q=پیوست+رسانه‌ای'],
}
#: detail pages reached from a list: (list page, link pattern)
DETAILS = [('/practices/', r'^/practices/\d+$'), ('/meetings/', r'^/meetings/\d+$'),
           ('/resolutions/', r'^/resolutions/\d+$'), ('/cities/', r'^/cities/[a-z-]+$')]

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' '
                    + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


def _visit(page, url, problems):
    response = page.goto(url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers['content-security-policy']
    page.wait_for_load_state('networkidle')
    problems += [f'{url}: {v}' for v in page.evaluate('window.__csp || []')]


def _detail_links(page, live_server, list_url, pattern):
    page.goto(live_server['url'] + list_url)
    hrefs = page.eval_on_selector_all('a[href]', 'links => links.map(a => a.getAttribute("href"))')
    return [h for h in hrefs if re.match(pattern, h)][:1]


@pytest.mark.parametrize('email', list(PAGES))
def test_main_pages_have_no_csp_violation(page, live_server, log_in, email):
    problems = []
    page.add_init_script(WATCH)
    page.on('console', lambda m: 'Content Security Policy' in m.text and problems.append(f'console: {m.text}'))
    log_in(email)
    urls = list(PAGES[email])
    for list_url, pattern in DETAILS:
        urls += _detail_links(page, live_server, list_url, pattern)
    if email == 'secretariat@example.org':
        meeting = _detail_links(page, live_server, '/meetings/', r'^/meetings/\d+$')
        urls += [m + '/minutes/print' for m in meeting]
    for url in urls:
        _visit(page, live_server['url'] + url, problems)
    assert problems == []


def test_behaviour_moved_out_of_inline_script_still_works(page, live_server, log_in):
    page.add_init_script(WATCH)
    log_in('admin@example.org')
    page.goto(live_server['url'] + '/practices/categories')
    name = "دسته آزمون'); alert('x"  # broke out of the inline onclick before
    page.fill('.col-lg-4 input[name=name]', name)
    follow(page, '.col-lg-4 button[type=submit]')
    messages = []
    page.on('dialog', lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.locator('li', has=page.locator(f'input[value="{name}"]')).locator('button[value=delete]').click()
    assert messages == [f'دسته «{name}» حذف شود؟']
    assert '/practices/categories' in page.url  # dismissed: nothing was sent
    page.goto(live_server['url'] + '/resolutions/new')
    picker = page.locator('#city-picker')
    page.check('input[name=scope][value=all]')
    assert 'is-dimmed' in picker.get_attribute('class')
    page.locator('input[name=scope]:not([value=all])').first.check()
    assert 'is-dimmed' not in picker.get_attribute('class')
    assert page.evaluate('window.__csp') == []
