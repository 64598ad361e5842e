from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from ..auth.models import User
from ..db import db
from ..sections import render_slot
from ..templating import expose_rules
from . import services
from .forms import CityForm
from .models import City
from .services import CityError, can_export_city, can_manage_cities, cities_member_first, save_city

bp = Blueprint('cities', __name__, url_prefix='/cities')

expose_rules('cities', services)


@bp.get('/')
@login_required
def index():
    cities = cities_member_first()
    counts = dict(db.session.execute(
        db.select(User.city_id, db.func.count(User.id))
        .where(User.role == 'director', User.active.is_(True)).group_by(User.city_id)).all())
    return render_template('cities/index.html', cities=cities, director_counts=counts)


@bp.get('/<slug>')
@login_required
def detail(slug):
    city = db.first_or_404(db.select(City).where(City.slug == slug))
    directors = db.session.scalars(db.select(User).where(User.city_id == city.id, User.role == 'director',
                                                         User.active.is_(True)).order_by(User.full_name)).all()
    return render_template('cities/detail.html', city=city, directors=directors,
                           sections=render_slot('city', city=city, user=current_user))


@bp.get('/<slug>/export.zip')
@login_required
def export(slug):
    from ..audit.services import record
    from ..backup.city_export import build_city_zip
    from ..timeutil import utcnow
    city = db.first_or_404(db.select(City).where(City.slug == slug))
    if not can_export_city(current_user, city):
        abort(403)
    created = utcnow()
    archive, counts = build_city_zip(city, created)
    record('export', target=city, details={'city': city.slug, 'rows': counts['practices'] + counts['assignments']})
    db.session.commit()
    return send_file(archive, mimetype='application/zip', as_attachment=True,
                     download_name=f'{city.slug}-{created:%Y%m%d}.zip')


@bp.route('/new', methods=['GET', 'POST'])
@login_required
def create():
    if not can_manage_cities(current_user):
        abort(403)
    return _edit(None)


@bp.route('/<slug>/edit', methods=['GET', 'POST'])
@login_required
def edit(slug):
    if not can_manage_cities(current_user):
        abort(403)
    return _edit(db.first_or_404(db.select(City).where(City.slug == slug)))


def _edit(city):
    form = CityForm(obj=city)
    if form.validate_on_submit():
        try:
            city = save_city(city, form.data)
        except CityError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f'اطلاعات شهر {city.name} ذخیره شد.', 'success')
            return redirect(url_for('cities.detail', slug=city.slug))
    return render_template('cities/edit.html', form=form, city=city), 422 if form.errors else 200
