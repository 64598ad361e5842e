"""What readers receive: sanitised Markdown, the Atom feeds, attachments and their refusals, categories, demo data."""
import io
import re
import xml.etree.ElementTree as ET

import pytest

from commission.attachments.models import Attachment
from commission.practices.models import Category, Practice, PracticeAdoption, PracticeComment
from commission.practices.services import DEFAULT_CATEGORIES

ATOM = '{http://www.w3.org/2005/Atom}'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 64
PDF = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'

HOSTILE = ('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n'
           '[پیوند](javascript:alert(3)) و [سایت](https://example.org)\n\n**پررنگ** با Instagram و ۵۰۴ خبر')


# --- Markdown ----------------------------------------------------------------------------------------

def test_hostile_markdown_never_reaches_the_reader(client, make, login):
    practice = make.practice(context=HOSTILE, actions=HOSTILE, results=HOSTILE, lessons=HOSTILE, resources=HOSTILE)
    login(make.user(role='observer'))
    page = client.get(f'/practices/{practice.id}').get_data(as_text=True)
    assert not re.search(r'<script>alert|<[^>]*\sonerror=|href="javascript:', page)
    assert '<strong>پررنگ</strong>' in page and 'href="https://example.org"' in page


def test_hostile_text_in_plain_fields_is_escaped(client, make, login):
    practice = make.practice(title='<script>alert(1)</script>', summary='<img src=x onerror=alert(1)>',
                             audience='<b onmouseover=x>')
    login(make.user(role='observer'))
    page = client.get(f'/practices/{practice.id}').get_data(as_text=True)
    assert '<script>alert(1)' not in page and '<img src=x' not in page and '<b onmouseover' not in page
    assert '&lt;script&gt;' in page


def test_comments_are_shown_as_text(client, make, login):
    practice = make.practice()
    make.comment(practice, make.user(), body='<script>alert(1)</script> پرسش')
    login(make.user(role='observer'))
    page = client.get(f'/practices/{practice.id}').get_data(as_text=True)
    assert '<script>alert(1)' not in page and '&lt;script&gt;alert(1)&lt;/script&gt; پرسش' in page


# --- Atom ----------------------------------------------------------------------------------------------

def test_platform_feed_is_valid_atom_with_persian_titles_and_published_only(client, make):
    city = make.city(name='خمین', slug='khomein-f')
    make.practice(city=city, title='۵۰۴ خبر در یک سال', results=HOSTILE, tags=['تلگرام'])
    make.practice(city=city, title='پیش‌نویس پنهان', status='draft')
    response = client.get('/practices/feed.atom')  # no sign-in: the cities' own channels read it
    assert response.status_code == 200 and response.mimetype == 'application/atom+xml'
    root = ET.fromstring(response.data)
    assert root.tag == ATOM + 'feed' and root.find(ATOM + 'updated') is not None
    titles = [e.findtext(ATOM + 'title') for e in root.findall(ATOM + 'entry')]
    assert '۵۰۴ خبر در یک سال' in titles and 'پیش‌نویس پنهان' not in titles
    entry = next(e for e in root.findall(ATOM + 'entry') if e.findtext(ATOM + 'title') == '۵۰۴ خبر در یک سال')
    assert entry.find(ATOM + 'id').text.endswith('/practices/' + entry.find(ATOM + 'id').text.rsplit('/', 1)[1])
    content = entry.findtext(ATOM + 'content')
    assert '<strong>پررنگ</strong>' in content
    assert not re.search(r'<script|<[^>]*\sonerror=|href="javascript:', content)
    assert 'تلگرام' in [c.get('term') for c in entry.findall(ATOM + 'category')]


def test_city_feed_holds_only_that_city(client, make):
    karaj, shiraz = make.city(name='کرج', slug='karaj-f'), make.city(name='شیراز', slug='shiraz-f')
    make.practice(city=karaj, title='زیرگذر کرج')
    make.practice(city=shiraz, title='اعتمادسازی شیراز')
    root = ET.fromstring(client.get('/cities/karaj-f/practices.atom').data)
    assert 'کرج' in root.findtext(ATOM + 'title')
    assert [e.findtext(ATOM + 'title') for e in root.findall(ATOM + 'entry')] == ['زیرگذر کرج']
    assert client.get('/cities/no-such-city/practices.atom').status_code == 404


def test_an_empty_feed_is_still_valid(client, make):
    city = make.city(slug='silent')
    root = ET.fromstring(client.get('/cities/silent/practices.atom').data)
    assert root.findall(ATOM + 'entry') == [] and root.findtext(ATOM + 'id')
    assert city


# --- attachments -------------------------------------------------------------------------------------------

def _form(category, **kw):
    data = {'title': 'تقویم تصویری شهرداری', 'summary': 'خلاصه', 'category_id': str(category.id), 'year': '1402'}
    data.update(kw)
    return data


@pytest.mark.parametrize('name, content, message', [
    ('page.html', b'<html><script>alert(1)</script></html>', 'پذیرفته نیست'),
    ('خالی.pdf', b'', 'خالی است'),
    ('fake.pdf', b'<html>not a pdf</html>', 'با پسوند آن نمی‌خواند'),
])
def test_refused_files_keep_the_form(client, make, login, db, name, content, message):
    director = make.user(role='director')
    login(director)
    response = client.post('/practices/new', data=dict(_form(make.category(), summary='متن نگه‌داشته'),
                                                       files=[(io.BytesIO(content), name)]),
                           content_type='multipart/form-data')
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'متن نگه‌داشته' in page and 'value="تقویم تصویری شهرداری"' in page
    assert db.session.scalar(db.select(db.func.count(Practice.id)).where(Practice.city_id == director.city_id)) == 0


