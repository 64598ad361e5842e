from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import FlaskForm
from .kinds import DELIVERIES


class PreferencesForm(FlaskForm):
    """Only the CSRF token: the choices are one radio group per kind, read by services.parse_preferences."""


class EveryDeliveryForm(FlaskForm):
    """One choice for every kind at once (the settings page's «یکجا برای همه»). Nothing is chosen at first: a stray
    click on «اعمال برای همه» silences no one's mail."""
    delivery = SelectField('همهٔ اعلان‌ها', choices=[('', 'برگزینید…'), *DELIVERIES.items()],
                           validators=[DataRequired('یکی از گزینه‌ها را برگزینید.')])


class ContactForm(FlaskForm):
    channel = HiddenField()
    address = StringField('شماره یا شناسه', validators=[DataRequired('این خانه را پر کنید.'), Length(max=40)])


class CodeForm(FlaskForm):
    code = StringField('کد ۶ رقمی', validators=[DataRequired('کدی را که رسید بنویسید.'), Length(max=12)])
