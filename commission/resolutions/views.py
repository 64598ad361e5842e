from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy.orm import joinedload, selectinload

from .. import query_args, sections, settings
from ..attachments.services import AttachmentError, attachments_for, check_uploads, register_owner
from ..auth.models import User
from ..cities.models import City
from ..cities.services import cities_member_first
from ..db import db
from ..jalali import format_jalali, persian_digits, to_latin_digits, today_tehran
from ..permissions import rule_required, staff_required
from ..submissions import already_sent, record_result
from ..templating import expose_rules
from ..urls import safe_next
from . import exports, rules, services
from .forms import (
    CATEGORIES,
    CsvConfirmForm,
    CsvUploadForm,
    DecisionForm,
    ExtensionForm,
    ReportForm,
    ResolutionForm,
    ResponsibleForm,
    ReturnForm,
)
from .imports import CsvError, apply_bulk, decode_upload, import_archive, parse_bulk
from .matrix import dashboard as build_dashboard
from .matrix import filter_choices, parse_filters
from .matrix import scorecard as build_scorecard
from .models import STATUSES, Assignment, ExtensionRequest, ProgressReport, Resolution, ResolutionChange
from .rules import (
    can_decide_extension,
    can_manage_resolutions,
    can_read_report_files,
    can_report,
    can_request_extension,
    can_review,
    can_set_responsible,
    can_view_my_city,
)
from .services import (
    ResolutionError,
    accept_report,
    create_resolution,
    decide_extension,
    history,
    my_city_items,
    my_city_urgent,
    open_extension,
    open_extension_requests,
    overdue_count,
    pending_claims,
    report_progress,
    request_extension,
    resolution_progress,
    responsible_choices,
    return_report,
    set_resolution_status,
    set_responsible,
    summaries,
    update_resolution,
)

bp = Blueprint('resolutions', __name__, url_prefix='/resolutions')

register_owner('report', can_read_report_files)
expose_rules('resolutions', rules)

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


def _download(content, filename, mimetype):
    response = Response(content, mimetype=mimetype)
    response.headers.set('Content-Disposition', 'attachment', filename=filename)
    return response


# --- list, detail, create, edit ----------------------------------------------------------------------------

def _list_filters(args):
    """The list's filters: words in the title or text (or a code), the resolution's status, meeting, category."""
    return {'q': query_args.text(args, 'q'), 'state': query_args.choice(args, 'state', STATUSES),
            'meeting': query_args.number(args, 'meeting'), 'category': query_args.text(args, 'category')}


@bp.get('/')
@login_required
def index():
    from ..meetings.models import Meeting
    filters = _list_filters(request.args)
    query = db.select(Resolution).options(joinedload(Resolution.meeting), joinedload(Resolution.lead_city))
    if filters['q']:
        q = filters['q']
        query = query.where(Resolution.title.contains(q) | Resolution.text.contains(q) | (Resolution.code == q))
    if filters['state']:
        query = query.where(Resolution.status == filters['state'])
    if filters['meeting']:
        query = query.where(Resolution.meeting_id == filters['meeting'])
    if filters['category']:
        query = query.where(Resolution.category == filters['category'])
    page = db.paginate(query.outerjoin(Meeting, Resolution.meeting_id == Meeting.id)
                       .order_by(Meeting.number.desc().nulls_last(), Resolution.id.desc()), per_page=25)
    meetings, categories = filter_choices()
    return render_template('resolutions/index.html', page=page, summaries=summaries([r.id for r in page.items],
                                                                                      today_tehran()),
                           filters=filters, meetings=meetings, categories=categories, statuses=STATUSES,
                           as_of=today_tehran())


