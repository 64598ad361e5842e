"""Response headers: a strict Content-Security-Policy, no caching of signed-in pages, private attachments."""
import io
import os
import re

from commission.security import CONTENT_SECURITY_POLICY

PNG = b'\x89PNG\r\n\x1a\n' + b'0' * 64


def test_every_page_has_the_policy_and_the_other_headers(client, make, login):
    login(make.user())
    response = client.get('/')
    headers = response.headers
    assert headers['Content-Security-Policy'] == CONTENT_SECURITY_POLICY
    for directive in ("default-src 'self'", "img-src 'self' data:", "object-src 'none'", "frame-ancestors 'none'",
                      "base-uri 'none'", "form-action 'self'"):
        assert directive in CONTENT_SECURITY_POLICY
    assert 'unsafe-inline' not in CONTENT_SECURITY_POLICY
    assert headers['X-Content-Type-Options'] == 'nosniff'
    assert headers['Referrer-Policy'] == 'same-origin'
    assert 'camera=()' in headers['Permissions-Policy']
    assert 'no-store' in headers['Cache-Control']


def test_hsts_only_when_cookies_are_secure(app, client):
    assert 'Strict-Transport-Security' not in client.get('/login').headers
    app.config['SESSION_COOKIE_SECURE'] = True
    try:
        assert 'max-age=' in client.get('/login').headers['Strict-Transport-Security']
    finally:
        app.config['SESSION_COOKIE_SECURE'] = False


def test_static_files_stay_cacheable(client):
    response = client.get('/static/js/app.js')
    assert 'public' in response.headers['Cache-Control'] and 'no-store' not in response.headers['Cache-Control']


def test_protected_attachments_are_private_not_public(client, db, make, login, app, tmp_path):
    from werkzeug.datastructures import FileStorage

    from commission.attachments.services import store_attachment
    user = login(make.user())
    practice = make.practice(city=user.city, status='draft', author=user)
    upload = FileStorage(io.BytesIO(PNG), 'a.png', content_type='image/png')
    attachment = store_attachment('practice', practice.id, upload, user=user)
    db.session.commit()  # the file takes its place when the upload commits
    response = client.get(f'/files/{attachment.id}/a.png')
    assert response.status_code == 200
    cache = response.headers['Cache-Control']
    assert 'private' in cache and 'public' not in cache


#: an inline <script>, <style>, handler attribute, style attribute or javascript: URL (inside a tag)
INLINE = [r'<script(?![^>]*\bsrc=)[^>]*>', r'<style', r'<[a-z][^>]*\son[a-z]+\s*=', r'<[a-z][^>]*\sstyle\s*=',
          r'javascript:']


def test_no_inline_script_handler_or_style_in_templates():
    """The policy allows no inline script, handler or style: every template keeps them in static/."""
    root = os.path.join(os.path.dirname(__file__), '..', '..', 'templates')
    offenders = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            text = open(os.path.join(folder, name), encoding='utf-8').read()
            offenders += [f'{name}: {p}' for p in INLINE if re.search(p, text)]
    assert offenders == []
