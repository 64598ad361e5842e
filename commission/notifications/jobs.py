"""The 'mail.send' job: one batch of messages over one SMTP connection, each handed over at most once.

Before a message goes to the server its index is committed to the job's `progress`: a worker killed in the
middle of a send leaves that message marked, and the retry skips it (at most once, never twice). A failure
before anything was handed over (server down, TLS refused) leaves the batch for a retry with backoff.
"""
import logging
import smtplib

from .. import mail
from ..db import db
from ..jobs import handler
from ..jobs.queue import extend_lease

logger = logging.getLogger(__name__)


@handler('mail.send')
def send_batch(payload, job):
    messages = payload.get('messages', [])
    progress = dict(job.progress or {})
    attempted = set(progress.get('attempted', []))
    todo = [i for i in range(len(messages)) if i not in attempted]
    if not todo:
        return
    if not mail.configured():
        logger.info('Mail not configured; %s message(s) of job %s skipped', len(todo), job.id)
        return
    refused = list(progress.get('refused', []))
    with mail.connect() as smtp:
        for i in todo:
            attempted.add(i)
            job.progress = dict(progress, attempted=sorted(attempted), refused=refused)
            extend_lease(db.session, job)
            db.session.commit()  # the marker first: a crash from here on never sends this one again
            m = messages[i]
            try:
                smtp.send_message(mail.build_message(m['to'], m['subject'], m['body']))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                logger.warning('Mail to %s refused: %s', m['to'], exc)
                refused.append(i)
    job.progress = dict(progress, attempted=sorted(attempted), refused=refused)
