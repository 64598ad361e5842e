from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import FlaskForm


class PreferencesForm(FlaskForm):
    """Only the CSRF token: the choices are one radio group per kind, read by services.parse_preferences."""


class EveryDeliveryForm(FlaskForm):
    """One choice for every kind at once (the settings page's «یکجا برای همه»)."""
    delivery = SelectField('همهٔ اعلان‌ها', choices=[], validators=[DataRequired('یکی از گزینه‌ها را برگزینید.')])

    def __init__(self, *args, **kwargs):
        from .kinds import DELIVERIES
        super().__init__(*args, **kwargs)
        # nothing chosen at first: a stray click on «اعمال برای همه» silences no one's mail
        self.delivery.choices = [('', 'برگزینید…'), *DELIVERIES.items()]


class ContactForm(FlaskForm):
    channel = HiddenField()
    address = StringField('شماره یا شناسه', validators=[DataRequired('این خانه را پر کنید.'), Length(max=40)])


class CodeForm(FlaskForm):
    code = StringField('کد ۶ رقمی', validators=[DataRequired('کدی را که رسید بنویسید.'), Length(max=12)])
