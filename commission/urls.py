"""Where a form may send the user back to: one rule for every `next` parameter (no open redirect)."""
from urllib.parse import urlsplit

#: characters browsers drop or read as '/' inside a URL, which turn '/\\evil' or '/\t/evil' into another host
_UNSAFE = ('\\', '\t', '\n', '\r')


def safe_next(target, default=None):
    """`target` when it is a path on this site ('/practices/3?x=1'), else `default`.

    Refused: other hosts ('//evil', 'https://evil'), backslash forms browsers read as slashes ('/\\evil', '\\\\evil'),
    control characters (tabs and newlines are dropped by browsers: '/\\t/evil' is '//evil'), and schemes
    ('javascript:...').
    """
    if not target or not isinstance(target, str):
        return default
    if any(c in target for c in _UNSAFE) or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return default
    if not target.startswith('/') or target.startswith('//'):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
