"""City indicators: what the secretariat measures, the Jalali periods values are entered for, and the values.

A period is shared by every indicator: (jalali_year, quarter 1..4) for quarterly indicators, or
(jalali_year, quarter 0) for yearly ones (`IndicatorPeriod.quarter_or_none` gives None for them, as the
summary API speaks). A value is one number per (indicator, city, period).
"""
import datetime as dt

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import db
from ..jalali import persian_digits
from ..search.documents import Searchable, join_text
from ..timeutil import utcnow

FREQUENCIES = {'quarterly': 'فصلی', 'yearly': 'سالانه'}
#: how the values of several quarters become one: counts add up, rates average, a stock is its latest value
AGGREGATES = {'sum': 'جمع فصل‌ها', 'mean': 'میانگین فصل‌ها', 'last': 'آخرین مقدار'}
QUARTER_NAMES = {1: 'بهار', 2: 'تابستان', 3: 'پاییز', 4: 'زمستان'}
ORDINAL_QUARTERS = {1: 'فصل اول', 2: 'فصل دوم', 3: 'فصل سوم', 4: 'فصل چهارم'}
#: where a value comes from: entered by hand, or counted by another domain (see sources.py)
SOURCES = {'': 'ورود دستی', 'occasions.kit': 'شمارش از بسته رسانه‌ای مناسبت‌ها'}
CATEGORIES = ('تولید محتوا', 'رسانه و مطبوعات', 'فضای مجازی', 'افکارسنجی و پاسخگویی', 'پیوست رسانه‌ای',
              'آموزش و توانمندسازی', 'مناسبت‌ها و تبلیغات شهری')


def period_label(year, quarter):
    """«بهار ۱۴۰۴» for a quarter, «سال ۱۴۰۴» for a year (quarter None or 0)."""
    if not quarter:
        return f'سال {persian_digits(year)}'
    return f'{QUARTER_NAMES[quarter]} {persian_digits(year)}'


class Indicator(Searchable, db.Model):
    __tablename__ = 'indicators'
    search_kind = 'indicator'

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: shown after the number: «خبر», «درصد», «ساعت»
    unit: Mapped[str] = mapped_column(String(50), default='')
    description: Mapped[str] = mapped_column(Text, default='')
    higher_is_better: Mapped[bool] = mapped_column(default=True)
    #: 'quarterly' | 'yearly' (Jalali)
    frequency: Mapped[str] = mapped_column(String(10), default='quarterly')
    category: Mapped[str] = mapped_column(String(150), default='')
    #: shown on the public transparency page
    public: Mapped[bool] = mapped_column(default=False)
    #: 'sum' | 'mean' | 'last' over the quarters of a longer span
    aggregate: Mapped[str] = mapped_column(String(10), default='sum')
    #: an inactive indicator keeps its values but asks for no new ones
    active: Mapped[bool] = mapped_column(default=True)
    #: the order of the list (smaller first)
    position: Mapped[int] = mapped_column(default=0)
    #: a key of SOURCES: '' entered by hand, 'occasions.kit' counted from the occasions' media kit (the entry
    #: form prefills the count; the director may still correct it)
    source: Mapped[str] = mapped_column(String(30), default='', server_default='')
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    values = relationship('IndicatorValue', back_populates='indicator', cascade='all, delete-orphan',
                          passive_deletes=True)

    def __repr__(self):
        return f'<Indicator {self.id} {self.name}>'

    @property
    def frequency_label(self):
        return FREQUENCIES.get(self.frequency, self.frequency)

    @property
    def source_label(self):
        return SOURCES.get(self.source, self.source)

    @property
    def aggregate_label(self):
        return AGGREGATES.get(self.aggregate, self.aggregate)

    def fits(self, period):
        """Values of this indicator are entered for `period` (a quarter for quarterly ones, a year for yearly)."""
        return (self.frequency == 'yearly') == (period.quarter == 0)

    def search_document(self):
        return {
            'kind': 'indicator', 'id': self.id, 'ref': '', 'title': self.name,
            'body': join_text(self.description, self.unit, FREQUENCIES.get(self.frequency, '')),
            'city': '', 'city_slug': '', 'category': self.category,
            'status': 'active' if self.active else 'inactive',
            'date': self.created_dt.date() if self.created_dt else None,
            'url': f'/indicators/{self.id}', 'visibility': 'public', 'attachments_text': '',
        }


class IndicatorPeriod(db.Model):
    """A Jalali quarter (1..4) or year (quarter 0) that values are entered for, shared by every indicator."""
    __tablename__ = 'indicator_periods'
    __table_args__ = (UniqueConstraint('year', 'quarter'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Jalali year, e.g. 1404
    year: Mapped[int]
    #: 1..4, or 0 for the whole year (yearly indicators)
    quarter: Mapped[int] = mapped_column(default=0)
    #: the day by which cities should have entered their values (reminders go out before it)
    deadline: Mapped[dt.date | None]
    #: a locked period refuses every change (entries and imports)
    locked: Mapped[bool] = mapped_column(default=False)
    locked_dt: Mapped[dt.datetime | None]
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    locked_by = relationship('User')

    def __repr__(self):
        return f'<IndicatorPeriod {self.year}/{self.quarter}>'

    @property
    def quarter_or_none(self):
        return self.quarter or None

    @property
    def key(self):
        """(year, quarter or None), as the summary API names a period."""
        return (self.year, self.quarter or None)

    @property
    def label(self):
        return period_label(self.year, self.quarter)

    @property
    def is_yearly(self):
        return self.quarter == 0

    @property
    def sort_key(self):
        # a year sorts after its fourth quarter (it is reported once the year has ended)
        return (self.year, self.quarter or 5)


class IndicatorValue(db.Model):
    __tablename__ = 'indicator_values'
    __table_args__ = (UniqueConstraint('indicator_id', 'city_id', 'period_id'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey('indicators.id', ondelete='CASCADE'), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey('cities.id'), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey('indicator_periods.id', ondelete='CASCADE'), index=True)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default='')
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    indicator = relationship('Indicator', back_populates='values')
    city = relationship('City')
    period = relationship('IndicatorPeriod')
    entered_by = relationship('User')

    def __repr__(self):
        return f'<IndicatorValue {self.indicator_id}/{self.city_id}/{self.period_id}={self.value}>'


class IndicatorReminderLog(db.Model):
    """One reminder per city per period per day at most."""
    __tablename__ = 'indicator_reminder_logs'
    __table_args__ = (UniqueConstraint('city_id', 'period_id', 'sent_on'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey('cities.id', ondelete='CASCADE'))
    period_id: Mapped[int] = mapped_column(ForeignKey('indicator_periods.id', ondelete='CASCADE'))
    sent_on: Mapped[dt.date]
