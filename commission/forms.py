"""Fields shared by every domain's forms: Jalali dates and numbers typed in any digits."""
from wtforms import Field, IntegerField, StringField
from wtforms.widgets import TextInput

from .jalali import DateParseError, format_jalali, parse_date, persian_digits, to_latin_digits


class JalaliDateField(Field):
    """A date typed in the Jalali calendar (۱۴۰۳/۰۲/۲۸ or 1403-2-28); `data` is a `datetime.date`."""
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault('render_kw', {}).setdefault('placeholder', '۱۴۰۳/۰۲/۲۸')
        kwargs['render_kw'].setdefault('inputmode', 'numeric')
        kwargs['render_kw'].setdefault('dir', 'ltr')
        super().__init__(label, validators, **kwargs)
        self.raw = ''

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_jalali(self.data) if self.data else ''

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else '').strip()
        self.data = None
        if not self.raw:
            return
        try:
            self.data = parse_date(self.raw)
        except DateParseError as exc:
            raise ValueError(str(exc)) from None

    def post_validate(self, form, validation_stopped):
        # DataRequired would replace "this date does not exist" with "required": say what was wrong
        if self.process_errors:
            self.errors[:] = list(self.process_errors)


class PersianIntegerField(IntegerField):
    """An integer typed with Persian, Arabic or Latin digits.

    A text box, not <input type=number>: browsers refuse Persian digits in number inputs.
    """
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault('render_kw', {}).setdefault('inputmode', 'numeric')
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0]:
            valuelist = [to_latin_digits(valuelist[0]).strip().replace(',', '').replace('٬', '')]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError('یک عدد صحیح بنویسید.') from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return persian_digits(self.data) if self.data is not None else ''


class TagListField(StringField):
    """Comma-separated free tags (Persian or Latin commas); `data` is a list of stripped names."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return '، '.join(self.data or [])

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else '').replace('،', ',')
        self.data = [t.strip() for t in text.split(',') if t.strip()]
