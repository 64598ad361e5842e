"""Each form submission is accepted once: a double click (or twenty) lands on the first result.

A form that creates something carries a one-time token (`submission_token`, a hidden field of `OnceForm`, or
`submission_token()` in a hand-written form). The view claims it in its own transaction before the work
(`already_sent`): the unique token makes a concurrent second claim wait for the first commit and fail, and the
second request is sent to the first one's result (`record_result` stores it before the commit).
"""
import datetime as dt
import hashlib
import re
import secrets

from flask import flash, redirect, request
from flask_login import current_user
from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .db import db
from .jobs import handler
from .jobs.schedule import daily
from .timeutil import utcnow

FIELD = 'submission_token'
ALREADY_SENT = 'این فرم پیش‌تر فرستاده شده است.'
_TOKEN = re.compile(r'^[A-Za-z0-9_-]{20,64}$')
#: how long a token is remembered (the daily job removes older ones)
KEEP = dt.timedelta(days=1)


class FormSubmission(db.Model):
    __tablename__ = 'form_submissions'
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='CASCADE'))
    created_dt: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    result_url: Mapped[str] = mapped_column(String(500), default='')


def new_token():
    return secrets.token_urlsafe(24)


def already_sent(fallback_url):
    """None the first time this rendering's token comes (claimed in this transaction); else a redirect to the
    first submission's result (or `fallback_url`). A form without a token (a page opened before) goes through."""
    token = request.form.get(FIELD, '')
    if not _TOKEN.match(token):
        return None
    # one rendering may hold several forms with one token (a report form per assignment): the key is per target
    token = hashlib.sha256(f'{token}|{request.path}'.encode()).hexdigest()
    try:
        with db.session.begin_nested():
            db.session.add(FormSubmission(token=token,
                                           user_id=current_user.id if current_user.is_authenticated else None))
    except IntegrityError:
        first = db.session.scalar(db.select(FormSubmission).where(FormSubmission.token == token))
        flash(ALREADY_SENT, 'info')
        return redirect(first.result_url if first and first.result_url else fallback_url)
    request.environ['commission.submission'] = token
    return None


def record_result(url):
    """Where the first submission of this token landed; the duplicates are sent there too."""
    token = request.environ.get('commission.submission')
    if token:
        db.session.execute(db.update(FormSubmission).where(FormSubmission.token == token).values(result_url=url))
    return url


def forget_old(now=None):
    """Remove tokens older than a day (the daily job); returns how many."""
    cutoff = (now or utcnow()) - KEEP
    return db.session.execute(db.delete(FormSubmission).where(FormSubmission.created_dt < cutoff)).rowcount


def init_app(app):
    """`submission_token()` gives a hand-written form (several per page) a token of its own."""
    app.jinja_env.globals['submission_token'] = new_token


daily('forms.forget_tokens', 'forms.forget_tokens', time_config='FORM_TOKEN_SWEEP_TIME', default='04:00')


@handler('forms.forget_tokens')
def _forget_tokens(payload, job):
    forget_old()
