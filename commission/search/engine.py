"""Fast paths over a whoosh searcher for the search page (whoosh-reloaded 2.7.5 internals are used here only).

* Matching document sets are bitsets (Python ints, bit n = global document number n): a term's
  postings are read block by block without scoring, so "how many match" and the facet counts cost
  a few set operations instead of scoring and categorising every match in Python.
* Facet counts: per segment, one bitset per value of each facet field, cached by segment id (segments
  never change; deletions are applied through a per-searcher "live" set), so a commit only costs the
  new segment's share.
* Relevance top-N: exact MaxScore. The query's leaf matchers are sorted by their maximum possible
  score; the documents that only the weakest leaves match cannot beat the current N-th best score, so
  they are never visited, and a lone remaining leaf skips whole posting blocks by their block maximum.
  Scores are computed by whoosh's own leaf matchers and combined as `query.CoverageOr` does, so the
  ranking is the one `searcher.search(q, limit=None)` gives (ties: lower document number first).
* Date order: per segment the date column is read once; the newest N of the matching set are taken.

Anything of a shape not recognised here falls back to whoosh's own (unoptimised) collector.
"""
import heapq
import math
import struct
import threading
from collections import OrderedDict
from operator import itemgetter

from whoosh import query as wq
from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher

from .query import CoverageOr

#: Fields whose values are counted as facets or used as exact filters (ID fields).
BITSET_FIELDS = ('kind', 'city_slug', 'category', 'year', 'visibility', 'status')

_BIT_POSITIONS = tuple(tuple(i for i in range(8) if byte >> i & 1) for byte in range(256))

# segment id -> {'values': {field: {value: bits}}, 'dates': list}; pruned to the live segments on reopen
_segments = {}
_segments_lock = threading.Lock()


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


def _leaf_ids(matcher):
    """All document numbers of a postings matcher (deleted ones included: callers apply the live set)."""
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


def _numeric_values(column_reader, count):
    """Every value of a whoosh NumericColumn in one read (not one file read per document)."""
    r = column_reader
    if not isinstance(r, columns.NumericColumn.Reader) or getattr(r, '_reverse', False):
        return [r[i] for i in range(count)]
    stored = min(r._count, count)
    raw = r._dbfile.get(r._basepos, stored * r._fixedlen) if stored else b''
    if r._typecode == 'B':
        return bytes(raw) + bytes([r._default]) * (count - stored)
    return list(struct.unpack(f'!{stored}{r._typecode}', raw)) + [r._default] * (count - stored)


#: text fields whose per-document lengths (BM25F's length normalisation) are kept in memory
LENGTH_FIELDS = ('title', 'body', 'city', 'attachments')


def _segment_id(reader):
    try:
        return reader.segment().segment_id()
    except Exception:  # noqa: BLE001 - an in-memory reader: do not cache
        return None


