"""Repair of text extracted from PDFs, before it is indexed (and shown in snippets).

* :func:`rejoin_split_words`: PDF extraction loses the ZWNJ and often moves the space one letter
  («شهردار یها» for «شهرداری‌ها», «م یشود» for «می‌شود»). Two neighbouring parts are joined again
  when the joined form is a known word (hazm's lexicon, directly or through the stemmer's rules) and
  the parts are not both known words («به روز» stays two words).
* :func:`reverse_visual_lines`: a right-to-left PDF (Chromium prints them so) can come out in visual
  order, each line's words in reverse. Lines whose first word is a sentence-final verb and whose last
  is a preposition are evidence; when a text has clearly more such lines than lines in reading order,
  every line's words are put back in reading order.
"""
import functools
import re

from .chars import fold
from .lexicon import lexicon, verb_stems
from .stemming import stem

_PERSIAN_WORD = re.compile(r'[\u0600-\u06ff\u200c]+')
_SPACES = re.compile(r'( +)')


_SUFFIXES = ('هایی', 'های', 'ها', 'ای', 'ی', 'ان', 'ات')


@functools.lru_cache(maxsize=20_000)
def is_known(word, listed=False):
    """Whether a (raw) Persian word is a common word: in the lexicon with a corpus count (`listed`: or
    listed at all), directly, through the stemmer, without a plural or ezafe ending, or as a verb form.
    hazm lists fragments such as «نشس» without a count, and also real words («شهرداری»): a part must be
    common to count as a word, a joined form need only be listed."""
    folded = fold(word)
    if len(folded) < 2:
        return False
    lex = lexicon()

    def known(w):
        return bool(lex.counts.get(w)) or listed and w in lex.words

    if known(folded):
        return True
    stemmed = stem(folded)
    if stemmed != folded and (known(stemmed) or stemmed in verb_stems()):
        return True
    return any(folded.endswith(suffix) and known(folded[:-len(suffix)]) for suffix in _SUFFIXES
               if len(folded) - len(suffix) >= 3)


#: what a misplaced space leaves behind: a letter before «ها/های» («کارگا ههای»), a lone م/ب/ن, a
#: verb or plural ending cut from its word («م یشود», «شهردار یها»). Texts with fewer than
#: MIN_HINTS of them are not scanned (the scan costs about as much as analysing the text).
_BROKEN_HINT = re.compile(r'(?<!\S)(?:[\u0600-\u06ff]ه(?:ا|ای|ایی)|[مبن]|ی(?:ها|های|شود|شوند|کند|کنند))(?!\S)')
MIN_HINTS = 2


def rejoin_split_words(text, force=False):
    """`text` with word parts split by a misplaced space joined again (see the module docstring)."""
    if not text or ' ' not in text:
        return text
    if not force:
        hints = _BROKEN_HINT.finditer(text)
        if sum(1 for _ in zip(range(MIN_HINTS), hints, strict=False)) < MIN_HINTS:
            return text
    parts = _SPACES.split(text)
    out = [parts[0]]
    i = 1
    while i < len(parts):
        gap, word = parts[i], parts[i + 1] if i + 1 < len(parts) else ''
        prev = out[-1]
        if (gap == ' ' and word and _PERSIAN_WORD.fullmatch(prev) and _PERSIAN_WORD.fullmatch(word)
                and not (is_known(prev) and is_known(word)) and is_known(prev + word, listed=True)):
            out[-1] = prev + word
        else:
            out += [gap, word]
        i += 2
    return ''.join(out)


#: words a Persian sentence (or line) ends with, and words it cannot end with
_FINAL = frozenset(fold(w) for w in """است شد شده کرد کرده بود باشد شود کند دارد گردید نمود نمایند کنند شدند کردند
    بودند هستند میشود میکند میشوند میکنند گفت افزود داد دادند""".split())
_LEADING = frozenset(fold(w) for w in 'به از در با برای که و تا این آن بر'.split())
_EDGE_PUNCT = '.،؛:!؟?«»()"\''


def _edges(line):
    """The first and last words of a line of at least three words, folded and without edge punctuation.

    Only those two are folded (folding every word of every line cost more than analysing the text), and
    a line of four words or more whose first two and last words are not bare punctuation is read from its
    ends without splitting it whole."""
    head = line.split(None, 3)
    if len(head) == 4 and (first := head[0].strip(_EDGE_PUNCT)) and head[1].strip(_EDGE_PUNCT):
        if last := line.rsplit(None, 1)[-1].strip(_EDGE_PUNCT):
            return fold(first), fold(last)
    words = [w for w in (w.strip(_EDGE_PUNCT) for w in line.split()) if w]
    return (fold(words[0]), fold(words[-1])) if len(words) >= 3 else None


def reverse_visual_lines(text):
    """`text` with every line's words reversed when it reads in visual (reversed word) order."""
    if not text:
        return text
    lines = text.split('\n')
    forward = backward = 0
    for line in lines:
        edges = _edges(line)
        if edges is None:
            continue
        first, last = edges
        backward += (first in _FINAL) + (last in _LEADING)
        forward += (last in _FINAL) + (first in _LEADING)
    if backward < 2 or backward <= 2 * forward:
        return text
    return '\n'.join(' '.join(reversed(line.split())) if _PERSIAN_WORD.search(line) else line for line in lines)


def repair(text):
    """Both repairs, visual order first."""
    return rejoin_split_words(reverse_visual_lines(text))
