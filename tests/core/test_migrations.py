"""The migrations build, from nothing, exactly the schema the models describe (SQLite, and PostgreSQL in CI)."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from commission import create_app
from commission.db import db
from commission.search.pgindex import not_ours

from ..conftest import upgrade_database, worker_database_url


@pytest.mark.parametrize('backend', ['sqlite', 'configured'])
def test_upgrade_from_empty_matches_models(tmp_path, backend):
    url = f'sqlite:///{tmp_path}/fresh.db' if backend == 'sqlite' else worker_database_url('_mig')
    if backend == 'configured' and url.startswith('sqlite'):
        pytest.skip('TEST_DATABASE_URL not set: PostgreSQL migration check runs in CI')
    app = create_app({'INSTANCE_PATH': str(tmp_path), 'SQLALCHEMY_DATABASE_URI': url})
    upgrade_database(app)
    with app.app_context():
        with db.engine.connect() as connection:
            # the PostgreSQL search backend's tables are kept by hand, without models (pgindex.py)
            context = MigrationContext.configure(connection, opts={'compare_type': True, 'include_object': not_ours})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == []
