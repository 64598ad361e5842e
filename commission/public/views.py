"""/public/: the transparency page and its Atom feed, readable without signing in and cacheable.

The page is the same for every reader (its layout names no user), so shared caches may keep it. A request
that carries a session or remember-me cookie gets `private` instead: its response may carry a refreshed
session cookie, which no shared cache must ever hand to someone else.
"""
from flask import Blueprint, current_app, make_response, render_template, request

from ..indicators.summary import format_number
from ..resolutions.models import DISPLAY_STATUSES, STATUSES
from ..security import site_url
from . import services as svc

bp = Blueprint('public', __name__, url_prefix='/public')


def _carries_identity():
    config = current_app.config
    names = (config.get('SESSION_COOKIE_NAME', 'session'), config.get('REMEMBER_COOKIE_NAME', 'remember_token'))
    return any(name in request.cookies for name in names)


def _cacheable(body, content_type):
    """A response validated by its ETag (the hash of the body) only: no Last-Modified, because an item that
    leaves the page (a practice unpublished, a resolution no longer public) moves no timestamp forward."""
    response = make_response(body)
    response.headers['Content-Type'] = content_type
    response.add_etag()
    if _carries_identity():
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.cache_control.max_age = current_app.config.get('PUBLIC_MAX_AGE', 300)
    return response.make_conditional(request)


@bp.get('/')
def index():
    page = svc.page()
    html = render_template('public/index.html', page=page, labels=DISPLAY_STATUSES, resolution_statuses=STATUSES,
                           number=format_number)
    return _cacheable(html, 'text/html; charset=utf-8')


@bp.get('/feed.atom')
def feed():
    page = svc.page()
    xml = render_template('public/feed.atom.xml', page=page, labels=DISPLAY_STATUSES,
                          self_url=site_url('public.feed'), page_url=site_url('public.index'),
                          base=current_app.config['SITE_URL'].rstrip('/'))
    return _cacheable(xml, 'application/atom+xml; charset=utf-8')
