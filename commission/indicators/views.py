from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import sections
from ..attachments.services import AttachmentError, attachments_for, check_uploads, register_owner
from ..cities.models import City
from ..cities.services import member_cities
from ..db import db
from ..jalali import persian_digits
from ..notifications.services import city_directors, notify
from ..permissions import rule_required
from ..submissions import already_sent, record_result
from ..templating import expose_rules
from . import exports, imports, rules, services, sources, summary
from .forms import ConfirmForm, DeadlineForm, EntryForm, IndicatorForm, PeriodForm, UploadForm
from .models import CATEGORIES, Indicator, IndicatorPeriod, IndicatorValue
from .services import IndicatorError

bp = Blueprint('indicators', __name__, url_prefix='/indicators')

register_owner(services.EVIDENCE_OWNER, rules.can_read_evidence)
expose_rules('indicators', rules)

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
#: the spans a city's page offers: (label, quarters)
SPANS = {'q1': ('فصل اول', (1,)), 'q2': ('فصل دوم', (2,)), 'q3': ('فصل سوم', (3,)), 'q4': ('فصل چهارم', (4,)),
         'h1': ('شش‌ماهه نخست', (1, 2)), 'm9': ('نه‌ماهه', (1, 2, 3)), 'year': ('سالانه', (1, 2, 3, 4))}


@bp.app_template_filter('ind_num')
def ind_num(value):
    return summary.format_number(value)


def _download(content, filename, mimetype):
    response = Response(content, mimetype=mimetype)
    response.headers.set('Content-Disposition', 'attachment', filename=filename)
    return response


def _period_arg(name='period', default=None):
    period_id = request.args.get(name, type=int)
    if period_id:
        return db.get_or_404(IndicatorPeriod, period_id)
    return default


def _default_period(periods):
    """The latest quarter that has values (else the latest quarter, else any period)."""
    with_values = set(db.session.scalars(db.select(IndicatorValue.period_id).distinct()))
    quarters = [p for p in periods if not p.is_yearly]
    return next((p for p in quarters if p.id in with_values), None) or (quarters or periods or [None])[0]


def _indicators(active_only=False):
    query = db.select(Indicator).order_by(Indicator.position, Indicator.name)
    if active_only:
        query = query.where(Indicator.active.is_(True))
    return db.session.scalars(query).all()


# --- reading: the list, one indicator, one city, rankings --------------------------------------------------

@bp.get('/')
@rule_required(rules.can_view_indicators)
def index():
    periods = services.periods()
    period = _period_arg(default=_default_period(periods))
    indicators = [i for i in _indicators(active_only=True) if period is None or i.fits(period)]
    tables = [summary.period_table(i, period) for i in indicators] if period else []
    my_city = current_user.city if current_user.is_director and current_user.city_id else None
    mine = {}
    if my_city:
        for t in tables:
            mine[t['indicator'].id] = next((r for r in t['rows'] if r['city'].id == my_city.id), None)
    missing = services.missing_counts(period) if period and rules.can_manage_indicators(current_user) else {}
    cities = {c.id: c for c in member_cities()}
    return render_template('indicators/index.html', periods=periods, period=period, tables=tables, mine=mine,
                           my_city=my_city, missing=missing, cities=cities,
                           inactive=[i for i in _indicators() if not i.active])


