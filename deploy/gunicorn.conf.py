"""gunicorn's configuration: `gunicorn -c deploy/gunicorn.conf.py` (commission-web.service runs it this way).

Every value may be overridden from the environment file (/etc/commission/env) without editing this file.
"""
import multiprocessing
import os

wsgi_app = 'wsgi:app'
#: loopback only: nginx is the one door from outside (deploy/nginx/commission.conf proxies here)
bind = os.environ.get('GUNICORN_BIND', '127.0.0.1:5000')
#: sync workers, two per core at most (each keeps a search reader; a request waits on the database or the index)
workers = int(os.environ.get('GUNICORN_WORKERS') or min(2 * multiprocessing.cpu_count(), 8))
worker_class = 'sync'
#: an export or a search of the whole archive finishes well within this; a worker stuck longer is restarted
timeout = int(os.environ.get('GUNICORN_TIMEOUT') or 60)
#: on restart or reload, running requests get this long to finish
graceful_timeout = 30
#: nginx keeps connections to us alive only briefly
keepalive = 5
#: a worker is replaced after this many requests (and a random jitter), so a slow leak never grows for long
max_requests = 2000
max_requests_jitter = 200
#: the app writes one line per request itself (commission/logs.py: request id, user, duration): no access log
accesslog = None
errorlog = '-'
loglevel = os.environ.get('GUNICORN_LOGLEVEL', 'info')
#: X-Forwarded-Proto is believed from nginx on this machine only (the app's ProxyFix reads X-Forwarded-For)
forwarded_allow_ips = os.environ.get('GUNICORN_FORWARDED_ALLOW_IPS', '127.0.0.1')
#: uploads are read by the app after nginx has buffered them, so request-line and header limits stay default
limit_request_line = 8190
