"""The 'mail.send' job: one batch of messages over one SMTP connection, each handed over at most once.

Before a message goes to the server its index is committed to the job's `progress`: a worker killed in the
middle of a send leaves that message marked, and the retry skips it (at most once, never twice). A failure
before anything was handed over (server down, TLS refused) leaves the batch for a retry with backoff.
"""
import datetime as dt
import logging
import smtplib

from .. import mail
from ..db import db
from ..jobs import handler
from ..jobs.queue import JobError, extend_lease
from ..jobs.schedule import daily, periodic
from . import bale_updates

logger = logging.getLogger(__name__)


@handler('mail.send')
def send_batch(payload, job):
    messages = payload.get('messages', [])
    progress = dict(job.progress or {})
    attempted = set(progress.get('attempted', []))
    todo = [i for i in range(len(messages)) if i not in attempted]
    if not todo:
        _forget_bodies(job, payload)
        return
    if not mail.configured():
        logger.info('Mail not configured; %s message(s) of job %s skipped', len(todo), job.id)
        return  # nothing was handed over: the bodies stay, as the admin was shown an invitation's link anyway
    refused = list(progress.get('refused', []))
    with mail.connect() as smtp:
        for i in todo:
            attempted.add(i)
            job.progress = dict(progress, attempted=sorted(attempted), refused=refused)
            extend_lease(db.session, job)
            db.session.commit()  # the marker first: a crash from here on never sends this one again
            m = messages[i]
            try:
                smtp.send_message(mail.build_message(m['to'], m['subject'], m['body'], html=m.get('html')))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                logger.warning('Mail to %s refused: %s', m['to'], exc)
                refused.append(i)
    job.progress = dict(progress, attempted=sorted(attempted), refused=refused)
    _forget_bodies(job, payload)


def _forget_bodies(job, payload):
    """Once a batch is handed over, keep who and what subject only: an invitation's or a reset's link (valid
    for days) and the text of every notification would otherwise stay readable in the jobs table and its backups."""
    job.payload = dict(payload, messages=[{'to': m.get('to'), 'subject': m.get('subject')}
                                          for m in payload.get('messages', [])])


@handler('notifications.send')
def send_one(payload, job):
    """One SMS or Bale message (a notification, or a contact's confirmation code), handed over at most once.

    The marker is committed before the request. A gateway that is down or answers "not now" clears it and the
    worker retries with backoff; a refusal for good fails the job (for /admin/jobs); no answer after sending
    keeps the marker: the message may have arrived, so it is never sent twice.
    """
    from . import channels, services
    from .models import ContactPoint
    if (job.progress or {}).get('attempted'):
        return
    contact = db.session.get(ContactPoint, payload.get('contact_id'))
    if contact is None or contact.channel != payload.get('channel') or contact.address != payload.get('address'):
        logger.info('Job %s: the contact was removed or changed; nothing sent', job.id)
        return
    channel = channels.get(contact.channel)
    if not channel.configured():
        logger.info('Job %s: %s is not configured; nothing sent', job.id, contact.channel)
        return
    if payload.get('purpose') == 'code':
        if contact.confirmed:
            return
        text = f'کد تأیید کمیسیون ارتباطات کلانشهرها: {services.new_code(contact)}\nاین کد را به کسی ندهید.'
    elif not contact.confirmed:
        logger.info('Job %s: contact %s is not confirmed; nothing sent', job.id, contact.id)
        return
    else:
        text = payload.get('text', '')
    job.progress = {'attempted': True}
    extend_lease(db.session, job)
    db.session.commit()  # the marker (and a code's hash) first: a crash from here on never sends it again
    try:
        channel.send(contact.address, text)
    except channels.NotDelivered:
        job.progress = {}
        db.session.commit()  # nothing was taken: the retry may send it
        raise
    except channels.Refused as exc:
        job.progress = {}
        db.session.commit()
        raise JobError(f'{contact.channel} refused the message: {exc}') from None
    except channels.Uncertain as exc:
        raise JobError(f'{exc}; not sent again (at most once)') from None


daily('notifications.digest.daily', 'notifications.digest', time_config='DIGEST_TIME', default='07:00',
      payload={'period': 'daily'})
daily('notifications.digest.weekly', 'notifications.digest', time_config='DIGEST_TIME', default='07:00',
      payload={'period': 'weekly'})


@handler('notifications.digest')
def digest(payload, job):
    """The day's digests (the weekly one only on DIGEST_WEEKDAY): one 'mail.send' batch, items marked as sent."""
    from . import digests
    today = dt.date.fromisoformat(payload['day']) if payload.get('day') else None
    sent = digests.send_digests(payload.get('period', 'daily'), today)
    logger.info('%s digest: %s message(s)', payload.get('period', 'daily'), sent)


periodic(bale_updates.due, bale_updates.poll)
