"""Decorators for views whose rule is only the user's role; finer rules are `can_*` functions per domain."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from .auth.models import STAFF_ROLES


def roles_required(*roles):
    """The view needs a logged-in user with one of `roles`; anyone else is refused with 403."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


staff_required = roles_required(*STAFF_ROLES)


def rule_required(rule):
    """The view needs a logged-in user for whom `rule(user)` holds (a `can_*` function); anyone else gets 403."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not rule(current_user):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator
