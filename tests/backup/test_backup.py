"""Back up a populated instance while it is written to, restore it elsewhere (and across databases), find it all."""
import json
import os
import threading

import pytest

from commission.attachments.models import Attachment
from commission.backup.restore import RestoreError, restore_backup
from commission.backup.snapshot import create_backup
from commission.db import db
from commission.practices.models import Practice
from commission.resolutions.models import ProgressReport

from ..factories import Factories
from .conftest import ATTACHMENT, PG, populate

needs_pg = pytest.mark.skipif(not PG, reason='TEST_DATABASE_URL is not set')


def backup_while_writing(app, target):
    """Create the backup while another thread keeps committing new practices; returns (manifest, written)."""
    stop, written = threading.Event(), []

    def writer():
        with app.app_context():
            make = Factories(db)
            city = make.city()
            while not stop.is_set():
                practice = make.practice(city=city)
                db.session.commit()
                written.append(practice.id)
    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 3:
            stop.wait(0.01)
        with app.app_context():
            manifest = create_backup(target)
    finally:
        stop.set()
        thread.join()
    return manifest, written


def search(app, words):
    result = app.test_cli_runner().invoke(args=['search', 'query', words])
    assert result.exit_code == 0, result.output
    return result.output


def check_restored(app, ids, manifest):
    with app.app_context():
        assert db.session.get(Practice, ids['practice']).title == 'تجربه زپلین در روابط عمومی'
        assert db.session.get(ProgressReport, ids['report']).note == 'گزارش زپلین'
        assert db.session.get(Attachment, ids['attachment']).original_name == 'گزارش.pdf'
        assert db.session.scalar(db.select(db.func.count(Practice.id))) == manifest['counts']['practices']
        with open(os.path.join(app.config['UPLOAD_FOLDER'], ids['stored_name']), 'rb') as f:
            assert f.read() == ATTACHMENT
        # new rows get new ids (the PostgreSQL sequences moved past the restored ones)
        practice = Factories(db).practice()
        db.session.commit()
        assert practice.id > ids['practice']
    assert f'practice:{ids["practice"]}' in search(app, 'زپلین')


@pytest.mark.parametrize('source, target', [
    ('sqlite', 'sqlite'),
    pytest.param('postgresql', 'postgresql', marks=needs_pg),
    pytest.param('sqlite', 'postgresql', marks=needs_pg),
    pytest.param('postgresql', 'sqlite', marks=needs_pg),
])
def test_backup_while_serving_restores_everything(instance, backup_dir, source, target):
    app = instance(source)
    ids = populate(app)
    manifest, written = backup_while_writing(app, backup_dir)
    # the populated practice and those committed before the snapshot (others committed while it was read)
    assert 1 + 3 <= manifest['counts']['practices'] <= 1 + len(written)
    assert manifest['schema_revision'] and manifest['counts']['attachments'] == 1
    assert (source == 'sqlite') == (manifest['native'] == 'db.sqlite3')
    fresh = instance(target, migrate=False)
    with fresh.app_context():
        restore_backup(backup_dir)
    check_restored(fresh, ids, manifest)


def test_cli_backup_and_restore(instance, backup_dir):
    app = instance()
    ids = populate(app)
    result = app.test_cli_runner().invoke(args=['backup', 'create', backup_dir])
    assert result.exit_code == 0, result.output
    assert 'Backup written' in result.output
    fresh = instance(migrate=False)
    result = fresh.test_cli_runner().invoke(args=['backup', 'restore', backup_dir])
    assert result.exit_code == 0, result.output
    with open(os.path.join(backup_dir, 'manifest.json'), encoding='utf-8') as f:
        check_restored(fresh, ids, json.load(f))


def _restored_nothing(app):
    with app.app_context():
        assert not db.session.scalar(db.select(db.func.count(Practice.id)))
        assert not os.listdir(app.config['UPLOAD_FOLDER']) if os.path.isdir(app.config['UPLOAD_FOLDER']) else True


@pytest.mark.parametrize('damaged', ['data/practices.jsonl', 'files'])
def test_a_corrupted_backup_is_refused_and_nothing_restored(instance, backup_dir, damaged):
    app = instance()
    ids = populate(app)
    with app.app_context():
        create_backup(backup_dir)
    path = os.path.join(backup_dir, damaged if damaged != 'files' else os.path.join('files', ids['stored_name']))
    with open(path, 'r+b') as f:
        f.seek(10)
        f.write(b'!')
    fresh = instance()
    result = fresh.test_cli_runner().invoke(args=['backup', 'restore', backup_dir])
    assert result.exit_code != 0
    assert 'خراب است' in result.output and 'هیچ چیز بازگردانده نشد' in result.output
    _restored_nothing(fresh)


def test_a_non_empty_target_is_refused_without_force(instance, backup_dir):
    app = instance()
    ids = populate(app)
    with app.app_context():
        create_backup(backup_dir)
    other = instance()
    with other.app_context():
        kept = Factories(db).practice(title='تجربه‌ای که باید بماند')
        db.session.commit()
        kept_id = kept.id
        with pytest.raises(RestoreError, match='مقصد خالی نیست.*--force'):
            restore_backup(backup_dir)
        assert db.session.get(Practice, kept_id).title == 'تجربه‌ای که باید بماند'
    with other.app_context():
        restore_backup(backup_dir, force=True)
    with other.app_context():
        assert db.session.get(Practice, ids['practice']).title == 'تجربه زپلین در روابط عمومی'
        assert db.session.scalar(db.select(Practice).where(Practice.title == 'تجربه‌ای که باید بماند')) is None


def test_backup_refuses_a_non_empty_folder(instance, tmp_path):
    app = instance()
    (tmp_path / 'something').write_text('x')
    result = app.test_cli_runner().invoke(args=['backup', 'create', str(tmp_path)])
    assert result.exit_code != 0 and 'خالی نیست' in result.output
