"""What a content type must provide to be searchable.

A model mixes in `Searchable`, sets `search_kind`, and implements `search_document()`.
Only keys (kind, id) are queued at flush time; the document is built from the database after the
commit, so `search_document()` may use relationships freely.
"""


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


def attachments_text(owner_type, owner_id):
    """The extracted text of an owner's attachments, so a hit in a PDF points at the owning item."""
    from ..attachments.models import Attachment
    from ..db import db
    texts = db.session.scalars(db.select(Attachment.extracted_text).where(
        Attachment.owner_type == owner_type, Attachment.owner_id == owner_id))
    return '\n'.join(t for t in texts if t)


def join_text(*parts):
    return '\n\n'.join(p for p in parts if p)
