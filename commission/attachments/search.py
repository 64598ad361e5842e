"""Attachments in search: an owner's document carries its files' text, and a changed file re-indexes its owner.

Which owner_type belongs to which kind is declared by each searchable type (`owner_type=` in its
domain's `search.py`); this module only reads that mapping from the search registry.
"""
from sqlalchemy import select

from ..search import registry
from ..search.documents import indexing_state
from .models import Attachment


def attachments_text(owner_type, owner_id):
    """The extracted text of an owner's attachments, so a hit in a PDF points at the owning item."""
    session, prefetched = indexing_state()
    if prefetched is not None:
        return prefetched.get((owner_type, owner_id), '')
    texts = session.scalars(select(Attachment.extracted_text).where(
        Attachment.owner_type == owner_type, Attachment.owner_id == owner_id).order_by(Attachment.id))
    return '\n'.join(t for t in texts if t)


def prefetch_attachments(session, owner_type, owner_ids):
    """{(owner_type, owner_id): text} for many owners in one query (rebuild)."""
    rows = session.execute(select(Attachment.owner_id, Attachment.extracted_text).where(
        Attachment.owner_type == owner_type, Attachment.owner_id.in_(list(owner_ids))).order_by(Attachment.id))
    found = {}
    for owner_id, text in rows:
        if text:
            found.setdefault((owner_type, owner_id), []).append(text)
    return {key: '\n'.join(texts) for key, texts in found.items()}


def _prefetch(session, search_type, ids):
    return prefetch_attachments(session, search_type.owner_type, ids) if search_type.owner_type else {}


def _owner_keys(attachment):
    kind = registry.kind_of_owner(attachment.owner_type)
    return [f'{kind}:{attachment.owner_id}'] if kind and attachment.owner_id else []


registry.register_parent(Attachment, _owner_keys)
registry.register_prefetcher(_prefetch)
