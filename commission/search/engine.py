"""Fast paths over a whoosh searcher for the search page; `index.reading()` is the only way in.

* Matching document sets are bitsets (Python ints, bit n = global document number n): a term's
  postings are read without scoring, so "how many match" and the facet counts cost a few set
  operations instead of scoring and categorising every match in Python.
* Facet counts: per segment, one bitset per value of each facet field, cached by segment id (segments
  never change; deletions are applied through a per-searcher "live" set), so a commit only costs the
  new segment's share.
* Relevance top-N: exact MaxScore (maxscore.py): the documents only the weakest leaves of the query
  match are never scored; the ranking is the one `searcher.search(q, limit=None)` gives.
* Date order: per segment the date column is read once; the newest N of the matching set are taken.

All of the above uses whoosh's public reader and matcher calls. Three private fast paths read
whoosh-reloaded 2.7.5 internals; they are named in `INTERNALS` and used only when the installed whoosh
is that version (`PINNED_WHOOSH`); on any other version each falls back to the public call it replaces
(slower, never broken). Anything of a query shape not recognised here goes to whoosh's own collector.
"""
import dataclasses
import heapq
import struct
import threading
from collections import OrderedDict

import whoosh
from whoosh import columns
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher

from . import maxscore

#: The whoosh-reloaded release whose private internals the fast paths below were written against.
PINNED_WHOOSH = (2, 7, 5)
try:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
except ImportError:  # another whoosh: only the public calls are used
    LENGTHS_COLUMN = W3LeafMatcher = _lenfield = None
#: The private fast paths: 'postings' (a term's document numbers read block by block, and a segment's
#: deleted set), 'columns' (a numeric column in one read) and 'lengths' (field lengths in memory).
ALL_INTERNALS = frozenset({'postings', 'columns', 'lengths'})


def internals_for(version):
    """The private fast paths that may be used with this whoosh version (a tuple like whoosh.__version__)."""
    return ALL_INTERNALS if tuple(version[:3]) == PINNED_WHOOSH and W3LeafMatcher is not None else frozenset()


#: The private fast paths in use: empty unless whoosh is PINNED_WHOOSH (tests and bench/search.py take some out).
INTERNALS = internals_for(whoosh.__version__)

#: Fields whose values are counted as facets or used as exact filters (ID fields).
BITSET_FIELDS = ('kind', 'city_slug', 'category', 'year', 'visibility', 'status')
#: text fields whose per-document lengths (BM25F's length normalisation) are kept in memory
LENGTH_FIELDS = ('title', 'body', 'city', 'attachments')

_BIT_POSITIONS = tuple(tuple(i for i in range(8) if byte >> i & 1) for byte in range(256))

# segment id -> {'values': {field: {value: bits}}, 'dates': list, 'lengths': {column: values},
# 'terms': {(field, text): bits of the segment's documents with the term (callers apply the live set)}};
# pruned on reopen
_segments = {}
#: a segment's remembered term sets (at most ~1.3 KB each on 10,000 documents); emptied when full. A segment never
#: changes, so the sets of a query's words outlive the searcher reopened after each commit
MAX_SEGMENT_TERMS = 4096
_segments_lock = threading.Lock()


def clear_caches():
    """Forget every segment's cached value sets, dates and lengths (bench and tests: start cold)."""
    with _segments_lock:
        _segments.clear()


def ids_of(bits):
    """Ascending document numbers of a bitset."""
    out = []
    if bits <= 0:
        return out
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, 'little')
    positions = _BIT_POSITIONS
    for i, byte in enumerate(data):
        if byte:
            base = i << 3
            out += [base + b for b in positions[byte]]
    return out


def bits_of(ids, size):
    buf = bytearray((size >> 3) + 1)
    for d in ids:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, 'little')


# --- the private fast paths, each with its public fallback -----------------------------------------

