"""Request logs: one line per request (request id, user id, client address, method, path, status, duration).

The request id is taken from `X-Request-ID` when it is a safe token (nginx sets it from its `$request_id`),
generated otherwise; it is kept in `g.request_id`, returned in the `X-Request-ID` response header and shown on
the error pages (`request_id()`), so a user can quote it to the operator, who finds the line by it.
The path is logged without its query string: searches and filters may carry personal data.
`LOG_FORMAT=json` writes each line as one JSON object (for a log collector); plain text otherwise.
"""
import datetime as dt
import json
import logging
import re
import secrets
import sys
import time

from flask import g, request

from .extensions import client_address

logger = logging.getLogger('commission.requests')
#: what a request id from outside may look like (nginx's $request_id is 32 hex digits)
SAFE_REQUEST_ID = re.compile(r'[A-Za-z0-9._-]{8,64}')


def request_id():
    """This request's id ('' outside a request, or before it was given one)."""
    return g.get('request_id', '')


def _incoming_id():
    value = request.headers.get('X-Request-ID', '')
    return value if SAFE_REQUEST_ID.fullmatch(value) else secrets.token_hex(16)


def _start():
    g.request_id = _incoming_id()
    g.request_started = time.perf_counter()


def _user_id():
    """The signed-in user's id when this request already loaded the user (never a database query here)."""
    user = g.get('_login_user')
    if user is not None and getattr(user, 'is_authenticated', False):
        return getattr(user, 'id', None)
    return None


def _fields(response):
    started = g.get('request_started')
    return {
        'ts': dt.datetime.now(dt.UTC).isoformat(timespec='milliseconds'),
        'request_id': request_id(),
        'user_id': _user_id(),
        'remote_addr': client_address(),
        'method': request.method,
        'path': request.path,
        'status': response.status_code,
        'duration_ms': round((time.perf_counter() - started) * 1000, 1) if started else None,
    }


def format_line(fields, fmt):
    if fmt == 'json':
        return json.dumps(fields, ensure_ascii=False)
    user = fields['user_id'] if fields['user_id'] is not None else '-'
    return (f"{fields['ts']} request {fields['request_id']} user={user} {fields['remote_addr']} "
            f"{fields['method']} {fields['path']} {fields['status']} {fields['duration_ms']}ms")


def _finish(app):
    def finish(response):
        if 'request_id' not in g:
            _start()
        response.headers['X-Request-ID'] = g.request_id
        try:
            logger.info(format_line(_fields(response), app.config.get('LOG_FORMAT')))
        except Exception:  # noqa: BLE001 - a log line must never turn an answer into an error
            logging.getLogger(__name__).exception('request log line failed')
        return response
    return finish


def _handler():
    """The request lines go to stderr as they are (gunicorn's error log, the journal), once per process."""
    if not any(getattr(h, '_commission_requests', False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter('%(message)s'))
        handler._commission_requests = True
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def init_app(app):
    """First of the request hooks, so every other hook and error page already has the request id."""
    _handler()
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish(app))
