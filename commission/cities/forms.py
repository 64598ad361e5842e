from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..forms import FlaskForm, JalaliDateField


class CityForm(FlaskForm):
    name = StringField('نام شهر', validators=[DataRequired('نام شهر را بنویسید.'), Length(max=100)])
    name_en = StringField('نام لاتین', validators=[Optional(), Length(max=100)], render_kw={'dir': 'ltr'})
    slug = StringField('نشانی کوتاه', description='حروف کوچک لاتین و خط تیره، مثل karaj',
                       validators=[DataRequired('نشانی کوتاه را بنویسید.'),
                                   Regexp(r'^[a-z0-9-]+$', message='فقط حروف کوچک لاتین، رقم و خط تیره.')],
                       render_kw={'dir': 'ltr'})
    province = StringField('استان', validators=[Optional(), Length(max=100)])
    is_member = BooleanField('عضو مجمع کلانشهرها', default=True)
    joined_on = JalaliDateField('تاریخ عضویت', validators=[Optional()])
