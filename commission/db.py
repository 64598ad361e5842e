import contextlib
import contextvars

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    'ix': 'ix_%(column_0_label)s',
    'uq': 'uq_%(table_name)s_%(column_0_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

#: set while the worker runs a job: its SQLite transactions then take the write lock at BEGIN (see create_app)
SQLITE_IMMEDIATE = contextvars.ContextVar('sqlite_immediate', default=False)


@contextlib.contextmanager
def write_after_reading():
    """A write in a request that only reads otherwise (a GET recording its export in the audit log): its own
    transaction, committed on leaving. On SQLite a read transaction cannot become a write one once another
    process committed meanwhile ("database is locked" at once, no waiting), so the read is ended first (a commit:
    a GET has nothing pending) and the write takes the lock at BEGIN IMMEDIATE, waiting for it as a POST does."""
    db.session.commit()
    token = SQLITE_IMMEDIATE.set(True)
    try:
        yield
        db.session.commit()
    finally:
        SQLITE_IMMEDIATE.reset(token)
