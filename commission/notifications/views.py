from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import db
from ..timeutil import utcnow
from .models import Notification

bp = Blueprint('notifications', __name__, url_prefix='/notifications')


@bp.get('/')
@login_required
def index():
    page = db.paginate(db.select(Notification).where(Notification.user_id == current_user.id)
                       .order_by(Notification.created_dt.desc()), per_page=30)
    return render_template('notifications/index.html', page=page)


@bp.post('/<int:notification_id>/open')
@login_required
def open_(notification_id):
    notification = db.get_or_404(Notification, notification_id)
    if notification.user_id != current_user.id:
        return redirect(url_for('notifications.index'))
    notification.read_dt = notification.read_dt or utcnow()
    db.session.commit()
    return redirect(notification.url or url_for('notifications.index'))


@bp.post('/read-all')
@login_required
def read_all():
    db.session.execute(db.update(Notification).where(Notification.user_id == current_user.id,
                                                     Notification.read_dt.is_(None)).values(read_dt=utcnow()))
    db.session.commit()
    return redirect(request.referrer or url_for('notifications.index'))
