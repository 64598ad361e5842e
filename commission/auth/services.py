import logging

from ..db import db
from ..timeutil import utcnow
from .models import ROLES, STAFF_ROLES, User, role_city_error

logger = logging.getLogger(__name__)


class AccountError(ValueError):
    """A refused account change; the message is Persian."""


def normalize_email(email):
    return (email or '').strip().lower()


def authenticate(email, password):
    """The active user with this email and password, or None (the same answer for every failure)."""
    user = db.session.scalar(db.select(User).where(User.email == normalize_email(email)))
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_dt = utcnow()
    return user


def create_user(*, email, full_name, role, password, city=None, position='', active=True):
    """Create an account; directors must belong to a city and emails are unique."""
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError('نقش نامعتبر است.')
    if error := role_city_error(role, city):
        raise AccountError(error)
    if db.session.scalar(db.select(User.id).where(User.email == email)):
        raise AccountError('کاربری با این رایانامه وجود دارد.')
    user = User(email=email, full_name=full_name.strip(), role=role, city=city, position=position or '',
                active=active)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    logger.info('User %r created', user)
    return user


def update_user(user, *, email, full_name, role, city=None, position='', active=True):
    email = normalize_email(email)
    if error := role_city_error(role, city):
        raise AccountError(error)
    clash = db.session.scalar(db.select(User.id).where(User.email == email, User.id != user.id))
    if clash:
        raise AccountError('کاربری با این رایانامه وجود دارد.')
    user.email, user.full_name, user.role, user.city = email, full_name.strip(), role, city
    user.position, user.active = position or '', active
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
