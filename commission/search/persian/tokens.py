"""Words as named records and the one tokenising loop that the index and the query side both consume.

* The original text is tokenised with one regular expression and every token is canonicalised on
  its own, so token offsets always point into the original text and whoosh highlighting works.
* ZWNJ: folding removes it, so ``عمومی‌ها`` and ``عمومیها`` are the same token; a detached affix typed
  with a space (``می کند``, ``عمومی ها``, ``مهم ترین``, ``رسانه ای``) is glued to its word before
  canonicalisation, with offsets spanning both parts.
* Compounds: after each word the loop also emits the canonical form of the word joined to the
  previous one (``راستی آزمایی`` -> ``راستیازمایی``) at the *previous word's position*, so the joined
  and spaced spellings meet, and phrase queries (which check consecutive positions of the ordinary
  words) are unaffected. Pairs are skipped across punctuation, for numbers, and when a part is a
  stop word unless the joined form is a lexicon word (``بین الملل``).
* «A و B» is also emitted joined at A's position (گرد و غبار / گردوغبار, گفت و گو / گفتوگو).
* X‌ای after ه (دقیقه‌ای, رسانه‌ای) is emitted as itself and, at the same position, as X, so a
  query for X finds it while a query for X‌ای stays exact.
* Stop words are emitted (so phrases containing them and stop-word-only queries still match); the
  query side drops them by :attr:`WordInfo.flags`.

Speed: whoosh calls the tokenizer once per field of every document, so :func:`analysis` is one loop
over one regex split and local variables, with no generator layer or record per token; what raw
tokens, words, pairs and gaps analyse to is memoised in bounded :class:`Memo` objects. A pair of
content words neither of which can trigger a stemming rule at the joint (:data:`HEAD`,
:data:`TAIL`) is its own joined term and needs neither stemming nor a memo; so is «A و B». Any change
here must leave every token as it was: ``bench/analyzer_equal.py`` compares the tokens with another
revision's over a large varied text, and ``bench/analyzer_speed.py`` measures the speed.
"""
from dataclasses import dataclass

from .chars import JOINING_GAP, SPLIT_RE, fold
from .lexicon import lexicon, stopwords
from .memo import MISS, Memo
from .numbers import cached_number_spans, code_around, is_number_word
from .stemming import may_stem_as_head, may_stem_as_tail, stem, stem_fresh

#: WordInfo.flags. HEAD: a word a joined word beginning with which may carry the verb prefix می/نمی
#: (it starts with می or نمی, or is م, ن or نم); TAIL: a word whose ending may let a stemming rule strip
#: something from a joined word ending with it.
WORD, STOP, PREFIX, SUFFIX, HEAD, TAIL = 1, 2, 4, 8, 16, 32
#: NUM: a number, or a word that may be part of a number or date expression (numbers.py reads the run)
NUM = 64

#: Affixes users type as separate words; glued to the neighbouring word before canonicalisation.
DETACHED_PREFIXES = frozenset({'می', 'نمی'})
DETACHED_SUFFIXES = frozenset({
    'ها', 'های', 'هایی', 'هایم', 'هایت', 'هایش', 'هایمان', 'هایتان', 'هایشان',
    'ی', 'ای', 'ام', 'اش', 'تر', 'ترین', 'تری', 'ترها',
})
#: Stored in PAIRS for a joined term that is the plain concatenation of its parts (saves the string).
_SAME = ''


@dataclass(slots=True)
class WordInfo:
    """What one folded word analyses to (shared by every occurrence; never changed once made)."""

    folded: str
    term: str
    flags: int
    secondary: str | None  #: broader term emitted beside `term` (رسانه for رسانه‌ای)


#: Raw token -> WordInfo; folded word -> WordInfo; (folded, folded) or (folded, 'و', folded) -> the
#: joined term (None when the words are not joined, _SAME for the plain concatenation); the text
#: between two tokens -> whether it is only spacing. Measured (bench/analyzer_speed.py, strings
#: included): about 90 bytes per raw entry, 150 per word entry and 100 per pair entry; a memo holds
#: at most 2 x its limit. A server worker (slow fills) stays at the low limits: at most about 13 MB
#: with the two lru_caches of fold and stem; a rebuild process at most about 37 MB.
RAW = Memo(10_000, 30_000)
WORDS = Memo(10_000, 30_000)
PAIRS = Memo(25_000, 100_000)
GAPS = Memo(2_000, 2_000)
MEMOS = {'raw': RAW, 'word': WORDS, 'pair': PAIRS, 'gap': GAPS}


