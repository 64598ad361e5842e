"""The worker backs up daily at BACKUP_TIME (Tehran) when BACKUP_DIR is set, keeping the last BACKUP_KEEP."""
import datetime as dt
import os

from commission.backup.jobs import prune
from commission.db import db
from commission.jobs.schedule import start_due
from commission.jobs.worker import run_pending

from .conftest import populate

AFTER = dt.datetime(2026, 3, 1, 2, 45)  # Tehran, past the default BACKUP_TIME (02:30), before other dailies


def test_the_worker_writes_the_daily_backup_when_backup_dir_is_set(instance, tmp_path):
    app = instance()
    populate(app)
    app.config['BACKUP_DIR'] = str(tmp_path / 'backups')
    with app.app_context():
        assert start_due(db.session, now=AFTER) == ['backup.create']
        assert start_due(db.session, now=AFTER + dt.timedelta(minutes=30)) == []  # once a day
        run_pending(app)
    [name] = os.listdir(tmp_path / 'backups')
    assert os.path.exists(tmp_path / 'backups' / name / 'manifest.json')


def test_no_backup_is_scheduled_without_backup_dir(instance):
    app = instance()
    with app.app_context():
        assert 'backup.create' not in start_due(db.session, now=AFTER)


def test_only_the_last_backups_are_kept(tmp_path):
    names = [f'backup-2026030{day}-023000' for day in range(1, 6)]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / 'manifest.json').write_text('{}')
    (tmp_path / 'backup-20260306-023000').mkdir()  # being written: no manifest yet
    (tmp_path / 'my-own-copy').mkdir()
    prune(str(tmp_path), 2)
    assert sorted(os.listdir(tmp_path)) == [names[3], names[4], 'backup-20260306-023000', 'my-own-copy']