@bp.get('/<int:resolution_id>')
@login_required
def detail(resolution_id):
    resolution = db.first_or_404(db.select(Resolution).where(Resolution.id == resolution_id).options(
        selectinload(Resolution.assignments).joinedload(Assignment.city),
        selectinload(Resolution.assignments).joinedload(Assignment.responsible)))
    assignments = sorted(resolution.assignments, key=lambda a: a.city.name)
    reports = db.session.scalars(
        db.select(ProgressReport).join(ProgressReport.assignment).where(Assignment.resolution_id == resolution.id)
        .options(joinedload(ProgressReport.author), joinedload(ProgressReport.reviewed_by),
                 joinedload(ProgressReport.assignment).joinedload(Assignment.city))
        .order_by(ProgressReport.created_dt.desc(), ProgressReport.id.desc())).all()
    files = attachments_for('report', [r.id for r in reports])
    today = today_tehran()
    open_ids = set(db.session.scalars(db.select(ExtensionRequest.assignment_id).join(ExtensionRequest.assignment)
                                      .where(Assignment.resolution_id == resolution.id,
                                             ExtensionRequest.state == 'open')))
    return render_template('resolutions/detail.html', resolution=resolution, assignments=assignments,
                           reports=reports, files=files, as_of=today, progress=resolution_progress(resolution),
                           changes=history(resolution), open_ids=open_ids, reports_shown=REPORTS_SHOWN)


#: progress reports a resolution's page shows before «گزارش‌های پیشین» (all cities, over years: they add up)
REPORTS_SHOWN = 12


def _form_choices(form):
    from ..meetings.models import Meeting
    newest_first = (Meeting.number.desc().nulls_last(), Meeting.id.desc())
    meetings = db.session.scalars(db.select(Meeting).order_by(*newest_first)).all()
    form.meeting_id.choices = [(0, '— بدون نشست (مصوبه بایگانی) —')] + [
        (m.id, persian_digits(m.name + (f' · {m.title}' if m.number and m.title else ''))
         + (f' · {format_jalali(m.meeting_date)}' if m.meeting_date else '')) for m in meetings]
    cities = cities_member_first()
    form.city_ids.choices = [(c.id, c.name) for c in cities]
    form.lead_city_id.choices = [(0, 'دبیرخانه کمیسیون')] + [(c.id, f'شهرداری {c.name}') for c in cities]
    return meetings


def _form_data(form):
    from ..meetings.models import Meeting
    data = dict(form.data)
    data['meeting'] = db.session.get(Meeting, form.meeting_id.data) if form.meeting_id.data else None
    return data


def _categories():
    used = db.session.scalars(db.select(Resolution.category).where(Resolution.category != '').distinct()).all()
    return sorted(set(CATEGORIES) | set(used))


@bp.route('/new', methods=['GET', 'POST'])
@staff_required
def create():
    form = ResolutionForm()
    _form_choices(form)
    if request.method == 'GET':
        form.meeting_id.data = request.args.get('meeting_id', type=int) or 0
    if form.validate_on_submit():
        if sent := already_sent(url_for('resolutions.index')):
            return sent
        try:
            resolution = create_resolution(_form_data(form), author=current_user)
        except ResolutionError as exc:
            form.code.errors.append(str(exc))
        else:
            record_result(url_for('resolutions.detail', resolution_id=resolution.id))
            db.session.commit()
            flash(f'مصوبه ثبت شد و به {persian_digits(len(resolution.assignments))} شهر واگذار شد.', 'success')
            return redirect(url_for('resolutions.detail', resolution_id=resolution.id))
    return render_template('resolutions/edit.html', form=form, resolution=None, categories=_categories()), \
        422 if form.errors else 200


@bp.route('/<int:resolution_id>/edit', methods=['GET', 'POST'])
@staff_required
def edit(resolution_id):
    resolution = db.get_or_404(Resolution, resolution_id)
    form = ResolutionForm(obj=resolution)
    _form_choices(form)
    if request.method == 'GET':
        form.meeting_id.data = resolution.meeting_id or 0
        form.lead_city_id.data = resolution.lead_city_id or 0
        form.city_ids.data = [a.city_id for a in resolution.assignments]
        form.code.data = persian_digits(resolution.code)  # stored with Latin digits; normalize_code reads both
    if form.validate_on_submit():
        try:
            change = update_resolution(resolution, _form_data(form), author=current_user)
        except ResolutionError as exc:
            getattr(form, exc.field or 'code').errors.append(str(exc))
        else:
            db.session.commit()
            flash('تغییرات مصوبه ذخیره شد. ' + change.message(), 'success')
            if change.kept:
                flash(change.message(), 'warning')
            return redirect(url_for('resolutions.detail', resolution_id=resolution.id))
    return render_template('resolutions/edit.html', form=form, resolution=resolution, categories=_categories()), \
        422 if form.errors else 200


