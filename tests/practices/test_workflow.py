"""Writing a practice and taking it through review: draft → submitted → published, or back with changes."""
import io

import pytest

from commission.attachments.models import Attachment
from commission.notifications.models import Notification
from commission.practices.models import Practice

PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 64


@pytest.fixture
def people(make):
    city = make.city(name='کرج')
    return {'director': make.user(role='director', city=city, full_name='محمدجلال سبزی'),
            'colleague': make.user(role='director', city=city),
            'secretariat': make.user(role='secretariat', full_name='فاطمه رضایی'),
            'city': city}


def _form(category, **kw):
    data = {'title': 'نظرسنجی هفتگی در کانال شهرداری', 'summary': 'هر هفته یک پرسش کوتاه.',
            'context': 'مدیران داده نداشتند.', 'actions': '1. پرسش\n2. گزارش', 'results': '۹۰۰۰ پاسخ',
            'category_id': str(category.id), 'tags': 'نظرسنجی، تلگرام, ایتا', 'year': '۱۴۰۳', 'quarter': '2',
            'audience': 'شهروندان', 'channels': 'تلگرام'}
    data.update(kw)
    return data


def _notes(db, user):
    return db.session.scalars(db.select(Notification.text).where(Notification.user_id == user.id)).all()


def test_director_creates_a_draft_of_their_city_with_tags_and_persian_digits(client, make, login, db, people):
    login(people['director'])
    response = client.post('/practices/new', data=_form(make.category()))
    assert response.status_code == 302
    practice = db.session.scalar(db.select(Practice).where(Practice.title == 'نظرسنجی هفتگی در کانال شهرداری'))
    assert practice.status == 'draft' and practice.city == people['city'] and practice.author == people['director']
    assert practice.year == 1403 and practice.quarter == 2
    assert [t.name for t in practice.tags] == sorted(['نظرسنجی', 'تلگرام', 'ایتا'])
    assert practice.contact_name == 'محمدجلال سبزی'
    page = client.get(response.headers['Location']).get_data(as_text=True)
    assert 'پیش‌نویس' in page and 'تابستان ۱۴۰۳' in page


def test_a_director_cannot_file_a_practice_under_another_city(client, make, login, db, people):
    other = make.city()
    login(people['director'])
    client.post('/practices/new', data=_form(make.category(), city_id=str(other.id)))
    practice = db.session.scalar(db.select(Practice).where(Practice.title == 'نظرسنجی هفتگی در کانال شهرداری'))
    assert practice.city == people['city']


def test_secretariat_files_a_practice_for_a_chosen_city(client, make, login, db, people):
    other = make.city(name='خمین', is_member=False)
    login(people['secretariat'])
    assert client.post('/practices/new', data=_form(make.category())).status_code == 422  # no city chosen
    response = client.post('/practices/new', data=_form(make.category(), city_id=str(other.id),
                                                        contact_name='مرضیه شریفی'))
    assert response.status_code == 302
    practice = db.session.scalar(db.select(Practice).where(Practice.city_id == other.id))
    assert practice.contact_name == 'مرضیه شریفی'


