from flask import request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

login_manager = LoginManager()
login_manager.login_view = 'auth.login'
login_manager.login_message = 'برای دیدن این صفحه ابتدا وارد شوید.'
login_manager.login_message_category = 'info'
login_manager.refresh_view = 'auth.reauthenticate'
login_manager.needs_refresh_message = 'برای این کار گذرواژه خود را دوباره وارد کنید.'
login_manager.needs_refresh_message_category = 'info'

csrf = CSRFProtect()
migrate = Migrate(compare_type=True, render_as_batch=True)


def client_address():
    """The client's address as ProxyFix left it (the real one behind TRUSTED_PROXIES proxies)."""
    return request.remote_addr or 'unknown'


#: in memory unless RATELIMIT_STORAGE_URI (Redis with several app servers) is configured
limiter = Limiter(key_func=client_address, strategy='fixed-window')
