"""Stemming checked against hazm's lexicon: canonical terms for folded words.

Plural, possessive, comparative, ezafe and verb-prefix affixes are stripped only when hazm's
lexicon vouches for the result; words the lexicon knows (with a corpus count) are never stemmed, so
شهرداری, مردم and تهران stay whole. Plural ها/های/هایی is stripped even from unknown words (names
of new things, ``دیوارنگاره‌های``).
"""
import functools

from .chars import fold
from .lexicon import lexicon, verb_stems

PLURALS = ('هایشان', 'هایتان', 'هایمان', 'هایی', 'هایم', 'هایت', 'هایش', 'های', 'ها')
#: (suffix, replacement, minimum word length): comparatives, -ان/-گان/-ات plurals, possessives,
#: ezafe after a vowel; applied only when the lexicon knows the result.
_SUFFIX_RULES = (
    ('ترین', '', 6), ('تر', '', 4), ('گان', 'ه', 5), ('یان', '', 5),
    ('ات', 'ه', 4), ('ات', 'ت', 4), ('ات', '', 4),
    ('ان', '', 4), ('شان', '', 6), ('تان', '', 6), ('مان', '', 6),
    ('هی', 'ه', 3), ('وی', 'و', 3), ('ای', 'ا', 3), ('هاش', 'ه', 4), ('هام', 'ه', 4),
)
#: Rules by the last two letters of the suffix (every suffix has at least two).
SUFFIX_RULES_BY_ENDING = {
    ending: tuple(rule for rule in _SUFFIX_RULES if rule[0].endswith(ending))
    for ending in {suffix[-2:] for suffix, _, _ in _SUFFIX_RULES}
}
_VERB_ENDINGS = ('ند', 'یم', 'ید', 'م', 'ی', 'د', '')
#: What a word must end with for a rule of stem_fresh to strip anything but the verb prefix: a plural, a
#: suffix of _SUFFIX_RULES, or what _strip_verb_ending's default endings (ند ید یم د) end with.
STRIPPABLE_ENDINGS = tuple(dict.fromkeys(PLURALS + tuple(rule[0] for rule in _SUFFIX_RULES) + ('د', 'یم')))
#: Their proper tails: a word ending with one of these may end with one of them once joined after another.
_ENDING_TAILS = frozenset(e[i:] for e in STRIPPABLE_ENDINGS for i in range(1, len(e)))


def _strip_verb_prefix(word):
    """می/نمی + a verb stem + a personal ending -> the stem (میکنند, نمی‌کند -> کن)."""
    rest = word[3:] if word.startswith('نمی') else word[2:] if word.startswith('می') else ''
    if len(rest) < 2:
        return None
    return _strip_verb_ending(rest, _VERB_ENDINGS)


def _strip_verb_ending(word, endings=('ند', 'ید', 'یم', 'د')):
    """A verb stem + a personal ending -> the stem (بینند -> بین); bare forms only for unknown words."""
    if word[-1] not in 'دمی' and '' not in endings:
        return None
    stems = verb_stems()
    if len(word) > stems.longest + 2:
        return None
    for ending in endings:
        if word.endswith(ending):
            stem = word[:len(word) - len(ending)]
            if len(stem) > 1 and stem in stems:
                return stem
    return None


def _strip_plural(word):
    if 'ها' not in word[-6:]:
        return None
    if not word.endswith(PLURALS):
        return None
    for suffix in PLURALS:
        if word.endswith(suffix) and len(stem := word[:-len(suffix)]) >= 2:
            # رسانهای is رسانه + ای (adjective), not رسان + های.
            if suffix == 'های' and word[:-2] in lexicon().words and word[-3] == 'ه':
                return None
            return stem
    return None


def _strip_suffix(word, lex, min_count):
    """Strip one inflectional suffix when the lexicon knows the remaining word.

    Among stems with a corpus count, the first in rule order whose count is at least 5% of the
    best one wins (مصوبات -> مصوبه, موضوعات -> موضوع, not the rare موضوعه); stems listed without
    a count are used only when no candidate has one and the word itself has none.
    """
    rules = SUFFIX_RULES_BY_ENDING.get(word[-2:])
    if rules is None:
        return None
    n = len(word)
    candidates = [word[:-len(suffix)] + repl for suffix, repl, min_len in rules
                  if n >= min_len and word.endswith(suffix)]
    if not candidates:
        return None
    get = lex.counts.get
    counts = [get(stem, 0) for stem in candidates]
    if best := max(counts):  # with no count at all, no stem reaches the floor (at least 1)
        floor = max(best * 0.05, min_count, 1)
        for stem, count in zip(candidates, counts, strict=True):
            if count >= floor:
                return stem
    if min_count:
        return None
    words = lex.words
    for stem in candidates:
        if stem in words:
            return stem
    return None


def stem_fresh(word):
    """Canonical term for a folded word (see module docstring); :func:`stem` is this, memoised.

    Joined pairs are nearly all seen once, so they call this directly rather than push single
    words out of stem's memo."""
    if len(word) < 3 or not word[0].isalpha() or word.isascii():
        return word
    lex = lexicon()
    count = lex.counts.get(word, 0)
    if count and word not in lex.plurals:
        return word
    # A word tagged plural is stemmed only to a stem at least 5% as common (not ملاقات -> ملاقه).
    # Each rule is tried only when the word's first or last letters allow it: most words met at
    # index time (and most joined pairs) are unknown to the lexicon and match no rule.
    stem_ = _strip_verb_prefix(word) if word[0] in 'من' else None
    if stem_ is None and 'ها' in word[-6:]:
        stem_ = _strip_plural(word)
    if stem_ is None and word[-2:] in SUFFIX_RULES_BY_ENDING:
        stem_ = _strip_suffix(word, lex, count * 0.05)
    if stem_ is None and not count and word[-1] in 'دم':  # the endings of _strip_verb_ending's default
        stem_ = _strip_verb_ending(word)
    return word if stem_ is None else stem(stem_)


stem = functools.lru_cache(maxsize=10_000)(stem_fresh)


def canonical_token(token):
    """Canonical index/query term for one raw token (a word as it appears in a text)."""
    folded = fold(token)
    return stem(folded) if folded[:1].isalpha() else folded


def may_stem_as_tail(word):
    """Whether :func:`stem_fresh` might change a word ending with `word` (a joined pair's second half)
    by a rule other than the verb prefix's (:func:`may_stem_as_head`): its rules strip only the endings
    of :data:`STRIPPABLE_ENDINGS`."""
    return len(word) < 2 or word.endswith(STRIPPABLE_ENDINGS) or word in _ENDING_TAILS


def may_stem_as_head(word):
    """Whether a word joined before another may start with the verb prefix می/نمی, the one rule of
    :func:`stem_fresh` that reads the start of a word."""
    return word.startswith(('می', 'نمی')) or word in ('م', 'ن', 'نم')