def _leaf_ids(matcher):
    """All document numbers of a postings matcher (the fast path includes deleted ones: callers apply the live set).

    'postings' pays (bench/search.py --internals --cpu, 10,000 documents, two runs): the first search after a
    commit takes 50-56 ms of CPU without it, 41-42 ms with it; warm p95 19.4-20.5 -> 18.6-19.3 ms.
    """
    if 'postings' in INTERNALS:
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        if type(matcher) is W3LeafMatcher:
            out = []
            while not matcher._atend:
                if matcher._ids is None:
                    matcher._read_ids()
                out += matcher._ids
                matcher._next_block()
            return out
    return list(matcher.all_ids())


def _leaf_postings(matcher):
    """(document number, weight) of every posting of a postings matcher, in order; block by block on the fast path."""
    if 'postings' in INTERNALS:
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        if type(matcher) is W3LeafMatcher:
            while not matcher._atend:
                if matcher._ids is None:
                    matcher._read_ids()
                if matcher._weights is None:
                    matcher._read_weights()
                yield from zip(matcher._ids, matcher._weights, strict=True)
                matcher._next_block()
            return
    while matcher.is_active():
        yield matcher.id(), matcher.weight()
        matcher.next()


def _deleted(reader, count):
    """Document numbers deleted from one segment."""
    if 'postings' in INTERNALS and hasattr(reader, 'deleted_docs_set'):
        return reader.deleted_docs_set
    return [d for d in range(count) if reader.is_deleted(d)]


def _numeric_values(column_reader, count):
    """Every value of a whoosh NumericColumn in one read (not one file read per document).

    'columns' pays (bench/search.py --internals --cpu, 10,000 documents, two runs): the first search after a
    commit takes 83-85 ms of CPU without it, 41-42 ms with it (the dates, and the field lengths below,
    would be read one file read per document).
    """
    r = column_reader
    if ('columns' not in INTERNALS or not isinstance(r, columns.NumericColumn.Reader)
            or getattr(r, '_reverse', False)):
        return [r[i] for i in range(count)]
    stored = min(r._count, count)
    raw = r._dbfile.get(r._basepos, stored * r._fixedlen) if stored else b''
    if r._typecode == 'B':
        return bytes(raw) + bytes([r._default]) * (count - stored)
    return list(struct.unpack(f'!{stored}{r._typecode}', raw)) + [r._default] * (count - stored)


def _load_lengths(reader, count, cache):
    """Give whoosh's scorer the field lengths as bytes in memory: read through the file, each length costs a
    seek and a read (about 4 bytes of memory per document for four fields). Without it whoosh does just that.

    'lengths' pays a little (bench/search.py --internals --cpu, 10,000 documents, two runs): warm p50
    9.4-9.5 -> 8.8-9.4 ms, p95 20.4-20.8 -> 18.6-19.3 ms of CPU, for under 1 ms more at each reopen (read
    through 'columns': without it, loading the lengths costs more than it saves).
    """
    perdoc = getattr(reader, '_perdoc', None)
    readers = getattr(perdoc, '_readers', None)
    if 'lengths' not in INTERNALS or readers is None:
        return
    for field in LENGTH_FIELDS:
        name = _lenfield(field)
        values = cache.get(name)
        if values is None:
            try:
                column_reader = perdoc._cached_reader(name, LENGTHS_COLUMN)
            except Exception:  # noqa: BLE001 - whoosh keeps reading from the file
                continue
            if column_reader is None:
                continue
            values = _numeric_values(column_reader, count)
            cache[name] = values
        readers[name] = values


def _segment_id(reader):
    try:
        return reader.segment().segment_id()
    except Exception:  # noqa: BLE001 - an in-memory reader: do not cache
        return None


def _segment_cache(seg):
    if seg is None:
        return {'values': {}, 'dates': None, 'lengths': {}, 'terms': {}}
    with _segments_lock:
        return _segments.setdefault(seg, {'values': {}, 'dates': None, 'lengths': {}, 'terms': {}})


@dataclasses.dataclass(frozen=True)
class _Segment:
    """One segment of the searcher: its sub-searcher, first global document number, size and id."""
    searcher: object
    offset: int
    count: int
    id: object