def test_missing_title_and_bad_year_keep_what_was_typed(client, make, login, people):
    login(people['director'])
    form = _form(make.category(), title='', year='سال', summary='خلاصه نگه‌داشته')
    response = client.post('/practices/new', data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'عنوان تجربه را بنویسید' in page and 'یک عدد صحیح بنویسید' in page and 'خلاصه نگه‌داشته' in page


def test_save_and_submit_notifies_the_secretariat(client, make, login, db, people):
    login(people['director'])
    response = client.post('/practices/new', data=_form(make.category(), action='submit'))
    practice = db.session.scalar(db.select(Practice).where(Practice.title == 'نظرسنجی هفتگی در کانال شهرداری'))
    assert response.status_code == 302 and practice.status == 'submitted' and practice.submitted_dt
    assert any('برای بررسی فرستاد' in t for t in _notes(db, people['secretariat']))


def test_a_draft_without_summary_or_category_is_not_submitted(client, make, login, people):
    practice = make.practice(city=people['city'], status='draft', summary='', category=None)
    login(people['director'])
    client.post(f'/practices/{practice.id}/submit')
    assert practice.status == 'draft'


def test_publish_tells_the_author_and_lists_the_practice(client, make, login, db, people):
    practice = make.practice(city=people['city'], author=people['director'], status='submitted',
                             title='پوستر برای ۶۷ مناسبت', published_dt=None)
    login(people['secretariat'])
    assert client.post(f'/practices/{practice.id}/publish').status_code == 302
    assert practice.is_published and practice.published_dt
    assert any('منتشر شد' in t for t in _notes(db, people['director']))
    login(make.user(role='observer'))
    assert 'پوستر برای ۶۷ مناسبت' in client.get('/practices/').get_data(as_text=True)


def test_secretariat_may_publish_a_draft_directly(client, make, login, people):
    practice = make.practice(city=people['city'], status='draft', published_dt=None)
    login(people['secretariat'])
    client.post(f'/practices/{practice.id}/publish')
    assert practice.is_published


def test_requested_changes_go_back_to_the_author_who_sees_them(client, make, login, db, people):
    practice = make.practice(city=people['city'], author=people['director'], status='submitted', published_dt=None)
    login(people['secretariat'])
    assert client.post(f'/practices/{practice.id}/request-changes', data={'note': ''}).status_code == 302
    assert practice.status == 'submitted'  # an empty note is refused
    client.post(f'/practices/{practice.id}/request-changes', data={'note': 'نتایج را با عدد بنویسید.'})
    assert practice.status == 'changes_requested'
    assert any('اصلاحاتی خواسته' in t for t in _notes(db, people['director']))
    login(people['director'])
    assert 'نتایج را با عدد بنویسید.' in client.get(f'/practices/{practice.id}').get_data(as_text=True)
    assert 'نتایج را با عدد بنویسید.' in client.get(f'/practices/{practice.id}/edit').get_data(as_text=True)
    client.post(f'/practices/{practice.id}/submit')
    assert practice.status == 'submitted'


def test_drafts_are_not_listed_and_unpublish_takes_a_practice_off_the_list(client, make, login, people):
    draft = make.practice(city=people['city'], status='draft', title='پیش‌نویس پنهان')
    published = make.practice(city=people['city'], title='منتشرشده آشکار')
    login(people['secretariat'])
    page = client.get('/practices/').get_data(as_text=True)
    assert 'منتشرشده آشکار' in page and draft.title not in page
    client.post(f'/practices/{published.id}/unpublish')
    assert published.status == 'draft' and 'منتشرشده آشکار' not in client.get('/practices/').get_data(as_text=True)


def test_selected_badge_and_filter(client, make, login, people):
    chosen = make.practice(city=people['city'], title='برگزیده‌ای از کرج')
    make.practice(city=people['city'], title='تجربه‌ای معمولی')
    login(people['secretariat'])
    client.post(f'/practices/{chosen.id}/selected', data={'selected': '1'})
    assert chosen.is_selected
    page = client.get('/practices/?selected=1').get_data(as_text=True)
    assert 'برگزیده‌ای از کرج' in page and 'تجربه‌ای معمولی' not in page and 'برگزیده کمیسیون' in page


def test_editing_keeps_the_draft_and_changes_the_text(client, make, login, people):
    practice = make.practice(city=people['city'], status='draft', title='عنوان کهنه')
    login(people['colleague'])  # any director of the city may edit its practices
    response = client.post(f'/practices/{practice.id}/edit', data=_form(practice.category, title='عنوان تازه'))
    assert response.status_code == 302 and practice.title == 'عنوان تازه' and practice.status == 'draft'


def test_deleting_a_draft_removes_its_files(client, make, login, db, people, app):
    login(people['director'])
    client.post('/practices/new', data=dict(_form(make.category()), files=[(io.BytesIO(PNG), 'عکس.png')]),
                content_type='multipart/form-data')
    practice = db.session.scalar(db.select(Practice).where(Practice.title == 'نظرسنجی هفتگی در کانال شهرداری'))
    attachment = db.session.scalar(db.select(Attachment).where(Attachment.owner_id == practice.id,
                                                               Attachment.owner_type == 'practice'))
    path = f"{app.config['UPLOAD_FOLDER']}/{attachment.stored_name}"
    client.post(f'/practices/{practice.id}/delete')
    assert db.session.get(Practice, practice.id) is None
    assert db.session.scalar(db.select(db.func.count(Attachment.id)).where(Attachment.owner_id == practice.id,
                                                                           Attachment.owner_type == 'practice')) == 0
    import os
    assert not os.path.exists(path)
