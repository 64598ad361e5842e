"""Demo content for this domain, written from the facts in the seed reports."""


def load():
    """Idempotent: skip what exists."""
