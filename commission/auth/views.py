from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..db import db
from ..extensions import client_address, login_manager
from ..jalali import persian_digits
from ..urls import safe_next
from . import sign_ins, throttle, tokens
from .decorators import fresh_login_required, mark_fresh
from .forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, ReauthForm, SetPasswordForm
from .services import AccountError, authenticate, set_password, sign_out_everywhere

bp = Blueprint('auth', __name__)


@login_manager.user_loader
def load_user(user_id):
    """`id:session_version:sign-in token`: a cookie from before a revocation, or of an ended sign-in, is refused."""
    ident, version, token = ((user_id or '').split(':') + ['', ''])[:3]
    if not (ident.isdigit() and version.isdigit() and len(ident) < 19 and len(version) < 10):
        return None
    # a deactivated account, a changed password or role, "sign out everywhere" or a logout ends the session
    return sign_ins.load_signed_in(int(ident), int(version), token)


def _start_session(user, remember):
    """A new session for a sign-in: nothing of the anonymous one survives (a fresh CSRF token too)."""
    session.clear()
    sign_ins.open_sign_in(user)  # before login_user: its token is part of `user.get_id()`
    db.session.commit()
    login_user(user, remember=remember, duration=current_app.config['REMEMBER_COOKIE_DURATION'])
    session.permanent = True
    mark_fresh()


def _end_this_session():
    """Log this device out: its sign-in ends, so a copy of its session or remember-me cookie is refused too."""
    if current_user.is_authenticated and current_user.sign_in is not None:
        sign_ins.end_sign_in(current_user.sign_in)
        db.session.commit()
    session.clear()
    logout_user()  # after clear: it marks the remember-me cookie for deletion in the session


def keep_signed_in(user):
    """After the user's own session version moved (their own new password), this device goes on signed in."""
    remembered = current_app.config.get('REMEMBER_COOKIE_NAME', 'remember_token') in request.cookies
    _start_session(user, remembered)


def _check_password(email, password):
    """The user, or None with the Persian reason and the status; failures are counted and audited."""
    address = client_address()
    if wait := throttle.wait_seconds(email, address):
        return None, throttle.wait_message(wait), 429
    user = authenticate(email, password)
    if user is None:
        throttle.record_failure(email, address)
    else:
        throttle.forget_account_failures(email, address)
    db.session.commit()
    return user, 'رایانامه یا گذرواژه درست نیست، یا حساب غیرفعال است.', 422


@bp.route('/login', methods=['GET', 'POST'])
def login():
    if current_user.is_authenticated:
        return redirect(url_for('main.home'))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user, message, status = _check_password(form.email.data, form.password.data)
        if user is not None:
            target = safe_next(request.args.get('next')) or url_for('main.home')
            _start_session(user, form.remember.data)
            flash(f'{user.full_name}، خوش آمدید.', 'success')
            return redirect(target)
        form.password.errors.append(message)
    elif form.errors:
        status = 422
    return render_template('auth/login.html', form=form), status


@bp.route('/reauth', methods=['GET', 'POST'])
@login_required
def reauthenticate():
    """The password again before a sensitive page (user management, password change)."""
    form = ReauthForm()
    status = 200
    if form.validate_on_submit():
        user, message, status = _check_password(current_user.email, form.password.data)
        if user is not None:
            mark_fresh()
            return redirect(safe_next(request.args.get('next')) or url_for('main.home'))
        form.password.errors.append(message)
    elif form.errors:
        status = 422
    return render_template('auth/reauth.html', form=form), status


@bp.post('/logout')
def logout():
    _end_this_session()
    flash('از سامانه خارج شدید.', 'info')
    return redirect(url_for('auth.login'))


@bp.post('/account/sessions/revoke')
@login_required
def sign_out_all():
    sign_out_everywhere(current_user)
    db.session.commit()
    session.clear()
    logout_user()
    flash('از همه دستگاه‌ها خارج شدید؛ برای ادامه دوباره وارد شوید.', 'info')
    return redirect(url_for('auth.login'))


@bp.route('/account/password', methods=['GET', 'POST'])
@fresh_login_required
def change_password():
    form = ChangePasswordForm(account_email=current_user.email)
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append('گذرواژه فعلی درست نیست.')
        else:
            try:
                set_password(current_user, form.new_password.data, actor=current_user)
            except AccountError as exc:
                form.new_password.errors.append(str(exc))
            else:
                db.session.commit()
                keep_signed_in(current_user._get_current_object())  # the other devices are signed out
                flash('گذرواژه شما تغییر کرد و دیگر دستگاه‌ها از حساب خارج شدند.', 'success')
                return redirect(url_for('main.home'))
    return render_template('auth/password.html', form=form, sign_ins=sign_ins.open_sign_ins(current_user),
                           this_sign_in=current_user.sign_in, browser_label=sign_ins.browser_label), \
        422 if form.errors else 200


@bp.post('/account/sign-ins/<int:row_id>/end')
@login_required
def end_sign_in(row_id):
    """End one of the user's own sign-ins (another device, or this one); someone else's row is not found."""
    row = sign_ins.own_sign_in(current_user, row_id)
    if row is None:
        abort(404)
    if row is current_user.sign_in:
        _end_this_session()
        flash('از این دستگاه خارج شدید.', 'info')
        return redirect(url_for('auth.login'))
    sign_ins.end_sign_in(row)
    db.session.commit()
    flash('آن دستگاه از حساب خارج شد.', 'success')
    return redirect(url_for('auth.change_password'))


# --- invitations and forgotten passwords -------------------------------------------------------------------

FORGOT_SENT = ('اگر حسابی فعال با این رایانامه باشد، پیوند بازنشانی گذرواژه به آن فرستاده شد. '
               'صندوق نامه‌ها (و پوشه هرزنامه) را ببینید؛ پیوند تا {hours} ساعت و یک بار کار می‌کند.')


@bp.route('/forgot', methods=['GET', 'POST'])
def forgot_password():
    """The same answer, after the same work, whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        tokens.request_reset(form.email.data)
        db.session.commit()
        hours = current_app.config['RESET_TOKEN_HOURS']
        flash(FORGOT_SENT.format(hours=persian_digits(int(hours) if float(hours).is_integer() else hours)), 'info')
        return redirect(url_for('auth.login'))
    return render_template('auth/forgot.html', form=form), 422 if form.errors else 200


@bp.route('/invite/<token>', methods=['GET', 'POST'])
def accept_invite(token):
    return _set_password_page(token, 'invite')


@bp.route('/reset/<token>', methods=['GET', 'POST'])
def reset_password(token):
    return _set_password_page(token, 'reset')


def _set_password_page(token, purpose):
    row = tokens.find(token, purpose)
    if row is None:
        return render_template('auth/token_invalid.html', purpose=purpose, message=tokens.INVALID[purpose]), 410
    form = SetPasswordForm(account_email=row.user.email)
    if form.validate_on_submit():
        try:
            user = tokens.use(row, form.password.data)
        except AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            db.session.commit()
            if current_user.is_authenticated:
                _end_this_session()  # whoever was signed in on this browser is signed out first
            _start_session(user, False)
            flash(f'{user.full_name}، گذرواژه شما ثبت شد و وارد سامانه شدید.', 'success')
            return redirect(url_for('main.home'))
    return render_template('auth/set_password.html', form=form, purpose=purpose, account=row.user), \
        422 if form.errors else 200
