"""At phone width (390 px) no page of any role scrolls sideways (wide tables scroll inside their own box), and axe
finds nothing serious there either (the collapsed navigation and folded tables are another page than at 1280 px).

A page that is wider than the screen moves the whole layout, navigation included, under the reader's thumb.
"""
import pytest

from .conftest import screenshot
from .test_accessibility import PAGES, ROLES, _open, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]

WIDTH = 390
#: pages beyond the accessibility list, where wide tables live (a role that may not open one skips it)
MORE = [
    ('indicators', '/indicators/'),
    ('indicator definitions', '/indicators/manage'),
    ('indicator periods', '/indicators/periods'),
    ('indicator entry', '/indicators/entry'),
    ('rankings', '/indicators/rankings'),
    ('city', '/cities/karaj'),
    ('reports', '/reports/'),
    ('notification settings', '/notifications/settings'),
    ('notifications', '/notifications/'),
    ('jobs', '/admin/jobs'),
    ('search dictionaries', '/admin/search/dictionaries'),
    ('transparency', '/public/'),
]


@pytest.mark.parametrize('role', list(ROLES))
def test_no_page_is_wider_than_a_phone_nor_fails_axe_there(role, page, live_server, log_in):
    url = live_server['url']
    log_in(ROLES[role])
    page.set_viewport_size({'width': WIDTH, 'height': 844})
    wide, violations, seen = {}, {}, 0
    for name, path in PAGES + MORE:
        response = _open(page, url, path)
        if response.status in (403, 404):
            continue
        assert response.status == 200, (name, response.status)
        seen += 1
        if (width := page.evaluate('document.documentElement.scrollWidth')) > WIDTH:
            wide[f'{name} ({page.url})'] = width
            screenshot(page, f'too-wide-{role}-{name}'.replace(' ', '-'))
        if found := axe_violations(page, url):
            violations[f'{name} ({page.url})'] = found
    assert seen >= 15
    assert not wide, f'{role}: pages wider than {WIDTH} px: {wide}'
    assert not violations, f'{role}: serious or critical axe violations at {WIDTH} px: {violations}'
