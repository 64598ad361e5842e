"""A search index of its own for each test, drained on commit by an inline worker round; content comes from `make`."""
import pytest

from commission.search import index


@pytest.fixture
def search_index(app, db, tmp_path, worker_on_commit):
    """An empty index in a fresh folder; commits in this test update it (inside the rolled-back transaction)."""
    keys = ('SEARCH_INDEX_PATH', 'SEARCH_LOCK_TIMEOUT', 'WORKER_INDEX_TIMEOUT')
    saved = {k: app.config[k] for k in keys if k in app.config}
    path = str(tmp_path / 'search-index')
    app.config.update(SEARCH_INDEX_PATH=path, SEARCH_LOCK_TIMEOUT=5)
    index.reset()
    index.create(path)
    yield path
    index.reset()
    for key in keys:  # as it was: a setting the test added is removed, not left as None
        app.config.pop(key, None)
    app.config.update(saved)
