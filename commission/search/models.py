import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import db
from ..timeutil import utcnow


class SearchQueue(db.Model):
    """Index work recorded in the same transaction as the content change, drained after commit."""
    __tablename__ = 'search_queue'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: '<kind>:<id>', e.g. 'practice:12'
    key: Mapped[str] = mapped_column(String(100), index=True)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
