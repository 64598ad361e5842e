"""Configuration read from the environment, with defaults that are safe for one machine."""
import os


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {'1', 'true', 'yes', 'on'}


class Config:
    """Values every deployment may override through environment variables."""

    def __init__(self):
        self.SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get('DATABASE_URL'))
        self.SECRET_KEY = os.environ.get('SECRET_KEY')
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = 'Lax'
        self.SESSION_COOKIE_SECURE = _bool('SESSION_COOKIE_SECURE')
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = 'Lax'
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.MAIL_SERVER = os.environ.get('MAIL_SERVER')
        self.MAIL_PORT = int(os.environ.get('MAIL_PORT') or 25)
        self.MAIL_USERNAME = os.environ.get('MAIL_USERNAME')
        self.MAIL_PASSWORD = os.environ.get('MAIL_PASSWORD')
        self.MAIL_USE_TLS = _bool('MAIL_USE_TLS')
        #: implicit TLS (also chosen by MAIL_PORT=465); MAIL_CA_FILE: a CA bundle for a private mail server
        self.MAIL_USE_SSL = _bool('MAIL_USE_SSL')
        self.MAIL_CA_FILE = os.environ.get('MAIL_CA_FILE')
        self.MAIL_FROM = os.environ.get('MAIL_FROM', 'commission@localhost')
        self.MAX_UPLOAD_MB = int(os.environ.get('MAX_UPLOAD_MB') or 20)
        self.MAX_CONTENT_LENGTH = (self.MAX_UPLOAD_MB + 1) * 1024 * 1024
        self.DEMO_PASSWORD = os.environ.get('DEMO_PASSWORD', 'commission-demo')
        self.SITE_URL = os.environ.get('SITE_URL', 'http://127.0.0.1:5000')
        self.WTF_CSRF_TIME_LIMIT = None
        #: the worker: idle poll, a claimed job's lease, attempts before 'failed', first retry delay (doubling)
        self.JOBS_POLL_SECONDS = float(os.environ.get('JOBS_POLL_SECONDS') or 0.5)
        self.JOBS_LEASE_SECONDS = int(os.environ.get('JOBS_LEASE_SECONDS') or 300)
        self.JOBS_MAX_ATTEMPTS = int(os.environ.get('JOBS_MAX_ATTEMPTS') or 5)
        self.JOBS_RETRY_BASE_SECONDS = float(os.environ.get('JOBS_RETRY_BASE_SECONDS') or 10)
        #: Tehran time of day (HH:MM) of the daily resolution reminders
        self.REMINDER_TIME = os.environ.get('REMINDER_TIME', '08:00')
        #: Tehran time of the daily removal of uploads that never committed (NAME.part older than a day)
        self.UPLOAD_SWEEP_TIME = os.environ.get('UPLOAD_SWEEP_TIME', '03:30')
        #: limits of the child process that extracts an attachment's text
        self.EXTRACT_MEMORY_MB = int(os.environ.get('EXTRACT_MEMORY_MB') or 512)
        self.EXTRACT_CPU_SECONDS = int(os.environ.get('EXTRACT_CPU_SECONDS') or 20)
        self.EXTRACT_WALL_SECONDS = float(os.environ.get('EXTRACT_WALL_SECONDS') or 30)
        self.EXTRACT_MAX_PAGES = int(os.environ.get('EXTRACT_MAX_PAGES') or 200)
        self.EXTRACT_MAX_TEXT = int(os.environ.get('EXTRACT_MAX_TEXT') or 1024 * 1024)
        #: an office file whose zip entries would expand past this is not parsed at all
        self.EXTRACT_MAX_UNZIPPED_MB = int(os.environ.get('EXTRACT_MAX_UNZIPPED_MB') or 100)


def _database_url(url):
    """Let operators write postgresql:// and still get the psycopg 3 driver."""
    if not url:
        return None
    for prefix in ('postgres://', 'postgresql://'):
        if url.startswith(prefix):
            return 'postgresql+psycopg://' + url[len(prefix):]
    return url