class State:
    """Per-searcher caches (one searcher per index generation per process); callers hold `lock`."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.segments = []
        live = 0
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            count = reader.doc_count_all()
            seg_live = (1 << count) - 1
            if reader.has_deletions():
                seg_live &= ~bits_of(_deleted(reader, count), count)
            live |= seg_live << offset
            segment = _Segment(sub, offset, count, _segment_id(reader))
            self.segments.append(segment)
            _load_lengths(reader, count, _segment_cache(segment.id)['lengths'])
        self.live = live
        self.lock = threading.RLock()
        self._values = {}
        self._filters = OrderedDict()
        self._dates = None
        self._date_order = None
        with _segments_lock:  # forget segments that were merged away
            current = {segment.id for segment in self.segments}
            for seg in [s for s in _segments if s not in current]:
                del _segments[seg]

    # --- per-segment caches -------------------------------------------------------------------------

    def values(self, field):
        """{value: bits} of an ID field over the whole index (live documents only)."""
        found = self._values.get(field)
        if found is None:
            found = {}
            for segment in self.segments:
                for value, bits in self._segment_values(segment, field).items():
                    found[value] = found.get(value, 0) | (bits << segment.offset)
            found = {value: bits & self.live for value, bits in found.items()}
            self._values[field] = found
        return found

    def _segment_values(self, segment, field):
        cache = _segment_cache(segment.id)['values']
        per_value = cache.get(field)
        if per_value is None:
            per_value = {}
            reader = segment.searcher.reader()
            if field in reader.schema:
                for value in reader.lexicon(field):
                    text = value.decode('utf-8') if isinstance(value, bytes) else value
                    per_value[text] = bits_of(_leaf_ids(reader.postings(field, text)), segment.count)
            cache[field] = per_value
        return per_value

    def dates(self):
        """Sort key of `date` per global document number (whoosh's column values)."""
        if self._dates is None:
            dates = []
            for segment in self.segments:
                cache = _segment_cache(segment.id)
                if cache['dates'] is None:
                    reader = segment.searcher.reader()
                    if reader.has_column('date'):
                        cache['dates'] = _numeric_values(reader.column_reader('date', translate=False), segment.count)
                    else:
                        cache['dates'] = [0] * segment.count
                dates += cache['dates']
            self._dates = dates
        return self._dates

    # --- document sets ------------------------------------------------------------------------------

    def docset(self, q):
        """Bitset of the live documents matching `q` (unscored)."""
        return self._docs(q) & self.live

    def filter_docset(self, q):
        """`docset` for filters (permission, facet, date range), remembered for this searcher."""
        key = repr(q)
        bits = self._filters.get(key)
        if bits is None:
            bits = self.docset(q)
            self._filters[key] = bits
            if len(self._filters) > 64:
                self._filters.popitem(last=False)
        return bits

    def _docs(self, q):
        if isinstance(q, wq.Term):
            if q.fieldname in BITSET_FIELDS:
                return self.values(q.fieldname).get(q.text, 0)
            return self._term_docs(q.fieldname, q.text)
        if isinstance(q, wq.Every):
            return self.live
        if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
            return 0
        if isinstance(q, wq.Or):  # CoverageOr too
            return self._or_docs(q.subqueries)
        if isinstance(q, wq.And):
            bits = self._docs(q.subqueries[0]) if q.subqueries else 0
            for child in q.subqueries[1:]:
                if not bits:
                    break
                bits &= self._docs(child)
            return bits
        if isinstance(q, wq.AndNot):
            return self._docs(q.a) & ~self._docs(q.b)
        if isinstance(q, wq.ConstantScoreQuery):
            return self._docs(q.child)
        bits = 0
        for segment in self.segments:
            bits |= bits_of(q.docs(segment.searcher), segment.count) << segment.offset
        return bits

    def _term_docs(self, field, text):
        bits = 0
        for segment in self.segments:
            terms = _segment_cache(segment.id)['terms']
            local = terms.get((field, text))
            if local is None:
                reader = segment.searcher.reader()
                local = bits_of(_leaf_ids(reader.postings(field, text)), segment.count) \
                    if (field, text) in reader else 0
                if len(terms) >= MAX_SEGMENT_TERMS:
                    terms.clear()
                terms[(field, text)] = local
            bits |= local << segment.offset
        return bits

    def _or_docs(self, children):
        bits = 0
        covered = _plain_terms(children)
        for child in children:
            # a phrase only matches documents that contain its words; if a sibling looks for one, skip it
            if isinstance(child, wq.Phrase) and any((child.fieldname, w) in covered for w in child.words):
                continue
            if isinstance(child, wq.Or) and child.subqueries and all(
                    isinstance(c, wq.Phrase) and any((c.fieldname, w) in covered for w in c.words)
                    for c in child.subqueries):
                continue
            bits |= self._docs(child)
        return bits

    # --- counts, frequencies, top N -----------------------------------------------------------------

    def counts(self, field, docs):
        """{value: number of documents of `docs` with that value}, zero counts left out."""
        out = {}
        for value, bits in self.values(field).items():
            n = (docs & bits).bit_count()
            if n:
                out[value] = n
        return out

    def frequency(self, field, text, docs, limit=None):
        """How many times the term occurs in the documents of `docs` (whoosh's `frequency`, restricted); with
        `limit`, the reading stops once that many are counted (a common term's postings are long)."""
        total = 0
        for segment in self.segments:
            reader = segment.searcher.reader()
            if (field, text) not in reader:
                continue
            local, every = docs >> segment.offset, (1 << segment.count) - 1
            if local & every == every:  # the whole segment (no deletions): whoosh's own figure
                total += reader.frequency(field, text)
                continue
            # the set as bytes, read one byte per posting: `local >> id & 1` would copy the whole set each time
            local &= every
            present = local.to_bytes((segment.count >> 3) + 1, 'little')
            for docnum, weight in _leaf_postings(reader.postings(field, text)):
                if present[docnum >> 3] >> (docnum & 7) & 1:
                    total += weight
                    if limit is not None and total >= limit:
                        return total
        return total

    def top_by_date(self, docs, n):
        """[(0.0, docnum)] of the `n` newest documents of `docs`, newest first (ties: higher docnum first)."""
        if n <= 0 or not docs:
            return []
        dates = self.dates()
        if docs.bit_count() <= 20_000:
            best = heapq.nlargest(n, ((dates[d], d) for d in ids_of(docs)))
        else:
            if self._date_order is None:
                self._date_order = sorted(range(len(dates)), key=lambda d: (dates[d], d), reverse=True)
            data = docs.to_bytes((self.size >> 3) + 1, 'little')
            best = []
            for d in self._date_order:
                if data[d >> 3] >> (d & 7) & 1:
                    best.append((dates[d], d))
                    if len(best) == n:
                        break
        return [(0.0, d) for _, d in best]

    def top_scored(self, q, allowed, n):
        """[(score, docnum)] of the `n` best documents of `allowed` matching `q`, best first."""
        if n <= 0 or not allowed:
            return []
        plan = maxscore.plan(q)
        if plan is None:
            return self._whoosh_top(q, allowed, n)
        for f in plan.filters:
            allowed &= self.filter_docset(f)
        if not allowed:
            return []
        return maxscore.MaxScore(plan, allowed, self.size, n).run(self.segments, self.searcher.context())

    def _whoosh_top(self, q, allowed, n):
        # limit=None: whoosh's top-N collector asks every matcher for quality bounds, which CoverageOr has not
        results = self.searcher.search(q, limit=None, filter=set(ids_of(allowed)))
        return [(results.score(i), results.docnum(i)) for i in range(min(n, len(results.top_n)))]


def _plain_terms(queries):
    out = set()
    for q in queries:
        if isinstance(q, wq.Term):
            out.add((q.fieldname, q.text))
        elif type(q) is wq.Or:
            out |= _plain_terms(q.subqueries)
    return out
