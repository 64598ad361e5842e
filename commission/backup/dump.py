"""The portable logical dump: one JSON Lines file per table, values typed by the reflected column types."""
import base64
import datetime as dt
import decimal
import json

from sqlalchemy import JSON, Date, DateTime, LargeBinary, MetaData, Numeric, Time

from ..search.pgindex import TABLES as SEARCH_TABLES

#: the format of the backup folder (manifest.json's "format")
FORMAT = 1
DATA = 'data'
FILES = 'files'
MANIFEST = 'manifest.json'
#: tables a backup leaves out and a restore never loads: Alembic's own (the migrations write it) and the
#: PostgreSQL search backend's (derived from the rest: a restore ends with a search rebuild)
SKIP = {'alembic_version'} | SEARCH_TABLES


def reflect(connection):
    """The tables as the database has them (not as the code's models say), in dependency order."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return [table for table in metadata.sorted_tables if table.name not in SKIP]


def _default(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(f'cannot write {type(value).__name__} to a backup')


def encode_row(row):
    return json.dumps(dict(row), default=_default, ensure_ascii=False, separators=(',', ':'))


def _naive_utc(value):
    """Every *_dt column holds naive UTC; a zoned value (a timestamptz column) is turned into that."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _converter(column_type):
    if isinstance(column_type, DateTime):
        return lambda v: _naive_utc(dt.datetime.fromisoformat(v)) if isinstance(v, str) else v
    if isinstance(column_type, Date):
        return lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(column_type, Time):
        return lambda v: dt.time.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(column_type, LargeBinary):
        return lambda v: base64.b64decode(v) if isinstance(v, str) else v
    if isinstance(column_type, Numeric) and not isinstance(column_type, JSON):
        return lambda v: decimal.Decimal(v) if isinstance(v, str) else v
    return None


def decoder(table):
    """A function turning one dumped line into the row `table` (reflected in the target) accepts."""
    converters = {c.name: conv for c in table.columns if (conv := _converter(c.type)) is not None}
    names = set(table.columns.keys())

    def decode(line):
        row = {key: value for key, value in json.loads(line).items() if key in names}
        for key, convert in converters.items():
            if row.get(key) is not None:
                row[key] = convert(row[key])
        return row
    return decode
