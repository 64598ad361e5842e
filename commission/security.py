"""Edges of the application: proxies and hosts, response headers, bounded URL ids, rate limits, the instance folder."""
import math
import os
import time
from urllib.parse import urlsplit

from flask import Request, current_app, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from .extensions import client_address, limiter
from .jalali import persian_digits

CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
                           "base-uri 'none'; form-action 'self'")
PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)'
#: the largest id an id column (PostgreSQL INTEGER) holds: a larger one in a URL is a 404, not a database error
MAX_ID = 2 ** 31 - 1
#: the largest int taken from a query string or form (page numbers, ids)
MAX_PARAMETER = 2 ** 31 - 1

#: (config key of the limit, endpoints, methods limited or None for all): the expensive pages
EXPENSIVE = [
    ('SEARCH_LIMIT', ('search.index',), None),
    ('SUGGEST_LIMIT', ('search.suggest',), None),  # asked while typing: a higher limit
    ('EXPORT_LIMIT', ('resolutions.dashboard_export', 'resolutions.scorecard_export', 'audit.export',
                      'cities.export', 'reports.city_pdf', 'reports.commission_pdf', 'reports.city_docx',
                      'reports.commission_docx', 'reports.city_pdf_retry', 'reports.commission_pdf_retry'), None),
    ('UPLOAD_LIMIT', ('meetings.upload', 'practices.create', 'practices.edit', 'resolutions.report',
                      'resolutions.import_', 'occasions.upload'), ['POST']),
    ('ACCOUNT_MAIL_LIMIT', ('auth.forgot_password', 'auth.accept_invite', 'auth.reset_password'), ['POST']),
]


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` that matches only ids the database can hold (others are a 404)."""

    def __init__(self, map, *args, max=MAX_ID, **kwargs):
        super().__init__(map, *args, max=max, **kwargs)


def bounded_int(value, *, low=0, high=MAX_ID):
    """An int within [low, high]; a ValueError otherwise (so `args.get(..., type=...)` gives the default)."""
    number = int(value)
    if not low <= number <= high:
        raise ValueError(value)
    return number


def is_id(text):
    """Digits a database id (or another INTEGER column) can hold: for values read from forms by hand."""
    return isinstance(text, str) and text.isdigit() and int(text) <= MAX_ID


def _bounded_parameter(value):
    return bounded_int(value, low=-MAX_PARAMETER, high=MAX_PARAMETER)


class BoundedParameters(ImmutableMultiDict):
    """Query and form values: `get(name, type=int)` gives the default for a number out of range, not a 500 later."""

    def get(self, key, default=None, type=None):
        return super().get(key, default, _bounded_parameter if type is int else type)


class BoundedRequest(Request):
    parameter_storage_class = BoundedParameters


def site_url(endpoint, **values):
    """An absolute URL built from SITE_URL, never from the request's Host header (mail, .ics, feeds)."""
    return current_app.config['SITE_URL'].rstrip('/') + url_for(endpoint, **values)


def site_host():
    return urlsplit(current_app.config['SITE_URL']).hostname or 'localhost'


def trusted_hosts(config):
    """SITE_URL's host and EXTRA_HOSTS; on a local SITE_URL (development, tests) localhost too."""
    host = urlsplit(config['SITE_URL']).hostname or 'localhost'
    hosts = [host, *config.get('EXTRA_HOSTS', [])]
    if host in ('localhost', '127.0.0.1') or config.get('TESTING'):
        hosts += ['localhost', '127.0.0.1']
    return list(dict.fromkeys(hosts))


def protect_instance_folder(app):
    """Database, uploads, index and secret key readable by the owner only: 0700 folders, 0600 files."""
    os.umask(0o077)
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    os.chmod(app.instance_path, 0o700)
    for key in ('UPLOAD_FOLDER', 'SEARCH_INDEX_PATH'):
        path = app.config.get(key)
        if path and path.startswith(app.instance_path):
            os.makedirs(path, mode=0o700, exist_ok=True)


def _limit_key():
    return f'user:{current_user.id}' if current_user.is_authenticated else client_address()


def _configured(key):
    return lambda: current_app.config[key]


#: one decorator per limit, made once: Flask-Limiter keeps each registration, and apps made in tests must not pile up
_DECORATORS = {key: limiter.limit(_configured(key), key_func=_limit_key, methods=methods)
               for key, _endpoints, methods in EXPENSIVE}


def limit_expensive_endpoints(app):
    """Wrap the expensive views with their Flask-Limiter limit (per user, or per address before sign-in)."""
    for config_key, endpoints, _methods in EXPENSIVE:
        for endpoint in endpoints:
            if endpoint in app.view_functions:
                app.view_functions[endpoint] = _DECORATORS[config_key](app.view_functions[endpoint])


def too_many_requests(exc):
    reset = getattr(limiter.current_limit, 'reset_at', None)
    minutes = max(1, math.ceil((reset - time.time()) / 60)) if reset else 1
    text = (f'درخواست‌های شما بیش از حد مجاز بوده است. لطفاً {persian_digits(minutes)} دقیقه دیگر دوباره تلاش کنید.')
    response = current_app.make_response((render_template('errors/error.html', code=429, title='درخواست بیش از حد',
                                                           text=text), 429))
    response.headers['Retry-After'] = str(minutes * 60)
    return response


def untrusted_host(exc):
    """A Host header that is not ours: a plain answer (no page: no URL can be built for this host)."""
    return 'نشانی میزبان درخواست پذیرفته نیست.', 400, {'Content-Type': 'text/plain; charset=utf-8'}


def security_headers(response):
    config = current_app.config
    headers = response.headers
    headers.setdefault('Content-Security-Policy', config['CONTENT_SECURITY_POLICY'])
    headers.setdefault('X-Content-Type-Options', 'nosniff')
    headers.setdefault('X-Frame-Options', 'DENY')
    headers.setdefault('Referrer-Policy', 'same-origin')
    headers.setdefault('Permissions-Policy', PERMISSIONS_POLICY)
    if config.get('SESSION_COOKIE_SECURE'):
        headers.setdefault('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    if request.endpoint == 'static':
        response.cache_control.public = True
        response.cache_control.max_age = 86400
    elif current_user and current_user.is_authenticated and not response.cache_control.private:
        # pages for a signed-in user stay out of shared and browser caches (the back button after logout)
        response.cache_control.no_store = True
    return response


def init_app(app):
    """Before the blueprints: proxies, hosts, the bounded int converter."""
    app.config.setdefault('CONTENT_SECURITY_POLICY', CONTENT_SECURITY_POLICY)
    if app.config.get('TRUSTED_HOSTS') is None:
        app.config['TRUSTED_HOSTS'] = trusted_hosts(app.config)
    proxies = int(app.config.get('TRUSTED_PROXIES') or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.url_map.converters['int'] = BoundedIntegerConverter
    app.request_class = BoundedRequest
    app.after_request(security_headers)
    app.register_error_handler(429, too_many_requests)
    app.register_error_handler(SecurityError, untrusted_host)