def test_an_oversized_file_is_refused_before_it_is_written(client, make, login, app, monkeypatch, db):
    monkeypatch.setitem(app.config, 'MAX_UPLOAD_MB', 1)
    director = make.user(role='director')
    login(director)
    big = PDF + b'0' * (1024 * 1024 + 10)
    response = client.post('/practices/new', data=dict(_form(make.category()), files=[(io.BytesIO(big), 'بزرگ.pdf')]),
                           content_type='multipart/form-data')
    assert response.status_code == 422 and 'بزرگ‌تر از ۱ مگابایت' in response.get_data(as_text=True)
    assert 'بزرگ‌تر از 1 ' not in response.get_data(as_text=True)  # the limit in Persian digits
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_draft_files_are_read_only_by_those_who_may_read_the_draft(client, make, login, db):
    director = make.user(role='director')
    login(director)
    client.post('/practices/new', data=dict(_form(make.category()), files=[
        (io.BytesIO(PNG), 'عکس پروژه.png'), (io.BytesIO(PDF), 'گزارش عملکرد.pdf')]), content_type='multipart/form-data')
    practice = db.session.scalar(db.select(Practice).where(Practice.city_id == director.city_id))
    files = db.session.scalars(db.select(Attachment).where(Attachment.owner_type == 'practice',
                                                           Attachment.owner_id == practice.id)
                               .order_by(Attachment.id)).all()
    assert [f.original_name for f in files] == ['عکس پروژه.png', 'گزارش عملکرد.pdf']
    page = client.get(f'/practices/{practice.id}').get_data(as_text=True)
    assert 'عکس پروژه.png' in page and 'attachment-thumb' in page
    pdf_url = f'/files/{files[1].id}/{files[1].original_name}'
    response = client.get(pdf_url)
    assert response.status_code == 200 and 'attachment' in response.headers['Content-Disposition']
    login(make.user(role='director'))
    assert client.get(pdf_url).status_code == 403
    login(make.user(role='secretariat'))
    assert client.get(pdf_url).status_code == 200


def test_editing_removes_a_chosen_attachment(client, make, login, db):
    director = make.user(role='director')
    login(director)
    category = make.category()
    client.post('/practices/new', data=dict(_form(category), files=[(io.BytesIO(PNG), 'a.png')]),
                content_type='multipart/form-data')
    practice = db.session.scalar(db.select(Practice).where(Practice.city_id == director.city_id))
    attachment = db.session.scalar(db.select(Attachment).where(Attachment.owner_id == practice.id))
    client.post(f'/practices/{practice.id}/edit', data=dict(_form(category), remove_attachment=str(attachment.id)),
                content_type='multipart/form-data')
    assert db.session.scalar(db.select(db.func.count(Attachment.id)).where(Attachment.owner_id == practice.id)) == 0


# --- categories ----------------------------------------------------------------------------------------------

def test_the_migration_seeds_the_eleven_categories(db):
    names = set(db.session.scalars(db.select(Category.name)))
    assert set(DEFAULT_CATEGORIES) <= names and len(DEFAULT_CATEGORIES) == 11


def test_secretariat_adds_renames_and_deletes_unused_categories(client, make, login, db):
    login(make.user(role='secretariat'))
    assert client.post('/practices/categories', data={'name': 'پادکست و رادیو', 'position': '۱۲'}).status_code == 302
    category = db.session.scalar(db.select(Category).where(Category.name == 'پادکست و رادیو'))
    assert category.position == 12
    response = client.post('/practices/categories', data={'name': 'پادکست و رادیو'})
    assert response.status_code == 422 and 'وجود دارد' in response.get_data(as_text=True)
    client.post(f'/practices/categories/{category.id}', data={'name': 'رادیو و پادکست', 'position': '3'})
    assert category.name == 'رادیو و پادکست'
    client.post(f'/practices/categories/{category.id}', data={'action': 'delete'})
    assert db.session.get(Category, category.id) is None


def test_a_category_in_use_is_not_deleted(client, make, login, db):
    practice = make.practice()
    login(make.user(role='secretariat'))
    client.post(f'/practices/categories/{practice.category_id}', data={'action': 'delete'})
    assert db.session.get(Category, practice.category_id) is not None


# --- demo ------------------------------------------------------------------------------------------------------

def test_demo_practices_load_once_with_variety_and_exchange(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=['demo', 'load']).exit_code == 0
    count = db.session.scalar(db.select(db.func.count(Practice.id)))
    assert runner.invoke(args=['demo', 'load']).exit_code == 0
    assert db.session.scalar(db.select(db.func.count(Practice.id))) == count >= 40
    statuses = set(db.session.scalars(db.select(Practice.status)))
    assert statuses == {'draft', 'submitted', 'changes_requested', 'published'}
    years = set(db.session.scalars(db.select(Practice.year)))
    assert set(range(1399, 1405)) <= years
    khomein = db.session.scalar(db.select(Practice).where(Practice.title.like('۵۰۴ خبر%')))
    assert khomein.city.name == 'خمین' and not khomein.city.is_member and khomein.author is None
    assert db.session.scalar(db.select(db.func.count(PracticeComment.id))) >= 4
    assert db.session.scalar(db.select(db.func.count(PracticeAdoption.id))) >= 3
    assert db.session.scalar(db.select(db.func.count(PracticeComment.id)).where(PracticeComment.is_answer)) >= 1
