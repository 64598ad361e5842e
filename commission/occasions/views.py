import datetime as dt
import os

import jdatetime
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from ..attachments.services import AttachmentError, register_owner
from ..cities.models import City
from ..cities.services import cities_member_first
from ..db import db
from ..indicators import sources as indicator_sources
from ..jalali import MONTHS, WEEKDAYS, format_jalali, persian_digits, today_tehran
from ..permissions import rule_required
from ..sections import register
from ..security import site_host, site_url
from ..submissions import already_sent, record_result
from ..templating import expose_rules
from . import dates, measures, rules
from . import services as svc
from .forms import ActionForm, FeatureForm, KitItemEditForm, KitItemForm, OccasionForm, ShiftForm
from .ics import occasions_calendar
from .models import ITEM_KINDS, KitItem, Occasion

bp = Blueprint('occasions', __name__, url_prefix='/occasions')

register_owner('occasion_item', rules.read_item_file)
expose_rules('occasions', rules)
indicator_sources.register('occasions.kit', measures.occasions_covered)


def _occasion(occasion_id, rule=None):
    occasion = db.get_or_404(Occasion, occasion_id)
    if rule is not None and not rule(current_user, occasion):
        abort(403)
    return occasion


def _item(item_id, rule):
    item = db.get_or_404(KitItem, item_id)
    if not rule(current_user, item):
        abort(403)
    return item


def _month_arg(today):
    """The Jalali (year, month) of ?y=&m=, else today's."""
    j = jdatetime.date.fromgregorian(date=today)
    year = request.args.get('y', j.year, type=int)
    month = request.args.get('m', j.month, type=int)
    if not (1300 <= year <= 1480 and 1 <= month <= 12):
        year, month = j.year, j.month
    return year, month


def _neighbour(year, month, step):
    month += step
    if month == 0:
        return year - 1, 12
    if month == 13:
        return year + 1, 1
    return year, month


@bp.get('/')
@rule_required(rules.can_view_occasions)
def index():
    today = today_tehran()
    year, month = _month_arg(today)
    occasions = svc.all_occasions()
    return render_template('occasions/index.html', weeks=svc.month_grid(year, month, occasions, today),
                           year=year, month=month, month_name=MONTHS[month - 1],
                           weekdays=list(zip(WEEKDAYS, 'شیدسچپج', strict=True)),
                           prev=_neighbour(year, month, -1), next=_neighbour(year, month, 1),
                           coming=svc.coming(today, 60, occasions), hijri_months=dates.HIJRI_MONTHS,
                           is_current=(year, month) == _month_of(today))


def _month_of(day):
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month


@bp.get('/all')
@rule_required(rules.can_view_occasions)
def all_list():
    today = today_tehran()
    rows = [(o, svc.next_occurrence(o, today)) for o in svc.all_occasions()]
    rows.sort(key=lambda r: (r[1].date if r[1] else dt.date.max, r[0].id))
    return render_template('occasions/all.html', rows=rows, today_date=today, date_label=dates.date_label)


@bp.get('/<int:occasion_id>')
@rule_required(rules.can_view_occasions)
def detail(occasion_id):
    occasion = _occasion(occasion_id)
    return _detail_page(occasion, _upload_form(occasion))


def _upload_form(occasion):
    """The upload form (filled from the request on POST) with its years and cities."""
    form = KitItemForm()
    years = svc.kit_years(occasion)
    form.year.choices = [(y, persian_digits(y)) for y in years]
    if request.method == 'GET':
        upcoming = svc.next_occurrence(occasion)
        form.year.data = upcoming.jalali.year if upcoming else years[-1]
    cities = [(c.id, c.name) for c in cities_member_first()]
    if current_user.is_staff:
        form.city_id.choices = [('', 'دبیرخانه کمیسیون')] + cities
    else:
        form.city_id.choices = [(current_user.city_id, current_user.city.name)] if current_user.city else []
    return form


def _near_occurrences(occasion, today=None):
    year = jdatetime.date.fromgregorian(date=today or today_tehran()).year
    return [o for y in (year - 1, year, year + 1) for o in dates.occurrences(occasion, y)]


def _shift_form(occasion, occurrences=None, upcoming=None):
    """The shift form, its choices the calculated dates of the occurrences shown on the page."""
    form = ShiftForm()
    occurrences = occurrences if occurrences is not None else _near_occurrences(occasion)
    form.base_date.choices = [(o.base_date.isoformat(), format_jalali(o.base_date, 'long')) for o in occurrences]
    if request.method == 'GET' and upcoming is not None:
        form.base_date.data = upcoming.base_date.isoformat()
    return form


