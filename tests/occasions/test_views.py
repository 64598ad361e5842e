"""The calendar pages, the media kit (uploads, refusals, thumbnails, the zip) and who may do what."""
import io
import zipfile

import jdatetime
from PIL import Image

from commission.jalali import today_tehran
from commission.jobs.models import Job
from commission.occasions import dates
from commission.occasions.models import KitItem, Occasion

from ..forms import submission_token
from .factories import png_bytes


def _upload(client, occasion, *, data=None, filename='poster.png', **fields):
    form = {'title': 'پوستر روز شهرداری', 'item_kind': 'poster', 'year': str(fields.pop('year', 1405)),
            'licence': 'free_credit', 'credit': 'واحد طراحی', **fields,
            'file': (io.BytesIO(data if data is not None else png_bytes()), filename)}
    return client.post(f'/occasions/{occasion.id}/items', data=form, content_type='multipart/form-data')


def _occasion_this_year(make, **kw):
    """A solar occasion 20 days from today, so this year's (or next year's) kit is open for it."""
    j = jdatetime.date.fromgregorian(date=today_tehran()) + jdatetime.timedelta(days=20)
    return make.occasion(month=j.month, day=min(j.day, 29), **kw), j.year


def test_the_calendar_shows_the_month_grid_and_the_coming_occasions(client, make, login):
    occasion, year = _occasion_this_year(make, name='روز شهرداری و دهیاری')
    login(make.user(role='observer'))
    page = client.get('/occasions/')
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<table class="table occ-grid' in html and '<th scope="col"' in html and 'aria-current="date"' in html
    assert 'روز شهرداری و دهیاری' in html and 'روز دیگر' in html
    other = client.get('/occasions/?y=1405&m=12').get_data(as_text=True)
    assert 'اسفند ۱۴۰۵' in other and '?y=1406&amp;m=1' in other and '?y=1405&amp;m=11' in other
    assert client.get('/occasions/?y=9999&m=99').status_code == 200  # out of range: this month
    assert client.get(f'/occasions/{occasion.id}').status_code == 200
    assert client.get('/occasions/all').status_code == 200


def test_a_director_uploads_a_poster_and_the_worker_makes_its_thumbnail(client, make, login, run_jobs):
    city = make.city(name='کرج')
    occasion, year = _occasion_this_year(make)
    login(make.user(role='director', city=city))
    response = _upload(client, occasion, data=png_bytes((1600, 1000)), year=year)
    assert response.status_code == 302
    item = KitItem.query.filter_by(occasion_id=occasion.id).one()
    assert (item.city, item.jalali_year, item.title, item.thumb_name) == (city, year, 'پوستر روز شهرداری', None)
    assert Job.query.filter_by(kind='occasions.thumbnail').count() == 1
    run_jobs()
    assert item.thumb_name
    thumb = client.get(f'/occasions/items/{item.id}/thumb.jpg')
    assert thumb.status_code == 200 and thumb.mimetype == 'image/jpeg'
    assert max(Image.open(io.BytesIO(thumb.data)).size) == 480
    page = client.get(f'/occasions/{occasion.id}').get_data(as_text=True)
    assert f'id="item-{item.id}"' in page and f'/occasions/items/{item.id}/thumb.jpg' in page
    assert 'آزاد برای شهرداری‌های دیگر با ذکر منبع' in page and 'کرج' in page
    download = client.get(f'/files/{item.attachment.id}/{item.attachment.original_name}')
    assert download.status_code == 200 and download.data == open_file(item)


def open_file(item):
    from commission.attachments.services import file_path
    with open(file_path(item.attachment), 'rb') as f:
        return f.read()


