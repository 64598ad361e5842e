"""The worker's daily backup ('backup.create'): into BACKUP_DIR/<date-time>, keeping the last BACKUP_KEEP."""
import datetime as dt
import logging
import os
import re
import shutil

from flask import current_app

from ..jobs import handler
from ..jobs.schedule import daily
from .dump import MANIFEST
from .snapshot import create_backup

logger = logging.getLogger(__name__)
#: the folders this job writes (and so the only ones it ever deletes)
NAME = re.compile(r'^backup-\d{8}-\d{6}$')

daily('backup.create', 'backup.create', time_config='BACKUP_TIME', default='02:30', enabled_config='BACKUP_DIR')


@handler('backup.create')
def scheduled_backup(payload, job):
    root = current_app.config.get('BACKUP_DIR')
    if not root:
        return
    os.makedirs(root, mode=0o700, exist_ok=True)
    target = os.path.join(root, dt.datetime.now(dt.UTC).strftime('backup-%Y%m%d-%H%M%S'))
    manifest = create_backup(target)
    logger.info('Backup written to %s (%s rows)', target, sum(manifest['counts'].values()))
    prune(root, current_app.config.get('BACKUP_KEEP') or 7)


def prune(root, keep):
    """Delete all but the newest `keep` complete backups; an incomplete one (no manifest) older than them too."""
    names = sorted(name for name in os.listdir(root) if NAME.match(name))
    complete = [name for name in names if os.path.exists(os.path.join(root, name, MANIFEST))]
    kept = set(complete[-keep:]) if keep > 0 else set()
    oldest_kept = min(kept) if kept else ''
    for name in names:
        if name not in kept and (name in complete or name < oldest_kept):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
            logger.info('Old backup %s removed', name)
