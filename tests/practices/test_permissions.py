"""Who may do what with a practice, for their own city and another city: each rule both ways, over HTTP."""
import pytest

from commission.practices.models import Practice, PracticeAdoption, PracticeUseful


@pytest.fixture
def world(make):
    home, other = make.city(name='کرج'), make.city(name='تهران')
    return {
        'home': home,
        'own': make.user(role='director', city=home),
        'peer': make.user(role='director', city=other),
        'secretariat': make.user(role='secretariat'),
        'admin': make.user(role='admin'),
        'observer': make.user(role='observer'),
    }


def _status(client, login, user, method, url, data=None):
    login(user)
    response = client.get(url) if method == 'get' else client.post(url, data=data or {})
    return response.status_code


@pytest.mark.parametrize('who, expected', [('own', 200), ('secretariat', 200), ('admin', 200),
                                           ('peer', 403), ('observer', 403)])
@pytest.mark.parametrize('status', ['draft', 'submitted', 'changes_requested'])
def test_unpublished_practice_is_read_by_its_city_and_the_staff_only(client, make, login, world, who, expected,
                                                                     status):
    practice = make.practice(city=world['home'], status=status)
    assert _status(client, login, world[who], 'get', f'/practices/{practice.id}') == expected


@pytest.mark.parametrize('who', ['own', 'peer', 'secretariat', 'observer'])
def test_published_practice_is_read_by_everyone_signed_in(client, make, login, world, who):
    practice = make.practice(city=world['home'])
    assert _status(client, login, world[who], 'get', f'/practices/{practice.id}') == 200


def test_anonymous_visitor_is_sent_to_login(client, make, world):
    practice = make.practice(city=world['home'])
    for url in ('/practices/', f'/practices/{practice.id}', '/practices/new'):
        response = client.get(url)
        assert response.status_code == 302 and '/login' in response.headers['Location']


@pytest.mark.parametrize('who, expected', [('own', 200), ('peer', 200), ('secretariat', 200), ('admin', 200),
                                           ('observer', 403)])
def test_who_may_open_the_new_practice_form(client, login, world, who, expected):
    assert _status(client, login, world[who], 'get', '/practices/new') == expected


@pytest.mark.parametrize('who, expected', [('own', 200), ('secretariat', 200), ('admin', 200),
                                           ('peer', 403), ('observer', 403)])
@pytest.mark.parametrize('status', ['draft', 'published'])
def test_who_may_edit(client, make, login, world, who, expected, status):
    practice = make.practice(city=world['home'], status=status)
    assert _status(client, login, world[who], 'get', f'/practices/{practice.id}/edit') == expected
    if expected == 403:
        login(world[who])
        assert client.post(f'/practices/{practice.id}/edit', data={'title': 'ربوده'}).status_code == 403
        assert practice.title != 'ربوده'


@pytest.mark.parametrize('who, expected', [('own', 302), ('secretariat', 302), ('peer', 403), ('observer', 403)])
def test_who_may_submit(client, make, login, world, who, expected):
    practice = make.practice(city=world['home'], status='draft')
    assert _status(client, login, world[who], 'post', f'/practices/{practice.id}/submit') == expected
    assert practice.status == ('submitted' if expected == 302 else 'draft')


@pytest.mark.parametrize('who, expected', [('secretariat', 302), ('admin', 302), ('own', 403), ('peer', 403),
                                           ('observer', 403)])
def test_only_the_staff_publish(client, make, login, world, who, expected):
    practice = make.practice(city=world['home'], status='submitted')
    assert _status(client, login, world[who], 'post', f'/practices/{practice.id}/publish') == expected
    assert practice.is_published == (expected == 302)


@pytest.mark.parametrize('who, expected', [('secretariat', 302), ('own', 403), ('peer', 403)])
def test_only_the_staff_request_changes_unpublish_and_select(client, make, login, world, who, expected):
    submitted = make.practice(city=world['home'], status='submitted')
    published = make.practice(city=world['home'])
    login(world[who])
    assert client.post(f'/practices/{submitted.id}/request-changes', data={'note': 'آمار را بیفزایید'}).status_code \
        == expected
    assert client.post(f'/practices/{published.id}/selected', data={'selected': '1'}).status_code == expected
    assert published.is_selected == (expected == 302)
    assert client.post(f'/practices/{published.id}/unpublish').status_code == expected
    assert published.is_published == (expected != 302)


@pytest.mark.parametrize('who, expected', [('own', 302), ('secretariat', 302), ('peer', 403), ('observer', 403)])
def test_who_may_delete_a_draft(client, make, login, world, db, who, expected):
    practice = make.practice(city=world['home'], status='draft')
    practice_id = practice.id
    assert _status(client, login, world[who], 'post', f'/practices/{practice_id}/delete') == expected
    assert (db.session.get(Practice, practice_id) is None) == (expected == 302)


def test_a_published_practice_cannot_be_deleted_even_by_its_city(client, make, login, world):
    practice = make.practice(city=world['home'])
    assert _status(client, login, world['own'], 'post', f'/practices/{practice.id}/delete') == 403


@pytest.mark.parametrize('who, expected', [('peer', 302), ('secretariat', 302), ('own', 403), ('observer', 403)])
def test_who_may_ask_a_question(client, make, login, world, who, expected):
    practice = make.practice(city=world['home'])
    assert _status(client, login, world[who], 'post', f'/practices/{practice.id}/comments',
                   {'body': 'چطور انجام دادید؟'}) == expected