def test_uploads_are_refused_by_type_content_and_size_with_the_form_kept(client, make, login, monkeypatch):
    occasion, year = _occasion_this_year(make)
    login(make.user(role='director', city=make.city()))
    cases = [
        ({'filename': 'poster.exe'}, 'پذیرفته نیست'),
        ({'data': b'<html><script>alert(1)</script></html>', 'filename': 'poster.png'}, 'با پسوند آن نمی‌خواند'),
        ({'item_kind': 'video', 'filename': 'teaser.png'}, 'فقط ویدیوی MP4 یا WebM'),
        ({'data': b'', 'filename': 'poster.png'}, 'خالی است'),
        ({'title': ''}, 'عنوان طرح را بنویسید'),
    ]
    for fields, message in cases:
        response = _upload(client, occasion, year=year, **fields)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, fields
        assert message in html, fields
    monkeypatch.setattr('commission.occasions.services.IMAGE_MAX_MB', 1)
    response = _upload(client, occasion, year=year, data=b'\x89PNG' + b'\0' * (1024 * 1024 + 10))
    assert response.status_code == 422 and 'بزرگ‌تر از ۱ مگابایت' in response.get_data(as_text=True)
    assert 'بزرگ‌تر از 1 ' not in response.get_data(as_text=True)  # the limit in Persian digits
    assert 'value="پوستر روز شهرداری"' in response.get_data(as_text=True)  # what was typed is kept
    assert KitItem.query.count() == 0 and Job.query.filter_by(kind='occasions.thumbnail').count() == 0


def test_a_teaser_video_and_a_layered_template_are_accepted_by_their_content(client, make, login):
    occasion, year = _occasion_this_year(make)
    login(make.user(role='director', city=make.city()))
    mp4 = b'\x00\x00\x00\x18ftypmp42' + b'\0' * 64
    assert _upload(client, occasion, year=year, item_kind='video', data=mp4, filename='teaser.mp4').status_code == 302
    psd = b'8BPS' + b'\0' * 64
    assert _upload(client, occasion, year=year, item_kind='template', data=psd, filename='x.psd').status_code == 302
    assert {i.item_kind for i in KitItem.query} == {'video', 'template'}
    assert Job.query.filter_by(kind='occasions.thumbnail').count() == 0  # only images get thumbnails


def test_the_whole_kit_of_a_year_downloads_as_a_streamed_zip(app, client, make, login):
    occasion = make.occasion()
    karaj, tehran = make.city(name='کرج'), make.city(name='تهران')
    first = make.kit_item(occasion, city=karaj, year=1405, data=png_bytes(colour=(1, 2, 3)))
    second = make.kit_item(occasion, city=tehran, year=1405, data=b'%PDF-1.4 a print file', filename='banner.pdf',
                           item_kind='banner')
    make.kit_item(occasion, city=tehran, year=1404)  # an earlier year's item is not in 1405's kit
    from commission.db import db
    db.session.commit()
    login(make.user(role='observer'))
    response = client.get(f'/occasions/{occasion.id}/kit-1405.zip')
    assert response.status_code == 200 and response.mimetype == 'application/zip' and response.is_streamed
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    names = sorted(archive.namelist())
    assert names == sorted([f'کرج-{first.id}-poster.png', f'تهران-{second.id}-banner.pdf'])
    assert archive.read(f'تهران-{second.id}-banner.pdf') == b'%PDF-1.4 a print file'
    assert client.get(f'/occasions/{occasion.id}/kit-1399.zip').status_code == 404
    app.config['KIT_ZIP_MAX_MB'] = 0
    try:
        refused = client.get(f'/occasions/{occasion.id}/kit-1405.zip')
    finally:
        app.config['KIT_ZIP_MAX_MB'] = 500
    assert refused.status_code == 302


def test_the_zip_stream_holds_one_chunk_at_a_time(tmp_path):
    from commission.occasions.services import zip_stream
    big = tmp_path / 'big.bin'
    big.write_bytes(b'x' * (1024 * 1024))
    chunks = list(zip_stream([('big.bin', str(big))], chunk_size=64 * 1024))
    assert len(chunks) > 10 and max(len(c) for c in chunks) < 70 * 1024
    assert zipfile.ZipFile(io.BytesIO(b''.join(chunks))).read('big.bin') == b'x' * (1024 * 1024)


# --- permissions: every rule, refused (403) and allowed ------------------------------------------------------

