import logging

from flask import current_app

from ..db import db
from ..mail import send_mail
from .models import Notification

logger = logging.getLogger(__name__)


def notify(users, kind, text, url='', *, email=True):
    """Leave an in-app notification for each active user, and e-mail it when mail is configured.

    Mail goes out at once: a notification is a courtesy, and the caller's commit decides the record.
    """
    users = {u.id: u for u in users if u is not None and u.active}.values()
    for user in users:
        db.session.add(Notification(user=user, kind=kind, text=text, url=url))
    db.session.flush()
    if email and current_app.config.get('MAIL_SERVER'):
        link = current_app.config['SITE_URL'].rstrip('/') + url if url.startswith('/') else url
        for user in users:
            send_mail(user.email, text[:120], f'{user.full_name} گرامی،\n\n{text}\n\n{link}\n')
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