def _detail_page(occasion, form, status=200):
    today = today_tehran()
    occurrences = _near_occurrences(occasion, today)
    upcoming = svc.next_occurrence(occasion, today)
    by_year = svc.items_by_year(occasion)
    return render_template('occasions/detail.html', occasion=occasion, form=form, occurrences=occurrences,
                           upcoming=upcoming, left=(upcoming.date - today).days if upcoming else None,
                           by_year=by_year, date_label=dates.date_label(occasion),
                           shift_form=_shift_form(occasion, occurrences, upcoming),
                           hijri_label=dates.hijri_label, shift_label=dates.shift_label,
                           gregorian_label=dates.gregorian_label,
                           allowed=svc.ALLOWED_TEXT, item_kinds=ITEM_KINDS, size_limits=svc.size_limits(),
                           image_mb=svc.IMAGE_MAX_MB, site_mb=current_app.config['MAX_UPLOAD_MB'],
                           cities_count=svc.cities_with_items(occasion.id, upcoming.jalali.year) if upcoming else 0), \
        status


@bp.post('/<int:occasion_id>/items')
@login_required
def upload(occasion_id):
    occasion = _occasion(occasion_id, rules.can_add_item)
    form = _upload_form(occasion)
    if not form.validate_on_submit():
        return _detail_page(occasion, form, 422)
    if sent := already_sent(url_for('occasions.detail', occasion_id=occasion.id) + '#kit'):
        return sent  # a double click on «افزودن» adds the design once
    city = current_user.city if not current_user.is_staff else (
        db.session.get(City, form.city_id.data) if form.city_id.data else None)
    try:
        with db.session.begin_nested():
            item = svc.add_item(occasion, form.file.data, year=form.year.data, title=form.title.data,
                                item_kind=form.item_kind.data, licence=form.licence.data, credit=form.credit.data,
                                city=city, user=current_user)
    except (AttachmentError, svc.OccasionError) as exc:
        form.file.errors = [*form.file.errors, str(exc)]
        return _detail_page(occasion, form, 422)
    result = url_for('occasions.detail', occasion_id=occasion.id) + f'#item-{item.id}'
    record_result(result)
    db.session.commit()
    flash(f'«{item.title}» به بستهٔ رسانه‌ای افزوده شد.', 'success')
    return redirect(result)


@bp.route('/items/<int:item_id>/edit', methods=['GET', 'POST'])
@login_required
def edit_item(item_id):
    item = _item(item_id, rules.can_edit_item)
    form = KitItemEditForm(obj=item)
    if request.method == 'POST':
        if not form.validate_on_submit():
            return render_template('occasions/item_edit.html', item=item, form=form), 422
        try:
            svc.update_item(item, title=form.title.data, licence=form.licence.data, credit=form.credit.data)
        except svc.OccasionError as exc:
            form.licence.errors = [str(exc)]
            return render_template('occasions/item_edit.html', item=item, form=form), 422
        db.session.commit()
        flash('طرح به‌روز شد.', 'success')
        return redirect(url_for('occasions.detail', occasion_id=item.occasion_id) + f'#item-{item.id}')
    return render_template('occasions/item_edit.html', item=item, form=form)


@bp.post('/items/<int:item_id>/delete')
@login_required
def delete_item(item_id):
    item = _item(item_id, rules.can_edit_item)
    occasion_id = item.occasion_id
    svc.delete_item(item, user=current_user)
    db.session.commit()
    flash('طرح از بستهٔ رسانه‌ای حذف شد.', 'success')
    return redirect(url_for('occasions.detail', occasion_id=occasion_id) + '#kit')


@bp.post('/items/<int:item_id>/feature')
@login_required
def feature_item(item_id):
    item = _item(item_id, rules.can_feature_item)
    form = FeatureForm()
    form.validate_on_submit()
    svc.set_featured(item, form.featured.data)
    db.session.commit()
    flash('طرح برگزیده شد.' if item.featured else 'طرح از برگزیده‌ها برداشته شد.', 'success')
    return redirect(url_for('occasions.detail', occasion_id=item.occasion_id) + f'#item-{item.id}')


@bp.get('/items/<int:item_id>/thumb.jpg')
@login_required
def thumbnail(item_id):
    item = db.get_or_404(KitItem, item_id)
    if not item.thumb_name or not rules.can_download_kit(current_user, item.occasion):
        abort(404)
    if not os.path.exists(svc.thumb_path(item)):
        abort(404)
    response = send_file(svc.thumb_path(item), mimetype='image/jpeg', conditional=True, max_age=3600)
    response.cache_control.public = False
    response.cache_control.private = True
    response.headers['X-Content-Type-Options'] = 'nosniff'
    return response


@bp.get('/<int:occasion_id>/kit-<int:year>.zip')
@login_required
def kit_zip(occasion_id, year):
    occasion = _occasion(occasion_id, rules.can_download_kit)
    try:
        entries = svc.kit_entries(occasion, year)
    except svc.KitTooLarge as exc:
        flash(str(exc), 'warning')
        return redirect(url_for('occasions.detail', occasion_id=occasion.id) + '#kit')
    if not entries:
        abort(404)
    name = f'kit-{occasion.id}-{year}.zip'
    return Response(svc.zip_stream(entries), mimetype='application/zip', direct_passthrough=True,
                    headers={'Content-Disposition': f'attachment; filename="{name}"',
                             'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store'})


# --- the secretariat's records ---------------------------------------------------------------------------

def _occasion_form(occasion=None):
    form = OccasionForm(obj=occasion)
    form.city_id.choices = [('', '—')] + [(c.id, c.name) for c in cities_member_first()]
    return form


