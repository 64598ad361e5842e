"""Attachment jobs: 'attachments.extract' (a document's text, read in a limited child process, then its owner
reindexed) and the daily 'attachments.sweep' of uploads that never committed."""
import logging
import os
import time

from flask import current_app

from ..db import db
from ..jobs import handler
from ..jobs.schedule import daily
from .models import Attachment
from .services import PART, extract_text, file_path

logger = logging.getLogger(__name__)


class FileNotReady(Exception):
    """The upload's commit has not renamed the file yet; the job is retried shortly."""


@handler('attachments.extract')
def extract_attachment(payload, job):
    attachment = db.session.get(Attachment, payload['attachment_id'])
    if attachment is None or attachment.text_status != 'pending':
        return  # deleted meanwhile, or already done by an earlier attempt
    path = file_path(attachment)
    if not os.path.exists(path):
        if os.path.exists(path + PART):
            raise FileNotReady(path)
        attachment.text_status, attachment.text_note = 'refused', 'فایل روی دیسک پیدا نشد.'
        return
    attachment_id, content_type = attachment.id, attachment.content_type
    db.session.commit()  # no transaction stays open through the extraction (SQLite: no stale read to write on)
    text, reason = extract_text(path, content_type)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        return
    if reason:
        logger.info('Text of attachment %s not extracted: %s', attachment.id, reason)
        attachment.text_status, attachment.text_note = 'refused', reason
    else:
        attachment.text_status, attachment.text_note, attachment.extracted_text = 'done', None, text
    db.session.flush()  # the search hooks queue the owner's key, indexed by the worker's next round


daily('attachments.sweep', 'attachments.sweep', time_config='UPLOAD_SWEEP_TIME', default='03:30')


@handler('attachments.sweep')
def sweep_partial_uploads(payload, job, max_age_hours=24):
    """Delete uploads that were written but never committed (a request killed before its commit)."""
    folder = current_app.config['UPLOAD_FOLDER']
    cutoff = time.time() - max_age_hours * 3600
    removed = 0
    for entry in os.scandir(folder) if os.path.isdir(folder) else ():
        if entry.name.endswith(PART) and entry.stat().st_mtime < cutoff:
            os.remove(entry.path)
            removed += 1
    if removed:
        logger.info('Removed %s partial upload(s) older than %s h', removed, max_age_hours)
