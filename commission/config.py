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
        self.MAIL_FROM = os.environ.get('MAIL_FROM', 'commission@localhost')
        self.MAX_UPLOAD_MB = int(os.environ.get('MAX_UPLOAD_MB') or 20)
        self.MAX_CONTENT_LENGTH = (self.MAX_UPLOAD_MB + 1) * 1024 * 1024
        self.DEMO_PASSWORD = os.environ.get('DEMO_PASSWORD', 'commission-demo')
        self.SITE_URL = os.environ.get('SITE_URL', 'http://127.0.0.1:5000')
        self.WTF_CSRF_TIME_LIMIT = None


def _database_url(url):
    """Let operators write postgresql:// and still get the psycopg 3 driver."""
    if not url:
        return None
    for prefix in ('postgres://', 'postgresql://'):
        if url.startswith(prefix):
            return 'postgresql+psycopg://' + url[len(prefix):]
    return url
