"""Invitation and password-reset links: random, single-use, time-limited; only their sha256 is stored.

Services flush and never commit. Mail goes through the worker (a 'mail.send' job in the same transaction).
"""
import datetime as dt
import hashlib
import logging
import secrets

from flask import current_app, has_request_context

from ..audit.services import record
from ..db import db
from ..jalali import persian_digits
from ..jobs import enqueue
from ..security import site_url
from ..timeutil import utcnow
from .models import AccountToken, User
from .passwords import password_problem
from .services import AccountError, normalize_email

logger = logging.getLogger(__name__)

INVALID = {
    'invite': 'این پیوند دعوت دیگر کار نمی‌کند: یا پیش‌تر به کار رفته، یا مهلتش گذشته، یا نادرست است.',
    'reset': 'این پیوند بازنشانی گذرواژه دیگر کار نمی‌کند: یا پیش‌تر به کار رفته، یا مهلتش گذشته، یا نادرست است.',
}


def _digest(token):
    return hashlib.sha256(token.encode('utf-8')).hexdigest()


def _lifetime(purpose):
    config = current_app.config
    if purpose == 'invite':
        return dt.timedelta(days=config['INVITE_TOKEN_DAYS'])
    return dt.timedelta(hours=config['RESET_TOKEN_HOURS'])


def issue(user, purpose):
    """A new token for `user`; earlier unused tokens of the same purpose stop working. Returns the plain token."""
    now = utcnow()
    db.session.execute(db.update(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.used_dt.is_(None))
        .values(used_dt=now))
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(token_hash=_digest(token), purpose=purpose, user=user, created_dt=now,
                                expires_dt=now + _lifetime(purpose)))
    db.session.flush()
    return token


def find(token, purpose):
    """The unused, unexpired token row for this plain token and purpose, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(db.select(AccountToken).where(AccountToken.token_hash == _digest(token),
                                                          AccountToken.purpose == purpose))
    if row is None or row.used_dt is not None or row.expires_dt <= utcnow() or not row.user.active:
        return None
    return row


def _link(endpoint, token):
    """The absolute link on SITE_URL, from a request or from the command line (`flask users create --invite`)."""
    if has_request_context():
        return site_url(endpoint, token=token)
    with current_app.test_request_context('/'):
        return site_url(endpoint, token=token)


def _mail(user, subject, body):
    enqueue('mail.send', {'kind': 'account', 'messages': [{'to': user.email, 'subject': subject, 'body': body}]})


def send_invitation(user, *, actor=None):
    """Mail `user` a link to set their own password; audited. Returns the link (for the admin when mail is off)."""
    link = _link('auth.accept_invite', issue(user, 'invite'))
    days = current_app.config['INVITE_TOKEN_DAYS']
    _mail(user, 'دعوت به سامانه کمیسیون ارتباطات',
          f'{user.full_name} گرامی،\n\nبرای شما در سامانه کمیسیون ارتباطات مجمع شهرداران کلانشهرها حسابی ساخته شد '
          f'(رایانامه: {user.email}).\n\nبا این پیوند گذرواژه خود را بگذارید و وارد شوید:\n{link}\n\n'
          f'این پیوند یک بار و تا {_fa(days)} روز کار می‌کند. اگر مهلتش گذشت، از دبیرخانه دعوت تازه بخواهید '
          f'یا در صفحه ورود «گذرواژه را فراموش کرده‌اید؟» را بزنید.\n')
    record('invitation_sent', actor=actor, target=user, details={'email': user.email})
    db.session.flush()
    return link


def request_reset(email):
    """Mail a reset link to the active account with this address; for an unknown address do the same work.

    The answer, the audit entry and the job recorded do not depend on whether the account exists.
    """
    email = normalize_email(email)
    user = db.session.scalar(db.select(User).where(User.email == email))
    if user is None or not user.active:
        _digest(secrets.token_urlsafe(32))
        enqueue('mail.send', {'kind': 'account', 'messages': []})
        record('password_reset_requested', actor=None, email=email[:255], details={'email': email[:255]})
        db.session.flush()
        return
    link = _link('auth.reset_password', issue(user, 'reset'))
    hours = current_app.config['RESET_TOKEN_HOURS']
    _mail(user, 'بازنشانی گذرواژه سامانه کمیسیون ارتباطات',
          f'{user.full_name} گرامی،\n\nبرای حساب شما ({user.email}) بازنشانی گذرواژه درخواست شد. '
          f'با این پیوند گذرواژه تازه بگذارید:\n{link}\n\n'
          f'این پیوند یک بار و تا {_fa(hours)} ساعت کار می‌کند. اگر شما درخواست نکرده‌اید، این نامه را نادیده '
          f'بگیرید؛ گذرواژه کنونی شما تغییری نمی‌کند.\n')
    record('password_reset_requested', actor=None, email=email, target=user, details={'email': email})
    db.session.flush()


def use(row, password):
    """Set the password chosen through `row`'s link, mark the token used and end the account's other sessions."""
    user = row.user
    if problem := password_problem(password, email=user.email):
        raise AccountError(problem)
    user.set_password(password)
    user.revoke_sessions()  # also for an invitation, whose account had no usable password before
    row.used_dt = utcnow()
    kind = 'invitation_accepted' if row.purpose == 'invite' else 'password_reset_completed'
    record(kind, actor=user, target=user)
    db.session.flush()
    return user


def _fa(number):
    return persian_digits(int(number) if float(number).is_integer() else number)