@bp.post('/<int:resolution_id>/status')
@staff_required
def change_status(resolution_id):
    resolution = db.get_or_404(Resolution, resolution_id)
    status = request.form.get('status')
    if status not in STATUSES:
        abort(400)
    set_resolution_status(resolution, status, user=current_user)
    db.session.commit()
    flash({'closed': 'مصوبه مختومه شد؛ پیگیری آن پایان یافت.', 'withdrawn': 'مصوبه لغو شد.',
           'active': 'مصوبه دوباره در جریان پیگیری است.'}[status], 'success')
    return redirect(url_for('resolutions.detail', resolution_id=resolution.id))


# --- assignments: history, reports, review -----------------------------------------------------------------

@bp.get('/assignments/<int:assignment_id>')
@login_required
def assignment(assignment_id):
    assignment = db.get_or_404(Assignment, assignment_id)
    return _assignment_page(assignment)


def _assignment_page(assignment, form=None, return_form=None, decision_form=None, responsible_form=None,
                     status=200):
    form = form or ReportForm(formdata=None)
    reports = list(reversed(assignment.reports))
    files = attachments_for('report', [r.id for r in reports])
    claim = next((r for r in reports if can_review(current_user, r)), None)
    if form.status.data is None or form.status.data == 'None':
        form.status.data = assignment.status
    extension = open_extension(assignment)
    responsible_form = responsible_form or _responsible_form(assignment, formdata=None)
    changes = db.session.scalars(
        db.select(ResolutionChange).where(ResolutionChange.resolution_id == assignment.resolution_id,
                                          (ResolutionChange.assignment_id == assignment.id)
                                          | ResolutionChange.assignment_id.is_(None))
        .options(joinedload(ResolutionChange.actor))
        .order_by(ResolutionChange.created_dt.desc(), ResolutionChange.id.desc())).all()
    if decision_form is None:
        decision_form = DecisionForm(formdata=None,
                                     data={'deadline': extension.requested_deadline if extension else None})
    return render_template('resolutions/assignment.html', assignment=assignment, resolution=assignment.resolution,
                           reports=reports, files=files, form=form,
                           return_form=return_form or ReturnForm(formdata=None),
                           claim=claim, extension=extension, changes=changes, decision_form=decision_form,
                           responsible_form=responsible_form, as_of=today_tehran()), status


def _responsible_form(assignment, **kw):
    form = ResponsibleForm(**kw)
    form.responsible_id.choices = [(0, '— نامشخص (یادآوری به همه مدیران شهر) —')] + [
        (u.id, u.full_name + (f' · {u.position}' if u.position else '')) for u in responsible_choices(assignment)]
    if kw.get('formdata', True) is None:
        form.responsible_id.data = assignment.responsible_id or 0
    return form


@bp.post('/assignments/<int:assignment_id>/responsible')
@login_required
def responsible(assignment_id):
    assignment = db.get_or_404(Assignment, assignment_id)
    if not can_set_responsible(current_user, assignment):
        abort(403)
    form = _responsible_form(assignment)
    if form.validate_on_submit():
        person = db.session.get(User, form.responsible_id.data) if form.responsible_id.data else None
        try:
            set_responsible(assignment, person, actor=current_user)
        except ResolutionError as exc:
            form.responsible_id.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f'مسئول پیگیری: {person.full_name}.' if person else 'مسئول پیگیری برداشته شد.', 'success')
            return redirect(url_for('resolutions.assignment', assignment_id=assignment.id) + '#responsible')
    return _assignment_page(assignment, responsible_form=form, status=422)