@bp.get('/<int:indicator_id>')
@rule_required(rules.can_view_indicators)
def detail(indicator_id):
    indicator = db.get_or_404(Indicator, indicator_id)
    periods = [p for p in services.periods() if indicator.fits(p)]
    with_values = summary.periods_with_values(indicator)
    period = _period_arg(default=(with_values or periods or [None])[-1 if with_values else 0])
    if period is not None and not indicator.fits(period):
        abort(404)
    table = summary.period_table(indicator, period) if period else None
    cities = member_cities()
    slug = request.args.get('city') or (current_user.city.slug if current_user.is_director and current_user.city
                                         else None)
    trend_city = next((c for c in cities if c.slug == slug), None) or (
        table['rows'][0]['city'] if table and table['rows'] else (cities[0] if cities else None))
    trend = summary.city_trend(indicator, trend_city.id) if trend_city else []  # the periods that have values
    files = attachments_for(services.EVIDENCE_OWNER, [r['entry'].id for r in table['rows'] if r['entry']]) \
        if table else {}
    return render_template('indicators/detail.html', indicator=indicator, periods=periods, period=period,
                           table=table, cities=cities, trend_city=trend_city, trend=trend, files=files)


def _span_arg(periods):
    years = sorted({p.year for p in periods}, reverse=True)
    year = request.args.get('year', type=int) or (years[0] if years else None)
    span = request.args.get('span')
    if span not in SPANS:
        default = _default_period(periods)
        span = f'q{default.quarter}' if default and not default.is_yearly and default.year == year else 'year'
    return years, year, span


@bp.get('/city/<slug>')
@rule_required(rules.can_view_indicators)
def city(slug):
    city = db.first_or_404(db.select(City).where(City.slug == slug))
    other = request.args.get('city')
    if other and other != slug:  # the page's city picker (a GET form) names the city in the query
        args = {k: v for k, v in request.args.items() if k != 'city'}
        return redirect(url_for('indicators.city', slug=other, **args))
    periods = services.periods()
    years, year, span = _span_arg(periods)
    rows = summary.city_indicator_rows(city.id, year, SPANS[span][1]) if year else []
    return render_template('indicators/city.html', city=city, rows=rows, years=years, year=year, span=span,
                           spans=SPANS, cities=member_cities())


@bp.get('/rankings')
@rule_required(rules.can_view_indicators)
def rankings():
    periods = services.periods()
    period = _period_arg(default=_default_period(periods))
    indicators = [i for i in _indicators(active_only=True) if period is None or i.fits(period)]
    tables = [summary.period_table(i, period) for i in indicators] if period else []
    cities = member_cities()
    grid = {}
    for t in tables:
        for r in t['rows']:
            grid[(t['indicator'].id, r['city'].id)] = r
    overall = []
    for c in cities:
        places = [grid[(t['indicator'].id, c.id)]['rank'] for t in tables
                  if grid.get((t['indicator'].id, c.id)) and grid[(t['indicator'].id, c.id)]['rank']]
        overall.append({'city': c, 'mean_rank': sum(places) / len(places) if places else None,
                        'counted': len(places)})
    order = summary.ranks({o['city'].id: o['mean_rank'] for o in overall}, higher_is_better=False)
    for o in overall:
        o['place'] = order.get(o['city'].id)
    overall.sort(key=lambda o: (o['place'] is None, o['place'] or 0, o['city'].name))
    return render_template('indicators/rankings.html', periods=periods, period=period, tables=tables,
                           overall=overall, grid=grid)


# --- entry by a city's director ----------------------------------------------------------------------------

def _entry_city():
    """The city whose values are entered: ?city= (the secretariat's choice), else the director's own; None when
    the secretariat has not chosen one yet."""
    city_id = request.values.get('city', type=int)
    city = db.get_or_404(City, city_id) if city_id else current_user.city
    if city is None and rules.can_enter_for_cities(current_user):
        return None
    if city is None or not rules.can_enter_values(current_user, city):
        abort(403)
    return city


def _on_behalf(city):
    """Whether the signed-in user enters another city's values (the secretariat), not their own."""
    return city.id != current_user.city_id


