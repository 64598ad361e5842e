"""The instance folder (database, uploads, index, secret key) is readable by its owner only."""
import os
import stat

from sqlalchemy import text

from commission import create_app
from commission.db import db


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_instance_folder_and_its_files_are_owner_only(tmp_path):
    instance = tmp_path / 'instance'
    instance.mkdir(mode=0o755)
    os.chmod(instance, 0o755)  # an existing folder made readable by all is tightened too
    app = create_app({'INSTANCE_PATH': str(instance)})
    with app.app_context():
        with db.engine.connect() as connection:
            connection.execute(text('CREATE TABLE t (x INTEGER)'))
            connection.commit()
        db.engine.dispose()
    assert _mode(instance) == 0o700
    assert _mode(instance / 'uploads') == 0o700 and _mode(instance / 'search-index') == 0o700
    assert _mode(instance / 'secret_key') == 0o600
    assert _mode(instance / 'commission.db') == 0o600
    (instance / 'uploads' / 'a.pdf').write_bytes(b'%PDF')  # files the app writes later follow the umask
    assert _mode(instance / 'uploads' / 'a.pdf') == 0o600
