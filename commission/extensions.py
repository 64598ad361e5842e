from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

login_manager = LoginManager()
login_manager.login_view = 'auth.login'
login_manager.login_message = 'برای دیدن این صفحه ابتدا وارد شوید.'
login_manager.login_message_category = 'info'

csrf = CSRFProtect()
migrate = Migrate(compare_type=True, render_as_batch=True)
