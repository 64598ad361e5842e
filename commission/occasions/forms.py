from wtforms import BooleanField, FileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import FlaskForm, OnceForm, PersianIntegerField
from ..jalali import MONTHS, persian_digits
from .dates import HIJRI_MONTHS
from .models import CALENDARS, ITEM_KINDS, KINDS, LICENCES


def _optional_int(value):
    return int(value) if value not in (None, '', 'None') else None


class OccasionForm(OnceForm):
    name = StringField('نام مناسبت', validators=[DataRequired('نام مناسبت را بنویسید.'), Length(max=200)])
    kind = SelectField('نوع', choices=list(KINDS.items()))
    city_id = SelectField('شهر (روز یک شهر؛ برای همه خالی)', coerce=_optional_int, validators=[Optional()])
    calendar = SelectField('تقویم', choices=list(CALENDARS.items()))
    month = SelectField('ماه', coerce=int, description='ماه شمسی یا قمری، بسته به تقویم',
                        choices=[(i, f'{persian_digits(i)}. {MONTHS[i - 1]} / {HIJRI_MONTHS[i - 1]}')
                                 for i in range(1, 13)])
    day = PersianIntegerField('روز', validators=[InputRequired('روز را بنویسید.'), NumberRange(
        min=1, max=31, message='روز باید از ۱ تا ۳۱ باشد.')])
    days_ahead = PersianIntegerField('چند روز پیش از مناسبت آماده شوند', default=10, validators=[
        InputRequired('تعداد روز را بنویسید.'), NumberRange(min=0, max=90, message='از ۰ تا ۹۰ روز.')])
    description = TextAreaField('توضیح', validators=[Optional(), Length(max=3000)])


class ShiftForm(FlaskForm):
    #: the calculated date (ISO) of the occurrence to move; choices are the occurrences shown on the page
    base_date = SelectField('تاریخ محاسبه‌شده', validators=[DataRequired('تاریخ را انتخاب کنید.')])
    shift_days = SelectField('جابه‌جایی', coerce=int, default=0, choices=[
        (-2, 'دو روز زودتر'), (-1, 'یک روز زودتر'), (0, 'بدون جابه‌جایی'), (1, 'یک روز دیرتر'), (2, 'دو روز دیرتر')])
    note = StringField('توضیح (مثلاً اعلام ستاد استهلال)', validators=[Optional(), Length(max=300)])


class KitItemForm(OnceForm):
    title = StringField('عنوان طرح', validators=[DataRequired('عنوان طرح را بنویسید.'), Length(max=200)])
    item_kind = SelectField('نوع', choices=list(ITEM_KINDS.items()))
    year = SelectField('برای سال', coerce=int)
    city_id = SelectField('شهر سازنده', coerce=_optional_int, validators=[Optional()])
    licence = SelectField('مجوز استفاده', choices=list(LICENCES.items()))
    credit = StringField('نام طراح یا واحد برای ذکر منبع', validators=[Optional(), Length(max=200)])
    file = FileField('فایل', validators=[DataRequired('فایلی انتخاب نکرده‌اید.')])


class KitItemEditForm(FlaskForm):
    title = StringField('عنوان طرح', validators=[DataRequired('عنوان طرح را بنویسید.'), Length(max=200)])
    licence = SelectField('مجوز استفاده', choices=list(LICENCES.items()))
    credit = StringField('نام طراح یا واحد برای ذکر منبع', validators=[Optional(), Length(max=200)])


class FeatureForm(FlaskForm):
    featured = BooleanField('برگزیده')


class ActionForm(FlaskForm):
    """A button's form: only the CSRF token."""
