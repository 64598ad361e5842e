"""Failed sign-ins are counted per account and per client address; past the limit, sign-in waits.

The counters live in Flask-Limiter's storage: memory on one server, Redis (RATELIMIT_STORAGE_URI) with several.
"""
import math
import time

from flask import current_app
from limits import parse

from ..extensions import limiter
from ..jalali import persian_digits


def _limits(email, address):
    config = current_app.config
    return [(parse(config['LOGIN_ACCOUNT_LIMIT']), 'login-account', (email or '').strip().lower()),
            (parse(config['LOGIN_ADDRESS_LIMIT']), 'login-address', address or 'unknown')]


def _strategy():
    return limiter.limiter if limiter.enabled else None


def wait_seconds(email, address):
    """Seconds until this account or address may try again, or 0 when it may try now."""
    strategy = _strategy()
    if strategy is None:
        return 0
    wait = 0
    for limit, scope, key in _limits(email, address):
        if not strategy.test(limit, scope, key):
            reset, _remaining = strategy.get_window_stats(limit, scope, key)
            wait = max(wait, math.ceil(reset - time.time()))
    return max(wait, 0)


def record_failure(email, address):
    strategy = _strategy()
    if strategy is not None:
        for limit, scope, key in _limits(email, address):
            strategy.hit(limit, scope, key)


def forget_account_failures(email, address):
    """A correct password clears the account's count (the address's count stays)."""
    strategy = _strategy()
    if strategy is not None:
        limit, scope, key = _limits(email, address)[0]
        strategy.clear(limit, scope, key)


def wait_message(seconds):
    minutes = max(1, math.ceil(seconds / 60))
    return (f'تلاش‌های ناموفق برای ورود بیش از حد مجاز بوده است. لطفاً {persian_digits(minutes)} دقیقه دیگر '
            'دوباره تلاش کنید.')
