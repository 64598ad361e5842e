"""Jinja filters and globals: Jalali dates, Persian digits, safe Markdown, the navigation's counters, the rules."""
import re
from types import SimpleNamespace

from flask import current_app, g
from flask_login import current_user
from markupsafe import Markup

from .auth.models import STAFF_ROLES
from .jalali import format_jalali, ordinal, persian_digits, persian_digits_in_text, persian_number, today_tehran
from .markup import render_markdown
from .sections import slot_stylesheets
from .security import trusted_hosts

#: (endpoint, label, icon, path prefix, roles allowed or None for everyone); shown when the endpoint exists
NAV_ITEMS = [
    ('tasks.index', 'کارهای من', 'list-check', '/tasks', ('director', 'secretariat', 'admin')),
    ('practices.index', 'تجربه‌ها', 'lightbulb', '/practices', None),
    ('meetings.index', 'نشست‌ها', 'calendar-event', '/meetings', None),
    # one resolutions entry per role keeps the bar on one line at 1280 px: a director's own city's list (which links
    # to all of them), the staff's dashboard (likewise), an observer's list
    ('resolutions.mine', 'مصوبه‌ها', 'clipboard-check', '/resolutions/', ('director',)),
    ('resolutions.dashboard', 'پیگیری مصوبه‌ها', 'grid-3x3-gap', '/resolutions/', STAFF_ROLES),
    ('resolutions.index', 'مصوبه‌ها', 'journal-text', '/resolutions/', ('observer',)),
    ('indicators.index', 'شاخص‌ها', 'bar-chart-line', '/indicators', None),
    ('occasions.index', 'مناسبت‌ها', 'calendar3', '/occasions', None),
    ('cities.index', 'شهرها', 'geo-alt', '/cities', None),
]


def nav_items():
    """The navigation entries the current user's role may use."""
    endpoints = current_app.view_functions
    return [(endpoint, label, icon, prefix) for endpoint, label, icon, prefix, roles in NAV_ITEMS
            if endpoint in endpoints and (roles is None or current_user.role in roles)]


#: entries drawn as an icon (and their count) on the wide bar, with the label in the tooltip and the spoken name;
#: the folded phone menu writes the label out. Keeps the bar on one line at 1280 px.
NAV_COMPACT = {'tasks.index'}

#: endpoint -> fn(user) returning (count, aria-label text) or None: a number drawn on that navigation entry
NAV_BADGES = {}


def register_nav_badge(endpoint, fn):
    NAV_BADGES[endpoint] = fn


def nav_badge(endpoint):
    """The count on a navigation entry, asked only while the navigation is drawn (so once per page)."""
    fn = NAV_BADGES.get(endpoint)
    return fn(current_user) if fn is not None and current_user.is_authenticated else None


def unread_notifications():
    """The signed-in user's unread notifications (the bell's number): asked only where the navigation is drawn,
    so once per page however many partials the page renders; 0 for a visitor."""
    if not current_user.is_authenticated:
        return 0
    cached = g.get('unread_notifications')
    if cached is None or cached[0] != current_user.id:
        from .notifications.services import unread_count
        cached = g.unread_notifications = (current_user.id, unread_count(current_user))
    return cached[1]


#: each domain's `can_*` functions, as templates see them: `rules.meetings.can_edit_meeting(current_user, meeting)`
RULES = {}


def expose_rules(domain, module):
    """Give templates `domain`'s rules (the module's `can_*` functions): the one way a template asks a rule."""
    RULES[domain] = SimpleNamespace(**{name: value for name, value in vars(module).items()
                                       if name.startswith('can_') and callable(value)})


def init_app(app):
    app.jinja_env.filters.update(
        jalali=format_jalali,
        fa=persian_digits,
        fa_text=fa_text,
        num=persian_number,
        markdown=render_markdown,
        public_markdown=public_markdown,
        ordinal=ordinal,
    )
    app.jinja_env.globals.update(nav_items=nav_items, nav_badge=nav_badge, nav_compact=NAV_COMPACT,
                                 unread_notifications=unread_notifications,
                                 today=today_tehran, rules=RULES, slot_stylesheets=slot_stylesheets)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def navigation():
        return {'url_endpoints': app.view_functions}


def public_markdown(text):
    """Markdown for readers who are not signed in: links to this site's signed-in pages and files dropped."""
    return render_markdown(text, public_hosts=trusted_hosts(current_app.config))


_TAG = re.compile(r'(<[^>]*>)')


def fa_text(value):
    """Persian digits in a sentence (a flash); in safe markup only the text between tags is changed."""
    if not isinstance(value, Markup):
        return persian_digits_in_text(value)
    parts = _TAG.split(str(value))
    return Markup(''.join(part if part.startswith('<') else persian_digits_in_text(part) for part in parts))
