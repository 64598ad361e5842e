import pytest
from flask import g


@pytest.fixture
def login(login):
    """The shared `login`, also forgetting the user Flask-Login cached in `g`.

    The test's app context is shared by the client's requests, so without this a second login in one
    test would still act as the first user.
    """
    def _login(user):
        g.pop('_login_user', None)
        return login(user)
    return _login
