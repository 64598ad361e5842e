"""The city and commission reports: the page, the introduction's workflow, and the print, DOCX and PDF outputs."""
import os

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from .. import query_args, sections
from ..cities.models import City
from ..db import db
from ..jalali import today_tehran
from ..jobs import enqueue
from ..jobs.models import Job
from ..templating import expose_rules
from ..timeutil import utcnow
from . import document, docx_export, pdf, rules
from . import services as svc
from .forms import ActionForm, IntroductionForm
from .models import STATUSES
from .periods import SPANS, Period, current, latest_finished, period_range, year_choices

bp = Blueprint('reports', __name__, url_prefix='/reports')

expose_rules('reports', rules)

#: seconds between two reloads of the «PDF is being prepared» page (the PDF link is rate limited as an export)
PDF_REFRESH_SECONDS = 4

DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'


def _period(year, span):
    if span not in SPANS or not 1300 <= year <= 1500:
        abort(404)
    return Period(year, span)


def _city(slug):
    return db.first_or_404(db.select(City).where(City.slug == slug))


def _can_view(city, report):
    if city is None:
        return rules.can_view_commission_report(current_user, report)
    return rules.can_view_city_report(current_user, city, report)


def _can_edit(city):
    return rules.can_edit_commission_report(current_user) if city is None else rules.can_edit_city_report(
        current_user, city)


def _data(city, period):
    return svc.commission_report(period) if city is None else svc.city_report(city, period)


def _urls(city, period):
    """The report's own pages: one set of endpoints per kind, the same arguments."""
    prefix, args = ('commission', {}) if city is None else ('city', {'slug': city.slug})
    args.update(year=period.year, span=period.span)
    names = ('show', 'save', 'unpublish', 'print', 'docx', 'pdf', 'pdf_retry')
    urls = {name: url_for(f'reports.{prefix}_{name}', **args) for name in names}
    urls['spans'] = [(span, SPANS[span], url_for(f'reports.{prefix}_show', **dict(args, span=span))) for span in SPANS]
    urls['previous_year'] = url_for(f'reports.{prefix}_show', **dict(args, year=period.year - 1))
    urls['next_year'] = url_for(f'reports.{prefix}_show', **dict(args, year=period.year + 1))
    return urls


def _viewable(city, period):
    """The report's data when the user may read it, else 403."""
    report = svc.find_report(city, period)
    if not _can_view(city, report):
        abort(403)
    return _data(city, period)


def _show(city, period, form=None, status=200):
    data = _viewable(city, period)
    if form is None:
        form = IntroductionForm(introduction=data.report.introduction if data.report else '')
    template = 'reports/commission.html' if city is None else 'reports/city.html'
    return render_template(template, data=data, period=period, city=city, form=form, action_form=ActionForm(),
                           can_edit=_can_edit(city), urls=_urls(city, period), statuses=STATUSES,
                           pdf_available=pdf.renderer() is not None, period_over=period.is_over(today_tehran())), status


def _save(city, period):
    if not _can_edit(city):
        abort(403)
    form = IntroductionForm()
    if not form.validate_on_submit():
        return _show(city, period, form, 422)
    try:
        svc.save_introduction(city, period, form.introduction.data, author=current_user)
    except svc.ReportError as exc:
        db.session.rollback()
        form.introduction.errors = [*form.introduction.errors, str(exc)]
        return _show(city, period, form, 422)
    if request.form.get('action') == 'publish':
        try:
            svc.publish(city, period, author=current_user)
        except svc.ReportError as exc:
            db.session.commit()  # the introduction is kept as a draft; only the publication is refused
            form.introduction.errors = [*form.introduction.errors, str(exc)]
            return _show(city, period, form, 422)
    db.session.commit()
    flash('گزارش منتشر شد.' if request.form.get('action') == 'publish' else 'مقدمه ذخیره شد.', 'success')
    return redirect(_urls(city, period)['show'])


