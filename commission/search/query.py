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

import dataclasses
import re

from whoosh import query as wq
from whoosh.matching import Matcher

from commission.search.persian import analyze_words, canonical_token, dictionaries, normalize_text, translit
from commission.search.persian.colloquial import QUESTION_WORDS, is_question, written_forms
from commission.search.persian.numbers import code_spans, number_spans

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


# --- what the user meant: a backend-neutral reading of the query ------------------------------------

#: Weights of the alternatives of a clause, relative to the word as typed (1.0).
WEIGHTS = {
    'typed': 1.0, 'join': PAIR_BOOST, 'number': 1.0, 'date_month': 0.35, 'date_day': 0.45,
    'loanword': 0.9, 'transliteration': 0.8, 'spoken': 0.9, 'synonym': 0.6, 'segmented': 0.9,
    # a word the documents lack is read as its correction (as search engines do); a rare one only a little
    'typo': 0.9, 'typo2': 0.6, 'typo_rare': 0.4,
    'code': 3.0, 'code_part': 0.3,
}


@dataclasses.dataclass(frozen=True)
class Alternative:
    """One way a clause may match: these canonical terms adjacent in this order (one term: a term)."""

    terms: tuple
    weight: float
    kind: str  #: a key of WEIGHTS: why this alternative is there


@dataclasses.dataclass
class Clause:
    """One thing the user asked for (a word, a number, a compound): a document matches it through any
    of its alternatives; ranking rewards documents that match more of the query's clauses."""

    alternatives: list
    start: int = 0  #: the characters of the free text this clause reads
    end: int = 0

    def add(self, terms, kind, weight=None):
        terms = tuple(terms)
        if terms and all(terms) and not any(a.terms == terms for a in self.alternatives):
            self.alternatives.append(Alternative(terms, WEIGHTS[kind] if weight is None else weight, kind))


@dataclasses.dataclass
class ParsedQuery:
    """A query as any search backend can run it: clauses of weighted term alternatives (OR within a
    clause, coverage-scored across clauses), quoted phrases, field filters and demoted clauses, and the
    corrections made to what was typed (for «نتایج برای …»)."""

    clauses: list = dataclasses.field(default_factory=list)
    phrases: list = dataclasses.field(default_factory=list)  #: [tuple of terms]
    filters: list = dataclasses.field(default_factory=list)  #: [(schema field, value)]
    negative: list = dataclasses.field(default_factory=list)  #: [Clause] demoted, not required
    corrections: list = dataclasses.field(default_factory=list)  #: [(start, end, term)] in `text`
    text: str = ''  #: the free text the clauses' offsets point into

    @property
    def is_empty(self):
        return not (self.clauses or self.negative or self.filters)


class Vocabulary:
    """What the query side may ask of the index's terms (the whoosh View and any other backend give one).

    Without a vocabulary, the expansions that must be checked against the documents (transliteration,
    spoken-form rules, typos) are skipped; dictionaries and numbers still apply."""

    def frequency(self, term, cap=None):  # pragma: no cover - interface
        """Occurrences of `term` in a text field of the documents this reader may see. With `cap`, a backend
        may stop counting there: the figure is exact below `cap` and at least `cap` otherwise."""
        raise NotImplementedError

    def has_prefix(self, prefix):  # pragma: no cover - interface
        """Whether some indexed term starts with `prefix`."""
        raise NotImplementedError

    def near(self, term, maxdist):  # pragma: no cover - interface
        """[(term, distance)] of indexed terms within `maxdist` edits (a swap of neighbours is one), most
        frequent first."""
        raise NotImplementedError


@dataclasses.dataclass
class Dictionaries:
    """The field's lists in force (persian.dictionaries parses them; the app may hand in edited ones)."""

    loanwords: object = None
    thesaurus: object = None
    spoken: dict = dataclasses.field(default_factory=dict)

    @classmethod
    def shipped(cls):
        return cls(dictionaries.default('loanwords'), dictionaries.default('thesaurus'),
                   dictionaries.default('colloquial'))


#: Typo tolerance: words at least this long (folded letters) are corrected; two edits from this length.
TYPO_MIN_LEN, TYPO_TWO_EDITS_LEN = 4, 8
#: a rare typed word (at most this many documents) also matches a close spelling this many times as common
RARE_FREQ, RARE_RATIO = 1, 20
#: every decision below compares a frequency with at most this (so a common word's count can stop there)
_FREQUENCY_CAP = RARE_RATIO * RARE_FREQ


def _frequency(vocabulary, term):
    try:
        return vocabulary.frequency(term, cap=_FREQUENCY_CAP)
    except Exception:  # noqa: BLE001 - a vocabulary that cannot answer expands nothing
        return 1


