"""Storing uploaded files: checked before they are written, kept under random names, never served as HTML.

Files follow the transaction: an upload is written under a temporary name and renamed after the commit (a
rollback deletes it), and a deleted attachment's file is removed only after the commit. Text extraction is a
job the worker runs (attachments/jobs.py), so the upload itself returns at once.
"""
import logging
import os
import secrets

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..db import db
from ..forms import clean_file_name
from ..jalali import persian_digits
from ..jobs import enqueue
from .models import Attachment

logger = logging.getLogger(__name__)

#: extension -> content type we serve the file as
ALLOWED_TYPES = {
    'jpg': 'image/jpeg', 'jpeg': 'image/jpeg', 'png': 'image/png', 'gif': 'image/gif', 'webp': 'image/webp',
    'pdf': 'application/pdf',
    'doc': 'application/msword',
    'docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'xls': 'application/vnd.ms-excel',
    'xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'ppt': 'application/vnd.ms-powerpoint',
    'pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
}

#: the first bytes each kind of file starts with, so a renamed HTML page is not taken for a PDF
_MAGIC = {
    'image/jpeg': (b'\xff\xd8\xff',), 'image/png': (b'\x89PNG',), 'image/gif': (b'GIF8',),
    'image/webp': (b'RIFF',), 'application/pdf': (b'%PDF',),
    'video/webm': (b'\x1a\x45\xdf\xa3',), 'image/vnd.adobe.photoshop': (b'8BPS',),
    'application/postscript': (b'%PDF', b'%!PS'), 'application/zip': (b'PK\x03\x04',),
}
_OLE = b'\xd0\xcf\x11\xe0'
_ZIP = b'PK\x03\x04'


class AttachmentError(ValueError):
    """A refused upload; the message is Persian and meant for the user."""


#: the uploads folder could not take the file (disk full, permissions): the view rolls back and keeps the form
NOT_STORED = ('ذخیرهٔ فایل ممکن نشد: فضای ذخیره‌سازی سامانه در دسترس نیست. چیزی ثبت نشد؛ '
              'چند دقیقه بعد دوباره بفرستید یا با دبیرخانه تماس بگیرید.')


def _extension(filename):
    return filename.rsplit('.', 1)[-1].lower() if '.' in filename else ''


def _size(stream):
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


#: what the default refusal lists
_ALLOWED_TEXT = 'فقط تصویر، PDF و فایل‌های Word، Excel و PowerPoint'


def _content_matches(head, content_type, extension):
    if content_type == 'video/mp4':  # an ISO media file: a box size, then 'ftyp'
        return head[4:8] == b'ftyp'
    expected = _MAGIC.get(content_type) or ((_ZIP,) if extension.endswith('x') else (_OLE,))
    return head.startswith(expected)


def check_upload(file_storage, *, types=None, limit_mb=None, allowed_text=None):
    """Validate type and size before anything is written; returns (name, content type, size).

    A domain with other files (the occasions' media kit: videos, layered templates) passes its own `types`
    ({extension: content type}), per-extension `limit_mb` ({extension: MB}, or one number) and the Persian
    list of what it accepts; the content is checked against the type's first bytes all the same.
    """
    name = clean_file_name(os.path.basename((file_storage.filename or '').replace('\\', '/')))
    extension = _extension(name)
    content_type = (types or ALLOWED_TYPES).get(extension)
    if not content_type:
        raise AttachmentError(f'نوع فایل «{name}» پذیرفته نیست؛ {allowed_text or _ALLOWED_TEXT}.')
    size = _size(file_storage.stream)
    if size == 0:
        raise AttachmentError(f'فایل «{name}» خالی است.')
    if isinstance(limit_mb, dict):
        limit_mb = limit_mb.get(extension)
    limit_mb = limit_mb or current_app.config['MAX_UPLOAD_MB']
    if size > limit_mb * 1024 * 1024:
        raise AttachmentError(f'فایل «{name}» بزرگ‌تر از {persian_digits(limit_mb)} مگابایت است.')
    head = file_storage.stream.read(12)
    file_storage.stream.seek(0)
    if not _content_matches(head, content_type, extension):
        raise AttachmentError(f'محتوای فایل «{name}» با پسوند آن نمی‌خواند.')
    return name, content_type, size


