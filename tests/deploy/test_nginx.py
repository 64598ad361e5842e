"""The deployment kit for real: gunicorn started with deploy/gunicorn.conf.py behind nginx started from
deploy/nginx/commission.conf (made plain HTTP on loopback ports; every location and header as shipped).

Skips when nginx is not installed, except when REQUIRE_NGINX is set (.ci/run installs nginx and sets it).
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NGINX = '/usr/sbin/nginx'
BIN = os.path.dirname(sys.executable)
#: the client's own loopback address, unlike nginx's (127.0.0.1): the app must see this one
CLIENT_ADDRESS = '127.0.0.2'

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group('nginx')]


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _server_blocks(text):
    """(start, end) of each top-level `server { ... }` block."""
    blocks = []
    for match in re.finditer(r'^server\s*\{', text, re.M):
        depth, i = 0, match.start()
        while True:
            depth += {'{': 1, '}': -1}.get(text[i], 0)
            i += 1
            if depth == 0 and text[i - 1] == '}':
                break
        blocks.append((match.start(), i))
    return blocks


def site_for_test(shipped, *, port, app_port, logs):
    """The shipped site with plain HTTP on loopback: the redirect server dropped, TLS lines replaced by one listen."""
    for start, end in reversed(_server_blocks(shipped)):
        if 'return 301' in shipped[start:end]:
            shipped = shipped[:start] + shipped[end:]
    lines, listened = [], False
    for line in shipped.splitlines():
        if re.match(r'\s*(listen|ssl_)', line):
            if not listened:
                lines.append(f'    listen 127.0.0.1:{port};')
                listened = True
            continue
        lines.append(line)
    site = '\n'.join(lines)
    assert listened and 'server 127.0.0.1:5000;' in site and '/opt/commission/' in site
    site = site.replace('server 127.0.0.1:5000;', f'server 127.0.0.1:{app_port};')
    site = site.replace('/opt/commission/', ROOT + '/')
    return site.replace('/var/log/nginx/', logs + '/')


def main_config(site, prefix):
    user = 'user root;\n' if os.geteuid() == 0 else ''
    temp = '\n'.join(f'    {name}_temp_path {prefix}/{name};' for name in
                     ('client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'))
    return (f'{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n'
            f'events {{ worker_connections 64; }}\n'
            f'http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n{temp}\n'
            f'{site}\n}}\n')


def _need_nginx():
    if not os.path.exists(NGINX):
        if os.environ.get('REQUIRE_NGINX'):
            pytest.fail('nginx not installed but REQUIRE_NGINX is set')
        pytest.skip('nginx not installed (apt-get install nginx)')


def _wait(url_port, path, proc, log):
    for _ in range(150):
        if proc.poll() is not None:
            break
        try:
            status = _get(url_port, path)[0]
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f'{path} never answered 200: ' + open(log).read()[-3000:])


def _get(port, path, headers=None, source=CLIENT_ADDRESS):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10, source_address=(source, 0))
    try:
        conn.request('GET', path, headers={'Host': '127.0.0.1', **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture(scope='module')
def stack():
    """db upgrade, demo data and index in a temp instance; gunicorn (the shipped config), the worker, nginx."""
    _need_nginx()
    instance = tempfile.mkdtemp(prefix='commission-nginx-')
    prefix = os.path.join(instance, 'nginx')
    os.makedirs(prefix)
    app_port, port = _free_port(), _free_port()
    env = dict(os.environ, COMMISSION_INSTANCE_PATH=instance, TRUSTED_PROXIES='1', LOG_FORMAT='json',
               GUNICORN_BIND=f'127.0.0.1:{app_port}', GUNICORN_WORKERS='2')
    env.pop('DATABASE_URL', None)
    flask = [os.path.join(BIN, 'flask'), '--app', 'wsgi']
    for args in (['db', 'upgrade'], ['demo', 'load', '--if-empty'], ['search', 'rebuild', '--cpu', '0']):
        subprocess.run(flask + args, cwd=ROOT, env=env, check=True, capture_output=True)
    with open(os.path.join(ROOT, 'deploy', 'nginx', 'commission.conf')) as f:
        site = site_for_test(f.read(), port=port, app_port=app_port, logs=prefix)
    conf = os.path.join(prefix, 'nginx.conf')
    with open(conf, 'w') as f:
        f.write(main_config(site, prefix))
    app_log = os.path.join(instance, 'app.log')
    log = open(app_log, 'w')
    procs = [subprocess.Popen([os.path.join(BIN, 'gunicorn'), '--config', 'deploy/gunicorn.conf.py'], cwd=ROOT,
                              env=env, stdout=log, stderr=subprocess.STDOUT),
             subprocess.Popen(flask + ['worker'], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)]
    nginx = subprocess.Popen([NGINX, '-p', prefix, '-c', conf, '-e', os.path.join(prefix, 'error.log'),
                              '-g', 'daemon off;'], stdout=log, stderr=subprocess.STDOUT)
    procs.append(nginx)
    try:
        _wait(app_port, '/login', procs[0], app_log)
        _wait(port, '/login', nginx, app_log)
        yield {'port': port, 'app_log': app_log, 'instance': instance}
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM if proc is not nginx else signal.SIGQUIT)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()
        shutil.rmtree(instance, ignore_errors=True)


def _app_lines(stack):
    lines = []
    with open(stack['app_log']) as f:
        for line in f:
            if line.startswith('{'):
                lines.append(json.loads(line))
    return lines


def test_site_answers_through_nginx(stack):
    status, headers, body = _get(stack['port'], '/login')
    assert status == 200 and 'text/html' in headers['Content-Type']
    assert 'ورود' in body.decode()
    assert headers['Content-Security-Policy'] and 'nginx/' not in headers.get('Server', '')


def test_static_files_come_from_nginx_with_cache_headers_and_versioned_urls(stack):
    body = _get(stack['port'], '/login')[2].decode()
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', body)
    versioned = [u.replace('&amp;', '&') for u in urls if '?v=' in u]
    assert versioned and len(versioned) == len(urls)
    status, headers, _ = _get(stack['port'], versioned[0])
    assert status == 200 and headers['Cache-Control'] == 'public, max-age=31536000, immutable'
    assert 'X-Request-ID' not in headers  # served by nginx, the app never saw it
    unversioned = versioned[0].split('?')[0]
    assert _get(stack['port'], unversioned)[1]['Cache-Control'] == 'public, max-age=86400'
    assert not any(line['path'].startswith('/static/') for line in _app_lines(stack))


def test_app_sees_the_forwarded_client_address_and_nginxs_request_id(stack):
    # a client's own X-Forwarded-For is not believed: nginx appends the real address, the app takes that one
    status, headers, _ = _get(stack['port'], '/login?email=someone@example.org',
                              headers={'X-Forwarded-For': '203.0.113.7', 'X-Request-ID': 'chosen-by-the-client'})
    request_id = headers['X-Request-ID']
    assert status == 200 and re.fullmatch(r'[0-9a-f]{32}', request_id)
    time.sleep(0.2)
    line = next(line for line in _app_lines(stack) if line['request_id'] == request_id)
    assert line['remote_addr'] == CLIENT_ADDRESS and line['path'] == '/login'
    assert 'someone' not in open(stack['app_log']).read()


def test_upload_over_the_limit_gets_nginxs_413(stack):
    with socket.create_connection(('127.0.0.1', stack['port']), timeout=10) as s:
        s.sendall(b'POST /practices/new HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; '
                  b'boundary=x\r\nContent-Length: %d\r\n\r\n' % (22 * 1024 * 1024))
        answer = s.recv(4096).decode('latin-1')
    assert answer.startswith('HTTP/1.1 413') and 'nginx' in answer


def test_health_passes_through_nginx(stack):
    for _ in range(50):
        status, headers, body = _get(stack['port'], '/healthz')
        if status == 200:
            break
        time.sleep(0.2)  # the worker's first heartbeat
    assert status == 200, body
    assert json.loads(body)['status'] == 'ok' and headers['Content-Type'] == 'application/json'


def test_shipped_site_with_tls_and_redirect_is_valid_nginx(tmp_path):
    """`nginx -t` on the site exactly as shipped (both server blocks), with a throwaway certificate."""
    _need_nginx()
    if not shutil.which('openssl'):
        pytest.skip('openssl not installed')
    cert, key = tmp_path / 'cert.pem', tmp_path / 'key.pem'
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj',
                    '/CN=commission.example.ir', '-keyout', str(key), '-out', str(cert)], check=True,
                   capture_output=True)
    with open(os.path.join(ROOT, 'deploy', 'nginx', 'commission.conf')) as f:
        site = f.read()
    site = site.replace('/etc/letsencrypt/live/commission.example.ir/fullchain.pem', str(cert))
    site = site.replace('/etc/letsencrypt/live/commission.example.ir/privkey.pem', str(key))
    site = site.replace('/var/log/nginx/', f'{tmp_path}/')
    assert str(cert) in site and str(key) in site
    conf = tmp_path / 'nginx.conf'
    conf.write_text(main_config(site, str(tmp_path)))
    result = subprocess.run([NGINX, '-t', '-p', str(tmp_path), '-c', str(conf), '-e', str(tmp_path / 'error.log')],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert 'return 301 https://$host$request_uri;' in site and 'client_max_body_size 21m;' in site