def _entry_page(city, period, form, errors=None, typed=None, status=200):
    if city is None:  # the secretariat chooses a city first
        return render_template('indicators/entry.html', city=None, cities=member_cities(),
                               period=period, periods=services.periods(), form=form), status
    open_periods = services.open_periods()
    indicators = services.active_indicators_for(period) if period else []
    values = services.city_period_values(city, period) if period else {}
    files = attachments_for(services.EVIDENCE_OWNER, [v.id for v in values.values()])
    # indicators another domain counts (the media kit): the number is shown, and offered as the value when the
    # city has entered none and it is not 0 (no kit item is not proof of no occasion); the director may correct it
    counts = {i.id: n for i in indicators if (n := sources.counted(i, city, period)) is not None}
    cities = member_cities() if rules.can_enter_for_cities(current_user) else []
    return render_template('indicators/entry.html', city=city, cities=cities, on_behalf=_on_behalf(city),
                           period=period, periods=services.periods(), open_periods=open_periods,
                           indicators=indicators, values=values, files=files, form=form, errors=errors or {},
                           typed=typed or {}, counts=counts), status


@bp.get('/entry')
@login_required
def entry():
    city = _entry_city()
    return _entry_page(city, _period_arg(default=services.entry_period()), EntryForm())


@bp.post('/entry')
@login_required
def entry_save():
    city = _entry_city()
    if city is None:
        flash('نخست شهری را که مقدارهایش را ثبت می‌کنید انتخاب کنید.', 'warning')
        return redirect(url_for('indicators.entry'))
    period = db.get_or_404(IndicatorPeriod, request.form.get('period', type=int) or 0)
    form = EntryForm()
    if not form.validate_on_submit():
        return _entry_page(city, period, form, status=422)
    if period.locked:
        flash(services.LOCKED_MESSAGE.format(label=period.label), 'danger')
        return _entry_page(city, period, form, status=422)
    errors, typed, entries = {}, {}, []
    for indicator in services.active_indicators_for(period):
        raw = request.form.get(f'value-{indicator.id}', '')
        note = request.form.get(f'note-{indicator.id}', '')[:3000]
        files = [f for f in request.files.getlist(f'files-{indicator.id}') if f and f.filename]
        typed[indicator.id] = {'value': raw, 'note': note}
        try:
            value = services.parse_number(raw)
        except IndicatorError as exc:
            errors[indicator.id] = str(exc)
            continue
        file_errors = check_uploads(files)
        if file_errors:
            errors[indicator.id] = ' '.join(file_errors)
            continue
        entries.append((indicator, value, note, files))
    if errors:
        return _entry_page(city, period, form, errors, typed, 422)
    try:
        with db.session.begin_nested():
            written, cleared = services.enter_values(city, period, entries, author=current_user)
    except (IndicatorError, AttachmentError) as exc:
        flash(str(exc), 'danger')
        return _entry_page(city, period, form, errors, typed, 422)
    if _on_behalf(city) and (written or cleared):
        notify(city_directors(city.id), 'indicator.entered_for_city',
               f'دبیرخانه مقدارهای شاخص «{period.label}» شهر شما را ثبت یا اصلاح کرد ({current_user.full_name}).',
               url_for('indicators.entry', period=period.id))
    db.session.commit()
    flash(f'مقدارهای {city.name} برای «{period.label}» ذخیره شد ({persian_digits(written)} مقدار ثبت یا تغییر'
          + (f'، {persian_digits(cleared)} مقدار پاک' if cleared else '') + ').', 'success')
    return redirect(url_for('indicators.entry', period=period.id, city=city.id if _on_behalf(city) else None))


# --- the secretariat: indicators, periods, import -----------------------------------------------------------

@bp.get('/manage')
@rule_required(rules.can_manage_indicators)
def manage():
    return render_template('indicators/manage.html', indicators=_indicators())


def _indicator_form_page(form, indicator, status):
    used = db.session.scalars(db.select(Indicator.category).where(Indicator.category != '').distinct()).all()
    return render_template('indicators/edit.html', form=form, indicator=indicator,
                           categories=sorted(set(CATEGORIES) | set(used))), status