@bp.route('/assignments/<int:assignment_id>/extension', methods=['GET', 'POST'])
@login_required
def extension(assignment_id):
    """A city's director asks for a later deadline, with a reason."""
    assignment = db.get_or_404(Assignment, assignment_id)
    if not can_request_extension(current_user, assignment):
        abort(403)
    form = ExtensionForm()
    pending = open_extension(assignment)
    error = None
    if form.validate_on_submit():
        try:
            request_extension(assignment, user=current_user, new_deadline=form.new_deadline.data,
                              reason=form.reason.data)
        except ResolutionError as exc:
            error = str(exc)
        else:
            db.session.commit()
            flash('درخواست تمدید مهلت برای دبیرخانه فرستاده شد؛ تصمیم آن به شما اعلام می‌شود.', 'success')
            return redirect(url_for('resolutions.assignment', assignment_id=assignment.id) + '#extension')
    failed = request.method == 'POST'
    return render_template('resolutions/extension.html', assignment=assignment, resolution=assignment.resolution,
                           form=form, pending=pending, error=error, as_of=today_tehran()), 422 if failed else 200


@bp.post('/extensions/<int:request_id>/decide')
@staff_required
def decide(request_id):
    """The secretariat grants (a new deadline for that city) or refuses (with a note) an extension request."""
    extension_request = db.get_or_404(ExtensionRequest, request_id)
    if not can_decide_extension(current_user, extension_request):
        abort(403)
    form = DecisionForm()
    grant = request.form.get('decision') == 'grant'
    assignment = extension_request.assignment
    if form.validate_on_submit():
        try:
            decide_extension(extension_request, user=current_user, grant=grant, deadline=form.deadline.data,
                             note=form.note.data)
        except ResolutionError as exc:
            (form.deadline if grant else form.note).errors.append(str(exc))
        else:
            db.session.commit()
            flash(f'مهلت {assignment.city.name} تمدید شد.' if grant else
                  f'درخواست تمدید {assignment.city.name} پذیرفته نشد و به شهر اعلام شد.', 'success')
            return redirect(url_for('resolutions.assignment', assignment_id=assignment.id) + '#extension')
    return _assignment_page(assignment, decision_form=form, status=422)


@bp.post('/assignments/<int:assignment_id>/report')
@login_required
def report(assignment_id):
    assignment = db.get_or_404(Assignment, assignment_id)
    if not can_report(current_user, assignment):
        abort(403)
    form = ReportForm()
    files = request.files.getlist(form.files.name)
    if form.validate_on_submit():
        errors = check_uploads(files)
        back = url_for('resolutions.assignment', assignment_id=assignment.id)
        sent = None if errors else already_sent(back)
        if sent:
            return sent
        if errors:
            form.files.errors.extend(errors)
        else:
            try:
                with db.session.begin_nested():  # a refusal (or an unwritable uploads folder) leaves nothing
                    report_progress(assignment, author=current_user, status=form.status.data,
                                    note=form.note.data, percent=form.percent.data, files=files,
                                    link=form.link.data)
            except (ResolutionError, AttachmentError) as exc:
                form.files.errors.append(str(exc))
            else:
                result = record_result(safe_next(request.values.get('next'), back))
                db.session.commit()
                flash('گزارش پیشرفت ثبت شد.' + (' پس از بررسی دبیرخانه «انجام شد» قطعی می‌شود.'
                                                if assignment.awaiting_confirmation else ''), 'success')
                return redirect(result)
    return _assignment_page(assignment, form, status=422)


@bp.post('/reports/<int:report_id>/accept')
@staff_required
def accept(report_id):
    report = db.get_or_404(ProgressReport, report_id)
    if not can_review(current_user, report):
        abort(403)
    accept_report(report, reviewer=current_user)
    db.session.commit()
    flash(f'انجام مصوبه در {report.assignment.city.name} تأیید شد.', 'success')
    back = url_for('resolutions.assignment', assignment_id=report.assignment_id)
    return redirect(safe_next(request.values.get('next'), back))


