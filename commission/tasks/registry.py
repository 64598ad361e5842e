"""What is waiting on a user, gathered from every domain: each domain registers a provider of its tasks.

A provider is a function `(user, today) -> list[Task]` registered with `@provider(name, ...)` in the domain's
`tasks.py` (listed in TASK_MODULES). `applies(user)` says cheaply, without a query, whether the provider has
anything for this kind of user, so an observer costs no query at all. The count in the navigation is the same
list's length, computed once per request (kept in the request's environ) and only when a page draws the
navigation; a provider whose list is costly to build (many rows loaded as objects) may give `count(user, today)`,
which must equal the list's length and is used for the navigation instead.
"""
import datetime as dt
import importlib
import logging
from dataclasses import dataclass

from flask import has_request_context, request

from ..jalali import today_tehran

logger = logging.getLogger(__name__)

#: modules whose import registers providers; another domain adds its module here
TASK_MODULES = ('commission.resolutions.tasks', 'commission.meetings.tasks', 'commission.practices.tasks')


@dataclass
class Task:
    """One thing waiting on the user: what it is, why it is theirs, by when, and where to do it."""
    what: str
    why: str
    url: str
    due: dt.date | None = None
    #: overdue or due very soon: drawn in red and listed first
    urgent: bool = False


@dataclass
class Provider:
    name: str
    title: str
    icon: str
    fn: object
    applies: object
    order: int = 50
    #: fn(user, today) -> len(fn(user, today)), computed more cheaply; None: the list is built and counted
    count: object = None


PROVIDERS = {}


def provider(name, *, title, icon, applies, order=50, count=None):
    """Register `fn(user, today)` as the source of one section of the task list."""
    def register(fn):
        PROVIDERS[name] = Provider(name, title, icon, fn, applies, order, count)
        return fn
    return register


def load_providers():
    for module in TASK_MODULES:
        importlib.import_module(module)


def sections_for(user, today=None):
    """[(provider, [Task, ...]), ...] for every provider that applies to `user`, in order; empty ones included."""
    if not user.is_authenticated:
        return []
    today = today or today_tehran()
    sections = []
    for spec in sorted(PROVIDERS.values(), key=lambda p: (p.order, p.name)):
        if not spec.applies(user):
            continue
        tasks = spec.fn(user, today)
        tasks.sort(key=lambda t: (not t.urgent, t.due is None, t.due or dt.date.max))
        sections.append((spec, tasks))
    return sections


def has_tasks_page(user):
    """Whether any provider concerns this user at all (the navigation shows the entry only then)."""
    return user.is_authenticated and any(spec.applies(user) for spec in PROVIDERS.values())


def task_count(user):
    """How many tasks wait on `user`: computed at most once per request."""
    if not has_tasks_page(user):
        return 0
    cached = request.environ.get(CACHE_KEY) if has_request_context() else None
    if cached is not None and cached[0] == user.id:
        return cached[1]
    today = today_tehran()
    count = sum(spec.count(user, today) if spec.count else len(spec.fn(user, today))
                for spec in PROVIDERS.values() if spec.applies(user))
    remember_count(user, count)
    return count


CACHE_KEY = 'commission.task_count'


def remember_count(user, count):
    """Keep this request's count (the /tasks/ page has just counted its own list)."""
    if has_request_context():
        request.environ[CACHE_KEY] = (user.id, count)
