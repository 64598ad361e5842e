import pytest
from flask import g


@pytest.fixture
def login(login):
    """The shared `login`, made safe to call twice in one test.

    Requests in a test reuse the test's app context, so Flask-Login's cached user (g._login_user) would
    outlive a second login; forget it.
    """
    def _login(user):
        g.pop('_login_user', None)
        return login(user)
    return _login
