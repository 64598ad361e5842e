from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..db import db
from ..extensions import login_manager
from ..urls import safe_next
from .forms import ChangePasswordForm, LoginForm
from .models import User
from .services import authenticate

bp = Blueprint('auth', __name__)


@login_manager.user_loader
def load_user(user_id):
    user = db.session.get(User, int(user_id))
    # a deactivated account loses its session on the next request
    return user if user is not None and user.active else None


@bp.route('/login', methods=['GET', 'POST'])
def login():
    if current_user.is_authenticated:
        return redirect(url_for('main.home'))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(f'{user.full_name}، خوش آمدید.', 'success')
            return redirect(safe_next(request.args.get('next')) or url_for('main.home'))
        form.password.errors.append('رایانامه یا گذرواژه درست نیست، یا حساب غیرفعال است.')
    status = 422 if form.errors else 200
    return render_template('auth/login.html', form=form), status


@bp.post('/logout')
def logout():
    logout_user()
    flash('از سامانه خارج شدید.', 'info')
    return redirect(url_for('auth.login'))


@bp.route('/account/password', methods=['GET', 'POST'])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append('گذرواژه فعلی درست نیست.')
        else:
            current_user.set_password(form.new_password.data)
            db.session.commit()
            flash('گذرواژه شما تغییر کرد.', 'success')
            return redirect(url_for('main.home'))
    return render_template('auth/password.html', form=form), 422 if form.errors else 200
