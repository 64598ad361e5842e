import functools
import logging

from werkzeug.security import check_password_hash, generate_password_hash

from ..audit.services import record
from ..db import db
from ..timeutil import utcnow
from .models import ROLES, STAFF_ROLES, User, role_city_error
from .passwords import password_problem

logger = logging.getLogger(__name__)


class AccountError(ValueError):
    """A refused account change; the message is Persian."""


def normalize_email(email):
    return (email or '').strip().lower()


@functools.cache
def _dummy_hash():
    return generate_password_hash('an account that does not exist')


def authenticate(email, password):
    """The active user with this email and password, or None (the same answer, in the same time, for every failure)."""
    user = db.session.scalar(db.select(User).where(User.email == normalize_email(email)))
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    # always one scrypt check, so the time taken does not reveal whether the account exists
    matches = check_password_hash(stored, password or '')
    if user is None or not user.active or not matches:
        record('login_failed', actor=user, email=normalize_email(email), target=user)
        return None
    user.last_login_dt = utcnow()
    record('login', actor=user, target=user)
    return user


def set_password(user, password, *, actor):
    """Change (own) or reset (someone else's) a password; every session opened with the old one ends."""
    problem = password_problem(password, email=user.email)
    if problem:
        raise AccountError(problem)
    user.set_password(password)
    record('password_changed' if actor.id == user.id else 'password_reset', actor=actor, target=user)
    db.session.flush()


def sign_out_everywhere(user):
    """End every session and remember-me cookie of `user` (the current one is renewed by the view)."""
    user.revoke_sessions()
    record('logout_everywhere', actor=user, target=user)
    db.session.flush()


def create_user(*, email, full_name, role, password, city=None, position='', active=True, actor=None):
    """Create an account; directors must belong to a city and emails are unique.

    Without a password (an invitation, see tokens.send_invitation) the account cannot sign in until its owner
    sets one through the invitation link.
    """
    email = normalize_email(email)
    if password is not None and (problem := password_problem(password, email=email)):
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError('نقش نامعتبر است.')
    if error := role_city_error(role, city):
        raise AccountError(error)
    if db.session.scalar(db.select(User.id).where(User.email == email)):
        raise AccountError('کاربری با این رایانامه وجود دارد.')
    user = User(email=email, full_name=full_name.strip(), role=role, city=city, position=position or '',
                active=active, password_hash='')
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record('user_created', actor=actor, target=user, details={'email': user.email, 'role': role})
    logger.info('User %r created', user)
    return user


def update_user(user, *, email, full_name, role, city=None, position='', active=True, actor=None):
    """Change an account; role and active changes end the account's sessions (see User) and are audited apart."""
    email = normalize_email(email)
    if error := role_city_error(role, city):
        raise AccountError(error)
    clash = db.session.scalar(db.select(User.id).where(User.email == email, User.id != user.id))
    if clash:
        raise AccountError('کاربری با این رایانامه وجود دارد.')
    old_role = user.role
    before = {'email': user.email, 'full_name': user.full_name, 'city': user.city_id, 'position': user.position}
    user.email, user.full_name, user.role, user.city = email, full_name.strip(), role, city
    user.position = position or ''
    db.session.flush()
    after = {'email': user.email, 'full_name': user.full_name, 'city': user.city_id, 'position': user.position}
    if changed := sorted(k for k in before if before[k] != after[k]):
        record('user_changed', actor=actor, target=user, details={'fields': changed})
    if old_role != role:
        record('role_changed', actor=actor, target=user, details={'from': old_role, 'to': role})
    set_active(user, active, actor=actor)
    return user


def set_active(user, active, *, actor=None):
    """Activate or deactivate an account; deactivation ends its sessions (see User)."""
    if bool(user.active) == bool(active):
        return user
    user.active = active
    record('user_activated' if active else 'user_deactivated', actor=actor, target=user)
    db.session.flush()
    return user


def can_manage_users(user):
    return user.is_authenticated and user.role in STAFF_ROLES


def can_manage_account(actor, target_role):
    """Only an admin may create or change an admin account."""
    return can_manage_users(actor) and (target_role != 'admin' or actor.role == 'admin')


def can_change_standing(actor, user, *, role=None, active=None):
    """Nobody changes their own role or deactivates themselves, so the site cannot lose its last admin by a slip."""
    if actor.id != user.id:
        return True
    return (role is None or role == user.role) and (active is None or bool(active))
