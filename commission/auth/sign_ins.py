"""The server-side registry of sign-ins: a copied session or remember-me cookie stops working at logout.

Each sign-in gets a random token, kept (with the account's session version) in the id Flask-Login stores in the
session and the remember-me cookie; only its sha256 is stored, in `user_sessions`. `load_user` accepts a cookie
only while its row is open, in the same query that loads the user (and the user's city, which every page names).
"""
import datetime as dt
import hashlib
import logging
import re
import secrets

from flask import current_app, request
from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from ..db import db
from ..extensions import client_address
from ..jobs import handler
from ..jobs.schedule import daily
from ..timeutil import utcnow
from .models import User, UserSession

logger = logging.getLogger(__name__)

#: `last_seen_dt` is written at most this often per sign-in (no write per request)
SEEN_EVERY = dt.timedelta(minutes=5)
_TOKEN = re.compile(r'[A-Za-z0-9_-]{20,64}')


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def open_sign_in(user):
    """A new sign-in of `user` from this request's client; `user.get_id()` names it from now on."""
    token = secrets.token_urlsafe(24)
    agent = request.headers.get('User-Agent', '') if request else ''
    row = UserSession(token_hash=token_hash(token), user_id=user.id, address=client_address()[:64],
                      user_agent=agent[:200])
    db.session.add(row)
    db.session.flush()
    user.sign_in_token, user.sign_in = token, row
    return row


def load_signed_in(ident, version, token):
    """The active user whose open sign-in has this token and whose session version matches, else None."""
    if not _TOKEN.fullmatch(token):
        return None
    found = db.session.execute(
        select(User, UserSession).join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == token_hash(token), UserSession.ended_dt.is_(None), User.id == ident)
        .options(joinedload(User.city))  # every page's navigation names the user's city
    ).first()
    if found is None:
        return None
    user, row = found
    if not user.active or user.session_version != version:
        return None
    user.sign_in_token, user.sign_in = token, row
    _seen(row)
    return user


def _seen(row):
    """Note that the sign-in is in use, at most every SEEN_EVERY, on a connection of its own: the request's
    transaction (and whatever it will change) is left alone; a busy database only delays the note."""
    now = utcnow()
    if now - row.last_seen_dt < SEEN_EVERY:
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen_dt=now))
    except SQLAlchemyError as exc:
        logger.info('Last use of sign-in %s not noted: %s', row.id, exc)


def end_sign_in(row):
    """End one sign-in: its session and remember-me cookies, and every copy of them, are refused from now on."""
    if row.ended_dt is None:
        row.ended_dt = utcnow()
        db.session.flush()


def open_sign_ins(user):
    """The user's sign-ins still open, most recently used first."""
    return db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                        UserSession.ended_dt.is_(None))
                              .order_by(UserSession.last_seen_dt.desc(), UserSession.id.desc())).all()


def own_sign_in(user, row_id):
    """The user's own open sign-in `row_id`, or None (another user's row is not found either)."""
    return db.session.scalar(select(UserSession).where(UserSession.id == row_id, UserSession.user_id == user.id,
                                                       UserSession.ended_dt.is_(None)))


_BROWSERS = (('Edg/', 'Edge'), ('OPR/', 'Opera'), ('Firefox/', 'Firefox'), ('Chrome/', 'Chrome'),
             ('Safari/', 'Safari'))
_SYSTEMS = (('Android', 'Android'), ('iPhone', 'iOS'), ('iPad', 'iOS'), ('Windows', 'Windows'),
            ('Mac OS X', 'macOS'), ('Linux', 'Linux'))


def browser_label(agent):
    """'Chrome، Windows' from a user agent; the Persian 'ناشناخته' when nothing is recognized."""
    browser = next((name for mark, name in _BROWSERS if mark in (agent or '')), '')
    system = next((name for mark, name in _SYSTEMS if mark in (agent or '')), '')
    return '، '.join(part for part in (browser, system) if part) or 'مرورگر ناشناخته'


daily('auth.prune_sign_ins', 'auth.prune_sign_ins', time_config='SIGN_IN_PRUNE_TIME', default='04:00')


@handler('auth.prune_sign_ins')
def prune_sign_ins(payload, job):
    """Delete sign-ins ended, or unused for longer than the remember-me lifetime (no cookie can use them)."""
    cutoff = utcnow() - current_app.config['REMEMBER_COOKIE_DURATION']
    result = db.session.execute(delete(UserSession).where(
        (UserSession.last_seen_dt < cutoff) | (UserSession.ended_dt < cutoff)))
    logger.info('Removed %s old sign-ins', result.rowcount)
