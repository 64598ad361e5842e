"""Site settings the secretariat changes from a page: a small key/value table with known keys and defaults."""
import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .db import db
from .timeutil import utcnow

#: every setting, with its default (stored as text: 'on'/'off' for a switch)
DEFAULTS = {
    #: observers and directors may read the resolutions dashboard
    'dashboard_for_members': 'off',
    #: the search's word lists as the secretariat edited them ('' = the repository's file; search/glossary.py)
    'search_loanwords': '',
    'search_thesaurus': '',
    'search_colloquial': '',
    #: the last Bale bot update the worker answered (notifications/bale_updates.py)
    'bale_update_offset': '',
}


class Setting(db.Model):
    __tablename__ = 'settings'

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default='')
    changed_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def get(key):
    """The stored value of `key`, or its default."""
    stored = db.session.get(Setting, key)
    return stored.value if stored is not None else DEFAULTS[key]


def get_many(keys):
    """{key: stored value or default} of several keys, in one query."""
    stored = dict(db.session.execute(db.select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all())
    return {key: stored.get(key, DEFAULTS[key]) for key in keys}


def is_on(key):
    return get(key) == 'on'


def set_(key, value):
    """Store `value` for a known key; flushes, never commits. Returns True when the value changed."""
    if key not in DEFAULTS:
        raise KeyError(key)
    stored = db.session.get(Setting, key)
    if stored is None:
        stored = Setting(key=key, value=DEFAULTS[key])
        db.session.add(stored)
    changed = stored.value != value
    stored.value = value
    db.session.flush()
    return changed
