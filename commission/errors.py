"""Error pages in Persian; when the database is what failed, a 503 page that never touches it."""
import logging
import uuid

from flask import current_app, g, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

MESSAGES = {
    400: ('درخواست نامعتبر', 'درخواست شما قابل پردازش نبود. صفحه را دوباره باز کنید و از نو تلاش کنید.'),
    403: ('دسترسی مجاز نیست', 'شما اجازه دیدن یا انجام این کار را ندارید. '
                              'اگر فکر می‌کنید باید داشته باشید، با دبیرخانه کمیسیون تماس بگیرید.'),
    404: ('صفحه پیدا نشد', 'نشانی‌ای که باز کردید وجود ندارد یا جابه‌جا شده است.'),
    413: ('فایل بیش از حد بزرگ است', 'حجم فایل ارسالی از حد مجاز بیشتر است.'),
    500: ('خطای سامانه', 'مشکلی در سامانه پیش آمد. خطا ثبت شد؛ لطفاً چند دقیقه بعد دوباره تلاش کنید.'),
}
UNAVAILABLE = ('سامانه موقتاً در دسترس نیست',
               'پایگاه داده سامانه در این لحظه پاسخ نمی‌دهد. چند دقیقه بعد دوباره تلاش کنید؛ '
               'آنچه پیش‌تر ثبت شده محفوظ است.')
#: what a database that is down, unreachable or dropped the connection raises (OperationalError, InterfaceError...)
DATABASE_ERRORS = (DBAPIError,)


def request_id():
    """The request's id (set by the request logs, or here when they did not set one)."""
    if not g.get('request_id'):
        g.request_id = uuid.uuid4().hex
    return g.request_id


def _minimal(code, title, text):
    """The page without the layout's signed-in user, notifications or context processors: no database at all."""
    template = current_app.jinja_env.get_template('errors/minimal.html')
    return template.render(code=code, title=title, text=text, request_id=request_id())


def _forget_failed_transaction():
    """Roll back, and make the rest of the request (security headers, logs) see an anonymous user, not load one."""
    from .db import db
    from .extensions import login_manager
    g._login_user = login_manager.anonymous_user()
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 -- the connection is already gone; the pool replaces it
        log.debug('rollback after a database error failed', exc_info=True)


def database_unavailable(exc=None):
    if exc is not None:
        log.error('database unavailable (request %s): %s', request_id(), exc.__class__.__name__, exc_info=exc)
    _forget_failed_transaction()
    return _minimal(503, *UNAVAILABLE), 503, {'Retry-After': '30'}


def _render(code, message=None):
    title, text = MESSAGES[code]
    try:
        return render_template('errors/error.html', code=code, title=title, text=message or text,
                               request_id=request_id()), code
    except DATABASE_ERRORS as exc:  # the layout reads the user and their notifications
        return database_unavailable(exc)


def _server_error(exc):
    if isinstance(getattr(exc, 'original_exception', None), DATABASE_ERRORS):
        return database_unavailable(exc.original_exception)
    try:
        return _render(500)
    except Exception:  # noqa: BLE001 -- whatever broke the page may break the layout too
        log.exception('the error page failed (request %s)', request_id())
        return _minimal(500, *MESSAGES[500]), 500


def init_app(app):
    @app.before_request
    def _request_id():
        request_id()  # only when the request logs did not set one already

    for code in MESSAGES:
        if code != 500:
            app.register_error_handler(code, lambda exc, code=code: _render(code))
    app.register_error_handler(500, _server_error)
    app.register_error_handler(DBAPIError, database_unavailable)

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _render(400, 'مهلت این فرم تمام شده یا فرم نامعتبر است. صفحه را دوباره باز کنید و دوباره بفرستید.')
