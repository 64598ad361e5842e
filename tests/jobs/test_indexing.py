"""Indexing is the worker's: a save never waits for the index lock, and indexing the same change twice is harmless."""
import multiprocessing
import time

import pytest

from commission.practices.models import Practice
from commission.search import hooks, index, services
from commission.search.models import SearchQueue


def _hold_lock(path, ready, release):
    """Another process (a rebuild, another worker) holding whoosh's write lock."""
    from whoosh import index as whoosh_index

    from commission.search.index import INDEX_NAME
    writer = whoosh_index.open_dir(path, indexname=INDEX_NAME).writer()
    ready.set()
    release.wait(60)
    writer.cancel()


@pytest.fixture
def fresh_index(app, tmp_path, monkeypatch):
    path = str(tmp_path / 'index')
    monkeypatch.setitem(app.config, 'SEARCH_INDEX_PATH', path)
    index.reset()
    index.create(path)
    yield path
    index.reset()


def test_a_save_returns_at_once_while_another_process_holds_the_index_lock(db, make, client, login, fresh_index,
                                                                           app, run_jobs, monkeypatch):
    monkeypatch.setitem(app.config, 'WORKER_INDEX_TIMEOUT', 0.2)
    director = make.user(role='director')
    category = make.category()
    login(director)
    ctx = multiprocessing.get_context('spawn')
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(fresh_index, ready, release))
    holder.start()
    try:
        assert ready.wait(60)
        started = time.monotonic()
        response = client.post('/practices/new', data={'title': 'پویش کاهش مصرف آب', 'summary': 'خلاصه',
                                                      'category_id': str(category.id), 'year': '1403'})
        elapsed = time.monotonic() - started
        assert response.status_code == 302 and elapsed < 1.5  # it waited 9.7 s before the worker existed
        practice = db.session.scalar(db.select(Practice).where(Practice.title == 'پویش کاهش مصرف آب'))
        assert db.session.scalar(db.select(SearchQueue.key)) == f'practice:{practice.id}'
        run_jobs()  # the worker's round finds the lock held: the change stays queued
        assert db.session.scalar(db.select(SearchQueue.key)) == f'practice:{practice.id}'
    finally:
        release.set()
        holder.join(30)
    run_jobs()
    assert db.session.scalar(db.select(SearchQueue.key)) is None
    index.reset()
    assert [hit['key'] for hit in services.run_query('کاهش مصرف آب', user=director)] == [f'practice:{practice.id}']


def test_indexing_a_change_twice_after_a_crash_leaves_one_document(db, make, fresh_index, run_jobs, monkeypatch):
    practice = make.practice(title='شب شعر محله‌ها')
    db.session.commit()

    def crash(*args, **kwargs):
        raise RuntimeError('worker killed after the index commit, before the queue rows were deleted')
    with monkeypatch.context() as patch:
        patch.setattr(hooks, 'delete', crash)
        run_jobs()  # logged, not raised: the rows stay for the next round
        assert db.session.scalar(db.select(SearchQueue.key)) == f'practice:{practice.id}'
    run_jobs()
    assert db.session.scalar(db.select(SearchQueue.key)) is None
    with index.open_index(fresh_index).searcher() as searcher:
        keys = [fields['key'] for fields in searcher.all_stored_fields()]
    assert keys == [f'practice:{practice.id}']


def test_changes_made_within_a_second_are_indexed_together_and_none_waits_longer(db, make, fresh_index, app,
                                                                                  monkeypatch):
    """One index commit a second at most (each costs the worker and every web worker's next search), so a change
    made just after a commit waits for the next second's, not longer."""
    from commission.jobs import worker as worker_module
    clock = [1000.0]
    monkeypatch.setattr(worker_module.time, 'monotonic', lambda: clock[0])
    commits = []
    real_drain = hooks.drain
    monkeypatch.setattr(hooks, 'drain', lambda **kw: commits.append(clock[0]) or real_drain(**kw))
    worker = worker_module.Worker(app, name='test')
    worker.beats = worker.schedules = False
    make.practice(title='جشنواره فیلم کوتاه شهری')
    db.session.commit()
    worker.tick()
    assert commits == [1000.0]
    second = make.practice(title='نمایشگاه عکس محله')
    db.session.commit()
    clock[0] += 0.4
    worker.tick()
    assert commits == [1000.0] and 0 < worker._idle_seconds() <= 0.6  # it wakes for the next drain, no later
    third = make.practice(title='کارگاه عکاسی نوجوانان')
    db.session.commit()
    clock[0] += 0.6
    worker.tick()
    assert commits == [1000.0, 1001.0]  # the second and third in one index commit
    index.reset()
    keys = {hit['key'] for hit in services.run_query('عکس', user=make.user(role='secretariat'))}
    assert {f'practice:{second.id}', f'practice:{third.id}'} <= keys
    assert db.session.scalar(db.select(SearchQueue.key)) is None


def test_a_change_saved_while_a_long_batch_of_jobs_runs_is_indexed_before_the_rest_of_the_batch(db, make,
                                                                                                 fresh_index, app,
                                                                                                 monkeypatch):
    """Jobs that take a while each (a practice's similar experiences on a large site) must not hold a saved change
    out of search until the whole batch is done: the worker looks at the search queue again between jobs."""
    from commission.jobs import queue
    from commission.jobs import worker as worker_module
    clock = [1000.0]
    monkeypatch.setattr(worker_module.time, 'monotonic', lambda: clock[0])
    ran = []

    def slow(payload, job):
        if not ran:  # a director saves a practice while the first job runs
            make.practice(title='کارگاه عکاسی نوجوانان')
        ran.append(payload['n'])
        clock[0] += 0.6

    monkeypatch.setitem(queue.HANDLERS, 'test.slow', slow)
    drained_at = []
    real_drain = hooks.drain
    monkeypatch.setattr(hooks, 'drain', lambda **kw: drained_at.append(clock[0]) or real_drain(**kw))
    for n in range(10):
        queue.enqueue('test.slow', {'n': n})
    db.session.commit()
    worker = worker_module.Worker(app, name='test')
    worker.beats = worker.schedules = False
    saved_at = clock[0]
    for _ in range(20):
        worker.tick()
        if ran and db.session.scalar(db.select(SearchQueue.key)) is None:
            break
    assert drained_at and drained_at[0] - saved_at <= 2.0  # searchable within two seconds of the save
    assert len(ran) < 10  # the rest of the batch came after
    index.reset()
    assert services.run_query('عکاسی', user=make.user(role='secretariat'))
