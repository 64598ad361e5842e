"""A server started as `make run` starts it (migrate, demo data, index, gunicorn), and a Chromium to drive it.

Browser tests skip when Chromium or Playwright is missing, except when REQUIRE_BROWSER is set (CI).
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHROMIUM = '/usr/bin/chromium'
BIN = os.path.dirname(sys.executable)


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _need_browser():
    reason = None
    if not os.path.exists(CHROMIUM):
        reason = 'Chromium not installed (apt-get install chromium)'
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = 'Playwright not installed'
    if reason:
        if os.environ.get('REQUIRE_BROWSER'):
            pytest.fail(reason + ' but REQUIRE_BROWSER is set')
        pytest.skip(reason)


@pytest.fixture(scope='session')
def live_server():
    """Start the site like `make run`: db upgrade, demo load, search rebuild, gunicorn (2 workers), the job worker."""
    _need_browser()
    env = dict(os.environ)
    env.pop('DATABASE_URL', None)
    yield from serve(env)


def serve(env):
    """The site as `make run` starts it, with these environment variables (yields its url, instance and env)."""
    instance = tempfile.mkdtemp(prefix='commission-live-')
    env = dict(env, COMMISSION_INSTANCE_PATH=instance)
    flask = [os.path.join(BIN, 'flask'), '--app', 'wsgi']
    for args in (['db', 'upgrade'], ['demo', 'load', '--if-empty'], ['search', 'rebuild', '--cpu', '0']):
        subprocess.run(flask + args, cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = open(os.path.join(instance, 'server.log'), 'w')
    server = subprocess.Popen([os.path.join(BIN, 'gunicorn'), '--workers', '2', '--bind', f'127.0.0.1:{port}',
                               'wsgi:app'], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker = subprocess.Popen(flask + ['worker'], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}'
    for _ in range(100):
        try:
            urllib.request.urlopen(url + '/healthz', timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        worker.kill()
        pytest.fail('server did not start: ' + open(os.path.join(instance, 'server.log')).read()[-2000:])
    yield {'url': url, 'instance': instance, 'env': env}
    server.terminate()
    worker.terminate()
    server.wait(timeout=10)
    worker.wait(timeout=30)
    log.close()
    shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture(scope='session')
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale='fa-IR', viewport={'width': 1280, 'height': 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page, live_server):
    """Sign in through the real form; call it again to switch users (the previous session is dropped)."""
    def _log_in(email, password='commission-demo'):
        page.context.clear_cookies()
        page.goto(live_server['url'] + '/login')
        page.fill('input[name=email]', email)
        page.fill('input[name=password]', password)
        follow(page, 'button[type=submit]')
    return _log_in


def follow(page, target):
    """Click a link or a submit button and wait for the page it leads to.

    A bare click followed by wait_for_load_state() can return before the navigation starts (a submit listener,
    a file being read), and the test then reads the page it is leaving.
    """
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()


def fill_date(page, selector, value):
    """Type a date into a date field and close its picker with Escape, as a keyboard user does."""
    page.fill(selector, value)
    page.keyboard.press('Escape')
    page.locator('jdp-container').wait_for(state='hidden')


SCREENSHOTS = os.environ.get('SCREENSHOT_DIR')


def screenshot(page, name):
    """Save a screenshot when SCREENSHOT_DIR is set (for looking at the pages, not for assertions)."""
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, name + '.png'), full_page=True)
