import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import db
from ..search.documents import Searchable
from ..timeutil import utcnow
from .periods import Period

STATUSES = {'draft': 'پیش‌نویس', 'published': 'منتشرشده'}


class CityReport(Searchable, db.Model):
    """What people write on a generated report: the introduction and whether it is published.

    The figures are generated from the records each time; this row holds only what a person decides. A row
    with no city is the commission's own report (written by the secretariat).
    """
    __tablename__ = 'city_reports'
    __table_args__ = (UniqueConstraint('city_id', 'year', 'span'),)
    search_kind = 'city_report'

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int | None] = mapped_column(ForeignKey('cities.id'), index=True)
    #: Jalali year and span (quarters from 1 Farvardin: 1 = three months … 4 = the year)
    year: Mapped[int]
    span: Mapped[int]
    #: Markdown, rendered through commission.markup
    introduction: Mapped[str] = mapped_column(Text, default='')
    status: Mapped[str] = mapped_column(String(20), default='draft')
    published_dt: Mapped[dt.datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    city = relationship('City')
    published_by = relationship('User', foreign_keys=[published_by_id])
    updated_by = relationship('User', foreign_keys=[updated_by_id])

    def __repr__(self):
        return f'<CityReport {self.city_id} {self.year}/{self.span} {self.status}>'

    @property
    def period(self):
        return Period(self.year, self.span)

    @property
    def is_published(self):
        return self.status == 'published'

    @property
    def title(self):
        whose = f'شهرداری {self.city.name}' if self.city else 'کمیسیون ارتباطات'
        return f'گزارش عملکرد {self.period.label} {whose}'

    @property
    def url(self):
        if self.city:
            return f'/reports/city/{self.city.slug}/{self.year}/{self.span}'
        return f'/reports/commission/{self.year}/{self.span}'

    def search_document(self):
        if not self.is_published or not self.introduction.strip():
            return None  # drafts are nobody's search result; a report without words has nothing to find
        return {
            'kind': 'city_report', 'id': self.id, 'ref': '', 'title': self.title, 'body': self.introduction,
            'city': self.city.name if self.city else '', 'city_slug': self.city.slug if self.city else '',
            'category': '', 'status': self.status,
            'date': self.published_dt.date() if self.published_dt else None,
            'url': self.url, 'visibility': 'public', 'attachments_text': '',
        }
