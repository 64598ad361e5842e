"""Persian text analysis for the search index (the only package that depends on hazm, and only on its data).

One canonical spelling per word, so that the spellings users type and paste meet:

* :mod:`.chars`: the Arabic-to-Persian letter table and folding of letters, digits, marks and ZWNJ;
* :mod:`.lexicon`: hazm's word list, verb stems and stop words, folded, loaded once per process;
* :mod:`.stemming`: affixes stripped only when the lexicon vouches for the result;
* :mod:`.tokens`: words as named records and the one tokenising loop (words, joined pairs, «A و B»);
* :mod:`.memo`: the bounded memo the loop keeps its analyses in;
* :mod:`.analyzer`: the whoosh analyzer and the query-side functions, both reading that loop.
"""
from .analyzer import (
    PersianTokenizer,
    Word,
    analyze_terms,
    analyze_words,
    cache_sizes,
    clear_caches,
    joined_pair_terms,
    persian_analyzer,
)
from .chars import ARABIC_TO_PERSIAN, ZWNJ, normalize_text, persian_letters
from .lexicon import is_stopword, warm_up
from .stemming import canonical_token

__all__ = [
    'ARABIC_TO_PERSIAN', 'ZWNJ', 'PersianTokenizer', 'Word', 'analyze_terms', 'analyze_words', 'cache_sizes',
    'canonical_token', 'clear_caches', 'is_stopword', 'joined_pair_terms', 'normalize_text', 'persian_analyzer',
    'persian_letters', 'warm_up',
]