def _unpublish(city, period):
    if not _can_edit(city):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        svc.unpublish(city, period, author=current_user)
    except svc.ReportError as exc:
        flash(str(exc), 'warning')
        return redirect(_urls(city, period)['show'])
    db.session.commit()
    flash('انتشار گزارش لغو شد؛ اکنون پیش‌نویس است.', 'success')
    return redirect(_urls(city, period)['show'])


def _print_html(city, period, data, *, for_pdf=False):
    static = ('file://' + pdf.static_root() + '/') if for_pdf else None
    return render_template('reports/print.html', data=data, city=city, period=period, urls=_urls(city, period),
                           for_pdf=for_pdf, static=static, generated=utcnow())


def _print(city, period):
    return _print_html(city, period, _viewable(city, period))


def _docx(city, period):
    data = _viewable(city, period)
    sections_ = document.commission_sections(data) if city is None else document.city_sections(data)
    subtitle = period_range(period)
    body = docx_export.build(data.title, subtitle, sections_, generated=utcnow())
    response = make_response(body)
    response.headers['Content-Type'] = DOCX_TYPE
    name = docx_export.filename(period, city.slug if city else None)
    response.headers['Content-Disposition'] = f'attachment; filename="{name}"'
    return response


def pdf_html(city, period, data=None):
    """The page Chromium prints (file:// assets); the web request hashes it, the worker prints it."""
    return _print_html(city, period, data or _data(city, period), for_pdf=True)


def pdf_job_payload(city, period):
    """What the 'reports.pdf' job prints: the report's identity, not its HTML (the worker renders it itself)."""
    return {'city': city.slug if city else None, 'year': period.year, 'span': period.span}


def _pdf_page(state, urls, status):
    return render_template('reports/pdf_status.html', state=state, urls=urls, action_form=ActionForm(),
                           refresh=PDF_REFRESH_SECONDS), status


def _enqueue_pdf(city, period, digest):
    enqueue('reports.pdf', dict(pdf_job_payload(city, period), digest=digest), dedup_key=f'reports.pdf:{digest}',
            max_attempts=current_app.config.get('REPORT_PDF_ATTEMPTS', 3))


def _last_pdf_job(digest):
    key = f'reports.pdf:{digest}'
    return db.session.scalar(select(Job).where(Job.dedup_key == key).order_by(Job.id.desc()).limit(1))


def _pdf(city, period):
    """The kept PDF at once; otherwise a 'reports.pdf' job for the worker and a page that reloads itself."""
    data = _viewable(city, period)
    urls = _urls(city, period)
    digest = pdf.digest_of(pdf_html(city, period, data))
    path = pdf.cached(digest)
    if path:
        with open(path, 'rb') as f:
            response = make_response(f.read())
        response.headers['Content-Type'] = 'application/pdf'
        name = os.path.splitext(docx_export.filename(period, city.slug if city else None))[0] + '.pdf'
        response.headers['Content-Disposition'] = f'inline; filename="{name}"'
        return response
    if pdf.renderer() is None:
        return _pdf_page('unavailable', urls, 503)
    last = _last_pdf_job(digest)
    if last is not None and last.status == 'failed':
        return _pdf_page('failed', urls, 503)  # asked again only by the retry button (a POST)
    if last is None or last.status == 'done':  # done: printed, but the page has changed since
        _enqueue_pdf(city, period, digest)
        db.session.commit()
    return _pdf_page('waiting', urls, 202)


def _pdf_retry(city, period):
    """The «try again» button after a failed print: a new 'reports.pdf' job, then the waiting page."""
    data = _viewable(city, period)
    if not ActionForm().validate_on_submit():
        abort(400)
    urls = _urls(city, period)
    digest = pdf.digest_of(pdf_html(city, period, data))
    last = _last_pdf_job(digest)
    if pdf.renderer() is not None and not pdf.cached(digest) and (last is None or last.status == 'failed'):
        _enqueue_pdf(city, period, digest)
        db.session.commit()
    return redirect(urls['pdf'])


# --- routes: the index --------------------------------------------------------------------------------

