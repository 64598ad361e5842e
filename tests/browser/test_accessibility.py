"""axe-core (vendored in static/vendor/axe-core) over every role's main pages: no serious or critical violation.

Pages a role may not open (403, e.g. the dashboard for an observer while it is turned off) are left out for that
role; every role's list must still include its home, lists, a practice, a meeting, the scorecard and search.
"""
import re

import pytest
from playwright.sync_api import expect

from .conftest import follow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]

#: Served from /static: the CSP allows only 'self' scripts, so axe cannot be injected by its content.
AXE = '/static/vendor/axe-core/axe.min.js'
ROLES = {
    'admin': 'admin@example.org',
    'secretariat': 'secretariat@example.org',
    'director': 'karaj@example.org',
    'observer': 'observer@example.org',
}
PAGES = [
    ('home', '/'),
    ('practices', '/practices/'),
    ('practice', 'first:/practices/'),
    ('meetings', '/meetings/'),
    ('meeting', 'first:/meetings/'),
    ('resolutions', '/resolutions/'),
    ('resolution', 'first:/resolutions/'),
    ('dashboard', '/resolutions/dashboard'),
    ('scorecard', '/resolutions/scorecard/karaj'),
    ('search', '/search?q=' + 'رسانه'),
    ('practice form', '/practices/new'),
    ('report form', '/resolutions/mine'),
    ('resolution form', '/resolutions/new'),
    ('users', '/users/'),
    ('tasks', '/tasks/'),
    ('occasions', '/occasions/'),
    ('occasion', 'first:/occasions/'),
    ('all occasions', '/occasions/all'),
    ('calendar address', '/occasions/subscribe'),
]
REQUIRED = {'home', 'practices', 'practice', 'meetings', 'meeting', 'resolutions', 'scorecard', 'search'}


def _first_link(page, url, prefix):
    page.goto(url + prefix)
    hrefs = page.eval_on_selector_all('main a[href]', 'els => els.map(e => e.getAttribute("href"))')
    pattern = re.compile('^' + re.escape(prefix) + r'\d+$')
    return next(h for h in hrefs if pattern.match(h))


def _open(page, url, path):
    if path.startswith('first:'):
        path = _first_link(page, url, path[len('first:'):])
    return page.goto(url + path)


def _colours(node):
    data = (node.get('any') or [{}])[0].get('data') or {}
    return f"[{data['fgColor']} on {data['bgColor']}]" if isinstance(data, dict) and 'fgColor' in data else ''


def axe_violations(page, url):
    """Run axe on the page; return the serious and critical violations as readable lines."""
    page.add_script_tag(url=url + AXE)
    result = page.evaluate('() => axe.run(document, {resultTypes: ["violations"]})')
    lines = []
    for v in result['violations']:
        if v['impact'] in ('serious', 'critical'):
            targets = ', '.join(' '.join(n['target']) for n in v['nodes'][:3])
            colours = {_colours(n) for n in v['nodes']} - {''}
            lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {targets} {' '.join(sorted(colours))}")
    return lines


@pytest.mark.parametrize('role', list(ROLES))
def test_main_pages_have_no_serious_axe_violation(role, page, live_server, log_in):
    url = live_server['url']
    log_in(ROLES[role])
    found, checked = {}, set()
    for name, path in PAGES:
        response = _open(page, url, path)
        if response.status in (403, 404):
            continue
        assert response.status == 200, (name, response.status)
        checked.add(name)
        if name == 'report form' and page.locator('a[data-report-for]').count():
            page.locator('a[data-report-for]').first.click()  # the form is copied in when a row's button is pressed
            page.locator('.rs-report-form').first.wait_for()
        screenshot(page, f'a11y-{role}-{name}'.replace(' ', '-'))
        if violations := axe_violations(page, url):
            found[f'{name} ({page.url})'] = violations
    assert REQUIRED <= checked, REQUIRED - checked
    report = '\n'.join(f'{name}:\n  ' + '\n  '.join(lines) for name, lines in found.items())
    assert not found, f'{role}: serious or critical axe violations\n{report}'


def test_keyboard_reaches_the_skip_link_the_navigation_and_a_form(page, live_server, log_in):
    url = live_server['url']
    log_in(ROLES['director'])
    page.goto(url + '/practices/new')
    page.keyboard.press('Tab')
    skip = page.evaluate('() => [document.activeElement.textContent.trim(), '
                         'document.activeElement.getAttribute("href")]')
    assert skip == ['پرش به محتوای اصلی', '#main']
    assert page.locator('a[href="#main"]').is_visible()
    outline = page.evaluate('() => getComputedStyle(document.activeElement).outlineStyle')
    assert outline != 'none'
    page.keyboard.press('Enter')
    labels = []
    for _ in range(60):
        page.keyboard.press('Tab')
        focused = page.evaluate('() => { const el = document.activeElement; return [el.tagName, el.name || "", '
                                'el.closest("main") !== null, el.closest("nav") !== null]; }')
        labels.append(focused)
        if focused[0] == 'INPUT' and focused[1] == 'title':
            break
    assert ['INPUT', 'title', True, False] in labels, labels
    assert not any(nav for *_, nav in labels), 'after the skip link, Tab should go to the page, not the navigation'
    page.keyboard.type('تجربه با صفحه‌کلید')
    assert page.input_value('input[name=title]') == 'تجربه با صفحه‌کلید'


def test_keyboard_walks_the_navigation(page, live_server, log_in):
    url = live_server['url']
    log_in(ROLES['secretariat'])
    page.goto(url + '/')
    seen = []
    for _ in range(25):
        page.keyboard.press('Tab')
        seen.append(page.evaluate('() => { const el = document.activeElement; '
                                  'return el.closest("nav") ? el.textContent.trim() : null; }'))
    assert 'پرش به محتوای اصلی' not in seen[1:]
    assert any(text and 'مصوبه' in text for text in seen), seen
    assert any(text and 'تجربه' in text for text in seen), seen


def test_a_locked_minutes_page_says_why_and_its_link_opens_the_reopen_form(page, live_server, log_in):
    url = live_server['url']
    log_in(ROLES['secretariat'])
    response = page.goto(url + '/meetings/1/minutes')
    assert response.status == 403
    assert 'صورتجلسه تأیید شده است؛ برای ویرایش ابتدا آن را بازگشایی کنید.' in page.inner_text('main')
    assert not axe_violations(page, url)
    screenshot(page, 'a11y-locked-minutes')
    follow(page, page.get_by_role('link', name='بازگشایی صورتجلسه'))
    reason = page.locator('#reopenBox textarea[name=reason]')
    expect(reason).to_be_focused()
    assert reason.is_visible()
    page.set_viewport_size({'width': 390, 'height': 844})
    page.goto(url + '/meetings/1/minutes')
    screenshot(page, 'a11y-locked-minutes-phone')


def test_the_dashboard_matrix_works_from_the_keyboard(page, live_server, log_in):
    url = live_server['url']
    log_in(ROLES['secretariat'])
    page.goto(url + '/resolutions/dashboard')
    cell = page.locator('#matrix td.rs-cell a').first
    label = cell.get_attribute('aria-label')
    assert label and ':' in label  # «شهر: وضعیت», read out instead of the coloured icon
    cell.focus()
    assert page.evaluate('() => getComputedStyle(document.activeElement).outlineStyle') != 'none'
    page.keyboard.press('Enter')
    page.wait_for_url('**/resolutions/assignments/*')
