"""What a content type must provide to be searchable.

A model mixes in `Searchable`, sets `search_kind`, implements `search_document()`, and its domain's
`search.py` registers it (`registry.register_type`).
Only keys (kind, id) are queued at flush time; the document is built from the database after the
commit, so `search_document()` may use relationships freely.
"""
import contextlib
from contextvars import ContextVar


class Searchable:
    #: the kind its domain registers, e.g. 'practice'
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


#: While the indexer builds documents: (its session, what registry.prefetch read for the batch, or None).
#: The indexer reads with a session of its own (after a commit the request's session can run no SQL).
_indexing = ContextVar('search_indexing', default=None)


@contextlib.contextmanager
def indexing_session(session, prefetched=None):
    token = _indexing.set((session, prefetched))
    try:
        yield
    finally:
        _indexing.reset(token)


def indexing_state():
    """(session, prefetched data or None) to build documents with: the indexer's own, else the app's session."""
    state = _indexing.get()
    if state is not None:
        return state
    from ..db import db
    return db.session, None


def join_text(*parts):
    return '\n\n'.join(p for p in parts if p)
