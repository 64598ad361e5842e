"""A limit without a message of ours still answers in Persian, its number in Persian digits (WTForms' fa catalogue)."""
import re


def _errors(html):
    return re.findall(r'invalid-feedback[^>]*>([^<]+)<', html)


def test_an_over_long_field_is_refused_in_persian(client, make, login):
    login(make.user(role='secretariat'))
    response = client.post('/meetings/new', data={'title': 'ن' * 301, 'meeting_date': '۱۴۱۰/۰۲/۲۸'})
    assert response.status_code == 422
    assert _errors(response.get_data(as_text=True)) == ['طول فیلد حداکثر باید ۳۰۰ حرف باشد.']


def test_a_field_of_our_own_message_keeps_it(client, make, login):
    login(make.user(role='secretariat'))
    response = client.post('/meetings/new', data={'title': '', 'meeting_date': '۱۴۱۰/۰۲/۲۸'})
    assert 'عنوان نشست را بنویسید.' in _errors(response.get_data(as_text=True))


def test_wtforms_own_messages_are_persian(app):
    from werkzeug.datastructures import MultiDict
    from wtforms import IntegerField, StringField
    from wtforms.validators import DataRequired, Length

    from commission.forms import FlaskForm

    class Sample(FlaskForm):
        name = StringField(validators=[DataRequired(), Length(min=3, max=10)])
        count = IntegerField()

    with app.test_request_context(method='POST'):
        form = Sample(formdata=MultiDict({'name': 'ab', 'count': 'x'}), meta={'csrf': False})
        assert not form.validate()
        assert form.errors == {'name': ['طول فیلد باید بین ۳ تا ۱۰ حرف باشد.'], 'count': ['یک عدد درست نیست.']}
