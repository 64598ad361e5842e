"""The audit log for the admin: browse with filters and export. Nothing here edits or deletes an entry."""
import datetime as dt

from flask import Blueprint, Response, render_template, request

from ..auth.decorators import fresh_login_required
from ..auth.models import User
from ..db import db, write_after_reading
from ..jalali import TEHRAN, format_jalali, today_tehran
from ..permissions import rule_required
from ..templating import expose_rules
from . import rules
from .exports import audit_csv
from .forms import AuditFilterForm
from .models import KINDS, AuditEntry
from .services import record

bp = Blueprint('audit', __name__, url_prefix='/admin/audit')
expose_rules('audit', rules)


def _utc_start(day):
    """The UTC moment a Tehran calendar day starts (created_dt is naive UTC)."""
    return dt.datetime.combine(day, dt.time(), TEHRAN).astimezone(dt.UTC).replace(tzinfo=None)


def _filtered(form):
    query = db.select(AuditEntry).order_by(AuditEntry.created_dt.desc(), AuditEntry.id.desc())
    if form.actor.data:
        query = query.where(AuditEntry.actor_id == form.actor.data)
    if form.kind.data in KINDS:
        query = query.where(AuditEntry.kind == form.kind.data)
    if form.start.data:
        query = query.where(AuditEntry.created_dt >= _utc_start(form.start.data))
    if form.end.data:
        query = query.where(AuditEntry.created_dt < _utc_start(form.end.data + dt.timedelta(days=1)))
    return query


def _form():
    form = AuditFilterForm(formdata=request.args)
    people = db.session.execute(db.select(User.id, User.full_name).order_by(User.full_name)).all()
    form.actor.choices = [('', 'همه')] + [(str(i), name) for i, name in people]
    form.validate()
    return form


@bp.get('/')
@rule_required(rules.can_read_audit)
@fresh_login_required
def index():
    form = _form()
    page = db.paginate(_filtered(form), page=request.args.get('page', 1, type=int), per_page=50, error_out=False)
    return render_template('audit/index.html', form=form, page=page)


@bp.get('/export.csv')
@rule_required(rules.can_read_audit)
@fresh_login_required
def export():
    form = _form()
    entries = db.session.scalars(_filtered(form).limit(50_000)).all()
    body = audit_csv(entries)
    with write_after_reading():
        record('export', target='audit', details={'rows': len(entries), 'filters': request.args.to_dict()})
    stamp = format_jalali(today_tehran()).replace('/', '-')
    return Response(body, mimetype='text/csv; charset=utf-8',
                    headers={'Content-Disposition': f'attachment; filename="audit-{stamp}.csv"'})
