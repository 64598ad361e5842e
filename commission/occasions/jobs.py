"""Occasion jobs: 'occasions.thumbnail' (a kit image's thumbnail, made with Pillow) and the daily
'occasions.remind' (directors hear `days_ahead` days before each occasion how many cities shared designs)."""
import logging
import os
import secrets

from flask import current_app

from ..attachments.services import PART, file_path
from ..db import db
from ..jobs import handler
from ..jobs.schedule import daily
from .models import KitItem

logger = logging.getLogger(__name__)

#: the thumbnail's longest side, in pixels
THUMB_SIZE = 480
#: larger images are refused as decompression bombs (Pillow's own check, made stricter)
MAX_PIXELS = 60_000_000


class FileNotReady(Exception):
    """The upload's commit has not renamed the file yet; the job is retried shortly."""


@handler('occasions.thumbnail')
def make_thumbnail(payload, job):
    item = db.session.get(KitItem, payload['item_id'])
    if item is None or item.thumb_name:
        return
    path = file_path(item.attachment)
    if not os.path.exists(path):
        if os.path.exists(path + PART):
            raise FileNotReady(path)
        logger.info('Kit item %s: file missing, no thumbnail', item.id)
        return
    name = f'thumb-{secrets.token_hex(16)}.jpg'
    target = os.path.join(current_app.config['UPLOAD_FOLDER'], name)
    if not write_thumbnail(path, target):
        return
    item.thumb_name = name
    db.session.flush()


def write_thumbnail(source, target):
    """A JPEG of at most THUMB_SIZE px; False (logged) when the file is no readable image."""
    from PIL import Image, UnidentifiedImageError
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(source) as image:
            image.draft('RGB', (THUMB_SIZE * 2, THUMB_SIZE * 2))  # JPEG: decode at a smaller scale
            image.thumbnail((THUMB_SIZE, THUMB_SIZE))
            if image.mode not in ('RGB', 'L'):
                background = Image.new('RGB', image.size, 'white')
                rgba = image.convert('RGBA')
                background.paste(rgba, mask=rgba.getchannel('A'))
                image = background
            image.save(target + PART, 'JPEG', quality=82, optimize=True)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        logger.info('No thumbnail of %s: %s', source, exc)
        if os.path.exists(target + PART):
            os.remove(target + PART)
        return False
    os.replace(target + PART, target)
    return True


daily('occasions.remind', 'occasions.remind', time_config='OCCASION_REMINDER_TIME', default='08:30')


@handler('occasions.remind')
def remind(payload, job):
    import datetime as dt

    from .services import send_reminders
    today = dt.date.fromisoformat(payload['day']) if payload.get('day') else None
    logger.info('Occasion reminders sent for %s occasion(s)', send_reminders(today))
