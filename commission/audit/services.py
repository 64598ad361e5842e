"""Recording audit entries: called from the services that make the change, committed with it."""
from flask import has_request_context, request
from flask_login import current_user

from ..db import db
from .models import KINDS, AuditEntry


def _address():
    return (request.remote_addr or '')[:64] if has_request_context() else ''


def _default_actor():
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def _unwrap(obj):
    """current_user is a proxy: keep the object behind it."""
    return obj._get_current_object() if hasattr(obj, '_get_current_object') else obj


def _target(target):
    target = _unwrap(target)
    if target is None or isinstance(target, str):
        return target or ''
    return f'{type(target).__name__.lower()}:{target.id}'


def record(kind, *, actor=None, target=None, details=None, email=None):
    """Add an audit entry to the session (the caller's commit keeps it); `actor` defaults to the signed-in user."""
    if kind not in KINDS:
        raise ValueError(f'unknown audit kind {kind!r}')
    actor = _unwrap(actor) if actor is not None else _default_actor()
    entry = AuditEntry(kind=kind, actor=actor, actor_email=(email or (actor.email if actor else ''))[:255],
                       address=_address(), target=_target(target)[:255], details=dict(details or {}))
    db.session.add(entry)
    return entry