@pytest.mark.parametrize('who, expected', [('own', 302), ('peer', 302), ('secretariat', 302), ('observer', 403)])
def test_who_may_reply(client, make, login, world, who, expected):
    practice = make.practice(city=world['home'])
    question = make.comment(practice, world['peer'])
    assert _status(client, login, world[who], 'post', f'/practices/{practice.id}/comments',
                   {'body': 'پاسخ', 'parent_id': question.id}) == expected


def test_nobody_comments_on_an_unpublished_practice(client, make, login, world):
    practice = make.practice(city=world['home'], status='submitted')
    for who in ('own', 'secretariat'):
        assert _status(client, login, world[who], 'post', f'/practices/{practice.id}/comments',
                       {'body': 'پرسش'}) == 403


@pytest.mark.parametrize('who, expected', [('peer', 302), ('own', 403), ('secretariat', 403), ('observer', 403)])
def test_only_the_asker_accepts_the_answer_not_the_answering_city(client, make, login, world, who, expected):
    practice = make.practice(city=world['home'])
    question = make.comment(practice, world['peer'])
    reply = make.comment(practice, world['own'], body='پاسخ', parent=question)
    assert _status(client, login, world[who], 'post', f'/practices/comments/{reply.id}/answer') == expected
    assert reply.is_answer == (expected == 302)


def test_the_asker_cannot_accept_a_reply_of_their_own_city(client, make, login, world):
    practice = make.practice(city=world['home'])
    question = make.comment(practice, world['peer'])
    colleague = make.user(role='director', city=world['peer'].city)
    own_reply = make.comment(practice, colleague, body='همکار هم‌شهری', parent=question)
    mine = make.comment(practice, world['peer'], body='پاسخ خودم', parent=question)
    for reply in (own_reply, mine):
        assert _status(client, login, world['peer'], 'post', f'/practices/comments/{reply.id}/answer') == 403
        assert not reply.is_answer


def test_the_accept_button_is_shown_to_the_asker_only(client, make, login, world):
    practice = make.practice(city=world['home'])
    question = make.comment(practice, world['peer'])
    make.comment(practice, world['own'], body='پاسخ', parent=question)
    login(world['peer'])
    assert 'پاسخ پرسشم را گرفتم' in client.get(f'/practices/{practice.id}').get_data(as_text=True)
    login(world['own'])
    assert 'پاسخ پرسشم را گرفتم' not in client.get(f'/practices/{practice.id}').get_data(as_text=True)


@pytest.mark.parametrize('who, expected', [('peer', 302), ('own', 403), ('secretariat', 403), ('observer', 403)])
def test_who_may_mark_useful_and_record_adoption(client, make, login, world, db, who, expected):
    practice = make.practice(city=world['home'])
    login(world[who])
    assert client.post(f'/practices/{practice.id}/useful').status_code == expected
    assert client.post(f'/practices/{practice.id}/adoption', data={'note': 'ما هم کردیم'}).status_code == expected
    assert db.session.scalar(db.select(db.func.count(PracticeUseful.id))) == (1 if expected == 302 else 0)
    assert db.session.scalar(db.select(db.func.count(PracticeAdoption.id))) == (1 if expected == 302 else 0)


def test_nobody_marks_useful_or_adopts_an_unpublished_practice(client, make, login, world):
    practice = make.practice(city=world['home'], status='submitted')
    login(world['peer'])
    assert client.post(f'/practices/{practice.id}/useful').status_code == 403
    assert client.post(f'/practices/{practice.id}/adoption', data={'note': 'x'}).status_code == 403


def test_only_the_adopting_city_removes_its_adoption(client, make, login, world, db):
    practice = make.practice(city=world['home'])
    adoption = PracticeAdoption(practice=practice, city_id=world['peer'].city_id, user=world['peer'], note='کردیم')
    db.session.add(adoption)
    db.session.flush()
    assert _status(client, login, world['own'], 'post', f'/practices/adoptions/{adoption.id}/delete') == 403
    assert _status(client, login, world['peer'], 'post', f'/practices/adoptions/{adoption.id}/delete') == 302


@pytest.mark.parametrize('who, expected', [('secretariat', 200), ('admin', 200), ('own', 403), ('observer', 403)])
def test_only_the_staff_manage_categories(client, login, world, who, expected):
    assert _status(client, login, world[who], 'get', '/practices/categories') == expected


def test_forbidden_page_is_persian(client, make, login, world):
    practice = make.practice(city=world['home'], status='draft')
    login(world['peer'])
    response = client.get(f'/practices/{practice.id}')
    assert response.status_code == 403 and 'دسترسی مجاز نیست' in response.get_data(as_text=True)


def test_the_review_queue_and_my_city_page(client, make, login, world):
    make.practice(city=world['home'], status='submitted', title='در انتظار بررسی کرج')
    assert _status(client, login, world['own'], 'get', '/practices/review') == 403
    assert _status(client, login, world['secretariat'], 'get', '/practices/mine') == 403
    login(world['secretariat'])
    assert 'در انتظار بررسی کرج' in client.get('/practices/review').get_data(as_text=True)
    login(world['own'])
    assert 'در انتظار بررسی کرج' in client.get('/practices/mine').get_data(as_text=True)
    login(world['peer'])
    assert 'در انتظار بررسی کرج' not in client.get('/practices/mine').get_data(as_text=True)
