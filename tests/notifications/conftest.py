"""Fake SMS gateway and fake Bale bot API on 127.0.0.1 (http.server in a thread), and the SMTP server of tests/jobs."""
import json
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from commission.jobs.models import Job

from ..jobs.conftest import free_port, mail_config, smtp  # noqa: F401 - fixtures shared with the mail tests


class FakeServer:
    """Records each request; answers with `replies` in turn (then `default`): (status, body) or 'drop' (no answer)."""

    def __init__(self, default=(200, b'{}')):
        self.requests = []
        self.replies = []
        self.default = default
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get('Content-Length') or 0)
                raw = self.rfile.read(length) if length else b''
                server.requests.append({'method': self.command, 'path': self.path, 'headers': dict(self.headers),
                                        'body': raw})
                reply = server.replies.pop(0) if server.replies else server.default
                if reply == 'drop':  # read the request, answer nothing
                    self.close_connection = True
                    self.connection.close()
                    return
                status, body = reply
                body = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _handle

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f'http://127.0.0.1:{self.port}'

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # what the tests read
    def forms(self):
        """The SMS requests as dicts (form body, or the query string of a GET)."""
        out = []
        for r in self.requests:
            query = r['body'].decode() if r['method'] == 'POST' else urllib.parse.urlsplit(r['path']).query
            out.append({k: v[0] for k, v in urllib.parse.parse_qs(query).items()})
        return out

    def messages(self):
        """The Bale sendMessage bodies."""
        return [json.loads(r['body']) for r in self.requests]


@pytest.fixture
def sms_gateway(app):
    """A fake SMS gateway, configured as the app's (SMS_GATEWAY_URL, SMS_API_KEY, SMS_SENDER)."""
    server = FakeServer(default=(200, {'return': {'status': 200, 'message': 'تایید شد'}, 'entries': []}))
    keys = ('SMS_GATEWAY_URL', 'SMS_API_KEY', 'SMS_SENDER', 'SMS_GATEWAY_METHOD')
    saved = {k: app.config.get(k) for k in keys}
    app.config.update(SMS_GATEWAY_URL=server.url + '/v1/sms/send.json', SMS_API_KEY='test-key',
                      SMS_SENDER='10004346', SMS_GATEWAY_METHOD='POST')
    yield server
    app.config.update(saved)
    server.stop()


@pytest.fixture
def bale(app):
    """A fake Bale bot API (Telegram's sendMessage), configured as BALE_API_URL with token 'tok:123'."""
    server = FakeServer(default=(200, {'ok': True, 'result': {'message_id': 1}}))
    saved = {k: app.config.get(k) for k in ('BALE_API_URL', 'BALE_BOT_TOKEN')}
    app.config.update(BALE_API_URL=server.url, BALE_BOT_TOKEN='tok:123')
    yield server
    app.config.update(saved)
    server.stop()


def jobs(db, kind=None):
    query = db.select(Job).order_by(Job.id)
    if kind:
        query = query.where(Job.kind == kind)
    return db.session.scalars(query).all()


def code_in(text):
    return re.search(r'(\d{6})', text).group(1)


def confirmed_contact(db, user, channel, address):
    """A contact confirmed directly (the tests of the confirmation itself go through the page)."""
    from commission.notifications.models import ContactPoint
    from commission.timeutil import utcnow
    contact = ContactPoint(user_id=user.id, channel=channel, address=address, confirmed_dt=utcnow(),
                           code_attempts=0, codes_sent=0)
    db.session.add(contact)
    db.session.flush()
    return contact


def prefer(db, user, kind, delivery, *channels):
    from commission.notifications.services import save_preferences
    save_preferences(user, {kind: (delivery, set(channels))})