def _word_clauses_of(words, negative=False):
    """One Clause per content word: the word, or a joined form with its neighbours."""
    content = [i for i, w in enumerate(words) if not w.is_stop] or range(len(words))
    clauses = {}
    for i in content:
        clause = Clause([Alternative((words[i].term,), 1.0, 'typed')], words[i].start, words[i].end)
        joins = [words[i - 1].pair_next if i > 0 else None, words[i - 2].triple_next if i > 1 else None]
        if not negative:
            joins += [words[i].pair_next, words[i].triple_next]
        for join in joins:
            if join:
                clause.add((join,), 'join')
        clauses[i] = clause
    return clauses


def understand(text, vocabulary=None, lists=None):
    """The clauses of free text (no syntax): words, numbers and dates, codes, dictionary equivalents,
    transliterations, spoken forms and close spellings; returns (clauses, corrections)."""
    lists = lists or Dictionaries.shipped()
    words = analyze_words(text)
    if not words:
        return [], []
    if is_question(text):
        keep = [w for w in words if w.folded not in QUESTION_WORDS and not w.is_stop]
        if keep:
            words = [w if w.folded not in QUESTION_WORDS else w._replace(is_stop=True) for w in words]
    clauses = _word_clauses_of(words)
    corrections = []
    covered = set()  # words an expansion already accounts for (no typo correction for them)
    # numbers and dates: the words of one expression become one clause of its canonical terms
    for s, e, terms in number_spans(text):
        inside = [i for i, w in enumerate(words) if w.start >= s and w.end <= e]
        if not inside:
            continue
        clause = Clause([], words[inside[0]].start, words[inside[-1]].end)
        for k, term in enumerate(terms):
            kind = 'number' if k == 0 else ('date_month' if len(term) == 7 else 'date_day')
            clause.add((term,), kind)
        for i in inside:
            clauses.pop(i, None)
        clauses[inside[0]] = clause
        covered.update(inside)
    # codes that mix letters and digits: the whole code, far above its parts
    # codes that mix letters and digits: one clause, the whole code far above its parts written apart
    for s, e, term in code_spans(text):
        inside = [i for i in sorted(clauses) if s <= words[i].start < e]
        if inside:
            parts = tuple(words[i].term for i in inside)
            clause = Clause([], words[inside[0]].start, words[inside[-1]].end)
            clause.add((term,), 'code')
            if len(parts) > 1:
                clause.add(parts, 'typed')
            for i in inside:
                for alt in clauses.pop(i).alternatives:
                    clause.add(alt.terms, alt.kind, alt.weight * WEIGHTS['code_part'])
            clauses[inside[0]] = clause
            covered.update(inside)
    if vocabulary is not None:
        _merge_broken_words(words, clauses, vocabulary, covered)
    # spoken forms from the list (whole words): the written form, joined to its neighbours as the index is
    for i in list(clauses):
        folded = words[i].folded
        # the word as typed, its canonical form, or without an ezafe «ی» (اینستای شهرداری)
        written = (lists.spoken.get(folded) or lists.spoken.get(words[i].term)
                   or folded.endswith('ی') and lists.spoken.get(folded[:-1]))
        if written:
            _add_variant(clauses, words, i, written, 'spoken')
            covered.add(i)
    # loanwords and the thesaurus: every other form of a group one of the query's forms belongs to
    for dictionary, kind in ((lists.loanwords, 'loanword'), (lists.thesaurus, 'synonym')):
        if not dictionary:
            continue
        for start, end, others in dictionary.matches(words):
            for clause in [clauses[i] for i in range(start, end) if i in clauses]:
                for form in others:
                    clause.add((form.join,) if form.join else form.terms, kind)
            if kind == 'loanword':
                covered.update(range(start, end))
    if vocabulary is not None:
        for i, clause in clauses.items():
            if i not in covered and clause.alternatives[0].kind == 'typed':
                _expand_with_vocabulary(clauses, words, i, vocabulary, corrections)
    return [clauses[i] for i in sorted(clauses)], corrections


