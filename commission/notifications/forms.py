from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import FlaskForm


class PreferencesForm(FlaskForm):
    """Only the CSRF token: the choices are one radio group per kind, read by services.parse_preferences."""


class ContactForm(FlaskForm):
    channel = HiddenField()
    address = StringField('شماره یا شناسه', validators=[DataRequired('این خانه را پر کنید.'), Length(max=40)])


class CodeForm(FlaskForm):
    code = StringField('کد ۶ رقمی', validators=[DataRequired('کدی را که رسید بنویسید.'), Length(max=12)])
