"""Peers question a practice, its city answers, the asker accepts the answer; useful marks and adoptions count."""
import pytest

from commission.notifications.models import Notification
from commission.practices.models import PracticeComment


@pytest.fixture
def peers(make):
    karaj, tehran = make.city(name='کرج', slug='karaj-x'), make.city(name='تهران', slug='tehran-x')
    return {'karaj': make.user(role='director', city=karaj, full_name='محمدجلال سبزی'),
            'karaj2': make.user(role='director', city=karaj),
            'tehran': make.user(role='director', city=tehran, full_name='مریم احمدی'),
            'tehran_city': tehran}


def _notes(db, user):
    return db.session.scalars(db.select(Notification.text).where(Notification.user_id == user.id)).all()


def test_a_question_notifies_the_practice_city_directors_not_the_asker(client, make, login, db, peers):
    practice = make.practice(city=peers['karaj'].city, title='زیرگذر')
    login(peers['tehran'])
    response = client.post(f'/practices/{practice.id}/comments', data={'body': 'هزینه فیلم‌برداری چقدر بود؟'})
    assert response.status_code == 302 and '#comment-' in response.headers['Location']
    for director in (peers['karaj'], peers['karaj2']):
        assert any('مریم احمدی (تهران) درباره تجربه «زیرگذر» پرسید' in t for t in _notes(db, director))
    assert _notes(db, peers['tehran']) == []
    assert practice.comment_count == 1


def test_an_empty_question_is_refused(client, make, login, db, peers):
    practice = make.practice(city=peers['karaj'].city)
    login(peers['tehran'])
    client.post(f'/practices/{practice.id}/comments', data={'body': '   '})
    assert db.session.scalar(db.select(db.func.count(PracticeComment.id))) == 0


def test_the_marked_answer_is_shown_first_and_the_mark_moves(client, make, login, db, peers):
    practice = make.practice(city=peers['karaj'].city)
    question = make.comment(practice, peers['tehran'], body='چطور؟')
    first = make.comment(practice, peers['karaj2'], body='پاسخ نخست همکار', parent=question)
    second = make.comment(practice, peers['karaj'], body='پاسخ کامل مدیر', parent=question)
    login(peers['tehran'])  # the asker accepts
    client.post(f'/practices/comments/{second.id}/answer')
    assert second.is_answer and not first.is_answer
    page = client.get(f'/practices/{practice.id}').get_data(as_text=True)
    assert page.index('پاسخ کامل مدیر') < page.index('پاسخ نخست همکار')
    assert 'پاسخ پذیرفته‌شده' in page
    client.post(f'/practices/comments/{first.id}/answer')
    db.session.expire_all()
    assert first.is_answer and not second.is_answer
    assert any('پاسخ پذیرفته‌شده شد' in t for t in _notes(db, peers['karaj2']))


def test_a_question_itself_cannot_be_the_answer(client, make, login, peers):
    practice = make.practice(city=peers['karaj'].city)
    question = make.comment(practice, peers['tehran'])
    login(peers['karaj'])
    client.post(f'/practices/comments/{question.id}/answer')
    assert not question.is_answer


def test_a_reply_notifies_the_asker(client, make, login, db, peers):
    practice = make.practice(city=peers['karaj'].city)
    question = make.comment(practice, peers['tehran'])
    login(peers['karaj'])
    client.post(f'/practices/{practice.id}/comments', data={'body': 'با یک رابط خبری در هر معاونت.',
                                                            'parent_id': str(question.id)})
    assert any('پاسخ داد' in t for t in _notes(db, peers['tehran']))
    assert not any('پاسخ داد' in t for t in _notes(db, peers['karaj']))


def test_useful_is_counted_once_per_director_and_can_be_taken_back(client, make, login, peers):
    practice = make.practice(city=peers['karaj'].city)
    login(peers['tehran'])
    client.post(f'/practices/{practice.id}/useful')
    assert practice.useful_count == 1
    assert 'مفید دانستید' in client.get(f'/practices/{practice.id}').get_data(as_text=True)
    client.post(f'/practices/{practice.id}/useful')
    assert practice.useful_count == 0


def test_adoption_is_one_per_city_shows_on_the_practice_and_on_the_city_page(client, make, login, db, peers):
    practice = make.practice(city=peers['karaj'].city, title='۵۰۴ خبر در یک سال')
    login(peers['tehran'])
    client.post(f'/practices/{practice.id}/adoption', data={'note': 'در منطقه ۱۰ هم شروع کردیم'})
    client.post(f'/practices/{practice.id}/adoption', data={'note': 'در منطقه ۱۰ هم شروع کردیم',
                                                            'result': 'خبرها دو برابر شد'})
    assert practice.adoption_count == 1
    assert any('تهران تجربه «۵۰۴ خبر در یک سال» را به کار گرفت' in t for t in _notes(db, peers['karaj']))
    page = client.get(f'/practices/{practice.id}').get_data(as_text=True)
    assert 'در منطقه ۱۰ هم شروع کردیم' in page and 'خبرها دو برابر شد' in page
    city_page = client.get(f"/cities/{peers['tehran_city'].slug}").get_data(as_text=True)
    assert '۵۰۴ خبر در یک سال' in city_page and 'به کار گرفته است' in city_page


def test_adoption_without_a_note_is_refused(client, make, login, peers):
    practice = make.practice(city=peers['karaj'].city)
    login(peers['tehran'])
    client.post(f'/practices/{practice.id}/adoption', data={'note': ''})
    assert practice.adoption_count == 0


def test_sorting_by_most_useful_and_most_adopted(client, make, login, peers):
    city = peers['karaj'].city
    make.practice(city=city, title='کم‌سود', useful_count=1, adoption_count=5)
    make.practice(city=city, title='پرسود', useful_count=9, adoption_count=0)
    login(peers['tehran'])
    page = client.get('/practices/?sort=useful').get_data(as_text=True)
    assert page.index('پرسود') < page.index('کم‌سود')
    page = client.get('/practices/?sort=adopted').get_data(as_text=True)
    assert page.index('کم‌سود') < page.index('پرسود')


def test_home_section_shows_latest_practices_and_a_directors_pending_drafts(client, make, login, peers):
    make.practice(city=peers['tehran_city'], title='تازه از تهران')
    make.practice(city=peers['karaj'].city, status='changes_requested', title='برگشتی کرج', published_dt=None)
    login(peers['karaj'])
    html = client.get('/').get_data(as_text=True)
    assert 'تازه از تهران' in html and 'برگشتی کرج' in html
    login(peers['tehran'])
    assert 'برگشتی کرج' not in client.get('/').get_data(as_text=True)
