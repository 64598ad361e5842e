from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from .. import mail, query_args
from ..auth import services as account_rules
from ..auth.decorators import fresh_login_required
from ..auth.forms import ResetPasswordForm, UserForm
from ..auth.models import ROLES, User
from ..auth.services import (
    AccountError,
    can_change_standing,
    can_manage_account,
    create_user,
    set_active,
    set_password,
    update_user,
)
from ..auth.tokens import send_invitation
from ..auth.views import keep_signed_in
from ..cities.models import City
from ..db import db
from ..permissions import staff_required
from ..submissions import already_sent, record_result
from ..templating import expose_rules

bp = Blueprint('users', __name__, url_prefix='/users')

expose_rules('users', account_rules)


def _city_choices(form):
    cities = db.session.scalars(db.select(City).order_by(City.name)).all()
    form.city_id.choices = [('', '— بدون شهر —')] + [(c.id, c.name) for c in cities]
    if not can_manage_account(current_user, 'admin'):
        form.role.choices = [(k, v) for k, v in ROLES.items() if k != 'admin']


@bp.get('/')
@staff_required
@fresh_login_required
def index():
    role = query_args.choice(request.args, 'role', ROLES)
    query = db.select(User).order_by(User.active.desc(), User.role, User.full_name)
    if role:
        query = query.where(User.role == role)
    users = db.session.scalars(query.options(db.joinedload(User.city))).all()
    return render_template('users/index.html', users=users, roles=ROLES, role=role)


@bp.route('/new', methods=['GET', 'POST'])
@staff_required
@fresh_login_required
def create():
    form = UserForm()
    _city_choices(form)
    if form.validate_on_submit():
        if not can_manage_account(current_user, form.role.data):
            abort(403)
        if sent := already_sent(url_for('users.index')):
            return sent
        try:
            user = create_user(email=form.email.data, full_name=form.full_name.data, role=form.role.data,
                               password=form.password.data or None, city=_city(form), position=form.position.data,
                               active=form.active.data, actor=current_user)
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            link = None if form.password.data else send_invitation(user, actor=current_user)
            # a second click lands on the new account's row, where «دعوت دوباره» gives a fresh link
            landing = record_result(url_for('users.index') + f'#user-{user.id}')
            db.session.commit()
            _flash_created(user, link)
            return redirect(landing)
    return render_template('users/edit.html', form=form, user=None), 422 if form.errors else 200


def _link_html(link):
    """A link to copy: left-to-right, in Latin characters, selected whole with one click."""
    return Markup('<code class="invite-link user-select-all" dir="ltr">{}</code>').format(link)


def _flash_created(user, link):
    if link is None:
        flash(f'حساب {user.full_name} ساخته شد.', 'success')
    elif mail.configured():
        flash(f'حساب {user.full_name} ساخته شد و دعوت‌نامه به {user.email} فرستاده می‌شود.', 'success')
    else:
        flash(Markup('حساب {} ساخته شد، اما رایانامه سامانه راه‌اندازی نشده است؛ این پیوند دعوت را خودتان به او '
                     'برسانید: {}').format(user.full_name, _link_html(link)), 'warning')


@bp.post('/<int:user_id>/invite')
@staff_required
@fresh_login_required
def invite(user_id):
    """Send a fresh invitation (the earlier link stops working), e.g. when the first one expired."""
    user = db.get_or_404(User, user_id)
    if not can_manage_account(current_user, user.role) or not user.active:
        abort(403)
    link = send_invitation(user, actor=current_user)
    db.session.commit()
    if mail.configured():
        flash(f'دعوت‌نامه تازه به {user.email} فرستاده می‌شود.', 'success')
    else:
        flash(Markup('رایانامه سامانه راه‌اندازی نشده است؛ این پیوند دعوت را به {} برسانید: {}')
              .format(user.full_name, _link_html(link)), 'warning')
    return redirect(url_for('users.index'))


@bp.route('/<int:user_id>/edit', methods=['GET', 'POST'])
@staff_required
@fresh_login_required
def edit(user_id):
    user = db.get_or_404(User, user_id)
    if not can_manage_account(current_user, user.role):
        abort(403)
    form = UserForm(obj=user)
    _city_choices(form)
    if form.validate_on_submit():
        if not can_manage_account(current_user, form.role.data):
            abort(403)
        if not can_change_standing(current_user, user, role=form.role.data, active=form.active.data):
            form.role.errors.append('نقش یا وضعیت حساب خودتان را نمی‌توانید تغییر دهید.')
        else:
            try:
                update_user(user, email=form.email.data, full_name=form.full_name.data, role=form.role.data,
                            city=_city(form), position=form.position.data, active=form.active.data, actor=current_user)
                if form.password.data:
                    set_password(user, form.password.data, actor=current_user)
            except AccountError as exc:
                form.email.errors.append(str(exc))
            else:
                db.session.commit()
                if user.id == current_user.id:
                    keep_signed_in(user)
                flash('تغییرات حساب ذخیره شد.', 'success')
                return redirect(url_for('users.index'))
    return render_template('users/edit.html', form=form, user=user), 422 if form.errors else 200


@bp.post('/<int:user_id>/active')
@staff_required
@fresh_login_required
def toggle_active(user_id):
    user = db.get_or_404(User, user_id)
    allowed = can_manage_account(current_user, user.role) and can_change_standing(current_user, user,
                                                                                   active=not user.active)
    if not allowed:
        abort(403)
    set_active(user, not user.active, actor=current_user)
    db.session.commit()
    flash(f'حساب {user.full_name} {"فعال" if user.active else "غیرفعال"} شد.', 'success')
    return redirect(url_for('users.index'))


@bp.route('/<int:user_id>/password', methods=['GET', 'POST'])
@staff_required
@fresh_login_required
def reset_password(user_id):
    user = db.get_or_404(User, user_id)
    if not can_manage_account(current_user, user.role):
        abort(403)
    form = ResetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        set_password(user, form.password.data, actor=current_user)
        db.session.commit()
        if user.id == current_user.id:
            keep_signed_in(user)
        flash(f'گذرواژه {user.full_name} تغییر کرد.', 'success')
        return redirect(url_for('users.index'))
    return render_template('users/password.html', form=form, user=user), 422 if form.errors else 200


def _city(form):
    return db.session.get(City, form.city_id.data) if form.city_id.data else None
