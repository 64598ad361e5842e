"""Input at the edges: single-line fields lose bidi controls and refuse control characters; ids out of range are 404."""
import importlib
import inspect
import io
import pkgutil

import pytest
from werkzeug.datastructures import FileStorage

import commission
from commission.cities.models import City
from commission.forms import FlaskForm, Form, clean_file_name, is_single_line

PNG = b'\x89PNG\r\n\x1a\n' + b'0' * 64


def _city_form(name, slug='bidi-city'):
    return {'name': name, 'slug': slug, 'province': 'البرز', 'is_member': 'y'}


def test_bidi_controls_are_removed_from_single_line_fields(client, make, login, db):
    login(make.user(role='admin'))
    response = client.post('/cities/new', data=_city_form('کرج\u202eفدا\u2066x\u2069'))
    assert response.status_code == 302
    city = db.session.scalar(db.select(City).where(City.slug == 'bidi-city'))
    assert city.name == 'کرجفداx'


@pytest.mark.parametrize('bad', ['کرج\r\nBcc: x@example.org', 'کرج\tالبرز', 'کرج\x00', 'کرج\x1b[31m', 'کرج\u2028'])
def test_control_characters_are_refused_with_a_persian_message(client, make, login, db, bad):
    login(make.user(role='admin'))
    response = client.post('/cities/new', data=_city_form(bad))
    assert response.status_code == 422
    assert 'نویسه‌های کنترلی' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(City).where(City.slug == 'bidi-city')) is None


def test_a_meeting_title_with_a_line_break_is_refused_even_with_mail_configured(app, client, make, login, db):
    login(make.user(role='secretariat'))
    app.config['MAIL_SERVER'] = '127.0.0.1'
    try:
        response = client.post('/meetings/new', data={'title': 'نشست\r\nSubject: x', 'meeting_date': '۱۴۱۰/۰۲/۲۸'})
    finally:
        app.config['MAIL_SERVER'] = None
    assert response.status_code == 422 and 'نویسه‌های کنترلی' in response.get_data(as_text=True)


def test_multi_line_fields_keep_their_line_breaks():
    from flask import Flask
    from werkzeug.datastructures import MultiDict

    from commission.practices.forms import CommentForm
    with Flask(__name__).test_request_context():
        form = CommentForm(formdata=MultiDict({'body': 'سطر یک\r\nسطر دو'}), meta={'csrf': False})
        assert 'سطر دو' in form.body.data and not form.body.errors


def _all_form_classes():
    from wtforms import Form as PlainForm
    for module in pkgutil.walk_packages(commission.__path__, 'commission.'):
        if module.name.endswith('forms'):
            for _name, obj in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
                if obj.__module__ == module.name and issubclass(obj, PlainForm):
                    yield obj


def test_every_form_derives_from_the_cleaning_base():
    classes = [cls for cls in _all_form_classes() if cls not in (FlaskForm, Form)]
    assert len(classes) > 15
    assert [cls.__name__ for cls in classes if not issubclass(cls, (FlaskForm, Form))] == []


def test_every_single_line_field_gets_the_filter(app):
    from commission.forms import clean_single_line
    from commission.meetings.forms import MeetingForm
    with app.test_request_context():
        form = MeetingForm(meta={'csrf': False})
        single = [f for f in form if is_single_line(type(f))]
        assert single and all(clean_single_line in f.filters for f in single)


def test_file_names_lose_bidi_and_control_characters(client, make, login):
    from commission.attachments.services import store_attachment
    user = login(make.user())
    practice = make.practice(city=user.city, author=user)
    upload = FileStorage(io.BytesIO(PNG), 'photo\u202egnp.exe\n.png', content_type='image/png')
    attachment = store_attachment('practice', practice.id, upload, user=user)
    assert attachment.original_name == 'photognp.exe.png'
    assert clean_file_name('\u2067a\u2069.pdf') == 'a.pdf'


@pytest.mark.parametrize('url', ['/practices/99999999999999999999', '/meetings/99999999999999999999',
                                 '/resolutions/99999999999999999999', '/files/99999999999999999999/x.pdf',
                                 '/practices/2147483648', '/practices/9223372036854775807', '/meetings/2147483648.ics'])
def test_ids_out_of_range_are_404(client, make, login, url):
    login(make.user(role='secretariat'))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize('url', ['/meetings/?page=99999999999999999999', '/resolutions/?meeting=99999999999999999999',
                                 '/meetings/?page=-99999999999999999999', '/admin/audit/?page=99999999999999999999'])
def test_int_parameters_out_of_range_are_not_a_500(client, make, login, url):
    login(make.user(role='admin'))
    assert client.get(url).status_code == 200


def test_ids_typed_into_forms_out_of_range_are_not_a_500(client, make, login):
    login(make.user(role='director'))
    practice = make.practice()
    response = client.post(f'/practices/{practice.id}/comments',
                           data={'parent_id': '99999999999999999999', 'body': 'پرسش'})
    assert response.status_code == 302  # taken as a new question
