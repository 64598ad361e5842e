"""Versioned static URLs: `url_for('static', filename=...)` gains `?v=<hash of the file>`.

nginx (and Flask) serve a versioned URL with a cache lifetime of a year, so a browser never asks again; a new
release changes the file, so its hash and its URL, and is never served stale. Templates keep writing
`url_for('static', filename=...)`: the version is added by a URL default.
"""
import hashlib
import os

from flask import current_app, request

#: (path) -> (mtime_ns, size, version): hashed once per file and release, again only when the file changes
_versions = {}
#: a year: what a versioned URL may be cached for
LONG_CACHE_SECONDS = 365 * 24 * 3600


def file_version(path):
    """The first 12 hex digits of the file's SHA-256 ('' for a missing file)."""
    try:
        stat = os.stat(path)
    except OSError:
        return ''
    cached = _versions.get(path)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        return cached[2]
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 16), b''):
            digest.update(block)
    version = digest.hexdigest()[:12]
    _versions[path] = (stat.st_mtime_ns, stat.st_size, version)
    return version


#: (static folder, filename) -> the file's real path, or None outside the folder: a page links a dozen assets, and
#: two realpath() calls each cost more than the stat that keeps the version fresh
_paths = {}


def static_path(folder, filename):
    key = (folder, filename)
    if key not in _paths:
        real_folder = os.path.realpath(folder)
        path = os.path.realpath(os.path.join(real_folder, filename))
        _paths[key] = path if path.startswith(real_folder + os.sep) else None
    return _paths[key]


def add_version(endpoint, values):
    """URL default: `v` for a static file inside the static folder (a missing file gets no version)."""
    if endpoint != 'static' or 'v' in values or not values.get('filename'):
        return
    path = static_path(current_app.static_folder, values['filename'])
    if path:
        version = file_version(path)
        if version:
            values['v'] = version


def _long_cache(response):
    """Flask's own answer for a versioned URL (without nginx in front): cached for a year."""
    if request.endpoint == 'static' and request.args.get('v') and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = LONG_CACHE_SECONDS
        response.cache_control.immutable = True
    return response


def init_app(app):
    app.url_defaults(add_version)
    app.after_request(_long_cache)
