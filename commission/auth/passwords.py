"""The password rule: 10..128 characters, not the account's e-mail, not a commonly used password."""
import functools
import os

from wtforms.validators import ValidationError

from ..jalali import persian_digits

MIN_LENGTH = 10
MAX_LENGTH = 128
HINT = f'دست‌کم {persian_digits(MIN_LENGTH)} نویسه؛ نه رایانامه و نه گذرواژه‌ای رایج'
_LIST = os.path.join(os.path.dirname(__file__), 'common_passwords.txt')


@functools.cache
def common_passwords():
    with open(_LIST, encoding='utf-8') as f:
        return frozenset(line.strip() for line in f if line.strip() and not line.startswith('#'))


def password_problem(password, *, email=''):
    """Why `password` is refused, in Persian, or None when it is acceptable."""
    password = password or ''
    if len(password) < MIN_LENGTH:
        return f'گذرواژه باید دست‌کم {persian_digits(MIN_LENGTH)} نویسه باشد.'
    if len(password) > MAX_LENGTH:
        return f'گذرواژه نباید بیش از {persian_digits(MAX_LENGTH)} نویسه باشد.'
    folded = password.strip().lower()
    email = (email or '').strip().lower()
    if email and (folded == email or folded == email.split('@')[0]):
        return 'گذرواژه نباید همان رایانامه باشد.'
    if folded in common_passwords():
        return 'این گذرواژه بسیار رایج است و به‌آسانی حدس زده می‌شود؛ گذرواژه دیگری برگزینید.'
    return None


class StrongPassword:
    """WTForms validator; the e-mail comes from the form's `email` field or its `account_email` attribute."""

    def __call__(self, form, field):
        if not field.data:
            return
        email = getattr(form, 'account_email', None)
        if email is None and 'email' in form:
            email = form.email.data
        problem = password_problem(field.data, email=email or '')
        if problem:
            raise ValidationError(problem)
