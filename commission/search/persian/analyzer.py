"""The whoosh analyzer and the query-side functions, both reading :func:`.tokens.analysis`.

The analyzer objects hold no data, so they pickle small into the whoosh schema.
"""
from typing import NamedTuple

from whoosh.analysis import CompositeAnalyzer, Token, Tokenizer

from . import chars, stemming
from .stemming import canonical_token
from .tokens import MEMOS, STOP, analysis


class PersianTokenizer(Tokenizer):
    """Whoosh tokenizer: canonical Persian terms (and joined pairs) with offsets into the original text.

    Positions and offsets are always set (whoosh reads them only when asked for).
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode='', **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            return _whole(t, value, start_pos, start_char)
        tokens = analysis(value, start_pos, start_char, t, t, t, t)
        return _with_original(tokens, value, start_char) if keeporiginal else tokens


def _whole(t, value, start_pos, start_char):
    t.text, t.pos = canonical_token(value), start_pos
    t.startchar, t.endchar = start_char, start_char + len(value)
    yield t


def _with_original(tokens, value, start_char):
    for t in tokens:
        t.original = value[t.startchar - start_char:t.endchar - start_char]
        yield t


def persian_analyzer():
    """Whoosh analyzer for Persian text fields; use the same one at index and query time."""
    return CompositeAnalyzer(PersianTokenizer())


class Word(NamedTuple):
    """One word of a query: its canonical term and the joined forms the index holds for it."""

    term: str
    folded: str
    start: int
    end: int
    is_stop: bool
    pair_next: str | None  #: this word joined with the next one
    triple_next: str | None  #: this word, «و» and the word after it joined (گردوغبار)
    secondary: str | None  #: broader term indexed beside `term` (رسانه for رسانه‌ای)


class _Slot:
    """Where :func:`analysis` writes one kind of token for the query side."""

    __slots__ = ('text', 'pos', 'startchar', 'endchar')


def analyze_words(text):
    """Analyse a query string into :class:`Word` tuples (stop words included, flagged)."""
    word, pair, triple, extra = _Slot(), _Slot(), _Slot(), _Slot()
    infos = []
    rows = []  # [info, start, end, pair_next, triple_next] per word; a join sits at its first word's pos
    for tok in analysis(str(text or ''), 0, 0, word, pair, triple, extra, infos):
        if tok is word:
            rows.append([infos[-1], tok.startchar, tok.endchar, None, None])
        elif tok is pair:
            rows[tok.pos][3] = tok.text
        elif tok is triple:
            rows[tok.pos][4] = tok.text
    return [Word(info.term, info.folded, start, end, bool(info.flags & STOP), pair_next, triple_next, info.secondary)
            for info, start, end, pair_next, triple_next in rows]


def analyze_terms(text, *, drop_stopwords=False):
    """Canonical terms of `text`, in order (no joined pairs)."""
    return [w.term for w in analyze_words(text) if not (drop_stopwords and w.is_stop)]


def joined_pair_terms(text):
    """Canonical joined forms of adjacent words (and of «A و B») of `text`, as the index stores them."""
    return [join for w in analyze_words(text) for join in (w.pair_next, w.triple_next) if join]


def clear_caches():
    """Forget every memoised token, pair and gap analysis (the lexicon stays loaded)."""
    for memo in MEMOS.values():
        memo.clear()
    chars.fold.cache_clear()
    stemming.stem.cache_clear()


def cache_sizes():
    """Entries held by each memo (for benchmarks)."""
    return {name: len(memo) for name, memo in MEMOS.items()} | {
        'fold': chars.fold.cache_info().currsize, 'stem': stemming.stem.cache_info().currsize}

