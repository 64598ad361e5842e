"""Highlighted snippets of a hit: the stored text analysed once more, its matching words marked.

Highlighting is the largest share of a search page's time after the query itself (ten hits, each
with a title and up to 4,000 characters of body), so this reads the analyser's token stream in one
loop and keeps only the matched spans, where whoosh's highlighter copied every token through three
generators (about twice the time, measured in ``bench/snippets.py``).

A snippet is made as whoosh's ContextFragmenter and BasicFragmentScorer make one:

* Matched words close together (at most ``SURROUND`` characters apart) form one fragment, as long as
  the words from its first match to its last fit in ``MAX_CHARS``;
* a fragment shows up to ``SURROUND`` characters on each side of its matches, cut at a space so no
  word is shown in part;
* the best ``top`` fragments are shown in the order of the text: a fragment scores its matches times
  its distinct terms, so a passage holding several of the query's words comes before one repeating
  one of them; of two equal fragments the earlier is kept.
"""
from markupsafe import escape

from .persian.tokens import analysis

MAX_CHARS = 220
SURROUND = 70
BETWEEN = ' … '
_OPEN, _CLOSE = '<mark class="hl">', '</mark>'


class _Slot:
    __slots__ = ('text', 'pos', 'startchar', 'endchar')


def matched_spans(text, words):
    """[(start, end, terms)] of the parts of `text` whose terms are in `words`, in order; overlapping
    matches (a word and the joined pair it starts) are one span holding both terms."""
    slot = _Slot()
    spans = [(tok.startchar, tok.endchar, tok.text)
             for tok in analysis(text, 0, 0, slot, slot, slot, slot) if tok.text in words]
    if not spans:
        return []
    spans.sort()  # a joined pair or a number comes after the word it starts
    merged = []
    for start, end, term in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            last[2].add(term)
        else:
            merged.append([start, end, {term}])
    return [(start, end, frozenset(terms)) for start, end, terms in merged]


def _fragments(spans):
    """Groups of consecutive spans: [(first index, last index)]."""
    groups, first = [], 0
    for i in range(1, len(spans)):
        if spans[i][0] - spans[i - 1][1] > SURROUND or spans[i][1] - spans[first][0] > MAX_CHARS:
            groups.append((first, i - 1))
            first = i
    groups.append((first, len(spans) - 1))
    return groups


def _score(spans, first, last):
    terms = set()
    for _, _, span_terms in spans[first:last + 1]:
        terms |= span_terms
    return (last - first + 1) * len(terms)


def _edges(text, start, end):
    """The fragment's own edges: `SURROUND` characters of context each side, cut at a space."""
    left = max(0, start - SURROUND)
    if left > 0:
        left = next((i + 1 for i in range(left, start) if text[i].isspace()), start)
    right = min(len(text), end + SURROUND)
    if right < len(text):
        right = next((i for i in range(right, end - 1, -1) if text[i].isspace()), end)
    return left, right


def _marked(text, spans, left, right):
    out, at = [], left
    for start, end, _ in spans:
        out += (str(escape(text[at:start])), _OPEN, str(escape(text[start:end])), _CLOSE)
        at = end
    out.append(str(escape(text[at:right])))
    return ''.join(out).strip()


def highlight(text, words, top=2, whole=False):
    """HTML of the best `top` fragments of `text` with the words whose terms are in `words` marked
    (all of `text` when `whole`); '' when no word matches."""
    spans = matched_spans(text, words)
    if not spans:
        return ''
    if whole:
        return _marked(text, spans, 0, len(text))
    groups = _fragments(spans)
    best = sorted(sorted(groups, key=lambda g: -_score(spans, *g))[:top])
    parts = []
    for first, last in best:
        left, right = _edges(text, spans[first][0], spans[last][1])
        parts.append(_marked(text, spans[first:last + 1], left, right))
    return BETWEEN.join(parts)
