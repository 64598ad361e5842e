"""Static URLs carry a version (a hash of the file), so a new release is never served stale from a cache."""
import os
import shutil


def test_version_changes_when_the_file_changes(app, tmp_path):
    from commission.static_urls import file_version
    static = os.path.join(app.root_path, '..', 'static')
    name = next(n for n in sorted(os.listdir(os.path.join(static, 'css'))) if n.endswith('.css'))
    copy = tmp_path / name
    shutil.copy(os.path.join(static, 'css', name), copy)
    before = file_version(str(copy))
    with open(copy, 'a') as f:
        f.write('\n/* next release */\n')
    assert before and file_version(str(copy)) != before


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
