from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ..forms import FlaskForm, OnceForm
from .models import ROLES, role_city_error
from .passwords import HINT as PASSWORD_HINT
from .passwords import StrongPassword


class LoginForm(FlaskForm):
    email = StringField('رایانامه', validators=[DataRequired('رایانامه را بنویسید.'), Length(max=255)],
                        render_kw={'dir': 'ltr', 'autocomplete': 'username', 'autofocus': True})
    password = PasswordField('گذرواژه', validators=[DataRequired('گذرواژه را بنویسید.')],
                             render_kw={'dir': 'ltr', 'autocomplete': 'current-password'})
    remember = BooleanField('مرا به خاطر بسپار')


class ReauthForm(FlaskForm):
    password = PasswordField('گذرواژه', validators=[DataRequired('گذرواژه را بنویسید.')],
                             render_kw={'dir': 'ltr', 'autocomplete': 'current-password', 'autofocus': True})


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField('گذرواژه فعلی', validators=[DataRequired('گذرواژه فعلی را بنویسید.')],
                                     render_kw={'dir': 'ltr', 'autocomplete': 'current-password'})
    new_password = PasswordField('گذرواژه تازه', description=PASSWORD_HINT,
                                 validators=[DataRequired('گذرواژه تازه را بنویسید.'), StrongPassword()],
                                 render_kw={'dir': 'ltr', 'autocomplete': 'new-password'})
    confirm = PasswordField('تکرار گذرواژه تازه',
                            validators=[EqualTo('new_password', message='دو گذرواژه یکسان نیستند.')],
                            render_kw={'dir': 'ltr', 'autocomplete': 'new-password'})

    def __init__(self, *args, account_email='', **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class UserForm(OnceForm):
    full_name = StringField('نام و نام خانوادگی', validators=[DataRequired('نام را بنویسید.'), Length(max=200)])
    email = StringField('رایانامه', validators=[DataRequired('رایانامه را بنویسید.'),
                                                 Email('رایانامه معتبر نیست.', check_deliverability=False)],
                        render_kw={'dir': 'ltr'})
    position = StringField('سمت', validators=[Optional(), Length(max=200)])
    role = SelectField('نقش', choices=list(ROLES.items()))
    city_id = SelectField('شهر', coerce=lambda v: int(v) if v else None, choices=[])
    active = BooleanField('فعال', default=True)
    password = PasswordField('گذرواژه', description=PASSWORD_HINT, validators=[Optional(), StrongPassword()],
                             render_kw={'dir': 'ltr', 'autocomplete': 'new-password'})

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        error = role_city_error(self.role.data, self.city_id.data)
        if error:
            self.city_id.errors.append(error)
            ok = False
        return ok


class ResetPasswordForm(FlaskForm):
    password = PasswordField('گذرواژه تازه', description=PASSWORD_HINT,
                             validators=[DataRequired('گذرواژه تازه را بنویسید.'), StrongPassword()],
                             render_kw={'dir': 'ltr', 'autocomplete': 'new-password'})

    def __init__(self, *args, account_email='', **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class ForgotPasswordForm(FlaskForm):
    email = StringField('رایانامه', validators=[DataRequired('رایانامه را بنویسید.'), Length(max=255)],
                        render_kw={'dir': 'ltr', 'autocomplete': 'username', 'autofocus': True})


class SetPasswordForm(FlaskForm):
    """The password chosen through an invitation or reset link."""
    password = PasswordField('گذرواژه تازه', description=PASSWORD_HINT,
                             validators=[DataRequired('گذرواژه تازه را بنویسید.'), StrongPassword()],
                             render_kw={'dir': 'ltr', 'autocomplete': 'new-password', 'autofocus': True})
    confirm = PasswordField('تکرار گذرواژه تازه',
                            validators=[EqualTo('password', message='دو گذرواژه یکسان نیستند.')],
                            render_kw={'dir': 'ltr', 'autocomplete': 'new-password'})

    def __init__(self, *args, account_email='', **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email
