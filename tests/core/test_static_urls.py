"""Static URLs carry a version (a hash of the file), so a new release is never served stale from a cache."""
from flask import url_for


def test_static_url_version_changes_when_the_file_changes(app, tmp_path, monkeypatch):
    (tmp_path / 'css').mkdir()
    css = tmp_path / 'css' / 'site.css'
    css.write_text('body { color: red }')
    monkeypatch.setattr(app, 'static_folder', str(tmp_path))
    with app.test_request_context('/'):
        before = url_for('static', filename='css/site.css')
        css.write_text('body { color: blue }')
        after = url_for('static', filename='css/site.css')
        missing = url_for('static', filename='css/none.css')
    assert before.startswith('/static/css/site.css?v=') and after.startswith('/static/css/site.css?v=')
    assert before != after and missing == '/static/css/none.css'


def test_pages_link_versioned_assets_served_with_a_long_cache(client):
    page = client.get('/login').get_data(as_text=True)
    start = page.index('/static/')
    url = page[start:page.index('"', start)].replace('&amp;', '&')
    assert '?v=' in url
    response = client.get(url)
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.immutable


def test_unversioned_static_url_keeps_the_short_cache(client):
    page = client.get('/login').get_data(as_text=True)
    start = page.index('/static/')
    url = page[start:page.index('?v=', start)]
    assert client.get(url).cache_control.max_age == 86400
