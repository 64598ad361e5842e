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