@bp.route('/new', methods=['GET', 'POST'])
@rule_required(rules.can_manage_occasions)
def create():
    return _save(None)


@bp.route('/<int:occasion_id>/edit', methods=['GET', 'POST'])
@rule_required(rules.can_manage_occasions)
def edit(occasion_id):
    return _save(_occasion(occasion_id))


def _save(occasion):
    form = _occasion_form(occasion)
    if request.method == 'POST':
        if not form.validate_on_submit():
            return render_template('occasions/edit.html', form=form, occasion=occasion), 422
        if occasion is None and (sent := already_sent(url_for('occasions.all_list'))):
            return sent
        try:
            occasion = svc.save_occasion(occasion, form.data)
        except svc.OccasionError as exc:
            form.day.errors = [*form.day.errors, str(exc)]
            return render_template('occasions/edit.html', form=form, occasion=occasion), 422
        record_result(url_for('occasions.detail', occasion_id=occasion.id))
        db.session.commit()
        flash('مناسبت ذخیره شد.', 'success')
        return redirect(url_for('occasions.detail', occasion_id=occasion.id))
    return render_template('occasions/edit.html', form=form, occasion=occasion)


@bp.post('/<int:occasion_id>/delete')
@rule_required(rules.can_manage_occasions)
def delete(occasion_id):
    occasion = _occasion(occasion_id)
    svc.delete_occasion(occasion, user=current_user)
    db.session.commit()
    flash('مناسبت و بستهٔ رسانه‌ای آن حذف شد.', 'success')
    return redirect(url_for('occasions.all_list'))


@bp.post('/<int:occasion_id>/shift')
@rule_required(rules.can_manage_occasions)
def shift(occasion_id):
    occasion = _occasion(occasion_id)
    form = _shift_form(occasion)
    if not form.validate_on_submit():
        flash('جابه‌جایی ثبت نشد: سال و مقدار را درست انتخاب کنید.', 'danger')
        return redirect(url_for('occasions.detail', occasion_id=occasion.id) + '#dates')
    try:
        base = dt.date.fromisoformat(form.base_date.data)
        svc.set_shift(occasion, base, form.shift_days.data, form.note.data or '', user=current_user)
    except svc.OccasionError as exc:
        flash(str(exc), 'danger')
        return redirect(url_for('occasions.detail', occasion_id=occasion.id) + '#dates')
    db.session.commit()
    flash(f'تاریخ {occasion.name} در سال {persian_digits(jdatetime.date.fromgregorian(date=base).year)} ثبت شد.',
          'success')
    return redirect(url_for('occasions.detail', occasion_id=occasion.id) + '#dates')


# --- the calendar feed -----------------------------------------------------------------------------------

@bp.route('/subscribe', methods=['GET', 'POST'])
@rule_required(rules.can_subscribe)
def subscribe():
    """The user's secret calendar address: made, replaced or revoked here; shown once, when it is made."""
    url = None
    if request.method == 'POST':
        if not ActionForm().validate_on_submit():
            abort(400)
        if request.form.get('action') == 'revoke':
            svc.revoke_feed_token(current_user)
            db.session.commit()
            flash('نشانی تقویم شما باطل شد؛ تقویم‌هایی که آن را داشتند دیگر به‌روز نمی‌شوند.', 'success')
            return redirect(url_for('occasions.subscribe'))
        token = svc.issue_feed_token(current_user)
        db.session.commit()
        url = site_url('occasions.feed', token=token)
    return render_template('occasions/subscribe.html', url=url, token=svc.feed_token_of(current_user),
                           form=ActionForm())


@bp.get('/feed/<token>.ics')
def feed(token):
    """No sign-in: the secret address is the permission; a revoked or replaced one is a 404."""
    row = svc.feed_user(token)
    if row is None:
        abort(404)
    row.last_used_dt = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    db.session.commit()
    year = jdatetime.date.fromgregorian(date=today_tehran()).year
    occasions = svc.all_occasions()
    by_id = {o.id: o for o in occasions}
    first, _ = dates.jalali_year_bounds(year - 1)
    _, last = dates.jalali_year_bounds(year + 1)
    rows = [(o, by_id[o.occasion_id]) for o in dates.occurrences_between(occasions, first, last)]
    body = occasions_calendar(rows, host=site_host(),
                              url_for_occasion=lambda o: site_url('occasions.detail', occasion_id=o.id))
    return Response(body, mimetype='text/calendar', headers={
        'Content-Disposition': 'inline; filename="occasions.ics"', 'Cache-Control': 'private, max-age=3600'})


# --- the home page's slot --------------------------------------------------------------------------------

def _home_section(user, **_):
    coming = [(o, occasion, days, o.jalali.year) for o, occasion, days in svc.coming(days=30)[:4]]
    cities = svc.cities_with_items_of((occasion.id, year) for _o, occasion, _days, year in coming)
    rows = [(o, occasion, days, cities[(occasion.id, year)]) for o, occasion, days, year in coming]
    return Markup(render_template('occasions/_home.html', rows=rows))


register('home', 25, _home_section)
