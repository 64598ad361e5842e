"""Occasions (مناسبت‌ها), one year's shift of a lunar date, the shared media kit, feed tokens and reminders."""
import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import db
from ..search.documents import Searchable, join_text
from ..timeutil import utcnow

KINDS = {'national': 'ملی', 'religious': 'مذهبی', 'city': 'شهری'}
CALENDARS = {'solar': 'هجری شمسی', 'lunar': 'هجری قمری'}

#: what a kit item is, with the file types each accepts (see services.KIT_TYPES)
ITEM_KINDS = {'poster': 'پوستر', 'banner': 'بنر', 'video': 'تیزر ویدیویی', 'template': 'فایل لایه‌باز'}

#: the licence/credit lines a city chooses from
LICENCES = {
    'free_credit': 'آزاد برای شهرداری‌های دیگر با ذکر منبع',
    'free': 'آزاد برای شهرداری‌های دیگر بی‌نیاز به ذکر منبع',
    'ask_first': 'استفاده با هماهنگی شهر سازنده',
    'view_only': 'فقط برای دیدن؛ استفاده نشود',
}


class Occasion(db.Model):
    """A national, religious or city occasion on a fixed Jalali date or a lunar Hijri date."""
    __tablename__ = 'occasions'
    __table_args__ = (CheckConstraint('month BETWEEN 1 AND 12', name='month_range'),
                      CheckConstraint('day BETWEEN 1 AND 31', name='day_range'))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: 'national' | 'religious' | 'city'
    kind: Mapped[str] = mapped_column(String(20), default='national')
    #: 'solar' (Jalali month/day) | 'lunar' (Hijri month/day)
    calendar: Mapped[str] = mapped_column(String(10), default='solar')
    month: Mapped[int]
    day: Mapped[int]
    #: how many days before the occasion cities should prepare (and are reminded)
    days_ahead: Mapped[int] = mapped_column(default=10)
    description: Mapped[str] = mapped_column(Text, default='')
    #: a city occasion's city (e.g. a city's own day); empty for national and religious ones
    city_id: Mapped[int | None] = mapped_column(ForeignKey('cities.id'), index=True)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    city = relationship('City')
    shifts = relationship('OccasionShift', back_populates='occasion', cascade='all, delete-orphan',
                          order_by='OccasionShift.base_date')
    items = relationship('KitItem', back_populates='occasion', cascade='all, delete-orphan')

    def __repr__(self):
        return f'<Occasion {self.id} {self.calendar} {self.month}/{self.day}>'

    @property
    def kind_label(self):
        return KINDS.get(self.kind, self.kind)

    @property
    def calendar_label(self):
        return CALENDARS.get(self.calendar, self.calendar)

    @property
    def is_lunar(self):
        return self.calendar == 'lunar'


class OccasionShift(db.Model):
    """The secretariat's correction of one year's date (Iran's official lunar calendar can differ by a day).

    It names the calculated date it corrects: a lunar date can fall twice in one Jalali year (عید فطر on
    ۱۰ فروردین and ۲۹ اسفند ۱۴۰۴), and each of the two may need its own correction.
    """
    __tablename__ = 'occasion_shifts'
    __table_args__ = (UniqueConstraint('occasion_id', 'base_date'),
                      CheckConstraint('shift_days BETWEEN -2 AND 2', name='shift_range'))

    id: Mapped[int] = mapped_column(primary_key=True)
    occasion_id: Mapped[int] = mapped_column(ForeignKey('occasions.id', ondelete='CASCADE'), index=True)
    #: the Jalali year of the calculated (unshifted) date
    jalali_year: Mapped[int]
    #: the calculated (Gregorian) date this shift moves
    base_date: Mapped[dt.date]
    shift_days: Mapped[int]
    note: Mapped[str] = mapped_column(String(300), default='')
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='SET NULL'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    occasion = relationship('Occasion', back_populates='shifts')


class KitItem(Searchable, db.Model):
    """One file of an occasion's media kit for one year: a city's poster, banner, teaser or editable template."""
    __tablename__ = 'occasion_kit_items'
    search_kind = 'kit_item'

    id: Mapped[int] = mapped_column(primary_key=True)
    occasion_id: Mapped[int] = mapped_column(ForeignKey('occasions.id', ondelete='CASCADE'), index=True)
    #: the Jalali year of the occurrence the item was made for
    jalali_year: Mapped[int] = mapped_column(index=True)
    #: the city that made it; empty for the secretariat's own items
    city_id: Mapped[int | None] = mapped_column(ForeignKey('cities.id'), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: 'poster' | 'banner' | 'video' | 'template'
    item_kind: Mapped[str] = mapped_column(String(20))
    #: a key of LICENCES
    licence: Mapped[str] = mapped_column(String(20), default='free_credit')
    #: the credit line to print with the item (designer, unit)
    credit: Mapped[str] = mapped_column(String(200), default='')
    attachment_id: Mapped[int] = mapped_column(ForeignKey('attachments.id'), unique=True)
    #: the thumbnail's file name under the uploads folder, made by the worker (images only)
    thumb_name: Mapped[str | None] = mapped_column(String(100))
    featured: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='SET NULL'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    occasion = relationship('Occasion', back_populates='items')
    city = relationship('City')
    attachment = relationship('Attachment')
    uploaded_by = relationship('User')

    def __repr__(self):
        return f'<KitItem {self.id} {self.item_kind}>'

    @property
    def kind_label(self):
        return ITEM_KINDS.get(self.item_kind, self.item_kind)

    @property
    def licence_label(self):
        return LICENCES.get(self.licence, self.licence)

    @property
    def maker_name(self):
        return self.city.name if self.city else 'دبیرخانه کمیسیون'

    def search_document(self):
        occasion = self.occasion
        return {
            'kind': 'kit_item', 'id': self.id, 'ref': '', 'title': self.title,
            'body': join_text(f'{occasion.name} {self.kind_label}', occasion.description, self.credit),
            'city': self.city.name if self.city else '', 'city_slug': self.city.slug if self.city else '',
            'category': occasion.kind_label, 'status': 'published', 'date': self.created_dt.date(),
            'url': f'/occasions/{occasion.id}#item-{self.id}', 'visibility': 'public', 'attachments_text': '',
        }


class FeedToken(db.Model):
    """A user's secret calendar address: only the token's SHA-256 is kept; deleting the row revokes it."""
    __tablename__ = 'occasion_feed_tokens'

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id', ondelete='CASCADE'), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_dt: Mapped[dt.datetime | None]

    user = relationship('User')


class OccasionReminder(db.Model):
    """One reminder per occurrence at most (once a year; twice in a year the date falls twice), named by the
    calculated date so a later shift does not remind again."""
    __tablename__ = 'occasion_reminders'
    __table_args__ = (UniqueConstraint('occasion_id', 'base_date'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occasion_id: Mapped[int] = mapped_column(ForeignKey('occasions.id', ondelete='CASCADE'), index=True)
    jalali_year: Mapped[int]
    base_date: Mapped[dt.date]
    sent_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