class State:
    """Per-searcher caches (one searcher per index generation per process)."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.leaves = []
        live = 0
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            count = reader.doc_count_all()
            seg_live = (1 << count) - 1
            if reader.has_deletions():
                seg_live &= ~bits_of(reader.deleted_docs_set, count)
            live |= seg_live << offset
            seg = _segment_id(reader)
            self.leaves.append((sub, offset, count, seg))
            self._load_lengths(reader, count, seg)
        self.live = live
        self.lock = threading.RLock()
        self._values = {}
        self._filters = OrderedDict()
        self._dates = None
        self._date_order = None
        with _segments_lock:  # forget segments that were merged away
            current = {seg for *_, seg in self.leaves}
            for seg in [s for s in _segments if s not in current]:
                del _segments[seg]

    # --- per-segment caches -------------------------------------------------------------------------

    def _load_lengths(self, reader, count, seg):
        """Give whoosh's scorer the field lengths as bytes in memory: read through the file, each
        length costs a seek and a read (about 4 bytes of memory per document for four fields)."""
        perdoc = getattr(reader, '_perdoc', None)
        readers = getattr(perdoc, '_readers', None)
        if readers is None:
            return
        cache = self._segment_cache(seg).setdefault('lengths', {})
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
                if seg is not None:
                    cache[name] = values
            readers[name] = values

    def _segment_cache(self, seg):
        if seg is None:
            return {'values': {}, 'dates': None}
        with _segments_lock:
            return _segments.setdefault(seg, {'values': {}, 'dates': None})

    def values(self, field):
        """{value: bits} of an ID field over the whole index (live documents only)."""
        found = self._values.get(field)
        if found is None:
            found = {}
            for sub, offset, count, seg in self.leaves:
                cache = self._segment_cache(seg)['values']
                per_value = cache.get(field)
                if per_value is None:
                    per_value = {}
                    reader = sub.reader()
                    if field in reader.schema:
                        for value in reader.lexicon(field):
                            text = value.decode('utf-8') if isinstance(value, bytes) else value
                            per_value[text] = bits_of(_leaf_ids(reader.postings(field, text)), count)
                    cache[field] = per_value
                for value, bits in per_value.items():
                    found[value] = found.get(value, 0) | (bits << offset)
            found = {value: bits & self.live for value, bits in found.items()}
            self._values[field] = found
        return found

    def dates(self):
        """Sort key of `date` per global document number (whoosh's column values)."""
        if self._dates is None:
            dates = []
            for sub, offset, count, seg in self.leaves:
                cache = self._segment_cache(seg)
                seg_dates = cache['dates']
                if seg_dates is None:
                    reader = sub.reader()
                    if reader.has_column('date'):
                        seg_dates = _numeric_values(reader.column_reader('date', translate=False), count)
                    else:
                        seg_dates = [0] * count
                    cache['dates'] = seg_dates
                dates += seg_dates
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
            bits = 0
            for sub, offset, count, _ in self.leaves:
                reader = sub.reader()
                if (q.fieldname, q.text) in reader:
                    bits |= bits_of(_leaf_ids(reader.postings(q.fieldname, q.text)), count) << offset
            return bits
        if isinstance(q, wq.Every):
            return self.live
        if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
            return 0
        if isinstance(q, wq.Or):  # CoverageOr too
            bits = 0
            children = q.subqueries
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
        if isinstance(q, wq.And):
            children = q.subqueries
            if not children:
                return 0
            bits = self._docs(children[0])
            for child in children[1:]:
                if not bits:
                    break
                bits &= self._docs(child)
            return bits
        if isinstance(q, wq.AndNot):
            return self._docs(q.a) & ~self._docs(q.b)
        if isinstance(q, wq.ConstantScoreQuery):
            return self._docs(q.child)
        bits = 0
        for sub, offset, count, _ in self.leaves:
            bits |= bits_of(q.docs(sub), count) << offset
        return bits

    # --- facet counts -------------------------------------------------------------------------------

    def counts(self, field, docs):
        """{value: number of documents of `docs` with that value}, zero counts left out."""
        out = {}
        for value, bits in self.values(field).items():
            n = (docs & bits).bit_count()
            if n:
                out[value] = n
        return out

    # --- top N --------------------------------------------------------------------------------------

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
        plan = _plan(q)
        if plan is None:
            return self._whoosh_top(q, allowed, n)
        leaves, power, total, filters = plan
        for f in filters:
            allowed &= self.filter_docset(f)
        if not allowed:
            return []
        data = allowed.to_bytes((self.size >> 3) + 1, 'little')
        context = self.searcher.context()
        heap = []
        for sub, offset, _count, _ in self.leaves:
            _maxscore(sub, offset, leaves, power, total, (allowed, data), heap, n, context, filters)
        heap.sort(reverse=True)
        return [(score, -neg) for score, neg in heap]

    def _whoosh_top(self, q, allowed, n):
        # limit=None: whoosh's top-N collector asks every matcher for quality bounds, which CoverageOr has not
        results = self.searcher.search(q, limit=None, filter=set(ids_of(allowed)))
        return [(results.score(i), results.docnum(i)) for i in range(min(n, len(results.top_n)))]


def state(searcher):
    found = getattr(searcher, '_commission_state', None)
    if found is None:
        found = State(searcher)
        searcher._commission_state = found
    return found


def _plain_terms(queries):
    out = set()
    for q in queries:
        if isinstance(q, wq.Term):
            out.add((q.fieldname, q.text))
        elif type(q) is wq.Or:
            out |= _plain_terms(q.subqueries)
    return out


def _flatten(q, out):
    if type(q) is wq.Or and q.boost == 1.0 and len(q.subqueries) > 1 and not q.minmatch and not q.scale:
        for child in q.subqueries:
            _flatten(child, out)
    else:
        out.append(q)


def _plan(q):
    """(leaves [(query, clause index)], power, clause count, filter queries) or None for other shapes."""
    filters = []
    if isinstance(q, wq.And):
        cores = []
        for child in q.subqueries:
            if isinstance(child, wq.ConstantScoreQuery) and child.score == 0.0:
                filters.append(child)
            else:
                cores.append(child)
        if len(cores) != 1 or q.boost != 1.0:
            return None
        q = cores[0]
    if type(q) is CoverageOr and len(q.subqueries) > 1:
        clauses, power = q.subqueries, q.power
    else:
        clauses, power = [q], 0
    leaves = []
    for i, clause in enumerate(clauses):
        found = []
        _flatten(clause, found)
        # any leaf scores on its own; one without a quality bound (Prefix, a nested CoverageOr) is always walked
        leaves += [(leaf, i) for leaf in found]
    return leaves, power, len(clauses), filters


def _bound(matcher):
    try:
        return matcher.max_quality()
    except Exception:  # noqa: BLE001 - no quality: always essential
        return math.inf


def _maxscore(sub, offset, leaves, power, total, allowed, heap, n, context, filters=()):
    """Add this segment's competitive documents to `heap` ((score, -docnum) min-heap of at most n).

    `allowed` is (bitset, its bytes): the documents that may be returned (all of them match `filters`).
    `filters` are the And's other parts: whoosh adds their scores too (ConstantScoreQuery(q, 0.0)
    scores 1.0: its weight 0.0 is read as "none").
    """
    allowed, allowed_bytes = allowed
    extras = [f.matcher(sub, context) for f in filters]
    if not all(m.is_active() for m in extras):
        return
    extra_max = sum(_bound(m) for m in extras)
    ms = []  # [matcher, clause, bound, query order]
    for idx, (leaf, clause) in enumerate(leaves):
        m = leaf.matcher(sub, context)
        if m.is_active():
            ms.append([m, clause, _bound(m), idx])
    if not ms:
        return
    order = sorted(ms, key=itemgetter(2))  # weakest first
    nclauses = len({e[1] for e in ms})
    coverage = [(c / total) ** power for c in range(nclauses + 1)]
    # with the k weakest leaves set aside: their bound sum, their clause count, and the best score a
    # document matching only them could reach
    ne_sums, ne_clauses, ne_bounds = [0.0], [0], [0.0]
    seen = set()
    for e in order:
        seen.add(e[1])
        ne_sums.append(ne_sums[-1] + e[2])
        ne_clauses.append(len(seen))
        ne_bounds.append(ne_sums[-1] * coverage[len(seen)])
    inf = math.inf
    theta = heap[0][0] if len(heap) >= n else -inf
    k = 0
    while k < len(order) and ne_bounds[k + 1] + extra_max <= theta:
        k += 1
    essential = [e for e in order[k:] if e[0].is_active()]
    ne, ne_sum, ne_cl = order[:k], ne_sums[k], ne_clauses[k]
    while essential:
        if len(essential) == 1:
            e = essential[0]
            m = e[0]
            if theta > -inf and m.supports_block_quality():
                # the last leaf to walk: skip its blocks that cannot beat theta even with every other leaf
                need = (theta - extra_max) / coverage[min(nclauses, ne_cl + 1)] - ne_sum
                if m.block_quality() <= need:
                    m.skip_to_quality(need)
                    if not m.is_active():
                        return
            d = m.id()
            present = essential
        else:
            d = min(e[0].id() for e in essential)
            present = [e for e in essential if e[0].id() == d]
        g = d + offset
        if not allowed_bytes[g >> 3] >> (g & 7) & 1:
            # jump every leaf still to walk to the next document that may be returned
            rest = allowed >> (g + 1)
            if not rest:
                return
            target = d + 1 + (rest & -rest).bit_length() - 1
            for e in essential:
                if e[0].id() < target:
                    e[0].skip_to(target)
            essential = [e for e in essential if e[0].is_active()]
            continue
        ub = sum(e[2] for e in present) + ne_sum
        if theta == -inf or ub * coverage[min(nclauses, len(present) + ne_cl)] + extra_max > theta:
            hits = list(present)
            for e in ne:
                m = e[0]
                if m.is_active():
                    if m.id() < d:
                        m.skip_to(d)
                        if not m.is_active():
                            continue
                    if m.id() == d:
                        hits.append(e)
            if len(hits) > 1:
                hits.sort(key=itemgetter(3))
            # as CoverageMatcher: clause sums in query order, times the share of clauses matched
            clause_scores = {}
            for e in hits:
                clause_scores[e[1]] = clause_scores.get(e[1], 0.0) + e[0].score()
            score = sum(clause_scores.values()) * (len(clause_scores) / total) ** power
            for m in extras:
                if m.id() < d:
                    m.skip_to(d)
                score += m.score()
            if len(heap) < n:
                heapq.heappush(heap, (score, -g))
            elif score > heap[0][0]:
                heapq.heapreplace(heap, (score, -g))
            if len(heap) >= n and heap[0][0] > theta:
                theta = heap[0][0]
                while k < len(order) and ne_bounds[k + 1] + extra_max <= theta:
                    k += 1
                ne, ne_sum, ne_cl = order[:k], ne_sums[k], ne_clauses[k]
                essential = [e for e in order[k:] if e[0].is_active() and e not in present]
                essential += [e for e in present if e in order[k:]]
        exhausted = False
        for e in present:
            e[0].next()
            exhausted = exhausted or not e[0].is_active()
        if exhausted:
            essential = [e for e in essential if e[0].is_active()]