@bp.route('/new', methods=['GET', 'POST'])
@rule_required(rules.can_manage_indicators)
def create():
    form = IndicatorForm()
    if form.validate_on_submit():
        if sent := already_sent(url_for('indicators.manage')):
            return sent
        try:
            indicator = services.create_indicator(form.data_dict(), actor=current_user)
        except IndicatorError as exc:
            form.name.errors.append(str(exc))
        else:
            landing = record_result(url_for('indicators.manage'))
            db.session.commit()
            flash(f'شاخص «{indicator.name}» تعریف شد.', 'success')
            return redirect(landing)
    return _indicator_form_page(form, None, 422 if form.errors else 200)


@bp.route('/<int:indicator_id>/edit', methods=['GET', 'POST'])
@rule_required(rules.can_manage_indicators)
def edit(indicator_id):
    indicator = db.get_or_404(Indicator, indicator_id)
    form = IndicatorForm(obj=indicator)
    if request.method == 'GET':
        form.higher_is_better.data = '1' if indicator.higher_is_better else '0'
    if form.validate_on_submit():
        try:
            services.update_indicator(indicator, form.data_dict(), actor=current_user)
        except IndicatorError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f'شاخص «{indicator.name}» ذخیره شد.', 'success')
            return redirect(url_for('indicators.manage'))
    return _indicator_form_page(form, indicator, 422 if form.errors else 200)


def _periods_page(form, status=200):
    periods = services.periods()
    missing = {p.id: sum(1 for n in services.missing_counts(p).values() if n) for p in periods}
    return render_template('indicators/periods.html', periods=periods, form=form, missing=missing,
                           deadline_forms={p.id: DeadlineForm(formdata=None, obj=p) for p in periods}), status


@bp.get('/periods')
@rule_required(rules.can_manage_indicators)
def periods():
    form = PeriodForm(formdata=None)
    year, quarter = services.period_from_today()
    while services.find_period(year, quarter):  # offer the first quarter not defined yet
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    form.year.data, form.quarter.data = year, quarter
    return _periods_page(form)


@bp.post('/periods')
@rule_required(rules.can_manage_indicators)
def period_create():
    form = PeriodForm()
    if form.validate_on_submit():
        if sent := already_sent(url_for('indicators.periods')):
            return sent
        try:
            period = services.create_period(form.year.data, form.quarter.data, form.deadline.data,
                                            actor=current_user)
        except IndicatorError as exc:
            form.quarter.errors.append(str(exc))
        else:
            landing = record_result(url_for('indicators.periods'))
            db.session.commit()
            flash(f'دوره «{period.label}» تعریف شد.', 'success')
            return redirect(landing)
    return _periods_page(form, 422)


@bp.post('/periods/<int:period_id>/deadline')
@rule_required(rules.can_manage_indicators)
def period_deadline(period_id):
    period = db.get_or_404(IndicatorPeriod, period_id)
    form = DeadlineForm()
    if not form.validate_on_submit():
        flash(' '.join(form.deadline.errors) or 'مهلت ذخیره نشد.', 'danger')
        return _periods_page(PeriodForm(formdata=None), 422)
    services.set_deadline(period, form.deadline.data, actor=current_user)
    db.session.commit()
    flash(f'مهلت دوره «{period.label}» ذخیره شد.', 'success')
    return redirect(url_for('indicators.periods'))


@bp.post('/periods/<int:period_id>/lock')
@rule_required(rules.can_manage_indicators)
def period_lock(period_id):
    period = db.get_or_404(IndicatorPeriod, period_id)
    locked = request.form.get('locked') == '1'
    services.set_locked(period, locked, actor=current_user)
    db.session.commit()
    flash(f'دوره «{period.label}» قفل شد؛ مقدارهای آن دیگر تغییر نمی‌کند.' if locked else
          f'دوره «{period.label}» دوباره برای ثبت مقدار باز شد.', 'success')
    return redirect(url_for('indicators.periods'))