def _new_info(folded):
    if not folded[:1].isalpha():
        return WordInfo(folded, folded, NUM if folded[:1].isdigit() else 0, None)
    # A detached affix on its own (a query starting with ها) is as empty as a stop word.
    flags = WORD | (folded in DETACHED_PREFIXES and PREFIX | STOP)
    flags |= (folded in DETACHED_SUFFIXES and SUFFIX | STOP) | (folded in stopwords() and STOP)
    flags |= (may_stem_as_head(folded) and HEAD) | (may_stem_as_tail(folded) and TAIL)
    flags |= is_number_word(folded) and NUM
    term = stem(folded)
    # X‌ای after ه (رسانه‌ای, unstemmed) is also emitted as X
    return WordInfo(folded, term, flags, stem(folded[:-2]) if term == folded and folded.endswith('های') else None)


def word_info(folded):
    """The (memoised) :class:`WordInfo` of a folded word."""
    info = WORDS.new.get(folded, MISS)
    return WORDS.lookup(folded, _new_info, folded) if info is MISS else info


def _raw_info(raw):
    """word_info(fold(raw)) without one call layer: it runs once per new raw spelling, many per cold pass."""
    folded = fold(raw)
    info = WORDS.new.get(folded, MISS)
    return WORDS.lookup(folded, _new_info, folded) if info is MISS else info


def _is_spacing(gap):
    return not gap.strip(JOINING_GAP)


def _join_pair(first, second):
    joined = first.folded + second.folded
    if first.flags & second.flags & WORD and (not (first.flags | second.flags) & STOP or joined in lexicon().words):
        term = stem_fresh(joined)
        if term == first.term or term == second.term:
            return None
        return _SAME if term == joined else term
    return None


def pair_term(first, second):
    """Canonical joined form of two adjacent words (WordInfo), or None when they are not joined."""
    key = (first.folded, second.folded)
    term = PAIRS.new.get(key, MISS)
    if term is MISS:
        term = PAIRS.lookup(key, _join_pair, first, second)
    return first.folded + second.folded if term is _SAME else term


def _join_triple(first, last):
    joined = first.folded + 'و' + last.folded
    if (first.flags | last.flags) & STOP and joined not in lexicon().words:
        return None
    term = stem_fresh(joined)
    return _SAME if term == joined else term


def triple_term(first, last):
    """Canonical join of «first و last» (گرد و غبار -> گردوغبار), or None."""
    if not ((first.flags | last.flags) & STOP or first.flags & HEAD or last.flags & TAIL):
        # as for pairs: no stemming rule can change the joined word, so it is its own term (no memo)
        return first.folded + 'و' + last.folded
    key = (first.folded, 'و', last.folded)
    term = PAIRS.new.get(key, MISS)
    if term is MISS:
        term = PAIRS.lookup(key, _join_triple, first, last)
    return first.folded + 'و' + last.folded if term is _SAME else term


