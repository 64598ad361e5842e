import pytest


def test_required_date_field_says_what_was_wrong(app):
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict
    from wtforms.validators import DataRequired

    from commission.forms import JalaliDateField

    class Form(FlaskForm):
        day = JalaliDateField('روز', validators=[DataRequired('تاریخ را بنویسید.')])

    with app.test_request_context():
        form = Form(MultiDict({'day': '1403/07/31'}), meta={'csrf': False})
        assert not form.validate()
        assert form.day.errors == ['این تاریخ در تقویم وجود ندارد.']
        form = Form(MultiDict({'day': ''}), meta={'csrf': False})
        assert not form.validate()
        assert form.day.errors == ['تاریخ را بنویسید.']


@pytest.mark.parametrize('typed', ['2024-05-01', '2024/5/1', '۲۰۲۴/۰۵/۰۱', '1700-01-01'])
def test_a_gregorian_date_in_a_date_field_is_named_as_such(app, typed):
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict

    from commission.forms import JalaliDateField

    class Form(FlaskForm):
        day = JalaliDateField('روز')

    with app.test_request_context():
        form = Form(MultiDict({'day': typed}), meta={'csrf': False})
        assert not form.validate()
        assert form.day.errors[0].startswith('تاریخ را به تقویم هجری شمسی بنویسید')


def test_the_archive_import_still_reads_gregorian_dates():
    import datetime as dt

    from commission.jalali import parse_date
    assert parse_date('2024-05-01', allow_gregorian=True) == dt.date(2024, 5, 1)
    assert parse_date('۱۴۰۳/۰۲/۱۲', allow_gregorian=True) == dt.date(2024, 5, 1)


def test_every_date_field_carries_the_picker_and_stays_a_text_box(app):
    from flask_wtf import FlaskForm

    from commission.forms import JalaliDateField

    class Form(FlaskForm):
        day = JalaliDateField('روز')

    with app.test_request_context():
        html = str(Form(meta={'csrf': False}).day())
    assert 'type="text"' in html and 'data-jdp' in html and 'readonly' not in html
