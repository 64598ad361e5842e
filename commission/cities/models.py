import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import db


class City(db.Model):
    __tablename__ = 'cities'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Persian name, as shown everywhere (تهران)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(100), default='')
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    province: Mapped[str] = mapped_column(String(100), default='')
    #: a member metropolis of the assembly; guest cities (e.g. خمین) are not
    is_member: Mapped[bool] = mapped_column(default=True)
    joined_on: Mapped[dt.date | None]

    def __repr__(self):
        return f'<City {self.slug}>'
