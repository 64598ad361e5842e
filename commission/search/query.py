"""Turn what a user typed into a whoosh query; never raises.

Expected schema: the text fields (default ``title``, ``body``, ``city``) are ``TEXT`` fields analysed
with :func:`commission.search.analyzer.persian_analyzer` and ``phrase=True``; exact filter fields
(default ``kind``) are ``ID``/``KEYWORD`` fields holding lower-case values. Search with
``scoring.BM25F()``.

Syntax understood, everything else is plain text:
* ``"quoted phrase"`` (also «…» and “…”): the words adjacent in this order, compared after analysis;
  documents with the words but not the phrase still match, ranked lower;
* ``field:value`` / ``field:"two words"`` for the fields in ``filter_fields`` (``city:کرج``);
* ``-word`` at the start of a word demotes documents containing it below those that don't (it is
  searched for if nothing else is asked for). Demoted, not dropped: a stray hyphen must not lose a
  relevant document. ``AND``/``OR``/``NOT``, stray quotes, colons, brackets, ``?`` and URLs are text.

Ranking: each query word is one clause that matches the word or its joined compound with a
neighbour (the index stores adjacent words joined, see analyzer.py); clauses are combined by
:class:`CoverageOr`, which scales the BM25F sum by the share of clauses a document matches.
"""

import re

from whoosh import query as wq
from whoosh.matching import Matcher

from commission.search.persian import analyze_words, normalize_text

TEXT_FIELDS = {'title': 3.0, 'body': 1.0, 'city': 1.5}
FILTER_FIELDS = {'city': 'city', 'kind': 'kind'}
EXACT_FIELDS = frozenset({'kind'})
#: Extra weight of a joined pair term over a single word, and of a quoted phrase match.
PAIR_BOOST = 1.2
PHRASE_BOOST = 2.0
COVERAGE_POWER = 2.0
MAX_QUERY_CHARS = 1000

_PHRASE_RE = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')
_FIELD_RE = re.compile(r'(?<!\S)([A-Za-z_]+):("[^"]*"|«[^»]*»|[^\s"«»]+)')
_NEGATION_RE = re.compile(r'(?<!\S)-+(?=[^\W\d])(\S+)')  # -یزد demotes; -5 is a number
#: How much a result without the demoted words outranks one with them (same base score).
DEMOTE_FACTOR = 8.0
_OPERATOR_RE = re.compile(r'(?<!\S)(?:AND|OR|NOT|&&|\|\|)(?!\S)')
#: Replaces removed syntax so that words on either side are not joined into a pair.
_BREAK = ' . '


def coverage_factor(matched, total, power):
    """How much of its clause sum a document keeps: (share of the clauses it matches) ** power."""
    return (matched / total) ** power


def coverage_score(clause_scores, total, power):
    """CoverageOr's score of one document from the scores of the clauses it matches (engine.py uses it too)."""
    return sum(clause_scores) * coverage_factor(len(clause_scores), total, power)


class CoverageMatcher(Matcher):
    """Union of clause matchers, scored by :func:`coverage_score`."""

    def __init__(self, children, total, power):
        self._all = children
        self._active = [m for m in children if m.is_active()]
        self._total = total
        self._power = power

    def is_active(self):
        return bool(self._active)

    def id(self):
        return min(m.id() for m in self._active)

    def children(self):
        return list(self._active)

    def reset(self):
        for m in self._all:
            m.reset()
        self._active = [m for m in self._all if m.is_active()]

    def copy(self):
        return CoverageMatcher([m.copy() for m in self._all], self._total, self._power)

    def supports(self, astype):
        return all(m.supports(astype) for m in self._active)

    def next(self):
        current = self.id()
        for m in self._active:
            if m.id() == current:
                m.next()
        self._active = [m for m in self._active if m.is_active()]
        return False

    def skip_to(self, id):
        for m in self._active:
            if m.id() < id:
                m.skip_to(id)
        self._active = [m for m in self._active if m.is_active()]
        return False

    def score(self):
        current = self.id()
        return coverage_score([m.score() for m in self._active if m.id() == current], self._total, self._power)


class CoverageOr(wq.Or):
    """An Or that rewards documents matching more of its clauses (see :class:`CoverageMatcher`)."""

    def __init__(self, subqueries, boost=1.0, power=COVERAGE_POWER):
        super().__init__(subqueries, boost=boost)
        self.power = power

    def normalize(self):
        subs = [q.normalize() for q in self.subqueries]
        subs = [q for q in subs if q is not wq.NullQuery]
        if not subs:
            return wq.NullQuery
        return subs[0] if len(subs) == 1 else CoverageOr(subs, boost=self.boost, power=self.power)

    def _matcher(self, subs, searcher, context):
        return CoverageMatcher([q.matcher(searcher, context) for q in subs], len(subs), self.power)


