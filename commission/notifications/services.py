import logging

from flask import current_app

from ..db import db
from ..jobs import enqueue
from .models import Notification

logger = logging.getLogger(__name__)


def notify(users, kind, text, url='', *, email=True):
    """Leave an in-app notification for each active user, and record one mail job for them when mail is configured.

    The job commits or rolls back with the caller's change; the worker sends it after the commit, so a failed
    action mails nobody and a slow mail server slows no action.
    """
    users = {u.id: u for u in users if u is not None and u.active}.values()
    for user in users:
        db.session.add(Notification(user=user, kind=kind, text=text, url=url))
    db.session.flush()
    if email and users and current_app.config.get('MAIL_SERVER'):
        link = current_app.config['SITE_URL'].rstrip('/') + url if url.startswith('/') else url
        messages = [{'to': user.email, 'subject': text[:120],
                     'body': f'{user.full_name} گرامی،\n\n{text}\n\n{link}\n'} for user in users]
        enqueue('mail.send', {'kind': kind, 'messages': messages})
    return list(users)


def unread_count(user):
    return db.session.scalar(
        db.select(db.func.count(Notification.id)).where(Notification.user_id == user.id,
                                                         Notification.read_dt.is_(None)))


def city_directors(city_id):
    """The active directors of one city: who hears about that city's business."""
    from ..auth.models import User
    return db.session.scalars(db.select(User).where(User.city_id == city_id, User.role == 'director',
                                                    User.active.is_(True))).all()


def staff_users(roles=('secretariat',)):
    from ..auth.models import User
    return db.session.scalars(db.select(User).where(User.role.in_(roles), User.active.is_(True))).all()


