"""`GET /healthz` for load balancers and monitoring: 200 when healthy, 503 otherwise.

It checks the database (its own small engine with a short connect timeout, so a database that is down gives
a 503 within seconds and never a 500), the search index, the worker's last heartbeat and the free disk in the
instance folder. It answers without signing in and says nothing beyond ok/fail per check: no versions, paths,
counts or addresses. It is exempt from rate limits; the Host check is relaxed for this one path only (a load
balancer probes by address), which is safe because the answer holds no URL or anything else built from the Host.
"""
import shutil

from flask import Blueprint, current_app, jsonify
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from .extensions import limiter

bp = Blueprint('health', __name__)
PATH = '/healthz'
#: seconds the database check waits to connect (and, on PostgreSQL, for its query)
DB_TIMEOUT = 3


def _engine(app):
    engine = app.extensions.get('healthz_engine')
    if engine is None:
        url = make_url(app.config['SQLALCHEMY_DATABASE_URI'])
        if url.get_backend_name() == 'postgresql':
            engine = create_engine(url, pool_size=1, max_overflow=0, pool_timeout=DB_TIMEOUT, pool_pre_ping=True,
                                   connect_args={'connect_timeout': DB_TIMEOUT,
                                                 'options': f'-c statement_timeout={DB_TIMEOUT * 1000}'})
        else:
            engine = create_engine(url, connect_args={'timeout': DB_TIMEOUT})
        app.extensions['healthz_engine'] = engine
    return engine


def _database():
    with _engine(current_app).connect() as conn:
        conn.execute(text('SELECT 1'))
        conn.execute(text('SELECT 1 FROM worker_heartbeats WHERE 1 = 0'))
    return True


def _search():
    from .search import index
    with index.reading() as view:
        return view.count >= 0


def _worker():
    from .jobs.health import worker_health
    return worker_health()['workers'] > 0


def _disk():
    free_mb = shutil.disk_usage(current_app.instance_path).free / 2 ** 20
    return free_mb >= current_app.config['HEALTH_MIN_FREE_MB']


def _run(check):
    try:
        return 'ok' if check() else 'fail'
    except Exception:  # noqa: BLE001 - any failure of a check is an unhealthy answer, never a 500
        current_app.logger.warning('health check %s failed', check.__name__.strip('_'), exc_info=True)
        return 'fail'


@bp.get(PATH)
@limiter.exempt
def healthz():
    checks = {'database': _run(_database)}
    checks['search'] = _run(_search)
    # the heartbeat lives in the database: without it the worker cannot be seen (and is reported as failing)
    checks['worker'] = _run(_worker) if checks['database'] == 'ok' else 'fail'
    checks['disk'] = _run(_disk)
    healthy = all(value == 'ok' for value in checks.values())
    response = jsonify(status='ok' if healthy else 'fail', checks=checks)
    response.status_code = 200 if healthy else 503
    response.cache_control.no_store = True
    return response


class HealthHost:
    """WSGI middleware: a probe of /healthz with a Host that is not ours is answered as if it were SITE_URL's host.

    Only this path and GET/HEAD; every other request still meets the Host check.
    """

    def __init__(self, wsgi_app, host):
        self.wsgi_app, self.host = wsgi_app, host

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO') == PATH and environ.get('REQUEST_METHOD') in ('GET', 'HEAD'):
            environ['HTTP_HOST'] = self.host
        return self.wsgi_app(environ, start_response)


def init_app(app):
    from .security import site_host
    app.config.setdefault('HEALTH_MIN_FREE_MB', 200)
    with app.app_context():
        app.wsgi_app = HealthHost(app.wsgi_app, site_host())
    app.register_blueprint(bp)