def store_attachment(owner_type, owner_id, file_storage, *, user, **limits):
    """Check and save one uploaded file for an owner; raises AttachmentError with a Persian message.

    `limits` (types=, limit_mb=, allowed_text=) go to check_upload."""
    name, content_type, size = check_upload(file_storage, **limits)
    folder = current_app.config['UPLOAD_FOLDER']
    stored_name = secrets.token_hex(16) + '.' + _extension(name)
    final = os.path.join(folder, stored_name)
    temp = final + PART
    try:
        os.makedirs(folder, exist_ok=True)
        file_storage.save(temp)
    except OSError as exc:
        logger.error('upload not stored in %s: %s', folder, exc)
        _remove_quietly(temp)
        raise AttachmentError(NOT_STORED) from exc
    db.session.info.setdefault(_RENAME, []).append((temp, final))
    extractable = content_type in EXTRACTED_TYPES
    attachment = Attachment(owner_type=owner_type, owner_id=owner_id, original_name=name, stored_name=stored_name,
                            content_type=content_type, size=size, uploaded_by=user, extracted_text='',
                            text_status='pending' if extractable else 'done')
    db.session.add(attachment)
    db.session.flush()
    if extractable:
        enqueue('attachments.extract', {'attachment_id': attachment.id})
    return attachment


def _remove_quietly(path):
    try:
        os.remove(path)
    except OSError:
        pass


def check_uploads(files):
    """Check several uploads (e.g. before a form is saved); returns the Persian errors, or []."""
    errors = []
    for f in files:
        if f and f.filename:
            try:
                check_upload(f)
            except AttachmentError as exc:
                errors.append(str(exc))
    return errors


def attachments_for(owner_type, owner_ids):
    """Attachments of many owners in one query: {owner_id: [Attachment, ...]}."""
    ids = list(owner_ids)
    result = {i: [] for i in ids}
    if not ids:
        return result
    rows = db.session.scalars(db.select(Attachment).where(Attachment.owner_type == owner_type,
                                                          Attachment.owner_id.in_(ids)).order_by(Attachment.id))
    for row in rows:
        result[row.owner_id].append(row)
    return result


def file_path(attachment):
    return os.path.join(current_app.config['UPLOAD_FOLDER'], attachment.stored_name)


def delete_attachment(attachment):
    """Delete the record now; its file goes once the deletion commits (a rollback keeps both)."""
    remove_after_commit(file_path(attachment))
    db.session.delete(attachment)


def remove_after_commit(path):
    """Delete a file of the uploads folder (a thumbnail) once the current transaction commits."""
    db.session.info.setdefault(_REMOVE, []).append(path)


def extract_text(path, content_type):
    """(text, None) or (None, Persian reason): a PDF's or Word file's text, read in a child process with limits."""
    from .extract import Limits, extract
    return extract(path, content_type, Limits.from_config(current_app.config))


#: uploads written but not committed yet end with this (a sweep may delete old ones)
PART = '.part'
#: the types whose text is extracted for search (other office files are only checked for zip bombs)
EXTRACTED_TYPES = {'application/pdf', ALLOWED_TYPES['docx']}
_RENAME = 'attachments_rename'
_REMOVE = 'attachments_remove'


@event.listens_for(Session, 'after_commit')
def _files_after_commit(session):
    if session.in_nested_transaction():  # a savepoint released: nothing is committed yet
        return
    for temp, final in session.info.pop(_RENAME, []):
        os.replace(temp, final)
    for path in session.info.pop(_REMOVE, []):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


@event.listens_for(Session, 'after_transaction_end')
def _files_after_rollback(session, transaction):
    if transaction.parent is not None or transaction.nested:
        return
    for temp, _final in session.info.pop(_RENAME, []):  # still there: the transaction did not commit
        try:
            os.remove(temp)
        except FileNotFoundError:
            pass
    session.info.pop(_REMOVE, None)


#: owner_type -> function(user, owner_id) -> bool, registered by each domain that owns attachments
_READ_CHECKS = {}


def register_owner(owner_type, can_read):
    """Let a domain say who may download the files attached to its objects."""
    _READ_CHECKS[owner_type] = can_read


def can_read_attachment(user, attachment):
    check = _READ_CHECKS.get(attachment.owner_type)
    return bool(check and check(user, attachment.owner_id))
