"""A search index of its own for each test, drained on commit by an inline worker round, and content helpers."""
import datetime as dt
import itertools

import pytest

from commission.search import index

_seq = itertools.count(1)


@pytest.fixture
def search_index(app, db, tmp_path, worker_on_commit):
    """An empty index in a fresh folder; commits in this test update it (inside the rolled-back transaction)."""
    saved = {k: app.config.get(k) for k in ('SEARCH_INDEX_PATH', 'SEARCH_LOCK_TIMEOUT', 'WORKER_INDEX_TIMEOUT')}
    path = str(tmp_path / 'search-index')
    app.config.update(SEARCH_INDEX_PATH=path, SEARCH_LOCK_TIMEOUT=5)
    index.reset()
    index.create(path)
    yield path
    index.reset()
    app.config.update(saved)


@pytest.fixture
def content(db, make):
    """Helpers that create searchable items (flush, never commit)."""
    return Content(db, make)


class Content:
    def __init__(self, db, make):
        self.db, self.make = db, make

    def _add(self, obj):
        self.db.session.add(obj)
        self.db.session.flush()
        return obj

    def practice(self, city=None, title='تجربه آزمایشی', summary='', status='published', **kw):
        from commission.practices.models import Practice
        now = dt.datetime(2024, 5, 1, 10)
        return self._add(Practice(city=city or self.make.city(), title=title, summary=summary, status=status,
                                  published_dt=now if status == 'published' else None, created_dt=now, **kw))

    def minutes(self, city=None, title='صورتجلسه آزمایشی', minutes='', meeting_date=dt.date(2023, 6, 1), **kw):
        from commission.meetings.models import Meeting
        return self._add(Meeting(host_city=city or self.make.city(), title=title, minutes=minutes,
                                 meeting_date=meeting_date, status='minutes_approved', **kw))

    def resolution(self, title='مصوبه آزمایشی', text='', city=None, **kw):
        from commission.resolutions.models import Resolution
        kw.setdefault('code', f'9/{next(_seq)}')
        return self._add(Resolution(title=title, text=text, lead_city=city, adopted_on=dt.date(2024, 1, 10), **kw))


def keys_in_index(path=None):
    """Every document key in the index (read straight from disk, bypassing the cached searcher)."""
    ix = index.open_index(path)
    with ix.searcher() as s:
        return {fields['key'] for fields in s.all_stored_fields()}