def test_a_city_edits_and_deletes_only_its_own_items(client, make, login):
    karaj, tehran = make.city(name='کرج'), make.city(name='تهران')
    occasion = make.occasion()
    item = make.kit_item(occasion, city=karaj)
    login(make.user(role='director', city=tehran))
    assert client.get(f'/occasions/items/{item.id}/edit').status_code == 403
    assert client.post(f'/occasions/items/{item.id}/edit', data={'title': 'x', 'licence': 'free'}).status_code == 403
    assert client.post(f'/occasions/items/{item.id}/delete').status_code == 403
    login(make.user(role='director', city=karaj))
    assert client.get(f'/occasions/items/{item.id}/edit').status_code == 200
    assert client.post(f'/occasions/items/{item.id}/edit', data={'title': 'پوستر تازه', 'licence': 'free',
                                                                  'credit': ''}).status_code == 302
    assert item.title == 'پوستر تازه' and item.licence == 'free'
    assert client.post(f'/occasions/items/{item.id}/delete').status_code == 302
    assert KitItem.query.count() == 0


def test_the_secretariat_moderates_and_features_items(client, make, login):
    from commission.audit.models import AuditEntry
    occasion = make.occasion()
    item = make.kit_item(occasion, city=make.city())
    other = make.kit_item(occasion, city=make.city())
    login(make.user(role='director', city=item.city))
    assert client.post(f'/occasions/items/{item.id}/feature', data={'featured': 'y'}).status_code == 403
    login(make.user(role='secretariat'))
    assert client.post(f'/occasions/items/{item.id}/feature', data={'featured': 'y'}).status_code == 302
    assert item.featured
    assert client.post(f'/occasions/items/{other.id}/delete').status_code == 302
    assert KitItem.query.count() == 1
    assert AuditEntry.query.filter_by(kind='deleted', target=f'kititem:{other.id}').count() == 1


def test_who_may_upload(client, make, login):
    occasion, year = _occasion_this_year(make)
    login(make.user(role='observer'))
    assert _upload(client, occasion, year=year).status_code == 403
    login(make.user(role='secretariat'))
    assert _upload(client, occasion, year=year, city_id='').status_code == 302
    assert KitItem.query.one().city is None  # the secretariat's own item


def test_only_the_secretariat_keeps_occasions_and_shifts_dates(client, make, login):
    occasion = make.occasion(calendar='lunar', kind='religious', month=10, day=1)
    data = {'name': 'روز ملی هوای پاک', 'kind': 'city', 'city_id': '', 'calendar': 'solar', 'month': '4',
            'day': '۲۹', 'days_ahead': '10', 'description': ''}
    this_year = jdatetime.date.fromgregorian(date=today_tehran()).year
    base = dates.occurrences(occasion, this_year)[0].base_date.isoformat()  # an occurrence the page lists
    shift = {'base_date': base, 'shift_days': '1', 'note': 'رؤیت هلال'}
    login(make.user(role='director', city=make.city()))
    assert client.get('/occasions/new').status_code == 403
    assert client.post('/occasions/new', data=data).status_code == 403
    assert client.post(f'/occasions/{occasion.id}/edit', data=data).status_code == 403
    assert client.post(f'/occasions/{occasion.id}/shift', data=shift).status_code == 403
    assert client.post(f'/occasions/{occasion.id}/delete').status_code == 403
    login(make.user(role='secretariat'))
    assert client.post('/occasions/new', data=data).status_code == 302
    created = Occasion.query.filter_by(name='روز ملی هوای پاک').one()
    assert (created.month, created.day, created.kind) == (4, 29, 'city')
    bad = client.post('/occasions/new', data=dict(data, day='31', month='8'))
    assert bad.status_code == 422 and 'روز این ماه باید از ۱ تا ۳۰ باشد' in bad.get_data(as_text=True)
    assert client.post(f'/occasions/{occasion.id}/shift', data=shift).status_code == 302
    assert [(s.base_date.isoformat(), s.shift_days, s.note) for s in occasion.shifts] == [(base, 1, 'رؤیت هلال')]
    page = client.get(f'/occasions/{occasion.id}').get_data(as_text=True)
    assert 'یک روز بعد از تاریخ محاسبه‌شده: رؤیت هلال' in page
    assert client.post(f'/occasions/{created.id}/delete').status_code == 302
    assert Occasion.query.filter_by(name='روز ملی هوای پاک').count() == 0


def test_the_calendar_needs_a_sign_in(client, make):
    occasion = make.occasion()
    assert client.get('/occasions/').status_code in (302, 401)
    assert client.get(f'/occasions/{occasion.id}').status_code in (302, 401)


