import pytest

from tests.search.conftest import search_index  # noqa: F401  (an index of its own, drained on commit)


@pytest.fixture
def cli(app, db, search_index):  # noqa: F811
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))
