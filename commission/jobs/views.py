"""The admin's jobs page: what waits, what failed and why, and a button to try a failed job again."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from ..db import db
from ..permissions import rule_required
from ..templating import expose_rules
from ..timeutil import utcnow
from . import rules
from .models import STATUSES, Job, WorkerHeartbeat
from .queue import retry

bp = Blueprint('jobs', __name__, url_prefix='/admin/jobs')
expose_rules('jobs', rules)

#: a worker not heard from for this long is shown as stopped
STALE_SECONDS = 60


@bp.get('/')
@rule_required(rules.can_manage_jobs)
def admin():
    status = request.args.get('status', '')
    query = select(Job).order_by(Job.id.desc()).limit(200)
    query = query.where(Job.status == status) if status in STATUSES else query.where(Job.status != 'done')
    counts = dict(db.session.execute(select(Job.status, func.count(Job.id)).group_by(Job.status)).all())
    workers = db.session.scalars(select(WorkerHeartbeat).order_by(WorkerHeartbeat.name)).all()
    return render_template('jobs/admin.html', jobs=db.session.scalars(query).all(), counts=counts,
                           statuses=STATUSES, status=status, workers=workers, stale_seconds=STALE_SECONDS,
                           now_utc=utcnow())


@bp.post('/<int:job_id>/retry')
@rule_required(rules.can_manage_jobs)
def retry_job(job_id):
    job = db.get_or_404(Job, job_id)
    if retry(db.session, job):
        db.session.commit()
        flash(f'کار شمارهٔ {job.id} دوباره در صف اجرا قرار گرفت.', 'success')
    else:
        flash('فقط کار ناموفق یا در انتظار را می‌توان دوباره اجرا کرد.', 'warning')
    return redirect(url_for('jobs.admin', status=request.form.get('status', '')))
