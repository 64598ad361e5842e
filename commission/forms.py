"""The form base and fields shared by every domain's forms: clean single-line text, Jalali dates, any digits."""
import re

from flask_wtf import FlaskForm as _FlaskForm
from wtforms import Field, HiddenField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms import Form as _Form
from wtforms.i18n import get_translations
from wtforms.widgets import TextInput

from .jalali import DateParseError, format_jalali, parse_date, persian_digits, to_latin_digits

#: bidi embedding, override and isolate controls: they reorder what a reader sees (a file «exe.pdf» shown as «pdf.exe»)
BIDI_CONTROLS = re.compile('[\u202a-\u202e\u2066-\u2069]')
#: other control characters (C0, DEL, C1, line and paragraph separators) have no place in a one-line value
_CONTROL = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029]')
CONTROL_MESSAGE = 'نویسه‌های کنترلی (مانند شکست سطر یا تب) در این فیلد مجاز نیستند.'


def strip_bidi_controls(text):
    """Remove bidi override and isolate controls (single-line fields, file names)."""
    return BIDI_CONTROLS.sub('', text) if isinstance(text, str) else text


def clean_file_name(name):
    """An uploaded file's name as shown: no bidi controls (no «exe.pdf» shown as «pdf.exe»), no control characters."""
    return _CONTROL.sub('', strip_bidi_controls(name or '')).strip()


def clean_single_line(value):
    """The filter of every single-line text field: bidi controls removed, other control characters refused."""
    if isinstance(value, list):
        return [clean_single_line(v) for v in value]
    if not isinstance(value, str):
        return value
    value = strip_bidi_controls(value)
    if _CONTROL.search(value):
        raise ValueError(CONTROL_MESSAGE)
    return value


def is_single_line(field_class):
    return issubclass(field_class, StringField) and not issubclass(field_class, (TextAreaField, PasswordField))


class _PersianDigits(str):
    """A message template whose numbers come out in Persian digits once filled in (`message % {'max': 300}`)."""

    def __mod__(self, values):
        return persian_digits(str.__mod__(self, values))


class _PersianMessages:
    """WTForms' own messages (a `Length` or `DataRequired` given no message of ours) in Persian: its fa catalogue,
    the numbers it fills in turned to Persian digits."""

    def __init__(self):
        self._catalogue = get_translations(['fa'])

    def gettext(self, string):
        return _PersianDigits(self._catalogue.gettext(string))

    def ngettext(self, singular, plural, n):
        return _PersianDigits(self._catalogue.ngettext(singular, plural, n))


_MESSAGES = _PersianMessages()


class _SingleLineMeta:
    def get_translations(self, form):
        return _MESSAGES

    def bind_field(self, form, unbound_field, options):
        if is_single_line(unbound_field.field_class):
            filters = [f for f in unbound_field.kwargs.get('filters') or () if f is not clean_single_line]
            unbound_field.kwargs['filters'] = (clean_single_line, *filters)
        return unbound_field.bind(form=form, **options)


class FlaskForm(_FlaskForm):
    """The base of every form: each single-line text field gets `clean_single_line` as its first filter."""

    class Meta(_SingleLineMeta):
        pass


# --- faults: one submission per form rendering (commission/submissions.py) -------------------------------
class OnceForm(FlaskForm):
    """A form that creates something: each rendering carries a one-time token, so a double click saves once."""

    submission_token = HiddenField(default=lambda: _new_submission_token())


def _new_submission_token():
    from .submissions import new_token
    return new_token()
# --- end faults -------------------------------------------------------------------------------------------


class Form(_Form):
    """The same for subforms (FormField rows) that carry no CSRF token of their own."""

    class Meta(_SingleLineMeta):
        pass


class JalaliDateField(Field):
    """A date typed in the Jalali calendar (۱۴۰۳/۰۲/۲۸ or 1403-2-28); `data` is a `datetime.date`."""
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault('render_kw', {}).setdefault('placeholder', '۱۴۰۳/۰۲/۲۸')
        kwargs['render_kw'].setdefault('inputmode', 'numeric')
        kwargs['render_kw'].setdefault('dir', 'ltr')
        # static/js/datepicker.js opens the Jalali date picker on it; it stays a text box, so typing works too
        kwargs['render_kw'].setdefault('data-jdp', True)
        kwargs['render_kw'].setdefault('autocomplete', 'off')
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
