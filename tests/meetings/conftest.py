import pytest
from flask import g


@pytest.fixture
def login(login):
    """The shared `login`, made safe for switching users within one test.

    The test's app context outlives each request, so Flask-Login's per-request cache (`g._login_user`)
    would otherwise keep answering with the first user.
    """
    def _login(user):
        g.pop('_login_user', None)
        return login(user)
    return _login