def analysis(text, start_pos, start_char, word, pair, triple, extra, infos=None):
    """Yield, in index order, `word` per word, `pair` per joined pair, `triple` per joined «A و B» and
    `extra` per secondary term, each with its text, pos, startchar and endchar set; each word's
    :class:`WordInfo` is appended to `infos` if given.

    The four may be one object (whoosh's Token: the indexer reads only those fields) or four (the
    query side tells the kinds apart by which one came back). A word is held back (`cur`) until the
    next one shows it is not followed by a detached suffix; `prev` and `first` are the words before it.
    """
    parts = SPLIT_RE.split(text)
    parts += (None, '')  # sentinel: flushes the last word
    raw_get, gap_get, pair_get = RAW.new.get, GAPS.new.get, PAIRS.new.get
    lexicon_words = lexicon().words
    cur = prev = first = None
    cur_start = cur_end = cur_adj = prev_start = prev_adj = first_start = 0
    run = None  # [(startchar, pos, folded)] of the words of a possible number or date expression
    pos, end, gap, miss = start_pos - 1, start_char, parts[0], MISS
    for raw, next_gap in zip(parts[1::2], parts[2::2], strict=False):
        if raw is not None:
            start = end + len(gap)
            if gap == ' ' or not gap:
                adjacent = True
            elif (adjacent := gap_get(gap, miss)) is miss:
                adjacent = GAPS.lookup(gap, _is_spacing, gap)
            end = start + len(raw)
            gap = next_gap
            if (info := raw_get(raw, miss)) is miss:
                info = RAW.lookup(raw, _raw_info, raw)
            if not info.folded:
                continue
            # a detached suffix after a word, or a word after a detached prefix (both flags imply WORD)
            if cur is not None and adjacent and (info.flags & SUFFIX and cur.flags & WORD
                                                 or cur.flags & PREFIX and info.flags & WORD):
                cur, cur_end = word_info(cur.folded + info.folded), end
                continue
        if cur is not None:
            pos += 1
            if cur.flags & NUM:
                if run is not None:
                    run.append((cur_start, pos, cur.folded, cur_end))
                elif cur.folded != 'و':
                    run = [(cur_start, pos, cur.folded, cur_end)]
            elif run is not None:
                # a single word gives terms only if it is a number touching letters (a code) or if the
                # number scan finds something in it (what _number_extras would scan first)
                if len(run) > 1 or (cached_number_spans(text[run[0][0] - start_char:run[0][3] - start_char])
                                    if not run[0][2][:1].isdigit() else _touches_letters(text, start_char, run[0])):
                    for extra.text, extra.pos, extra.startchar, extra.endchar in _number_extras(text, start_char, run):
                        yield extra
                run = None
            if prev is not None:
                if prev.folded == 'و' and first is not None and prev_adj and cur_adj \
                        and first.flags & cur.flags & WORD and (term := triple_term(first, cur)) is not None:
                    triple.text, triple.pos, triple.startchar, triple.endchar = term, pos - 2, first_start, cur_end
                    yield triple
                if cur_adj and prev.flags & cur.flags & WORD:
                    if (prev.flags | cur.flags) & STOP:
                        # joined only if the lexicon knows the joined word: a set lookup is cheaper
                        # than memoising the many one-off pairs of a stop word and a content word
                        term = pair_term(prev, cur) if prev.folded + cur.folded in lexicon_words else None
                    elif not (prev.flags & HEAD or cur.flags & TAIL):
                        term = prev.folded + cur.folded
                    else:
                        key = (prev.folded, cur.folded)
                        term = pair_get(key, miss)
                        if term is miss:
                            term = PAIRS.lookup(key, _join_pair, prev, cur)
                        if term is _SAME:
                            term = prev.folded + cur.folded
                    if term is not None:
                        pair.text, pair.pos = term, pos - 1
                        pair.startchar, pair.endchar = prev_start, cur_end
                        yield pair
            word.text, word.pos = cur.term, pos
            word.startchar, word.endchar = cur_start, cur_end
            if infos is not None:
                infos.append(cur)
            yield word
            if cur.secondary is not None:
                extra.text, extra.pos, extra.startchar, extra.endchar = cur.secondary, pos, cur_start, cur_end
                yield extra
            first, first_start = prev, prev_start
            prev, prev_start, prev_adj = cur, cur_start, cur_adj
        if raw is None:
            if run is not None:
                for extra.text, extra.pos, extra.startchar, extra.endchar in _number_extras(text, start_char, run):
                    yield extra
            return
        cur, cur_start = info, start
        cur_end, cur_adj = end, adjacent


def _touches_letters(text, start_char, word):
    """Whether a number token is written against letters (QR12, ۲۲مین): it may be part of a code."""
    c, e = word[0] - start_char, word[3] - start_char
    return c > 0 and text[c - 1] not in ' \n\t' or e < len(text) and text[e].isalpha()


def _number_extras(text, start_char, run):
    """[(term, pos, startchar, endchar)] of the canonical number/date/code terms of the words in `run`
    (see numbers.py), each at the position of its expression's first word."""
    out = []
    first, last = run[0][0], run[-1][3]
    for word in run:
        c, p, folded, e = word
        if folded[:1].isdigit() and _touches_letters(text, start_char, word):
            if (code := code_around(text, c - start_char, e - start_char)) is not None:
                s, e2, term = code
                out.append((term, max(p - (s < c - start_char), 0), s + start_char, e2 + start_char))
    if len(run) == 1 and run[0][2][:1].isdigit():
        return out
    spans = cached_number_spans(text[first - start_char:last - start_char])
    if not spans:
        return out
    words = {folded for _, _, folded, _ in run}
    for s, e, terms in spans:
        at = first + s
        pos = next((p for c, p, _, _ in run if c >= at), run[-1][1])
        for term in terms:
            if term not in words:  # a term also in the run as a token: its positions must stay in order
                out.append((term, pos, at, first + e))
    return out
