"""Similar experiences are computed ahead by the worker and stored; the practice page only reads them."""
import pytest

from commission.jobs.models import Job
from commission.practices import similar
from commission.practices.models import SimilarPractices
from commission.search import hooks
from tests.search.conftest import search_index  # noqa: F401  (an index of its own, drained on commit)

TEXT = 'پیوست رسانه‌ای پروژه قطار شهری و اطلاع‌رسانی به شهروندان پیش از گودبرداری ایستگاه‌ها'


@pytest.fixture
def library(make):
    karaj, tabriz, shiraz = make.city(name='کرج'), make.city(name='تبریز'), make.city(name='شیراز')
    return {
        'karaj': karaj,
        'mine': make.practice(city=karaj, title='پیوست رسانه‌ای مترو کرج', summary=TEXT),
        'same_city': make.practice(city=karaj, title='پیوست رسانه‌ای قطار شهری کرج', summary=TEXT),
        'other': make.practice(city=tabriz, title='پیوست رسانه ای قطار شهری تبریز', summary=TEXT),
        'third': make.practice(city=shiraz, title='اطلاع‌رسانی گودبرداری ایستگاه قطار شیراز', summary=TEXT),
        'draft': make.practice(city=shiraz, title='پیوست رسانه‌ای قطار شهری شیراز', summary=TEXT, status='draft'),
        'unrelated': make.practice(city=shiraz, title='جشنواره نوروزی ساحل', summary='برنامه‌های شاد نوروزی کنار دریا'),
    }


def refuse_similarity_search(monkeypatch):
    """From now on, a request that tried the similarity search fails the test."""
    def refuse(*_args, **_kwargs):
        raise AssertionError('a page view ran the similarity search')
    monkeypatch.setattr('commission.search.similar.similar_practices', refuse)


def _titles_in_similar_card(html):
    return html.split('تجربه‌های مشابه از شهرهای دیگر', 1)[1].split('</aside>', 1)[0]


def test_the_page_shows_the_similar_practices_the_worker_stored(client, db, make, login, library, search_index,  # noqa: F811
                                                                monkeypatch):
    db.session.commit()  # the worker's round after the commit indexes them and computes their lists
    stored = db.session.get(SimilarPractices, library['mine'].id).similar_ids
    assert stored[0] == library['other'].id
    assert library['mine'].id not in stored and library['same_city'].id not in stored
    assert library['draft'].id not in stored
    refuse_similarity_search(monkeypatch)
    login(make.user(role='director', city=make.city()))
    card = _titles_in_similar_card(client.get(f'/practices/{library["mine"].id}').get_data(as_text=True))
    assert 'پیوست رسانه ای قطار شهری تبریز' in card
    assert 'مترو کرج' not in card and 'قطار شهری کرج' not in card and 'قطار شهری شیراز' not in card


def test_a_practice_unpublished_since_is_not_shown_from_a_stale_list(client, db, make, login, library,
                                                                     search_index, monkeypatch):  # noqa: F811
    db.session.commit()
    refuse_similarity_search(monkeypatch)
    assert library['other'].id in db.session.get(SimilarPractices, library['mine'].id).similar_ids
    library['other'].status = 'draft'  # its neighbours' lists still name it until they are recomputed
    db.session.flush()
    login(make.user(role='director', city=make.city()))
    card = _titles_in_similar_card(client.get(f'/practices/{library["mine"].id}').get_data(as_text=True))
    assert 'قطار شهری تبریز' not in card


def test_without_a_stored_list_the_page_shows_the_same_category(client, db, make, login, monkeypatch):
    refuse_similarity_search(monkeypatch)
    category = make.category(name='پیوست رسانه‌ای')
    mine = make.practice(title='پیوست رسانه‌ای مترو', category=category)
    make.practice(title='پوستر نوروزی همان دسته', category=category)
    db.session.flush()
    login(make.user(role='director', city=make.city()))
    card = _titles_in_similar_card(client.get(f'/practices/{mine.id}').get_data(as_text=True))
    assert 'پوستر نوروزی همان دسته' in card