def _add_variant(clauses, words, i, written, kind, weight=None):
    """Add a written form of word i (text) to its clause, and its joins with the neighbouring words to both
    clauses of each pair (the index stores adjacent words joined: چهارشنبه + سوری is found as چهارشنبهسوری)."""
    clause = clauses[i]
    before = words[i - 1].folded + ' ' if i > 0 and not words[i - 1].is_stop else ''
    after = ' ' + words[i + 1].folded if i + 1 < len(words) and not words[i + 1].is_stop else ''
    variant = analyze_words(before + written + after)
    lo, hi = (1 if before else 0), len(variant) - (1 if after else 0)
    for w in variant[lo:hi]:
        if not w.is_stop:
            clause.add((w.term,), kind, weight)
    joined = (weight or WEIGHTS[kind]) * PAIR_BOOST
    for k, w in enumerate(variant[max(lo - 1, 0):hi], max(lo - 1, 0)):
        if w.pair_next:
            clause.add((w.pair_next,), kind, joined)
            neighbour = i - 1 if before and k == 0 else i + 1 if after and k == hi - 1 else None
            if neighbour in clauses:
                clauses[neighbour].add((w.pair_next,), kind, joined)


def _merge_broken_words(words, clauses, vocabulary, covered):
    """Two neighbouring words that the documents do not have but whose joined form they do (a PDF's
    misplaced space, «نمایشگا ههای»): one clause, the joined form first."""
    i = 0
    while i + 1 < len(words):
        first, second = words[i], words[i + 1]
        join = first.pair_next
        if (i in clauses and i + 1 in clauses and join and not first.is_stop and not second.is_stop
                and i not in covered and i + 1 not in covered
                and (not _frequency(vocabulary, first.term) or not _frequency(vocabulary, second.term))
                and _frequency(vocabulary, join)):
            merged = clauses[i]
            merged.alternatives = [Alternative((join,), 1.0, 'typed')] + [
                a for a in merged.alternatives + clauses[i + 1].alternatives if a.terms != (join,)]
            merged.end = second.end
            del clauses[i + 1]
            covered.update((i, i + 1))
            i += 2
        else:
            i += 1


def _segmentations(folded, vocabulary, parts=3):
    """Ways to cut a long word the documents lack into words they have (پیادهراهسازی -> پیاده راه سازی)."""
    out = []
    n = len(folded)
    for a in range(2, n - 1):
        left, right = folded[:a], folded[a:]
        if len(right) >= 2 and _frequency(vocabulary, canonical_token(left)):
            if _frequency(vocabulary, canonical_token(right)):
                out.append((left, right))
            elif parts > 2:
                for b in range(2, len(right) - 1):
                    mid, last = right[:b], right[b:]
                    if (_frequency(vocabulary, canonical_token(mid))
                            and _frequency(vocabulary, canonical_token(last))):
                        out.append((left, mid, last))
    return sorted(out, key=len)[:3]


def _expand_with_vocabulary(clauses, words, i, vocabulary, corrections):
    """Transliterations of a Latin word, written forms of a spoken one, the parts of a long joined word,
    close spellings of a rare or unknown one."""
    clause, word = clauses[i], words[i]
    term = word.term
    if translit.is_latin_word(term):
        found = translit.candidates(term, vocabulary.has_prefix, lambda t: _frequency(vocabulary, t) > 0)
        for candidate in found[:3]:
            clause.add((canonical_token(candidate),), 'transliteration')
        if found or _frequency(vocabulary, term):
            return
    if not term[:1].isalpha() or word.is_stop:
        return
    freq = _frequency(vocabulary, term)
    if freq and (freq > RARE_FREQ or len(word.folded) < TYPO_MIN_LEN):
        return
    # a part of a compound the documents write joined (رسانی of اطلاع‌رسانی) is not a typo
    if not freq and any(_frequency(vocabulary, a.terms[0]) for a in clause.alternatives[1:] if len(a.terms) == 1):
        return
    written = [f for f in written_forms(word.folded) if _frequency(vocabulary, canonical_token(f)) > 0]
    for form in written[:2]:
        _add_variant(clauses, words, i, form, 'spoken')
    if written:
        return
    if not freq and len(word.folded) >= 6:
        cuts = _segmentations(word.folded, vocabulary)
        for cut in cuts:
            clause.add(tuple(canonical_token(p) for p in cut), 'segmented')
        if cuts:
            return
    if len(word.folded) < TYPO_MIN_LEN:
        return
    maxdist = 2 if len(word.folded) >= TYPO_TWO_EDITS_LEN else 1
    try:
        near = vocabulary.near(term, maxdist)
    except Exception:  # noqa: BLE001
        near = []
    if freq:  # rare, not absent: only a far more common close spelling, silently
        near = [(t, d) for t, d in near if d == 1 and _frequency(vocabulary, t) >= RARE_RATIO * freq]
        for t, _ in near[:2]:
            clause.add((t,), 'typo', WEIGHTS['typo_rare'])
        return
    for t, dist in near[:3]:
        _add_variant(clauses, words, i, t, 'typo' if dist == 1 else 'typo2')
    if near:
        corrections.append((word.start, word.end, near[0][0]))