def test_an_unreadable_image_gets_no_thumbnail_and_the_job_does_not_fail(client, make, login, run_jobs):
    occasion, year = _occasion_this_year(make)
    login(make.user(role='director', city=make.city()))
    assert _upload(client, occasion, year=year, data=b'\x89PNG\r\n\x1a\n' + b'garbage' * 50).status_code == 302
    run_jobs()
    item = KitItem.query.one()
    assert item.thumb_name is None and Job.query.filter_by(status='failed').count() == 0
    assert client.get(f'/occasions/items/{item.id}/thumb.jpg').status_code == 404
    assert client.get(f'/occasions/{occasion.id}').status_code == 200  # the gallery shows an icon instead


def test_deleting_an_occasion_deletes_its_kit_and_files(client, make, login, run_jobs):
    import os

    from commission.attachments.models import Attachment
    from commission.attachments.services import file_path
    from commission.db import db
    occasion = make.occasion()
    item = make.kit_item(occasion, city=make.city())
    db.session.commit()
    run_jobs()
    paths = [file_path(item.attachment), os.path.join(client.application.config['UPLOAD_FOLDER'], item.thumb_name)]
    assert all(os.path.exists(p) for p in paths)
    login(make.user(role='secretariat'))
    assert client.post(f'/occasions/{occasion.id}/delete').status_code == 302
    assert KitItem.query.count() == 0 and Attachment.query.filter_by(owner_type='occasion_item').count() == 0
    assert not any(os.path.exists(p) for p in paths)


def test_the_home_page_lists_the_next_occasions(client, make, login):
    occasion, year = _occasion_this_year(make, name='روز آتش‌نشانی و ایمنی')
    first, second = make.city(), make.city()
    make.kit_item(occasion, city=first, year=year)
    make.kit_item(occasion, city=first, year=year, title='بنر')  # a second item of the same city
    make.kit_item(occasion, city=second, year=year)
    make.kit_item(occasion, city=make.city(), year=year - 1)  # last year's kit
    quiet, _year = _occasion_this_year(make, name='روز بی‌طرح')
    login(make.user(role='director', city=make.city()))
    html = client.get('/').get_data(as_text=True)
    assert 'مناسبت‌های پیش رو' in html and 'روز آتش‌نشانی و ایمنی' in html and '۲ شهر طرح گذاشته‌اند' in html
    assert 'روز بی‌طرح' in html and 'هنوز طرحی نیامده' in html


def test_a_design_sent_twice_is_added_to_the_kit_once(client, make, login):
    """A double click on «افزودن» (or a resend after a slow upload) lands on the first design, not a second copy."""
    from commission.submissions import ALREADY_SENT
    city = make.city(name='کرج')
    occasion, year = _occasion_this_year(make)
    login(make.user(role='director', city=city))
    page = client.get(f'/occasions/{occasion.id}').get_data(as_text=True)
    token = submission_token(page, f'/occasions/{occasion.id}/items')
    first = _upload(client, occasion, year=year, submission_token=token)
    second = _upload(client, occasion, year=year, submission_token=token)
    assert first.status_code == second.status_code == 302
    assert second.headers['Location'] == first.headers['Location']
    assert ALREADY_SENT in client.get(second.headers['Location']).get_data(as_text=True)
    assert KitItem.query.filter_by(occasion_id=occasion.id).count() == 1
    fresh = client.get(f'/occasions/{occasion.id}').get_data(as_text=True)  # a new page may add another
    assert _upload(client, occasion, year=year, title='پوستر دوم',
                   submission_token=submission_token(fresh, f'/occasions/{occasion.id}/items')).status_code == 302
    assert KitItem.query.filter_by(occasion_id=occasion.id).count() == 2


def test_a_new_occasion_sent_twice_is_created_once(client, make, login):
    login(make.user(role='secretariat'))
    page = client.get('/occasions/new').get_data(as_text=True)
    data = {'name': 'روز ملی رسانه‌های محلی', 'kind': 'national', 'city_id': '', 'calendar': 'solar', 'month': '5',
            'day': '۱۰', 'days_ahead': '7', 'description': '', 'submission_token': submission_token(page, '<form')}
    first = client.post('/occasions/new', data=data)
    second = client.post('/occasions/new', data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers['Location'] == first.headers['Location']
    assert Occasion.query.filter_by(name='روز ملی رسانه‌های محلی').count() == 1
