"""Configuration read from the environment, with defaults that are safe for one machine."""
import datetime as dt
import os


def is_postgres(url):
    """Whether a database URL (postgresql://, postgresql+psycopg://, postgres://) is PostgreSQL."""
    return str(url or '').split(':', 1)[0].split('+', 1)[0] in ('postgres', 'postgresql')


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {'1', 'true', 'yes', 'on'}


class Config:
    """Values every deployment may override through environment variables."""

    def __init__(self):
        self.SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get('DATABASE_URL'))
        #: test a pooled connection before use: after a database restart or a quiet period no request fails
        self.SQLALCHEMY_ENGINE_OPTIONS = {'pool_pre_ping': True}
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
        #: a session lasts SESSION_HOURS after the last request; "remember me" 14 days; CSRF tokens as long as a session
        self.SESSION_HOURS = float(os.environ.get('SESSION_HOURS') or 8)
        self.PERMANENT_SESSION_LIFETIME = dt.timedelta(hours=self.SESSION_HOURS)
        self.REMEMBER_COOKIE_DURATION = dt.timedelta(days=int(os.environ.get('REMEMBER_DAYS') or 14))
        self.WTF_CSRF_TIME_LIMIT = int(self.SESSION_HOURS * 3600)
        #: user management and password changes need the password typed within this many minutes
        self.FRESH_LOGIN_MINUTES = int(os.environ.get('FRESH_LOGIN_MINUTES') or 30)
        #: how many proxies (nginx, a load balancer) in front of the app set X-Forwarded-For; 0 trusts none
        self.TRUSTED_PROXIES = int(os.environ.get('TRUSTED_PROXIES') or 0)
        #: extra host names accepted besides SITE_URL's (comma-separated)
        self.EXTRA_HOSTS = [h.strip() for h in os.environ.get('EXTRA_HOSTS', '').split(',') if h.strip()]
        #: rate-limit counters: memory:// on one server; redis://host:6379/N when several servers share them
        self.RATELIMIT_STORAGE_URI = os.environ.get('RATELIMIT_STORAGE_URI') or 'memory://'
        self.RATELIMIT_HEADERS_ENABLED = True
        self.LOGIN_ACCOUNT_LIMIT = os.environ.get('LOGIN_ACCOUNT_LIMIT') or '5 per 15 minutes'
        self.LOGIN_ADDRESS_LIMIT = os.environ.get('LOGIN_ADDRESS_LIMIT') or '20 per 15 minutes'
        self.SEARCH_LIMIT = os.environ.get('SEARCH_LIMIT') or '60 per minute'
        #: 'whoosh' (an index in the instance folder, one machine) or 'postgres' (tables in DATABASE_URL's
        #: PostgreSQL, shared by several app servers and workers; `flask search rebuild` once after switching)
        self.SEARCH_BACKEND = (os.environ.get('SEARCH_BACKEND') or 'whoosh').strip().lower()
        self.SUGGEST_LIMIT = os.environ.get('SUGGEST_LIMIT') or '240 per minute'
        self.EXPORT_LIMIT = os.environ.get('EXPORT_LIMIT') or '20 per minute'
        self.UPLOAD_LIMIT = os.environ.get('UPLOAD_LIMIT') or '30 per 10 minutes'
        #: the forgot-password and set-password forms, per address
        self.ACCOUNT_MAIL_LIMIT = os.environ.get('ACCOUNT_MAIL_LIMIT') or '5 per 15 minutes'
        #: how long a password-reset link and an invitation link work
        self.RESET_TOKEN_HOURS = float(os.environ.get('RESET_TOKEN_HOURS') or 2)
        self.INVITE_TOKEN_DAYS = float(os.environ.get('INVITE_TOKEN_DAYS') or 7)
        #: the worker: idle poll, a claimed job's lease, attempts before 'failed', first retry delay (doubling)
        self.JOBS_POLL_SECONDS = float(os.environ.get('JOBS_POLL_SECONDS') or 0.5)
        self.JOBS_LEASE_SECONDS = int(os.environ.get('JOBS_LEASE_SECONDS') or 300)
        self.JOBS_MAX_ATTEMPTS = int(os.environ.get('JOBS_MAX_ATTEMPTS') or 5)
        self.JOBS_RETRY_BASE_SECONDS = float(os.environ.get('JOBS_RETRY_BASE_SECONDS') or 10)
        #: the shortest time between two drains of the search queue (index commits) by a worker
        self.SEARCH_DRAIN_SECONDS = float(os.environ.get('SEARCH_DRAIN_SECONDS') or 1.0)
        #: Tehran time of day (HH:MM) of the daily resolution reminders
        self.REMINDER_TIME = os.environ.get('REMINDER_TIME', '08:00')
        #: an assignment this many days past its deadline is reported to the secretariat and the city's observers
        self.RESOLUTION_ESCALATION_DAYS = int(os.environ.get('RESOLUTION_ESCALATION_DAYS') or 14)
        #: the meetings' daily notices at Tehran MEETING_REMINDER_TIME: the day-before reminder, a missing RSVP from
        #: MEETING_RSVP_DAYS days before, a sign-off still missing MINUTES_SIGNOFF_DAYS days after approval
        self.MEETING_REMINDER_TIME = os.environ.get('MEETING_REMINDER_TIME', '08:30')
        self.MEETING_RSVP_DAYS = int(os.environ.get('MEETING_RSVP_DAYS') or 3)
        self.MINUTES_SIGNOFF_DAYS = int(os.environ.get('MINUTES_SIGNOFF_DAYS') or 7)
        #: ADOPTION_FOLLOWUP_MONTHS after an adoption without a result, the adopting city is asked for it
        self.ADOPTION_FOLLOWUP_MONTHS = int(os.environ.get('ADOPTION_FOLLOWUP_MONTHS') or 3)
        self.ADOPTION_FOLLOWUP_TIME = os.environ.get('ADOPTION_FOLLOWUP_TIME', '09:00')
        #: digests: Tehran time (HH:MM) of the daily and weekly digest mails, and the weekly one's day (saturday…friday)
        self.DIGEST_TIME = os.environ.get('DIGEST_TIME', '07:00')
        self.DIGEST_WEEKDAY = os.environ.get('DIGEST_WEEKDAY', 'saturday')
        #: SMS through an HTTP gateway (apikey, receptor, message, sender); off while URL or key is unset
        self.SMS_GATEWAY_URL = os.environ.get('SMS_GATEWAY_URL') or None
        self.SMS_API_KEY = os.environ.get('SMS_API_KEY') or None
        self.SMS_SENDER = os.environ.get('SMS_SENDER') or None
        self.SMS_GATEWAY_METHOD = (os.environ.get('SMS_GATEWAY_METHOD') or 'POST').upper()
        #: Bale's bot API (Telegram-compatible sendMessage); off while the token is unset
        self.BALE_BOT_TOKEN = os.environ.get('BALE_BOT_TOKEN') or None
        self.BALE_API_URL = os.environ.get('BALE_API_URL') or 'https://tapi.bale.ai'
        #: the bot's username (without @), linked on the settings page so people find it
        self.BALE_BOT_USERNAME = (os.environ.get('BALE_BOT_USERNAME') or '').lstrip('@') or None
        #: seconds between two reads of the bot's new messages (each is answered with its chat id); 0: off
        self.BALE_POLL_SECONDS = float(os.environ.get('BALE_POLL_SECONDS') or 5)
        #: seconds to wait for an SMS gateway or Bale
        self.NOTIFY_HTTP_TIMEOUT = float(os.environ.get('NOTIFY_HTTP_TIMEOUT') or 10)
        #: confirmation codes of a number or chat: minutes valid, codes per window, wrong tries per code
        self.CONTACT_CODE_MINUTES = float(os.environ.get('CONTACT_CODE_MINUTES') or 10)
        self.CONTACT_CODE_LIMIT = int(os.environ.get('CONTACT_CODE_LIMIT') or 3)
        self.CONTACT_CODE_WINDOW_MINUTES = float(os.environ.get('CONTACT_CODE_WINDOW_MINUTES') or 60)
        self.CONTACT_CODE_ATTEMPTS = int(os.environ.get('CONTACT_CODE_ATTEMPTS') or 5)
        #: Tehran time of the daily indicator reminders, and the days before a period's deadline they go out on
        self.INDICATOR_REMINDER_TIME = os.environ.get('INDICATOR_REMINDER_TIME', '09:00')
        self.INDICATOR_REMINDER_DAYS = os.environ.get('INDICATOR_REMINDER_DAYS', '7,3,1,0')
        #: Tehran time of the daily removal of uploads that never committed (NAME.part older than a day)
        self.UPLOAD_SWEEP_TIME = os.environ.get('UPLOAD_SWEEP_TIME', '03:30')
        #: Tehran time of the daily occasion reminders, and the largest kit served as one zip (MB)
        self.OCCASION_REMINDER_TIME = os.environ.get('OCCASION_REMINDER_TIME', '08:30')
        self.KIT_ZIP_MAX_MB = int(os.environ.get('KIT_ZIP_MAX_MB') or 500)
        #: the worker's daily backup into BACKUP_DIR (off when unset) at Tehran BACKUP_TIME, keeping BACKUP_KEEP
        self.BACKUP_DIR = os.environ.get('BACKUP_DIR') or None
        self.BACKUP_TIME = os.environ.get('BACKUP_TIME', '02:30')
        self.BACKUP_KEEP = int(os.environ.get('BACKUP_KEEP') or 7)
        #: Tehran time of the daily removal of sign-ins unused for longer than the remember-me lifetime
        self.SIGN_IN_PRUNE_TIME = os.environ.get('SIGN_IN_PRUNE_TIME', '04:00')
        #: Tehran time of the daily recomputation of every practice's similar experiences (practices/similar.py)
        self.SIMILAR_REFRESH_TIME = os.environ.get('SIMILAR_REFRESH_TIME', '04:30')
        #: limits of the child process that extracts an attachment's text
        self.EXTRACT_MEMORY_MB = int(os.environ.get('EXTRACT_MEMORY_MB') or 512)
        self.EXTRACT_CPU_SECONDS = int(os.environ.get('EXTRACT_CPU_SECONDS') or 20)
        self.EXTRACT_WALL_SECONDS = float(os.environ.get('EXTRACT_WALL_SECONDS') or 30)
        self.EXTRACT_MAX_PAGES = int(os.environ.get('EXTRACT_MAX_PAGES') or 200)
        self.EXTRACT_MAX_TEXT = int(os.environ.get('EXTRACT_MAX_TEXT') or 1024 * 1024)
        #: an office file whose zip entries would expand past this is not parsed at all
        self.EXTRACT_MAX_UNZIPPED_MB = int(os.environ.get('EXTRACT_MAX_UNZIPPED_MB') or 100)
        #: request log lines: 'json' (one JSON object a line) or plain text
        self.LOG_FORMAT = os.environ.get('LOG_FORMAT', 'plain').strip().lower()
        #: Chromium (headless) that renders a report's PDF; empty: no PDF, the link opens the print view
        self.PDF_BROWSER = os.environ.get('PDF_BROWSER', '/usr/bin/chromium')
        self.PDF_TIMEOUT_SECONDS = float(os.environ.get('PDF_TIMEOUT_SECONDS') or 60)
        #: kept report PDFs (instance/report-pdfs/) older than this are removed by the daily cleanup job
        self.REPORT_PDF_KEEP_DAYS = float(os.environ.get('REPORT_PDF_KEEP_DAYS') or 30)
        #: Tehran time of that cleanup; tries of one PDF print before the link says it failed
        self.REPORT_PDF_CLEANUP_TIME = os.environ.get('REPORT_PDF_CLEANUP_TIME') or '03:30'
        self.REPORT_PDF_ATTEMPTS = int(os.environ.get('REPORT_PDF_ATTEMPTS') or 3)
        #: how long browsers and proxies may keep the public page (/public/) before asking again
        self.PUBLIC_MAX_AGE = int(os.environ.get('PUBLIC_MAX_AGE') or 300)
        #: /healthz fails when the instance folder's disk has less free space than this
        self.HEALTH_MIN_FREE_MB = int(os.environ.get('HEALTH_MIN_FREE_MB') or 200)


def _database_url(url):
    """Let operators write postgresql:// and still get the psycopg 3 driver."""
    if not url:
        return None
    for prefix in ('postgres://', 'postgresql://'):
        if url.startswith(prefix):
            return 'postgresql+psycopg://' + url[len(prefix):]
    return url
