"""Outgoing mail, sent by the worker only (see notifications/jobs.py). Without a server a message is logged and skipped.

Security: STARTTLS (MAIL_USE_TLS) and implicit TLS (port 465 or MAIL_USE_SSL) verify the server's certificate
against the system's CAs, or MAIL_CA_FILE, before any password is sent.
"""
import html
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

logger = logging.getLogger(__name__)

FONT_STACK = "Vazirmatn, 'Vazir', Tahoma, 'Segoe UI', Arial, sans-serif"
TIMEOUT = 15


def one_line(subject):
    """A subject is one header line: line breaks (which would inject headers) become spaces."""
    return ' '.join(str(subject).split())[:200]


def html_part(body):
    """The right-to-left HTML version of a plain-text body."""
    paragraphs = ''.join(f'<p style="margin:0 0 12px">{html.escape(p).replace(chr(10), "<br>")}</p>'
                         for p in body.strip().split('\n\n'))
    return (f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"></head>'
            f'<body dir="rtl" style="direction:rtl;text-align:right;font-family:{FONT_STACK};'
            f'font-size:15px;line-height:1.8">{paragraphs}</body></html>')


def build_message(to, subject, body, sender=None, html=None):
    """A UTF-8 message with Date and Message-ID, a plain-text part and an RTL HTML part (`html`, or made from body)."""
    sender = sender or current_app.config['MAIL_FROM']
    message = EmailMessage()
    message['Subject'] = one_line(subject)
    message['From'] = sender
    message['To'] = to if isinstance(to, str) else ', '.join(to)
    message['Date'] = formatdate(localtime=False)
    message['Message-ID'] = make_msgid(domain=sender.rpartition('@')[2] or 'localhost')
    message.set_content(body, charset='utf-8')
    message.add_alternative(html or html_part(body), subtype='html', charset='utf-8')
    return message


def tls_context():
    """Certificate and host name verified: the system's CAs, or the one in MAIL_CA_FILE."""
    return ssl.create_default_context(cafile=current_app.config.get('MAIL_CA_FILE') or None)


def connect():
    """An authenticated SMTP connection; raises OSError / SMTPException (a TLS failure among them)."""
    config = current_app.config
    host, port = config['MAIL_SERVER'], int(config.get('MAIL_PORT') or 25)
    if config.get('MAIL_USE_SSL') or port == 465:
        smtp = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=tls_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=TIMEOUT)
    try:
        if config.get('MAIL_USE_TLS') and not isinstance(smtp, smtplib.SMTP_SSL):
            smtp.starttls(context=tls_context())
        if config.get('MAIL_USERNAME'):
            smtp.login(config['MAIL_USERNAME'], config.get('MAIL_PASSWORD') or '')
    except BaseException:
        smtp.close()
        raise
    return smtp


def configured():
    return bool(current_app.config.get('MAIL_SERVER'))


def send_mail(to, subject, body):
    """Send one message over its own connection; True when the server took it (manual use and tests)."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return False
    if not configured():
        logger.info('Mail not configured; skipped %r to %s', one_line(subject), ', '.join(recipients))
        return False
    try:
        with connect() as smtp:
            smtp.send_message(build_message(recipients, subject, body))
    except (OSError, smtplib.SMTPException):
        logger.exception('Sending mail %r failed', one_line(subject))
        return False
    return True
