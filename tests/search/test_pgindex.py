"""The PostgreSQL backend's own guarantees (the behaviour tests run on both backends: `@both_backends`):
it refuses to start without PostgreSQL, writes are upserts whose term counts stay those of a rebuild, and a
rebuild holding the tables never makes a save wait."""
import os
import time

import pytest
from sqlalchemy import create_engine, text

from commission import create_app
from commission.search import hooks, pgindex, services
from commission.search.models import SearchQueue

on_postgres = pytest.mark.skipif(not os.environ.get('TEST_DATABASE_URL'),
                                 reason='the PostgreSQL backend needs TEST_DATABASE_URL')


@pytest.mark.parametrize('backend, url, says', [
    ('postgres', 'sqlite:///x.db', 'needs DATABASE_URL to be a PostgreSQL database'),
    ('elastic', 'sqlite:///x.db', "use 'whoosh'"),
])
def test_a_backend_that_cannot_work_stops_the_app_at_startup_and_says_why(tmp_path, backend, url, says):
    with pytest.raises(RuntimeError, match=says):
        create_app({'INSTANCE_PATH': str(tmp_path), 'SQLALCHEMY_DATABASE_URI': url, 'SEARCH_BACKEND': backend,
                    'SECRET_KEY': 'x'})


def test_postgres_urls_are_recognised():
    assert pgindex.is_postgres('postgresql+psycopg://u@h/db') and pgindex.is_postgres('postgres://h/db')
    assert not pgindex.is_postgres('sqlite:///x.db')


@pytest.fixture
def pg_index(request, app, db, worker_on_commit):
    if db.engine.dialect.name != 'postgresql':
        pytest.skip('the PostgreSQL backend needs TEST_DATABASE_URL')
    saved = app.config.get('SEARCH_BACKEND')
    app.config['SEARCH_BACKEND'] = 'postgres'
    yield
    app.config['SEARCH_BACKEND'] = saved


def _term_counts(db):
    return db.session.execute(text(
        'SELECT term, visibility, df_title, df_body, df_city, df_attachments, cf_title, cf_body, cf_city, '
        'cf_attachments FROM search_terms WHERE df_title + df_body + df_city + df_attachments > 0 '
        'ORDER BY term, visibility')).all()


@on_postgres
def test_term_counts_after_edits_and_deletions_are_those_a_rebuild_counts(db, make, pg_index):
    kept = make.practice(title='جشنواره فیلم کوتاه شهری', summary='فیلم‌های کوتاه شهروندان درباره محله')
    edited = make.practice(title='کارگاه عکاسی', summary='عکاسی با تلفن همراه')
    gone = make.practice(title='نمایشگاه عکس محله', summary='عکس‌های قدیمی محله')
    db.session.commit()
    edited.title = 'کارگاه فیلم کوتاه'
    db.session.delete(gone)
    db.session.commit()
    assert [h['key'] for h in services.run_query('فیلم کوتاه')] == [f'practice:{kept.id}', f'practice:{edited.id}']
    assert services.run_query('نمایشگاه') == []
    drained = _term_counts(db)
    hooks.rebuild()
    assert _term_counts(db) == drained
    assert ('', 'public', 2, 2, 2, 2) == tuple(next(r for r in drained if r[0] == '' and r[1] == 'public')[:6])


@on_postgres
def test_indexing_a_change_twice_leaves_one_document(db, make, pg_index, run_jobs):
    practice = make.practice(title='شب شعر محله‌ها')
    db.session.commit()
    db.session.add(SearchQueue(key=f'practice:{practice.id}', created_dt=practice.created_dt))
    db.session.commit()
    assert db.session.scalar(text('SELECT count(*) FROM search_documents')) == 1
    assert [h['key'] for h in services.run_query('شعر')] == [f'practice:{practice.id}']


@on_postgres
def test_rebuild_recreates_the_tables_from_the_database(db, make, pg_index):
    practice = make.practice(title='پادکست محله')
    db.session.commit()
    db.session.execute(text('DELETE FROM search_documents'))  # the tables are lost
    assert services.run_query('پادکست') == []
    hooks.rebuild()
    assert [h['key'] for h in services.run_query('پادکست')] == [f'practice:{practice.id}']


@on_postgres
def test_a_save_returns_at_once_while_a_rebuild_holds_the_tables(db, make, client, login, app, pg_index, run_jobs,
                                                                 monkeypatch):
    monkeypatch.setitem(app.config, 'WORKER_INDEX_TIMEOUT', 0.2)
    director = make.user(role='director')
    category = make.category()
    login(director)
    other = create_engine(db.engine.url, isolation_level='AUTOCOMMIT')
    with other.connect() as rebuild:  # another process's rebuild: the index lock, exclusive
        rebuild.execute(text('SELECT pg_advisory_lock(:id)'), {'id': pgindex.LOCK_ID})
        started = time.monotonic()
        response = client.post('/practices/new', data={'title': 'پویش کاهش مصرف آب', 'summary': 'خلاصه',
                                                      'category_id': str(category.id), 'year': '1403'})
        assert response.status_code == 302 and time.monotonic() - started < 5
        assert db.session.scalar(db.select(SearchQueue.key)).startswith('practice:')  # left for the next round
        rebuild.execute(text('SELECT pg_advisory_unlock(:id)'), {'id': pgindex.LOCK_ID})
    other.dispose()
    run_jobs()
    assert db.session.scalar(db.select(SearchQueue.key)) is None
    assert [h['title'] for h in services.run_query('کاهش مصرف آب', user=director)] == ['پویش کاهش مصرف آب']