def _field_value(value):
    return value.strip('"«»').strip()


def _extract(pattern, text, keep):
    """Remove `pattern` matches from `text` (leaving a break), collecting keep(match) results."""
    found = []

    def _cut(match):
        found.append(keep(match))
        return _BREAK

    return pattern.sub(_cut, text), found


def _word_clauses(words, fields, negative=False):
    """One clause per content word: the word, or a joined form with its neighbours."""
    content = [i for i, w in enumerate(words) if not w.is_stop] or range(len(words))
    clauses = []
    for i in content:
        terms = {words[i].term: 1.0}
        joins = [words[i - 1].pair_next if i > 0 else None, words[i - 2].triple_next if i > 1 else None]
        if not negative:
            joins += [words[i].pair_next, words[i].triple_next]
        for join in joins:
            if join:
                terms.setdefault(join, PAIR_BOOST)
        clauses.append(wq.Or([
            wq.Term(field, term, boost=fboost * tboost)
            for field, fboost in fields.items() for term, tboost in terms.items()
        ]))
    return clauses


def _phrase_clause(words, fields):
    terms = [w.term for w in words]
    if len(terms) < 2:
        return None
    return wq.Or([wq.Phrase(field, terms, boost=fboost * PHRASE_BOOST) for field, fboost in fields.items()])


def _filter_clause(field, value):
    if field in EXACT_FIELDS:
        return wq.Term(field, normalize_text(value))
    terms = [w.term for w in analyze_words(value) if not w.is_stop] or [w.term for w in analyze_words(value)]
    return wq.And([wq.Term(field, t) for t in terms]) if terms else None


def _parse(text, filter_fields):
    """Split raw text into (free text, phrases, [(field, value)], negated words)."""
    text, phrases = _extract(_PHRASE_RE, text, lambda m: next(g for g in m.groups() if g is not None))
    text, filters = _extract(_FIELD_RE, text, lambda m: (m.group(1).lower(), _field_value(m.group(2))))
    unknown = [(f, v) for f, v in filters if f not in filter_fields or not v]
    filters = [(filter_fields[f], v) for f, v in filters if f in filter_fields and v]
    text += ''.join(f'{_BREAK}{f} {v}' for f, v in unknown)
    text, negated = _extract(_NEGATION_RE, text, lambda m: m.group(1))
    text = _OPERATOR_RE.sub(_BREAK, text).replace('"', ' ').replace('«', ' ').replace('»', ' ')
    return text, phrases, filters, negated


def build_query(text, text_fields=None, filter_fields=None):
    """Build a whoosh query from user input; returns ``NullQuery`` when there is nothing to search.

    `text_fields` maps text field names to boosts (default :data:`TEXT_FIELDS`); `filter_fields` maps
    the names users may type before ``:`` to schema fields (default :data:`FILTER_FIELDS`).
    """
    try:
        return _build(str(text or '')[:MAX_QUERY_CHARS], text_fields or TEXT_FIELDS, filter_fields or FILTER_FIELDS)
    except Exception:  # noqa: BLE001 - a search box must never fail; fall back to plain words
        words = analyze_words(re.sub(r'[^\w\s]', ' ', str(text or '')[:MAX_QUERY_CHARS]))
        clauses = _word_clauses(words, text_fields or TEXT_FIELDS)
        return CoverageOr(clauses) if clauses else wq.NullQuery


def _build(text, fields, filter_fields):
    free, phrases, filters, negated = _parse(text, filter_fields)
    clauses = []
    for phrase in phrases:
        words = analyze_words(phrase)
        clauses += _word_clauses(words, fields)
        if (clause := _phrase_clause(words, fields)) is not None:
            clauses.append(clause)
    clauses += _word_clauses(analyze_words(free), fields)
    negative = [c for word in negated for c in _word_clauses(analyze_words(word), fields, negative=True)]
    if not clauses:
        # Only exclusions typed (or nothing): read them as words to look for.
        clauses, negative = negative, []
    filter_qs = [q for f, v in filters if (q := _filter_clause(f, v)) is not None]
    if not clauses:
        return wq.And([wq.ConstantScoreQuery(q, 1.0) for q in filter_qs]) if filter_qs else wq.NullQuery
    result = CoverageOr(clauses) if len(clauses) > 1 else clauses[0]
    if negative:
        # documents without the '-word' match both branches and so score (1 + DEMOTE_FACTOR) times higher
        result = wq.Or([wq.Or([wq.AndNot(result, wq.Or(negative))], boost=DEMOTE_FACTOR), result])
    if filter_qs:
        result = wq.And([result] + [wq.ConstantScoreQuery(q, 0.0) for q in filter_qs])
    return result