@bp.post('/reports/<int:report_id>/return')
@staff_required
def return_(report_id):
    report = db.get_or_404(ProgressReport, report_id)
    if not can_review(current_user, report):
        abort(403)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _assignment_page(report.assignment, return_form=form, status=422)
    return_report(report, reviewer=current_user, note=form.review_note.data)
    db.session.commit()
    flash(f'گزارش برای تکمیل مستندات به {report.assignment.city.name} برگردانده شد.', 'success')
    return redirect(url_for('resolutions.assignment', assignment_id=report.assignment_id))


# --- the secretariat's dashboard, scorecards, my city ------------------------------------------------------

def _dashboard_data():
    filters = parse_filters(request.args)
    today = today_tehran()
    return filters, today, build_dashboard(filters, today)


@bp.get('/dashboard')
@rule_required(rules.can_view_dashboard)
def dashboard():
    """Staff's working matrix; observers and directors (when shared) read it without exports or the review queue."""
    filters, today, data = _dashboard_data()
    meetings, categories = filter_choices()
    staff = can_manage_resolutions(current_user)
    return render_template('resolutions/dashboard.html', data=data, filters=filters, meetings=meetings,
                           categories=categories, as_of=today, pending=pending_claims(limit=8) if staff else [],
                           extensions=open_extension_requests(limit=8) if staff else [],
                           shared=settings.is_on(rules.DASHBOARD_SETTING))


@bp.post('/dashboard/sharing')
@rule_required(rules.can_share_dashboard)
def dashboard_sharing():
    on = request.form.get('on') == '1'
    services.share_dashboard(on, actor=current_user)
    db.session.commit()
    flash('ماتریس پیگیری اکنون برای ناظران و مدیران شهرها (فقط خواندنی) باز است.' if on else
          'ماتریس پیگیری دیگر به ناظران و مدیران شهرها نشان داده نمی‌شود.', 'success')
    return redirect(url_for('resolutions.dashboard'))


@bp.get('/dashboard.<any(csv, xlsx):fmt>')
@staff_required
def dashboard_export(fmt):
    filters, today, data = _dashboard_data()
    stamp = to_latin_digits(format_jalali(today)).replace('/', '-')
    if fmt == 'csv':
        return _download(exports.matrix_csv(data), f'resolutions-matrix-{stamp}.csv', 'text/csv; charset=utf-8')
    return _download(exports.matrix_xlsx(data, today), f'resolutions-matrix-{stamp}.xlsx', XLSX)


@bp.get('/scorecard/<slug>')
@login_required
def scorecard(slug):
    city = db.first_or_404(db.select(City).where(City.slug == slug))
    card = build_scorecard(city, today_tehran())
    return render_template('resolutions/scorecard.html', card=card, city=city, as_of=today_tehran())


@bp.get('/scorecard/<slug>.<any(csv, xlsx):fmt>')
@login_required
def scorecard_export(slug, fmt):
    city = db.first_or_404(db.select(City).where(City.slug == slug))
    today = today_tehran()
    card = build_scorecard(city, today)
    if fmt == 'csv':
        return _download(exports.scorecard_csv(card), f'scorecard-{city.slug}.csv', 'text/csv; charset=utf-8')
    return _download(exports.scorecard_xlsx(card, today), f'scorecard-{city.slug}.xlsx', XLSX)


@bp.get('/mine')
@login_required
def mine():
    if not can_view_my_city(current_user):
        abort(403)
    today = today_tehran()
    form = ReportForm(formdata=None)
    groups = my_city_items(current_user, today)
    # what is finished only grows, year after year: the latest deadlines first, the first few unless all are asked
    finished = groups['finished'][::-1]
    all_finished = request.args.get('finished') == 'all'
    groups['finished'] = finished if all_finished else finished[:FINISHED_SHOWN]
    return render_template('resolutions/mine.html', groups=groups, finished_count=len(finished),
                           all_finished=all_finished, finished_shown=FINISHED_SHOWN, as_of=today, form=form,
                           report_hidden=form.hidden_tag())


#: finished assignments «مصوبه‌های شهر من» lists before «همه»
FINISHED_SHOWN = 10


