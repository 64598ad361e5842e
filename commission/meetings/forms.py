import datetime as dt

from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from ..forms import FlaskForm, Form, JalaliDateField, OnceForm, PersianIntegerField
from ..jalali import persian_digits, to_latin_digits
from .models import ATTENDANCE


def _optional_int(value):
    return int(value) if value not in (None, '', 'None') else None


class TimeField(StringField):
    """A time of day typed as 10:30 or ۱۰:۳۰; `data` is a `datetime.time` or None."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault('render_kw', {}).update(placeholder='۱۰:۰۰', dir='ltr', inputmode='numeric')
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return persian_digits(self.data.strftime('%H:%M')) if self.data else ''

    def process_formdata(self, valuelist):
        raw = to_latin_digits(valuelist[0] if valuelist else '').strip().replace('٫', ':').replace('.', ':')
        self.data = None
        if not raw:
            return
        try:
            hour, _, minute = raw.partition(':')
            self.data = dt.time(int(hour), int(minute or 0))
        except ValueError:
            raise ValueError('ساعت را به شکل ۱۰:۳۰ بنویسید.') from None


class MeetingForm(OnceForm):
    # a text input: a type=number input would refuse the Persian digits the field shows and accepts
    number = PersianIntegerField('شماره نشست',
                                 validators=[Optional(), NumberRange(min=1, message='شماره باید مثبت باشد.')],
                                 description='نشست اول = ۱', widget=TextInput(), render_kw={'inputmode': 'numeric'})
    title = StringField('عنوان نشست', validators=[DataRequired('عنوان نشست را بنویسید.'), Length(max=300)])
    meeting_date = JalaliDateField('تاریخ', validators=[InputRequired('تاریخ نشست را بنویسید.')])
    start_time = TimeField('ساعت شروع', validators=[Optional()])
    duration_minutes = PersianIntegerField('مدت (دقیقه)', default=120, widget=TextInput(),
                                           render_kw={'inputmode': 'numeric'},
                                           validators=[Optional(), NumberRange(
                                               min=15, max=24 * 60, message='مدت را بین ۱۵ و ۱۴۴۰ دقیقه بنویسید.')])
    host_city_id = SelectField('شهر میزبان', coerce=_optional_int, choices=[])
    venue = StringField('محل برگزاری', validators=[Optional(), Length(max=300)])

    def header_data(self):
        data = {k: getattr(self, k).data for k in ('number', 'title', 'meeting_date', 'start_time',
                                                    'duration_minutes', 'host_city_id', 'venue')}
        data['title'] = data['title'].strip()
        data['venue'] = (data['venue'] or '').strip()
        data['duration_minutes'] = data['duration_minutes'] or 120
        return data


class AgendaItemForm(Form):
    item_id = HiddenField()
    title = StringField('عنوان', validators=[Optional(), Length(max=300)])
    presenter = StringField('ارائه‌دهنده', validators=[Optional(), Length(max=200)])
    presenter_city_id = SelectField('شهر ارائه‌دهنده', coerce=_optional_int, choices=[], validate_choice=False)
    note = TextAreaField('توضیح', validators=[Optional()])
    remove = BooleanField('حذف')


class AgendaForm(FlaskForm):
    items = FieldList(FormField(AgendaItemForm), min_entries=0)

    def agenda_data(self):
        """The rows to keep, in order: blank and removed rows are dropped."""
        rows = []
        for entry in self.items:
            row = entry.form
            if row.remove.data or not (row.title.data or '').strip():
                continue
            rows.append({'id': int(row.item_id.data) if str(row.item_id.data or '').isdigit() else None,
                         'title': row.title.data, 'presenter': row.presenter.data,
                         'presenter_city_id': row.presenter_city_id.data, 'note': row.note.data})
        return rows

    def validate_items(self, field):
        for entry in field:
            row = entry.form
            if not row.remove.data and not (row.title.data or '').strip() and (
                    (row.presenter.data or '').strip() or (row.note.data or '').strip()):
                row.title.errors.append('برای این بند عنوان بنویسید.')
                raise ValidationError('بندی بدون عنوان مانده است.')


STATUS_CHOICES = [('', 'نامشخص')] + list(ATTENDANCE.items())


class AttendanceRowForm(Form):
    city_id = HiddenField()
    status = SelectField('وضعیت', choices=STATUS_CHOICES)
    attendees = TextAreaField('حاضران (نام و سمت، هر نفر در یک سطر)', validators=[Optional()])


class AttendanceForm(FlaskForm):
    rows = FieldList(FormField(AttendanceRowForm), min_entries=0)
    guests = TextAreaField('مهمانان (نام و سمت، هر نفر در یک سطر)', validators=[Optional()])


class ConfirmAttendanceForm(FlaskForm):
    status = SelectField('حضور شهر شما', choices=list(ATTENDANCE.items()), default='present')
    attendees = TextAreaField('چه کسانی می‌آیند؟ (نام و سمت، هر نفر در یک سطر)',
                              validators=[Optional(), Length(max=2000)])


class MinutesForm(FlaskForm):
    minutes_number = StringField('شماره صورتجلسه', validators=[Optional(), Length(max=100)],
                                 description='مانند شماره نامه‌های اداری، مثلاً ۱۴۰۵/ک‌ا/۱۲')
    minutes_date = JalaliDateField('تاریخ صورتجلسه', validators=[Optional()])
    minutes = TextAreaField('متن صورتجلسه', validators=[DataRequired('متن صورتجلسه را بنویسید.')],
                            description='Markdown: ## برای عنوان، - برای فهرست، **پررنگ**')
    files = MultipleFileField('پیوست‌ها (صورتجلسه امضاشده، عکس‌ها، ارائه‌ها)')


class FilesForm(FlaskForm):
    files = MultipleFileField('افزودن پیوست', validators=[DataRequired('فایلی انتخاب نکرده‌اید.')])


class CommentForm(OnceForm):
    body = TextAreaField('اصلاحیه پیشنهادی', validators=[DataRequired('متن اصلاحیه را بنویسید.'), Length(max=5000)])


class ReasonForm(FlaskForm):
    reason = TextAreaField('دلیل', validators=[DataRequired('دلیل را بنویسید.'), Length(max=2000)])


class CancelForm(FlaskForm):
    reason = TextAreaField('دلیل لغو', validators=[Optional(), Length(max=2000)])
