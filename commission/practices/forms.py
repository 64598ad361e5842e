from wtforms import MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from ..forms import FlaskForm, OnceForm, PersianIntegerField, TagListField

QUARTERS = [('', 'کل سال'), ('1', 'بهار'), ('2', 'تابستان'), ('3', 'پاییز'), ('4', 'زمستان')]


def _int_or_none(value):
    try:
        return int(value) if value not in (None, '') else None
    except (TypeError, ValueError):
        return None


class PracticeForm(OnceForm):
    city_id = SelectField('شهر', coerce=_int_or_none, validate_choice=False)
    title = StringField('عنوان تجربه', validators=[DataRequired('عنوان تجربه را بنویسید.'), Length(max=300)],
                        render_kw={'dir': 'auto'})
    summary = TextAreaField('خلاصه', description='یک بند کوتاه: چه کردید و چه نتیجه‌ای گرفتید.',
                            validators=[Length(max=1500)])
    context = TextAreaField('مسئله یا زمینه', description='چه مشکلی یا چه فرصتی پیش رو بود؟')
    actions = TextAreaField('آنچه انجام شد', description='گام‌ها را به ترتیب بنویسید؛ فهرست شماره‌دار کمک می‌کند.')
    resources = TextAreaField('منابع به‌کاررفته', description='نیروی انسانی، بودجه، همکاران و شرکا، زمان.')
    results = TextAreaField('نتایج سنجش‌پذیر', description='با عدد بنویسید؛ مثلاً «۵۰۴ خبر در یک سال».')
    lessons = TextAreaField('درس‌ها و نکته‌های تکرار',
                            description='شهری که بخواهد این کار را تکرار کند به چه چیزهایی توجه کند؟')
    category_id = SelectField('دسته', coerce=_int_or_none, validate_choice=False)
    tags = TagListField('برچسب‌ها', description='با ویرگول جدا کنید؛ مثلاً: تلگرام، نظرسنجی، هفته‌نامه')
    audience = StringField('مخاطبان', validators=[Length(max=300)],
                           render_kw={'placeholder': 'شهروندان، رسانه‌های محلی، کارکنان شهرداری…'})
    channels = StringField('مجراهای ارتباطی', validators=[Length(max=300)],
                           render_kw={'placeholder': 'کانال تلگرام و ایتا، سایت، روزنامه‌های استانی…'})
    # a text box, not type=number: browsers refuse Persian digits in number inputs
    year = PersianIntegerField('سال (شمسی)', widget=TextInput(),
                               validators=[Optional(), NumberRange(1380, 1450, 'سالی میان ۱۳۸۰ و ۱۴۵۰ بنویسید.')],
                               render_kw={'inputmode': 'numeric', 'placeholder': '۱۴۰۳', 'dir': 'ltr'})
    quarter = SelectField('فصل', choices=QUARTERS, coerce=_int_or_none, validate_choice=False)
    contact_name = StringField('نام فرد پاسخگو', validators=[Length(max=200)],
                               description='کسی که همکاران شهرهای دیگر برای پرسش با او تماس بگیرند.')
    contact_info = StringField('راه تماس', validators=[Length(max=200)], render_kw={'dir': 'auto'},
                               description='تلفن یا رایانامه (اختیاری)')
    files = MultipleFileField('افزودن فایل', description='تصویر، PDF یا فایل Word، Excel و PowerPoint')

    def set_choices(self, categories, cities=None):
        self.category_id.choices = [('', 'انتخاب دسته…')] + [(c.id, c.name) for c in categories]
        if cities is not None:
            self.city_id.choices = [('', 'انتخاب شهر…')] + [(c.id, c.name) for c in cities]
        else:
            del self.city_id

    def validate_category_id(self, field):
        valid = {value for value, _ in field.choices if value != ''}
        if field.data is not None and field.data not in valid:
            raise ValidationError('دسته را از فهرست انتخاب کنید.')

    def validate_city_id(self, field):
        valid = {value for value, _ in field.choices if value != ''}
        if field.data not in valid:
            raise ValidationError('شهر تجربه را انتخاب کنید.')

    def validate_quarter(self, field):
        if field.data is not None and field.data not in (1, 2, 3, 4):
            raise ValidationError('فصل را از فهرست انتخاب کنید.')


class ReviewForm(FlaskForm):
    note = TextAreaField('اصلاحات لازم', validators=[DataRequired('بنویسید چه اصلاحی لازم است.')])


class CommentForm(OnceForm):
    body = TextAreaField('متن', validators=[DataRequired('متن پرسش یا پاسخ را بنویسید.'), Length(max=5000)])


class AdoptionForm(OnceForm):
    note = TextAreaField('شهر شما چه کرد؟', validators=[DataRequired('در یکی دو جمله بنویسید شهرتان چه کرد.'),
                                                      Length(max=2000)])
    result = TextAreaField('نتیجه (بعداً هم می‌توانید بنویسید)', validators=[Length(max=2000)])


class CategoryForm(FlaskForm):
    name = StringField('نام دسته', validators=[DataRequired('نام دسته را بنویسید.'), Length(max=150)])
    position = PersianIntegerField('ترتیب', widget=TextInput(), validators=[Optional()], default=0)