# --- bulk update and archive import ------------------------------------------------------------------------

@bp.route('/bulk', methods=['GET', 'POST'])
@staff_required
def bulk():
    upload, confirm = CsvUploadForm(prefix='upload'), CsvConfirmForm(prefix='confirm')
    lines, error = None, None
    if confirm.content.data and confirm.validate_on_submit():
        try:
            lines = parse_bulk(confirm.content.data)
        except CsvError as exc:
            error = str(exc)
        else:
            written = apply_bulk(lines, author=current_user)
            db.session.commit()
            skipped = sum(1 for line in lines if not line.ok)
            skipped_note = f'؛ {persian_digits(skipped)} سطر نادرست کنار گذاشته شد.' if skipped else '.'
            flash(f'{persian_digits(written)} گزارش ثبت شد' + skipped_note, 'success')
            return redirect(url_for('resolutions.dashboard'))
    elif upload.validate_on_submit():
        try:
            text = decode_upload(upload.file.data.read(), upload.file.data.filename or '')
            lines = parse_bulk(text)
        except CsvError as exc:
            error = str(exc)
        else:
            confirm.content.data = text
    status = 422 if (error or upload.errors) else 200
    return render_template('resolutions/bulk.html', upload=upload, confirm=confirm, lines=lines, error=error), status


@bp.get('/bulk/template.xlsx')
@staff_required
def bulk_template():
    open_assignments = db.session.scalars(
        db.select(Assignment).join(Assignment.resolution).join(Assignment.city)
        .where(Resolution.status == 'active', Assignment.status.not_in(('done', 'not_applicable')))
        .options(joinedload(Assignment.resolution), joinedload(Assignment.city))
        .order_by(Resolution.id, City.name)).all()
    stamp = to_latin_digits(format_jalali(today_tehran())).replace('/', '-')
    return _download(exports.bulk_template_xlsx(open_assignments), f'bulk-update-{stamp}.xlsx', XLSX)


@bp.route('/import', methods=['GET', 'POST'])
@staff_required
def import_():
    form = CsvUploadForm(prefix='upload')
    result, error = None, None
    if form.validate_on_submit():
        try:
            text = decode_upload(form.file.data.read(), form.file.data.filename or '')
            result = import_archive(text, author=current_user)
        except CsvError as exc:
            error = str(exc)
        else:
            db.session.commit()
    return render_template('resolutions/import.html', form=form, result=result, error=error), \
        422 if (error or form.errors) else 200


# --- sections on the home page and on a city's page --------------------------------------------------------

def _home_section(user):
    if not user.is_authenticated:
        return Markup('')
    today = today_tehran()
    if can_manage_resolutions(user):
        return Markup(render_template('resolutions/_home_staff.html', overdue=overdue_count(today),
                                      pending=pending_claims(limit=6), extensions=open_extension_requests(limit=6),
                                      as_of=today))
    if can_view_my_city(user):
        counts, urgent, overdue_ids = my_city_urgent(user, today)
        return Markup(render_template('resolutions/_home_director.html', counts=counts, urgent=urgent,
                                      overdue_ids=overdue_ids, as_of=today))
    return Markup('')


def _city_section(city, user):
    card = build_scorecard(city, today_tehran())
    if not card['assignments']:
        return Markup('')
    return Markup(render_template('resolutions/_city_section.html', card=card, city=city))


sections.register('home', 30, lambda user, **_: _home_section(user), stylesheet='css/resolutions.css')
sections.register('city', 30, lambda city, user, **_: _city_section(city, user), stylesheet='css/resolutions.css')


@bp.app_template_global()
def status_info():
    """Labels, meanings and icons of the assignment statuses, for the badge macro and the legend."""
    from .models import DISPLAY_STATUSES, OVERDUE_MEANING, STATUS_ICONS, STATUS_MEANINGS
    return {'labels': DISPLAY_STATUSES, 'meanings': STATUS_MEANINGS, 'icons': STATUS_ICONS,
            'overdue': OVERDUE_MEANING, 'resolution': STATUSES}
