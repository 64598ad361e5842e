"""What a content type must provide to be searchable.

A model mixes in `Searchable`, sets `search_kind`, and implements `search_document()`.
Only keys (kind, id) are queued at flush time; the document is built from the database after the
commit, so `search_document()` may use relationships freely.
"""
import contextlib
from contextvars import ContextVar

from sqlalchemy import select


class Searchable:
    #: 'practice' | 'minutes' | 'resolution' | 'report'
    search_kind = None

    @property
    def search_key(self):
        return f'{self.search_kind}:{self.id}'

    def search_document(self):
        """Return the indexed fields as plain values, or None when the object must not be in the index.

        Keys: kind, id, ref (external reference or ''), title, body, city (Persian name or ''),
        city_slug, category, status, date (datetime.date or None), url (path), visibility
        ('public', or 'city:<id>' for drafts readable only by that city's directors and the staff),
        attachments_text (text extracted from attached files, or '').
        """
        raise NotImplementedError


#: While the indexer builds documents: (its session, {(owner_type, owner_id): text} prefetched or None).
#: The indexer reads with a session of its own (after a commit the request's session can run no SQL).
_indexing = ContextVar('search_indexing', default=None)


@contextlib.contextmanager
def indexing_session(session, prefetched=None):
    token = _indexing.set((session, prefetched))
    try:
        yield
    finally:
        _indexing.reset(token)


def prefetch_attachments(session, owner_type, owner_ids):
    """{(owner_type, owner_id): text} for many owners in one query (rebuild)."""
    from ..attachments.models import Attachment
    rows = session.execute(select(Attachment.owner_id, Attachment.extracted_text).where(
        Attachment.owner_type == owner_type, Attachment.owner_id.in_(list(owner_ids))).order_by(Attachment.id))
    found = {}
    for owner_id, text in rows:
        if text:
            found.setdefault((owner_type, owner_id), []).append(text)
    return {key: '\n'.join(texts) for key, texts in found.items()}


def attachments_text(owner_type, owner_id):
    """The extracted text of an owner's attachments, so a hit in a PDF points at the owning item."""
    from ..attachments.models import Attachment
    from ..db import db
    session, prefetched = _indexing.get() or (db.session, None)
    if prefetched is not None:
        return prefetched.get((owner_type, owner_id), '')
    texts = session.scalars(select(Attachment.extracted_text).where(
        Attachment.owner_type == owner_type, Attachment.owner_id == owner_id).order_by(Attachment.id))
    return '\n'.join(t for t in texts if t)


def join_text(*parts):
    return '\n\n'.join(p for p in parts if p)