@bp.get('/')
@login_required
def index():
    today = today_tehran()
    default = latest_finished(today)  # the last period whose reports can be published
    year = query_args.number(request.args, 'year') or default.year
    span = query_args.number(request.args, 'span') or default.span
    period = Period(year, span) if span in SPANS and 1300 <= year <= 1500 else default
    cities = svc.member_cities()
    reports = svc.reports_of(period)
    return render_template('reports/index.html', period=period, cities=cities, reports=reports, spans=SPANS,
                           years=year_choices(today), published=svc.published_reports(),
                           my_city=current_user.city if current_user.is_director else None)


@bp.get('/go')
@login_required
def go():
    """The index's picker: to the chosen report's own address."""
    year = query_args.number(request.args, 'year') or current(today_tehran()).year
    span = query_args.number(request.args, 'span') or 4
    slug = query_args.text(request.args, 'city')
    if slug:
        return redirect(url_for('reports.city_show', slug=slug, year=year, span=span))
    return redirect(url_for('reports.commission_show', year=year, span=span))


# --- routes: a city's report ---------------------------------------------------------------------------

CITY = '/city/<slug>/<int:year>/<int:span>'
COMMISSION = '/commission/<int:year>/<int:span>'


@bp.get(CITY)
@login_required
def city_show(slug, year, span):
    return _show(_city(slug), _period(year, span))


@bp.post(CITY + '/introduction')
@login_required
def city_save(slug, year, span):
    return _save(_city(slug), _period(year, span))


@bp.post(CITY + '/unpublish')
@login_required
def city_unpublish(slug, year, span):
    return _unpublish(_city(slug), _period(year, span))


@bp.get(CITY + '/print')
@login_required
def city_print(slug, year, span):
    return _print(_city(slug), _period(year, span))


@bp.get(CITY + '/report.docx')
@login_required
def city_docx(slug, year, span):
    return _docx(_city(slug), _period(year, span))


@bp.get(CITY + '/report.pdf')
@login_required
def city_pdf(slug, year, span):
    return _pdf(_city(slug), _period(year, span))


@bp.post(CITY + '/report.pdf/retry')
@login_required
def city_pdf_retry(slug, year, span):
    return _pdf_retry(_city(slug), _period(year, span))


# --- routes: the commission's report ------------------------------------------------------------------

@bp.get(COMMISSION)
@login_required
def commission_show(year, span):
    return _show(None, _period(year, span))


@bp.post(COMMISSION + '/introduction')
@login_required
def commission_save(year, span):
    return _save(None, _period(year, span))


@bp.post(COMMISSION + '/unpublish')
@login_required
def commission_unpublish(year, span):
    return _unpublish(None, _period(year, span))


@bp.get(COMMISSION + '/print')
@login_required
def commission_print(year, span):
    return _print(None, _period(year, span))


@bp.get(COMMISSION + '/report.docx')
@login_required
def commission_docx(year, span):
    return _docx(None, _period(year, span))


@bp.get(COMMISSION + '/report.pdf')
@login_required
def commission_pdf(year, span):
    return _pdf(None, _period(year, span))


@bp.post(COMMISSION + '/report.pdf/retry')
@login_required
def commission_pdf_retry(year, span):
    return _pdf_retry(None, _period(year, span))


# --- a city's page links to its latest report ------------------------------------------------------------

def _city_section(city, user, **_):
    if not city.is_member:
        return ''
    period = latest_finished(today_tehran())
    report = svc.find_report(city, period)
    if not rules.can_view_city_report(user, city, report):
        return ''
    return Markup(render_template('reports/_city_section.html', city=city, period=period, report=report))


sections.register('city', 40, _city_section, stylesheet='css/reports.css')


@bp.context_processor
def _helpers():
    from ..meetings.models import ATTENDANCE
    from ..resolutions.models import DISPLAY_STATUSES
    return {'fmt': document, 'ASSIGNMENT_LABELS': DISPLAY_STATUSES, 'ATTENDANCE_LABELS': ATTENDANCE,
            'period_range': period_range}
