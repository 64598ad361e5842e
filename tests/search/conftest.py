"""A search index of its own for each test, drained on commit by an inline worker round; content comes from `make`.

`search_index` is the whoosh index unless a test asks for both backends with `@both_backends` (helpers.py):
it then also runs against the PostgreSQL tables (pgindex.py), when the tests run on PostgreSQL
(TEST_DATABASE_URL), and is skipped otherwise.
"""
import pytest

from commission.search import index


@pytest.fixture
def search_index(request, app, db, tmp_path, worker_on_commit):
    """An empty index (a fresh whoosh folder, or the empty PostgreSQL tables inside the test's transaction);
    commits in this test update it (inside the rolled-back transaction)."""
    backend = getattr(request, 'param', 'whoosh')
    keys = ('SEARCH_INDEX_PATH', 'SEARCH_LOCK_TIMEOUT', 'WORKER_INDEX_TIMEOUT', 'SEARCH_BACKEND')
    saved = {k: app.config[k] for k in keys if k in app.config}
    path = str(tmp_path / 'search-index')
    app.config.update(SEARCH_INDEX_PATH=path, SEARCH_LOCK_TIMEOUT=5, SEARCH_BACKEND=backend)
    index.reset()
    if backend == 'whoosh':
        index.create(path)
    yield path
    index.reset()
    for key in keys:  # as it was: a setting the test added is removed, not left as None
        app.config.pop(key, None)
    app.config.update(saved)
