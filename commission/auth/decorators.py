"""A recent sign-in for sensitive pages: the password typed within FRESH_LOGIN_MINUTES, not a remember-me cookie."""
import time
from functools import wraps

from flask import current_app, session
from flask_login import current_user

from ..extensions import login_manager


def mark_fresh():
    session['_fresh'] = True
    session['_fresh_at'] = int(time.time())


def is_fresh():
    limit = current_app.config['FRESH_LOGIN_MINUTES'] * 60
    return bool(session.get('_fresh')) and time.time() - session.get('_fresh_at', 0) < limit


def fresh_login_required(view):
    """The view needs a sign-in with the password within the last FRESH_LOGIN_MINUTES; else the password again."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not is_fresh():
            return login_manager.needs_refresh()
        return view(*args, **kwargs)
    return wrapped
