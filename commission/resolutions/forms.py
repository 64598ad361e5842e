from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import MultipleFileField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields import BooleanField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from ..forms import FlaskForm, JalaliDateField, OnceForm, PersianIntegerField
from .models import ASSIGNMENT_STATUSES, LINK_MESSAGE, NOTE_REQUIRED_MESSAGE, note_missing, valid_link

#: categories the commission's resolutions usually fall under (free text is allowed too)
CATEGORIES = ['پیوست رسانه‌ای', 'تولید محتوا', 'افکارسنجی و رضایت‌سنجی', 'آموزش و توانمندسازی', 'شبکه‌های اجتماعی',
              'پاسخگویی و ارتباط مردمی', 'ارتباطات بحران', 'مناسبت‌ها و تبلیغات شهری', 'گزارش عملکرد']


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ResolutionForm(OnceForm):
    code = StringField('شماره مصوبه', description='شماره نشست / ردیف مصوبه، مثل ۳/۲',
                       validators=[DataRequired('شماره مصوبه را بنویسید.'), Length(max=50)],
                       render_kw={'dir': 'ltr', 'placeholder': '۳/۲'})
    title = StringField('عنوان', validators=[DataRequired('عنوان مصوبه را بنویسید.'), Length(max=300)])
    text = TextAreaField('متن کامل مصوبه', description='می‌توانید از قالب‌بندی Markdown استفاده کنید.',
                         validators=[Optional()])
    category = StringField('موضوع', validators=[Optional(), Length(max=150)], render_kw={'list': 'categories'})
    meeting_id = SelectField('نشست تصویب‌کننده', coerce=int, default=0)
    adopted_on = JalaliDateField('تاریخ تصویب', description='اگر خالی بماند، تاریخ نشست ثبت می‌شود.',
                                 validators=[Optional()])
    deadline = JalaliDateField('مهلت اجرا', validators=[Optional()])
    scope = RadioField('شهرهای مشمول', choices=[('all', 'همه شهرهای عضو'), ('selected', 'شهرهای انتخاب‌شده')],
                       default='all')
    city_ids = MultiCheckboxField('شهرها', coerce=int, validate_choice=False)
    lead_city_id = SelectField('مسئول پیگیری', coerce=int, default=0)
    reason = TextAreaField('دلیل تغییر', validators=[Optional(), Length(max=2000)],
                           description='اگر مهلت یا شهرهای مشمول را تغییر می‌دهید، دلیل آن لازم است: '
                                       'در تاریخچه مصوبه می‌ماند و به شهرها گفته می‌شود.')
    public = BooleanField('نمایش در صفحه شفافیت (/public/)',
                          description='متن مصوبه و وضعیت و درصد پیشرفت هر شهر برای همه نمایش داده می‌شود (نه شرح '
                                      'گزارش‌ها و مستندات)؛ تا صورتجلسه نشست تأیید نشود، نمایش داده نمی‌شود.')

    def validate_city_ids(self, field):
        if self.scope.data == 'selected' and not field.data:
            raise ValidationError('دست‌کم یک شهر را انتخاب کنید.')

    def validate_deadline(self, field):
        if field.data and self.adopted_on.data and field.data < self.adopted_on.data:
            raise ValidationError('مهلت اجرا نمی‌تواند پیش از تاریخ تصویب باشد.')


class ReportForm(OnceForm):
    status = SelectField('وضعیت تازه', choices=list(ASSIGNMENT_STATUSES.items()))
    percent = PersianIntegerField('درصد پیشرفت',
                                  validators=[Optional(), NumberRange(0, 100, 'درصد باید بین ۰ و ۱۰۰ باشد.')],
                                  # a text box: a number box refuses Persian digits in the browser
                                  widget=TextInput(), render_kw={'inputmode': 'numeric', 'placeholder': 'مثلاً ۶۰'})
    note = TextAreaField('شرح اقدام', validators=[Optional(), Length(max=5000)],
                         description='چه کاری انجام شد، چه مانده و اگر کمکی لازم است، چه کمکی.')
    files = MultipleFileField('مستندات (عکس، PDF، Word، Excel، PowerPoint)')
    link = StringField('یا نشانی (لینک) مستند', validators=[Optional(), Length(max=1000)],
                       render_kw={'dir': 'ltr', 'inputmode': 'url', 'placeholder': 'https://'})

    def validate_note(self, field):
        if note_missing(self.status.data, field.data):
            raise ValidationError(NOTE_REQUIRED_MESSAGE)

    def validate_link(self, field):
        if not valid_link(field.data):
            raise ValidationError(LINK_MESSAGE)


class ExtensionForm(FlaskForm):
    new_deadline = JalaliDateField('مهلت تازه پیشنهادی', validators=[DataRequired('مهلت تازه را بنویسید.')])
    reason = TextAreaField('دلیل درخواست', validators=[DataRequired('بنویسید چرا مهلت بیشتری لازم است.'),
                                                      Length(max=3000)],
                           description='چه مانعی پیش آمده و با مهلت تازه چه کاری انجام می‌شود.')


class DecisionForm(FlaskForm):
    deadline = JalaliDateField('مهلت تازه این شهر', validators=[Optional()],
                               description='اگر خالی بماند، همان مهلت درخواستی شهر ثبت می‌شود.')
    note = TextAreaField('توضیح دبیرخانه', validators=[Optional(), Length(max=3000)],
                         description='برای نپذیرفتن درخواست، توضیح لازم است.')


class ResponsibleForm(FlaskForm):
    responsible_id = SelectField('مسئول پیگیری در شهر', coerce=int, default=0)


class ReturnForm(FlaskForm):
    review_note = TextAreaField('چه چیزی کم است؟', validators=[DataRequired('بنویسید چه مستندی کم است.'),
                                                            Length(max=3000)])


class CsvUploadForm(FlaskForm):
    file = FileField('فایل CSV یا Excel', validators=[
        FileRequired('یک فایل CSV یا Excel انتخاب کنید.'),
        FileAllowed(['csv', 'txt', 'xlsx'], 'فقط فایل CSV یا Excel (xlsx) پذیرفته است.')])


class CsvConfirmForm(FlaskForm):
    #: the uploaded text, carried from the preview to the confirmation so nothing is stored in between
    content = TextAreaField(validators=[DataRequired()])