def _fields(key, title, body, visibility='public'):
    kind, number = key.split(':')
    return {'key': key, 'id': int(number), 'kind': kind, 'title': title, 'body': body, 'visibility': visibility}


@on_postgres
def test_two_workers_writing_the_same_documents_at_once_leave_one_each_and_true_counts(app, db):
    """Two workers' drains at once (their own connections and transactions): the later write wins whole, and the
    term counts are what the documents hold."""
    import threading
    engine = create_engine(db.engine.url)
    texts = {'a': ('جشنواره فیلم کوتاه', 'فیلم کوتاه شهروندان'), 'b': ('کارگاه عکاسی شهری', 'عکاسی با تلفن')}
    keys = ['practice:901', 'practice:902']
    errors = []

    def drain(version, pause):
        try:
            with engine.begin() as conn:
                writer = pgindex.Writer(conn, timeout=10)
                writer.lock_keys(keys)
                writer.write([_fields(key, *texts[version]) for key in keys])
                writer.finish()
                time.sleep(pause)  # the other worker now waits for these keys
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    try:
        first = threading.Thread(target=drain, args=('a', 0.3))
        first.start()
        time.sleep(0.1)
        second = threading.Thread(target=drain, args=('b', 0))
        second.start()
        first.join(30)
        second.join(30)
        assert errors == []
        with engine.connect() as conn:
            titles = conn.execute(text('SELECT title FROM search_documents WHERE key = ANY(:k)'), {'k': keys}).scalars()
            assert sorted(titles) == ['کارگاه عکاسی شهری'] * 2
            counted = conn.execute(text(
                "SELECT u.lexeme, count(*) FILTER (WHERE 'A' = ANY(u.weights)), "
                "count(*) FILTER (WHERE 'C' = ANY(u.weights)) FROM search_documents d, unnest(d.terms) u "
                'GROUP BY u.lexeme ORDER BY u.lexeme')).all()
            kept = conn.execute(text("SELECT term, df_title, df_body FROM search_terms WHERE term <> '' "
                                     'AND df_title + df_body + df_city + df_attachments > 0 ORDER BY term')).all()
            assert [tuple(r) for r in kept] == [tuple(r) for r in counted]
            assert 'فیلم' not in [r[0] for r in kept]
            assert _postings(conn) == _postings_from_tsvectors(conn)  # one set of postings, the later one's
    finally:
        with engine.begin() as conn:
            conn.execute(text('DELETE FROM search_postings'))
            conn.execute(text('DELETE FROM search_documents'))
            conn.execute(text('DELETE FROM search_terms'))
        engine.dispose()


def _postings(conn):
    return [tuple(r) for r in conn.execute(text(
        'SELECT d.key, p.term, p.tf_title, p.tf_city, p.tf_body, p.tf_attachments, p.positions '
        'FROM search_postings p JOIN search_documents d ON d.id = p.doc ORDER BY d.key, p.term'))]


def _postings_from_tsvectors(conn):
    """What migration 0022 fills search_postings with, from the documents' tsvectors."""
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[2] / 'migrations' / 'versions' / '0022_search_postings.py'
    spec = importlib.util.spec_from_file_location('migration_0022', path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    class Op:
        def get_bind(self):
            return conn

        def execute(self, statement):
            conn.execute(text(statement))

    with conn.begin_nested() as savepoint:
        conn.execute(text('DELETE FROM search_postings'))
        migration.op = Op()
        migration.upgrade()
        filled = _postings(conn)
        savepoint.rollback()
    return filled


@on_postgres
def test_migration_0022_fills_the_postings_the_writer_writes(db, make, pg_index):
    """A deployment that had the search tables before search_postings gets, from its tsvectors, the same rows
    a drain writes: occurrences per field and positions (title's, city's, body's, then attachments')."""
    make.practice(title='جشنواره فیلم کوتاه شهری', summary='فیلم کوتاه شهروندان؛ فیلم دوم محله')
    make.practice(title='کارگاه عکاسی', summary='عکاسی با تلفن همراه در کارگاه')
    db.session.commit()
    conn = db.session.connection()
    written = _postings(conn)
    film = [r for r in written if r[1] == 'فیلم']
    assert len(film) == 1 and film[0][2:6] == (1, 0, 2, 0)  # once in the title, twice in the body
    assert _postings_from_tsvectors(conn) == written
