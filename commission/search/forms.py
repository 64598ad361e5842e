"""The word-list form of the search's admin page."""
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from ..forms import FlaskForm

#: a list longer than this is refused (the whole text is one setting)
MAX_CHARS = 200_000


class DictionaryForm(FlaskForm):
    text = TextAreaField('فهرست', validators=[Length(max=MAX_CHARS, message='این فهرست بیش از اندازه بلند است.')])
    save = SubmitField('ذخیره')
    restore = SubmitField('بازگرداندن فهرست پیش‌فرض')
