import datetime as dt


def utcnow():
    """Naive UTC, the form every *_dt column stores (SQLite keeps no zone)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
