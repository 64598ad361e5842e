"""Outgoing mail. Without a configured server a message is logged and skipped, never an error for the user."""
import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

logger = logging.getLogger(__name__)


def send_mail(to, subject, body):
    """Send a plain-text UTF-8 message; returns True when it was handed to the SMTP server."""
    recipients = [to] if isinstance(to, str) else list(to)
    config = current_app.config
    if not recipients:
        return False
    if not config.get('MAIL_SERVER'):
        logger.info('Mail not configured; skipped %r to %s', subject, ', '.join(recipients))
        return False
    message = EmailMessage()
    message['Subject'] = ' '.join(str(subject).split())  # a title imported with a line break must not fail the send
    message['From'] = config['MAIL_FROM']
    message['To'] = ', '.join(recipients)
    message.set_content(body, charset='utf-8')
    try:
        with smtplib.SMTP(config['MAIL_SERVER'], config['MAIL_PORT'], timeout=10) as smtp:
            if config.get('MAIL_USE_TLS'):
                smtp.starttls()
            if config.get('MAIL_USERNAME'):
                smtp.login(config['MAIL_USERNAME'], config.get('MAIL_PASSWORD') or '')
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        logger.exception('Sending mail %r failed', subject)
        return False
    return True
