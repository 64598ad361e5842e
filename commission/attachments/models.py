import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import db
from ..timeutil import utcnow


class Attachment(db.Model):
    """A stored file owned by a practice, a meeting or a progress report (`owner_type`, `owner_id`)."""
    __tablename__ = 'attachments'
    __table_args__ = (Index('ix_attachments_owner', 'owner_type', 'owner_id'),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 'practice' | 'meeting' | 'report'
    owner_type: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int]
    #: the name the user's file had (Persian names kept), used for downloads
    original_name: Mapped[str] = mapped_column(String(255))
    #: random name under the instance's uploads folder
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    #: text extracted from PDF / Word files, for search
    extracted_text: Mapped[str] = mapped_column(Text, default='')
    #: 'pending' (the worker has not read it yet) | 'done' | 'refused' (over a limit or unreadable; see text_note)
    text_status: Mapped[str] = mapped_column(String(10), default='done', server_default='done')
    #: why the text was not extracted, in Persian, shown to the owner
    text_note: Mapped[str | None] = mapped_column(String(255))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey('users.id'))
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    uploaded_by = relationship('User')

    @property
    def text_refused(self):
        return self.text_status == 'refused'

    @property
    def is_image(self):
        return self.content_type.startswith('image/')
