import email
import email.policy
import logging
import socket

import pytest
from aiosmtpd.controller import Controller

from commission.mail import send_mail


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return '250 OK'


@pytest.fixture
def smtp_server():
    inbox = _Inbox()
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    controller = Controller(inbox, hostname='127.0.0.1', port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def test_persian_mail_arrives_with_utf8_subject_and_body(app, smtp_server):
    port, inbox = smtp_server
    app.config.update(MAIL_SERVER='127.0.0.1', MAIL_PORT=port, MAIL_FROM='commission@example.org')
    try:
        with app.app_context():
            assert send_mail('karaj@example.org', 'نشست دوم کمیسیون برنامه‌ریزی شد', 'نشست در کرج برگزار می‌شود.')
    finally:
        app.config['MAIL_SERVER'] = None
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.rcpt_tos == ['karaj@example.org']
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message['Subject'] == 'نشست دوم کمیسیون برنامه‌ریزی شد'
    assert message.get_body(('plain',)).get_content().strip() == 'نشست در کرج برگزار می‌شود.'


def test_without_mail_server_mail_is_logged_and_skipped(app, caplog):
    with app.app_context(), caplog.at_level(logging.INFO, logger='commission.mail'):
        assert send_mail('a@example.org', 'سلام', 'متن') is False
    assert 'Mail not configured' in caplog.text


def test_a_subject_with_a_line_break_is_sent_on_one_line(app, smtp_server):
    port, inbox = smtp_server
    app.config.update(MAIL_SERVER='127.0.0.1', MAIL_PORT=port)
    try:
        with app.app_context():
            assert send_mail('karaj@example.org', 'نشست\r\nBcc: evil@example.org', 'متن')
    finally:
        app.config['MAIL_SERVER'] = None
    message = email.message_from_bytes(inbox.messages[0].content, policy=email.policy.default)
    assert message['Subject'] == 'نشست Bcc: evil@example.org' and message['Bcc'] is None
