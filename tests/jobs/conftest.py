"""An SMTP server (aiosmtpd) that can speak STARTTLS or implicit TLS, certificates made with openssl, and helpers."""
import shutil
import socket
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller

from commission.jobs.models import Job


class Inbox:
    def __init__(self):
        self.messages = []
        self.connections = 0
        self.on_data = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        if self.on_data:
            self.on_data(envelope)
        return '250 OK'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.fixture(scope='session')
def certs(tmp_path_factory):
    """A CA of our own and a server certificate for 127.0.0.1 signed by it, plus a self-signed one."""
    if not shutil.which('openssl'):
        pytest.skip('openssl not installed')
    d = tmp_path_factory.mktemp('certs')

    def run(*args):
        subprocess.run(['openssl', *args], cwd=d, check=True, capture_output=True)
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Test Commission CA',
        '-keyout', 'ca.key', '-out', 'ca.pem')
    (d / 'san.cnf').write_text('subjectAltName=IP:127.0.0.1,DNS:localhost\n')
    run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr')
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
        '-extfile', 'san.cnf', '-out', 'server.pem')
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', 'self.key', '-out', 'self.pem')
    return d


def server_context(certs, name):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certs / f'{name}.pem'), str(certs / f'{name}.key'))
    return context


@pytest.fixture
def smtp(request):
    """Start an SMTP server: `smtp()` plain, `smtp(starttls=ctx)` or `smtp(implicit=ctx)`; returns (port, inbox)."""
    controllers = []

    def start(starttls=None, implicit=None):
        inbox = Inbox()
        port = free_port()
        kwargs = {'tls_context': starttls, 'require_starttls': True} if starttls else {}
        if implicit:
            kwargs = {'ssl_context': implicit}
        controller = Controller(inbox, hostname='127.0.0.1', port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return port, inbox
    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def mail_config(app):
    """Point the app at a test SMTP server for one test: `mail_config(port, **extra)`."""
    keys = ('MAIL_SERVER', 'MAIL_PORT', 'MAIL_USE_TLS', 'MAIL_USE_SSL', 'MAIL_CA_FILE', 'MAIL_FROM',
            'MAIL_USERNAME', 'MAIL_PASSWORD')
    saved = {k: app.config.get(k) for k in keys}

    def configure(port, **extra):
        app.config.update(MAIL_SERVER='127.0.0.1', MAIL_PORT=port, MAIL_FROM='commission@example.org', **extra)
    yield configure
    app.config.update(saved)


def jobs(db, kind=None):
    query = db.select(Job).order_by(Job.id)
    if kind:
        query = query.where(Job.kind == kind)
    return db.session.scalars(query).all()
