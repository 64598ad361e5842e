"""'Similar experiences from other cities' for a practice page: more-like-this over the index."""
import logging

from whoosh import query as wq

from . import index

logger = logging.getLogger(__name__)

#: how many characteristic terms of the practice make up the query
KEY_TERMS = 15


def similar_practices(practice, limit=5):
    """Ids of published practices from other cities most like `practice`, best first.

    Returns None when the index cannot answer (missing or broken), so the page falls back to the
    same category.
    """
    try:
        with index.reading() as view:
            return _similar(view, practice, limit)
    except Exception as exc:  # noqa: BLE001 - the page falls back to its own suggestions
        logger.warning('Similar practices unavailable: %s', exc)
        return None


def _similar(view, practice, limit):
    doc = practice.search_document() or {}
    title, body = doc.get('title') or '', doc.get('body') or ''
    weights = {}
    for field, text, weight in (('title', title, 2.0), ('body', body, 1.0)):
        if text.strip():
            for term, score in view.key_terms(field, text, numterms=KEY_TERMS):
                weights[term] = weights.get(term, 0.0) + score * weight
    if not weights:
        return []
    # one clause per term and field (a term of both the title and the body adds its weights): the same ranking
    # as a clause for each, with ~20% fewer clauses to score
    clauses = [wq.Term(field, term, boost=weight * boost)
               for term, weight in weights.items() for field, boost in (('title', 1.5), ('body', 1.0))]
    only = wq.And([wq.Term('kind', 'practice'), wq.Term('visibility', 'public'), wq.Term('status', 'published')])
    mask = wq.Or([wq.Term('key', f'practice:{practice.id}')]
                 + ([wq.Term('city_slug', doc['city_slug'])] if doc.get('city_slug') else []))
    found = view.where(wq.Or(clauses), filter=only, exclude=mask)
    return [view.stored(docnum)['id'] for _score, docnum in found.top(limit)]
