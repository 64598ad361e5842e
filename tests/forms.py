"""Reading a rendered form in tests."""
import re

_SUBMISSION_TOKEN = re.compile(r'name="submission_token"[^>]*value="([^"]+)"')


def submission_token(page, marker='<form'):
    """The one-time submission token of the form that follows `marker` in the page's HTML."""
    found = _SUBMISSION_TOKEN.search(page[page.index(marker):])
    assert found, 'the form carries no submission token'
    return found.group(1)