@bp.route('/import', methods=['GET', 'POST'])
@rule_required(rules.can_manage_indicators)
def import_():
    upload, confirm = UploadForm(prefix='upload'), ConfirmForm(prefix='confirm')
    choices = services.open_periods()
    period_id = request.values.get('period', type=int)
    period = next((p for p in choices if p.id == period_id), None) if period_id else (choices or [None])[0]
    preview, error = None, None
    if request.method == 'POST' and period is None:
        error = 'دوره‌ای باز برای ورود مقدارها انتخاب کنید (دوره قفل‌شده مقدار نمی‌پذیرد).'
    elif confirm.content.data and confirm.validate_on_submit():
        try:
            preview = imports.parse(confirm.content.data, period)
            with db.session.begin_nested():
                rows, values = imports.apply(preview, author=current_user)
        except (imports.SheetError, IndicatorError) as exc:
            error = str(exc)
        else:
            from ..audit.services import record
            record('indicator_values_imported', target=period,
                   details={'period': period.label, 'rows': rows, 'value': values})
            db.session.commit()
            skipped = len(preview.bad)
            flash(f'{persian_digits(values)} مقدار از {persian_digits(rows)} شهر برای «{period.label}» ثبت شد'
                  + (f'؛ {persian_digits(skipped)} سطر نادرست کنار گذاشته شد.' if skipped else '.'), 'success')
            return redirect(url_for('indicators.index', period=period.id))
    elif request.method == 'POST' and upload.validate_on_submit():
        try:
            text = imports.decode(upload.file.data.read(), upload.file.data.filename or '')
            preview = imports.parse(text, period)
        except imports.SheetError as exc:
            error = str(exc)
        else:
            confirm.content.data = text
    status = 422 if (error or upload.errors) else 200
    return render_template('indicators/import.html', upload=upload, confirm=confirm, preview=preview, error=error,
                           periods=choices, period=period), status


@bp.get('/export.<any(csv, xlsx):fmt>')
@rule_required(rules.can_export_values)
def export(fmt):
    period = _period_arg()
    if period is not None:
        header, rows = exports.period_table(period)
        name = f'indicators-{period.year}-{"year" if period.is_yearly else "q" + str(period.quarter)}'
        title = period.label
    else:
        values = db.session.scalars(db.select(IndicatorValue)).all()
        header, rows = exports.all_values_table(values)
        name, title = 'indicators-all', 'مقدار شاخص‌ها'
    if fmt == 'csv':
        return _download(exports.csv_bytes(header, rows), f'{name}.csv', 'text/csv; charset=utf-8')
    return _download(exports.to_xlsx(header, rows, title), f'{name}.xlsx', XLSX)


# --- the city page's section ---------------------------------------------------------------------------------

def _city_section(city, user):
    from markupsafe import Markup
    if not rules.can_view_indicators(user):
        return Markup('')
    return Markup(render_template('indicators/_city_section.html', city=city))


def _home_section(user):
    from markupsafe import Markup
    if not (rules.can_enter_my_city(user) or rules.can_manage_indicators(user)):
        return Markup('')
    period = services.entry_period()
    if period is None:
        return Markup('')
    indicators = services.active_indicators_for(period)
    total = len(indicators)
    if not total:
        return Markup('')
    if rules.can_enter_my_city(user):
        return Markup(render_template('indicators/_home.html', period=period, city=user.city, total=total,
                                      missing=services.missing_count(period, user.city_id, indicators)))
    counts = services.missing_counts(period, indicators)
    return Markup(render_template('indicators/_home.html', period=period, city=None, total=total,
                                  incomplete=sum(1 for n in counts.values() if n), cities=len(counts)))


sections.register('home', 35, lambda user, **_: _home_section(user), stylesheet='css/indicators.css')
sections.register('city', 40, lambda city, user, **_: _city_section(city, user), stylesheet='css/indicators.css')
