import datetime as dt

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..attachments.search import attachments_text
from ..db import db
from ..search.documents import Searchable, join_text
from ..timeutil import utcnow

STATUSES = {
    'draft': 'پیش‌نویس',
    'submitted': 'ارسال‌شده برای بررسی',
    'changes_requested': 'نیازمند اصلاح',
    'published': 'منتشرشده',
}

practice_tags = Table(
    'practice_tags', db.metadata,
    Column('practice_id', ForeignKey('practices.id', ondelete='CASCADE'), primary_key=True),
    Column('tag_id', ForeignKey('tags.id', ondelete='CASCADE'), primary_key=True),
)


class Category(db.Model):
    __tablename__ = 'practice_categories'

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    position: Mapped[int] = mapped_column(default=0)


class Tag(db.Model):
    __tablename__ = 'tags'

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Practice(Searchable, db.Model):
    """A city's shared experience, on the structured template of good-practice exchanges."""
    __tablename__ = 'practices'
    #: the published list's order and count, and its year facet (migration 0021)
    __table_args__ = (Index('ix_practices_status_published', 'status', 'published_dt', 'id'),
                      Index('ix_practices_status_year', 'status', 'year'))
    search_kind = 'practice'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: external reference of an imported archive item; re-importing the same ref changes nothing
    ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    city_id: Mapped[int] = mapped_column(ForeignKey('cities.id'), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    contact_name: Mapped[str] = mapped_column(String(200), default='')
    contact_info: Mapped[str] = mapped_column(String(200), default='')
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default='')
    #: Markdown sections
    context: Mapped[str] = mapped_column(Text, default='')
    actions: Mapped[str] = mapped_column(Text, default='')
    resources: Mapped[str] = mapped_column(Text, default='')
    results: Mapped[str] = mapped_column(Text, default='')
    lessons: Mapped[str] = mapped_column(Text, default='')
    category_id: Mapped[int | None] = mapped_column(ForeignKey('practice_categories.id'), index=True)
    audience: Mapped[str] = mapped_column(String(300), default='')
    channels: Mapped[str] = mapped_column(String(300), default='')
    #: Jalali year and optional quarter (1-4) the experience covers
    year: Mapped[int | None] = mapped_column(index=True)
    quarter: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20), default='draft')
    #: the secretariat's requested changes, shown to the author
    review_note: Mapped[str] = mapped_column(Text, default='')
    is_selected: Mapped[bool] = mapped_column(default=False)
    #: denormalised counts, so lists sort without a query per row
    useful_count: Mapped[int] = mapped_column(default=0)
    adoption_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: when the text last changed (set by the edit service; counters and review steps leave it alone)
    updated_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_dt: Mapped[dt.datetime | None]
    published_dt: Mapped[dt.datetime | None]

    city = relationship('City')
    author = relationship('User')
    category = relationship('Category')
    tags = relationship('Tag', secondary=practice_tags, order_by='Tag.name')

    def __repr__(self):
        return f'<Practice {self.id} {self.status}>'

    @property
    def is_published(self):
        return self.status == 'published'

    def search_document(self):
        published = self.status == 'published'
        return {
            'kind': 'practice', 'id': self.id, 'ref': self.ref or '', 'title': self.title,
            'body': join_text(self.summary, self.context, self.actions, self.resources, self.results, self.lessons,
                              self.audience, self.channels, ' '.join(t.name for t in self.tags),
                              # the questions peers asked and the answers given are found under the practice
                              *(c.body for c in sorted(self.comments, key=lambda c: c.id))),
            'city': self.city.name if self.city else '', 'city_slug': self.city.slug if self.city else '',
            'category': self.category.name if self.category else '', 'status': self.status,
            'date': (self.published_dt or self.created_dt).date() if (self.published_dt or self.created_dt) else None,
            'url': f'/practices/{self.id}',
            # drafts and submissions are found only by their city's directors and the staff
            'visibility': 'public' if published else f'city:{self.city_id}',
            'attachments_text': attachments_text('practice', self.id),
        }


class PracticeComment(db.Model):
    """A question or comment from a peer; the practice's city may mark one reply as the answer."""
    __tablename__ = 'practice_comments'

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey('practices.id', ondelete='CASCADE'), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey('users.id'))
    #: a reply points at the question it answers
    parent_id: Mapped[int | None] = mapped_column(ForeignKey('practice_comments.id', ondelete='CASCADE'))
    body: Mapped[str] = mapped_column(Text)
    is_answer: Mapped[bool] = mapped_column(default=False)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    practice = relationship('Practice', backref='comments')
    author = relationship('User')


class PracticeUseful(db.Model):
    __tablename__ = 'practice_useful_marks'
    __table_args__ = (UniqueConstraint('practice_id', 'user_id'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey('practices.id', ondelete='CASCADE'), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id', ondelete='CASCADE'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PracticeAdoption(db.Model):
    """'My city adopted this': a short note, and later the result it had."""
    __tablename__ = 'practice_adoptions'
    __table_args__ = (UniqueConstraint('practice_id', 'city_id'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey('practices.id', ondelete='CASCADE'), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey('cities.id'), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id'))
    note: Mapped[str] = mapped_column(Text, default='')
    result: Mapped[str] = mapped_column(Text, default='')
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    practice = relationship('Practice', backref='adoptions')
    city = relationship('City')
    user = relationship('User')


class SimilarPractices(db.Model):
    """The practices of other cities most like one practice, computed ahead by the worker (practices/similar.py).

    The page reads this row instead of searching; what it lists is filtered again when shown (published only,
    other cities only), so a list that went stale never shows a practice it should not.
    """
    __tablename__ = 'practice_similar'

    practice_id: Mapped[int] = mapped_column(ForeignKey('practices.id', ondelete='CASCADE'), primary_key=True)
    #: practice ids, best first
    similar_ids: Mapped[list] = mapped_column(JSON, default=list)
    computed_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