def parse(text, filter_fields=None, vocabulary=None, lists=None):
    """The :class:`ParsedQuery` of what the user typed (see the module docstring for the syntax)."""
    filter_fields = filter_fields or FILTER_FIELDS
    free, phrases, filters, negated = _parse(str(text or '')[:MAX_QUERY_CHARS], filter_fields)
    parsed = ParsedQuery(text=free)
    for phrase in phrases:
        words = analyze_words(phrase)
        parsed.clauses += list(_word_clauses_of(words).values())
        if len(words) > 1:
            parsed.phrases.append(tuple(w.term for w in words))
    clauses, parsed.corrections = understand(free, vocabulary, lists)
    parsed.clauses += clauses
    parsed.negative = [c for word in negated for c in _word_clauses_of(analyze_words(word), negative=True).values()]
    if not parsed.clauses:
        # Only exclusions typed (or nothing): read them as words to look for.
        parsed.clauses, parsed.negative = parsed.negative, []
    parsed.filters = filters
    return parsed


def corrected_text(parsed, surface=None):
    """The free text with each corrected word replaced (`surface(term)` spells a term as documents do)."""
    out = parsed.text
    for start, end, term in sorted(parsed.corrections, reverse=True):
        out = out[:start] + (surface(term) if surface else term) + out[end:]
    return ' '.join(out.replace(_BREAK.strip(), ' ').split())


# --- the whoosh query ----------------------------------------------------------------------------------

def _clause_query(clause, fields):
    parts = []
    for alt in clause.alternatives:
        for field, fboost in fields.items():
            if len(alt.terms) == 1:
                parts.append(wq.Term(field, alt.terms[0], boost=fboost * alt.weight))
            else:
                parts.append(wq.Phrase(field, list(alt.terms), boost=fboost * alt.weight))
    return wq.Or(parts)


def _word_clauses(words, fields, negative=False):
    """One whoosh clause per content word: the word, or a joined form with its neighbours."""
    return [_clause_query(c, fields) for c in _word_clauses_of(words, negative).values()]


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


def build_query(text, text_fields=None, filter_fields=None, vocabulary=None, lists=None):
    """Build a whoosh query from user input; returns ``NullQuery`` when there is nothing to search.

    `text_fields` maps text field names to boosts (default :data:`TEXT_FIELDS`); `filter_fields` maps
    the names users may type before ``:`` to schema fields (default :data:`FILTER_FIELDS`);
    `vocabulary` (a :class:`Vocabulary`) and `lists` (:class:`Dictionaries`) enable the expansions.
    """
    return to_whoosh(parse_safely(text, filter_fields, vocabulary, lists), text_fields or TEXT_FIELDS)


def parse_safely(text, filter_fields=None, vocabulary=None, lists=None):
    """:func:`parse`, falling back to the plain words when anything goes wrong (a search box never fails)."""
    try:
        return parse(text, filter_fields or FILTER_FIELDS, vocabulary, lists)
    except Exception:  # noqa: BLE001 - a search box must never fail; fall back to plain words
        plain = re.sub(r'[^\w\s]', ' ', str(text or '')[:MAX_QUERY_CHARS])
        return ParsedQuery(clauses=list(_word_clauses_of(analyze_words(plain)).values()), text=plain)


def to_whoosh(parsed, fields=None):
    """The whoosh query of a :class:`ParsedQuery`."""
    fields = fields or TEXT_FIELDS
    clauses = [_clause_query(c, fields) for c in parsed.clauses]
    clauses += [c for p in parsed.phrases if (c := _phrase_clause_terms(p, fields)) is not None]
    negative = [_clause_query(c, fields) for c in parsed.negative]
    filter_qs = [q for f, v in parsed.filters if (q := _filter_clause(f, v)) is not None]
    if not clauses:
        return wq.And([wq.ConstantScoreQuery(q, 1.0) for q in filter_qs]) if filter_qs else wq.NullQuery
    result = CoverageOr(clauses) if len(clauses) > 1 else clauses[0]
    if negative:
        # documents without the '-word' match both branches and so score (1 + DEMOTE_FACTOR) times higher
        result = wq.Or([wq.Or([wq.AndNot(result, wq.Or(negative))], boost=DEMOTE_FACTOR), result])
    if filter_qs:
        result = wq.And([result] + [wq.ConstantScoreQuery(q, 0.0) for q in filter_qs])
    return result


def _phrase_clause_terms(terms, fields):
    if len(terms) < 2:
        return None
    return wq.Or([wq.Phrase(field, list(terms), boost=fboost * PHRASE_BOOST) for field, fboost in fields.items()])