def test_publishing_a_practice_computes_its_list_and_its_neighbours(client, db, make, login, library,
                                                                   search_index):  # noqa: F811
    db.session.commit()
    newcomer = make.practice(city=make.city(name='مشهد'), title='پیوست رسانه‌ای قطار شهری مشهد', summary=TEXT,
                             status='submitted', published_dt=None)
    db.session.commit()
    assert db.session.get(SimilarPractices, newcomer.id) is None  # not published: no list
    login(make.user(role='secretariat'))
    assert client.post(f'/practices/{newcomer.id}/publish').status_code == 302
    db.session.commit()
    assert library['other'].id in db.session.get(SimilarPractices, newcomer.id).similar_ids
    # the practices it found list it too, without waiting for the daily refresh
    assert newcomer.id in db.session.get(SimilarPractices, library['other'].id).similar_ids


def _similar_jobs(db):
    return db.session.scalars(db.select(Job.payload).where(Job.kind == 'practices.similar',
                                                           Job.status == 'pending')).all()


def test_a_text_change_queues_a_recomputation_and_a_counter_does_not(db, make):
    practice = make.practice(title='پوستر مناسبت‌ها')
    draft = make.practice(title='پیش‌نویس', status='draft')
    db.session.flush()
    assert _similar_jobs(db) == [{'id': practice.id}]
    db.session.execute(db.delete(Job))

    practice.useful_count += 1
    practice.comment_count += 1
    draft.summary = 'متن تازه پیش‌نویس'
    db.session.flush()
    assert _similar_jobs(db) == []

    practice.summary = 'خلاصه تازه با ویدئوی کوتاه'
    db.session.flush()
    practice.title = 'پوستر مناسبت‌های ملی'
    db.session.flush()
    assert _similar_jobs(db) == [{'id': practice.id, 'neighbours': True}]  # one waiting job, not one per change


def test_a_rebuild_recomputes_every_list_in_a_throttled_chain(db, make, library, search_index,  # noqa: F811
                                                              monkeypatch):
    monkeypatch.setattr(similar, 'CHUNK', 2)
    monkeypatch.setattr(similar, 'PAUSE_SECONDS', 0)
    db.session.commit()
    db.session.execute(db.delete(SimilarPractices))
    db.session.execute(db.delete(Job))
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(SimilarPractices)) == 0
    db.session.commit()  # the rebuild's session commits on its own: ours holds no transaction open around it

    hooks.rebuild()
    refresh = db.session.scalars(db.select(Job.payload).where(Job.kind == similar.REFRESH)).all()
    assert refresh == [{'after': 0}]
    similar.start_refresh()  # another rebuild while the refresh waits does not start a second chain
    db.session.flush()
    assert db.session.scalar(db.select(db.func.count(Job.id)).where(Job.kind == similar.REFRESH)) == 1

    db.session.commit()  # the worker's round: the chain, two practices a job
    published = [library[k].id for k in ('mine', 'same_city', 'other', 'third', 'unrelated')]
    stored = db.session.scalars(db.select(SimilarPractices.practice_id)).all()
    assert sorted(stored) == sorted(published)
    chain = db.session.scalars(db.select(Job.payload).where(Job.kind == similar.REFRESH).order_by(Job.id)).all()
    assert chain == [{'after': 0}, {'after': published[1]}, {'after': published[3]}]


def test_the_command_computes_every_published_list(app, db, library, search_index):  # noqa: F811
    db.session.commit()
    ids = {name: practice.id for name, practice in library.items() if name != 'karaj'}
    db.session.execute(db.delete(SimilarPractices))
    result = app.test_cli_runner().invoke(args=['practices', 'similar'])
    assert result.exit_code == 0, result.output
    assert 'of 5 practices' in result.output
    assert db.session.get(SimilarPractices, ids['mine']).similar_ids[0] == ids['other']
    assert db.session.get(SimilarPractices, ids['draft']) is None
