"""A search index of its own for each test, drained on commit by an inline worker round; content comes from `make`."""
import pytest

from commission.search import index


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
