"""The Bale bot answers whoever writes to it: their chat id and a link that fills it in on the settings page.

A person adding Bale on /notifications/settings needs the id of their chat with the bot, which Bale does not
show. So the worker reads the bot's new messages (`getUpdates`, every BALE_POLL_SECONDS; 0 turns it off, e.g.
when the bot has a webhook elsewhere) and answers each private chat with its id and the settings page's address
with that id filled in; a chat already confirmed for someone is told so. The last update read is kept in the
settings table (`bale_update_offset`): a restarted worker does not answer twice, several workers take turns
(PostgreSQL: an advisory lock; SQLite runs one worker). An answer lost to a crash before the offset is stored is
sent again next time (at least once); Bale being down only delays the answers (logged, tried again later).
"""
import logging
import time

from flask import current_app
from sqlalchemy import text

from .. import settings
from ..db import db
from .channels import NotDelivered, Refused, Uncertain, get
from .models import ContactPoint
from .services import absolute

logger = logging.getLogger(__name__)

#: PostgreSQL advisory lock key of the poll (one worker at a time)
LOCK_KEY = 7_310_002
#: after a failed poll, the next one waits this long
BACKOFF_SECONDS = 60
_next = {'at': 0.0}


def interval():
    return float(current_app.config.get('BALE_POLL_SECONDS', 5) or 0)


def due(now=None):
    """Whether this worker should poll now: Bale configured, polling on, its interval passed."""
    if interval() <= 0 or not get('bale').configured():
        return False
    return (now if now is not None else time.monotonic()) >= _next['at']


def answer_text(chat_id):
    contact = db.session.scalar(db.select(ContactPoint).where(
        ContactPoint.channel == 'bale', ContactPoint.address == str(chat_id), ContactPoint.confirmed_dt.is_not(None)))
    if contact is not None:
        return (f'این گفت‌وگو به حساب {contact.user.full_name} در سامانهٔ کمیسیون ارتباطات وصل است؛ '
                'اعلان‌های فوری‌ای که برای بله برگزیده‌اید اینجا می‌رسد.')
    link = absolute(f'/notifications/settings?bale={chat_id}#contact-bale')
    return ('سلام! این بات اعلان‌های فوری سامانهٔ کمیسیون ارتباطات (سررسید مصوبه‌ها، نشست فردا، …) را می‌فرستد.\n'
            f'شناسهٔ گفت‌وگوی شما: {chat_id}\n'
            'برای وصل کردن آن به حساب‌تان این پیوند را باز کنید و «فرستادن کد تأیید» را بزنید؛ '
            f'کدی که اینجا می‌رسد را در همان صفحه بنویسید:\n{link}')


def _private_chats(updates):
    """(update id, chat id) of each update; chat id None for what is not a private message."""
    for update in updates:
        message = update.get('message') or {}
        chat = message.get('chat') or {}
        private = chat.get('type', 'private') == 'private' and isinstance(chat.get('id'), int)
        yield int(update.get('update_id', 0)), chat['id'] if private else None


def poll(now=None):
    """Read the bot's new messages and answer each private chat; returns how many were answered."""
    now = now if now is not None else time.monotonic()
    _next['at'] = now + interval()
    if db.engine.dialect.name == 'postgresql' and not db.session.execute(
            text('SELECT pg_try_advisory_xact_lock(:k)'), {'k': LOCK_KEY}).scalar():
        db.session.rollback()
        return 0  # another worker polls right now
    channel = get('bale')
    last = int(settings.get('bale_update_offset') or 0)
    try:
        updates = channel.call('getUpdates', {'offset': last + 1, 'timeout': 0, 'allowed_updates': ['message']})
    except (NotDelivered, Refused, Uncertain) as exc:
        logger.warning("Bale: could not read the bot's messages (%s); trying again in %d s", exc, BACKOFF_SECONDS)
        _next['at'] = now + BACKOFF_SECONDS
        db.session.rollback()
        return 0
    answered = 0
    for update_id, chat_id in _private_chats(updates or []):
        if chat_id is not None:
            try:
                channel.send(str(chat_id), answer_text(chat_id))
                answered += 1
            except (NotDelivered, Refused, Uncertain) as exc:  # e.g. the person blocked the bot since
                logger.warning('Bale: could not answer chat %s: %s', chat_id, exc)
        last = max(last, update_id)
    settings.set_('bale_update_offset', str(last))
    db.session.commit()
    return answered
