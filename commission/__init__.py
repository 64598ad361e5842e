"""The communications commission platform: the application factory."""
import importlib
import logging
import os
import secrets

from flask import Flask

from .config import Config, is_postgres


def create_app(config=None):
    """Build the application; `config` (a mapping) overrides the environment, as tests do."""
    instance_path = os.environ.get('COMMISSION_INSTANCE_PATH')
    if config and config.get('INSTANCE_PATH'):
        instance_path = config['INSTANCE_PATH']
    app = Flask(__name__, template_folder='../templates', static_folder='../static',
                instance_relative_config=True,
                instance_path=os.path.abspath(instance_path) if instance_path else None)
    app.config.from_mapping(vars(Config()))
    if config:
        app.config.from_mapping(config)
    from . import health, logs, security, static_urls
    _finish_config(app)
    security.protect_instance_folder(app)
    logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    logging.getLogger('alembic.runtime.plugins').setLevel(logging.WARNING)

    logs.init_app(app)  # first hooks registered: its after_request runs last, with the final status
    static_urls.init_app(app)  # before security's after_request, so its year-long cache of versioned URLs wins
    security.init_app(app)
    _init_extensions(app)
    health.init_app(app)
    _register_blueprints(app)
    _register_searchables()
    security.limit_expensive_endpoints(app)
    from . import cli, compression, errors, submissions, templating
    from .audit import hooks as audit_hooks
    templating.init_app(app)
    errors.init_app(app)
    submissions.init_app(app)
    compression.init_app(app)
    audit_hooks.init_app(app)
    cli.init_app(app)
    return app


def _finish_config(app):
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    if not app.config.get('SQLALCHEMY_DATABASE_URI'):
        path = os.path.join(app.instance_path, 'commission.db')
        app.config['SQLALCHEMY_DATABASE_URI'] = f'sqlite:///{path}'
    if not app.config.get('SECRET_KEY'):
        app.config['SECRET_KEY'] = _instance_secret(app.instance_path)
    app.config.setdefault('UPLOAD_FOLDER', os.path.join(app.instance_path, 'uploads'))
    app.config.setdefault('SEARCH_INDEX_PATH', os.path.join(app.instance_path, 'search-index'))
    _check_search_backend(app.config)


def _check_search_backend(config):
    """SEARCH_BACKEND=postgres needs DATABASE_URL to be PostgreSQL: refuse to start otherwise, clearly."""
    backend = config.setdefault('SEARCH_BACKEND', 'whoosh') or 'whoosh'
    if backend not in ('whoosh', 'postgres'):
        raise RuntimeError(f"SEARCH_BACKEND={backend!r}: use 'whoosh' (the default) or 'postgres'")
    if backend == 'postgres' and not is_postgres(config.get('SQLALCHEMY_DATABASE_URI')):
        raise RuntimeError('SEARCH_BACKEND=postgres needs DATABASE_URL to be a PostgreSQL database '
                           '(postgresql://...); unset SEARCH_BACKEND to use the embedded whoosh index')


def _instance_secret(instance_path):
    """Generate the secret key once and keep it in the instance folder, readable by the owner only."""
    path = os.path.join(instance_path, 'secret_key')
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as f:
            f.write(secrets.token_hex(32))
    with open(path) as f:
        return f.read().strip()


def _init_extensions(app):
    from . import models  # noqa: F401  (every table known to Alembic and the session hooks)
    from .db import db
    from .extensions import csrf, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.abspath(os.path.join(os.path.dirname(__file__), '..', 'migrations')))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    if app.config['SQLALCHEMY_DATABASE_URI'].startswith('sqlite'):
        _sqlite_pragmas(app)


def _sqlite_pragmas(app):
    """Foreign keys on, WAL so several workers can read while one writes, and real transactions.

    pysqlite delays BEGIN until the first write, which breaks SAVEPOINTs (and so the tests' rollback);
    SQLAlchemy's documented fix is to take over BEGIN. A transaction that reads and then writes fails at
    once in WAL mode when another process (the job worker, another web worker) committed in between, so a
    request that may write (not GET/HEAD/OPTIONS) and a job take the write lock at BEGIN IMMEDIATE, waiting
    for it (busy_timeout) instead of failing.
    """
    from flask import has_request_context, request
    from sqlalchemy import event

    from .db import SQLITE_IMMEDIATE, db

    def begin_statement():
        if SQLITE_IMMEDIATE.get() or (has_request_context() and request.method not in ('GET', 'HEAD', 'OPTIONS')):
            return 'BEGIN IMMEDIATE'
        return 'BEGIN'

    with app.app_context():
        @event.listens_for(db.engine, 'connect')
        def _on_connect(dbapi_conn, _record):
            cursor = dbapi_conn.cursor()
            cursor.execute('PRAGMA foreign_keys=ON')
            cursor.execute('PRAGMA journal_mode=WAL')
            cursor.execute('PRAGMA busy_timeout=10000')
            cursor.close()
            dbapi_conn.isolation_level = None

        @event.listens_for(db.engine, 'begin')
        def _on_begin(conn):
            conn.exec_driver_sql(begin_statement())


#: the domains whose `search.py` registers searchable types, in the order of the kinds (facets, rebuild)
SEARCH_MODULES = ('attachments', 'cities', 'practices', 'meetings', 'resolutions', 'indicators', 'reports',
                  'occasions')


def _register_searchables():
    """Each domain's `search.py` registers its searchable types and import mapping, in SEARCH_MODULES' order.

    A list, not import statements: an import sorter would put them in alphabetical order.
    """
    for name in SEARCH_MODULES:
        importlib.import_module(f'{__name__}.{name}.search')


def _register_blueprints(app):
    from .attachments.views import bp as attachments_bp
    from .audit.views import bp as audit_bp
    from .auth.views import bp as auth_bp
    from .cities.views import bp as cities_bp
    from .indicators.views import bp as indicators_bp
    from .jobs.views import bp as jobs_bp
    from .main import bp as main_bp
    from .meetings.views import bp as meetings_bp
    from .notifications.views import bp as notifications_bp
    from .occasions.views import bp as occasions_bp
    from .practices.views import bp as practices_bp
    from .public.views import bp as public_bp
    from .reports.views import bp as reports_bp
    from .resolutions.views import bp as resolutions_bp
    from .search.views import bp as search_bp
    from .tasks.views import bp as tasks_bp
    from .users.views import bp as users_bp

    for bp in (main_bp, auth_bp, users_bp, cities_bp, notifications_bp, attachments_bp,
               practices_bp, meetings_bp, resolutions_bp, indicators_bp, search_bp, audit_bp, jobs_bp, tasks_bp,
               reports_bp, public_bp, occasions_bp):
        app.register_blueprint(bp)
