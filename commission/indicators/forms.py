from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import FlaskForm, JalaliDateField, OnceForm, PersianIntegerField
from .models import AGGREGATES, FREQUENCIES, SOURCES


class IndicatorForm(OnceForm):
    name = StringField('نام شاخص', validators=[DataRequired('نام شاخص را بنویسید.'), Length(max=200)])
    unit = StringField('واحد', description='مثل «خبر»، «درصد»، «ساعت»، «نفر».', validators=[Optional(), Length(max=50)])
    description = TextAreaField('شرح و روش شمارش', validators=[Optional(), Length(max=3000)],
                                description='چه چیزی شمرده می‌شود و از کجا؛ تا همه شهرها یکسان بشمارند.')
    category = StringField('دسته', validators=[Optional(), Length(max=150)], render_kw={'list': 'categories'})
    frequency = SelectField('دوره', choices=list(FREQUENCIES.items()), default='quarterly')
    aggregate = SelectField('جمع‌بندی چند فصل', choices=list(AGGREGATES.items()), default='sum',
                            description='شمارش‌ها جمع می‌شوند، نرخ‌ها و درصدها میانگین، و موجودی‌ها (مثل مخاطبان) '
                                        'آخرین مقدار.')
    higher_is_better = SelectField('جهت بهتر', choices=[('1', 'بیشتر بهتر است'), ('0', 'کمتر بهتر است')], default='1')
    source = SelectField('منبع مقدار', choices=list(SOURCES.items()), default='',
                         description='با شمارش از بسته رسانه‌ای، فرم ثبت شمار مناسبت‌هایی را که شهر برایشان طرح '
                                     'گذاشته پیشنهاد می‌کند؛ مدیر شهر می‌تواند آن را اصلاح کند.')
    position = PersianIntegerField('ترتیب نمایش', default=0, validators=[Optional(), NumberRange(0, 999)])
    public = BooleanField('در صفحه عمومی شفافیت نمایش داده شود')
    active = BooleanField('فعال (از شهرها مقدار خواسته می‌شود)', default=True)

    def data_dict(self):
        return {'name': self.name.data, 'unit': self.unit.data or '', 'description': self.description.data or '',
                'category': self.category.data or '', 'frequency': self.frequency.data,
                'aggregate': self.aggregate.data, 'higher_is_better': self.higher_is_better.data == '1',
                'position': self.position.data or 0, 'source': self.source.data or '', 'public': bool(self.public.data),
                'active': bool(self.active.data)}


class PeriodForm(OnceForm):
    year = PersianIntegerField('سال (هجری شمسی)', validators=[DataRequired('سال را بنویسید.'),
                                                            NumberRange(1300, 1500, 'سالی مثل ۱۴۰۴ بنویسید.')])
    quarter = SelectField('فصل', coerce=int, choices=[(1, 'فصل اول (بهار)'), (2, 'فصل دوم (تابستان)'),
                                                      (3, 'فصل سوم (پاییز)'), (4, 'فصل چهارم (زمستان)'),
                                                      (0, 'کل سال (شاخص‌های سالانه)')])
    deadline = JalaliDateField('مهلت ثبت مقدارها', validators=[Optional()],
                               description='پیش از مهلت به شهرهایی که مقدار ثبت نکرده‌اند یادآوری می‌شود.')


class DeadlineForm(FlaskForm):
    deadline = JalaliDateField('مهلت ثبت مقدارها', validators=[Optional()])


class EntryForm(FlaskForm):
    """Only the CSRF token: the value fields (value-<id>, note-<id>, files-<id>) are read by the view."""


class UploadForm(FlaskForm):
    file = FileField('فایل Excel یا CSV', validators=[
        FileRequired('یک فایل Excel یا CSV انتخاب کنید.'),
        FileAllowed(['csv', 'txt', 'xlsx'], 'فقط فایل Excel (xlsx) یا CSV پذیرفته است.')])


class ConfirmForm(FlaskForm):
    #: the uploaded text, carried from the preview to the confirmation so nothing is stored in between
    content = TextAreaField(validators=[DataRequired()])
