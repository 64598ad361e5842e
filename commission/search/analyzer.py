"""Persian analysis lives in :mod:`commission.search.persian`; this module keeps the old import path.

Whoosh indexes built before the move pickled ``commission.search.analyzer.PersianTokenizer`` into
their schema: they open through this name.
"""
from .persian import (  # noqa: F401
    ZWNJ,
    PersianTokenizer,
    Word,
    analyze_terms,
    analyze_words,
    cache_sizes,
    canonical_token,
    clear_caches,
    is_stopword,
    joined_pair_terms,
    normalize_text,
    persian_analyzer,
    warm_up,
)
