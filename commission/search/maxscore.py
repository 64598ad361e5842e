"""Exact MaxScore top-N over whoosh matchers (engine.py's relevance fast path; public matcher calls only).

The query's leaf matchers are sorted by their maximum possible score; the documents that only the
weakest leaves match cannot beat the current N-th best score, so they are never visited, and a lone
remaining leaf skips whole posting blocks by their block maximum. Leaf scores are whoosh's own and are
combined by `query.coverage_score` (CoverageOr's formula), so the ranking is the one
`searcher.search(q, limit=None)` gives (ties: lower document number first).
"""
import dataclasses
import heapq
import math
from operator import attrgetter

from whoosh import query as wq

from .query import CoverageOr, coverage_factor, coverage_score


def _flatten(q, out):
    if type(q) is wq.Or and q.boost == 1.0 and len(q.subqueries) > 1 and not q.minmatch and not q.scale:
        for child in q.subqueries:
            _flatten(child, out)
    else:
        out.append(q)


@dataclasses.dataclass(frozen=True)
class _Plan:
    """A query as MaxScore walks it: leaf queries with their clause number, CoverageOr's power and clause
    count, and the zero-weight filters an And adds (whoosh scores each 1.0: a weight of 0.0 reads as none)."""
    leaves: list  # [(leaf query, clause number)]
    power: float
    total: int
    filters: list


def plan(q):
    """The _Plan of a query, or None for shapes MaxScore does not handle."""
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
    return _Plan(leaves, power, len(clauses), filters)


def _bound(matcher):
    try:
        return matcher.max_quality()
    except Exception:  # noqa: BLE001 - no quality: always essential
        return math.inf


class MaxScore:
    """The best `n` documents of `allowed` for one _Plan, gathered segment by segment (_SegmentPass)."""

    def __init__(self, plan, allowed, size, n):
        self.plan, self.n = plan, n
        self.allowed, self.allowed_bytes = allowed, allowed.to_bytes((size >> 3) + 1, 'little')
        self.heap = []  # (score, -docnum) min-heap of at most n

    @property
    def theta(self):
        """The score a document must beat to enter the top n (-inf until n are found)."""
        return self.heap[0][0] if len(self.heap) >= self.n else -math.inf

    def is_allowed(self, g):
        return self.allowed_bytes[g >> 3] >> (g & 7) & 1

    def next_allowed(self, g):
        """How far after global document `g` the next allowed one is, or 0 when there is none."""
        rest = self.allowed >> (g + 1)
        return (rest & -rest).bit_length() if rest else 0

    def push(self, score, g):
        if len(self.heap) < self.n:
            heapq.heappush(self.heap, (score, -g))
        elif score > self.heap[0][0]:
            heapq.heapreplace(self.heap, (score, -g))

    def run(self, segments, context):
        """[(score, docnum)] over `segments` (engine._Segment), best first (ties: lower document number first)."""
        for segment in segments:
            _SegmentPass(self, segment, context).run()
        return [(score, -neg) for score, neg in sorted(self.heap, reverse=True)]


@dataclasses.dataclass(eq=False)
class _Leaf:
    """One leaf matcher of the query in one segment."""
    matcher: object
    clause: int  # the CoverageOr clause it belongs to
    bound: float  # its highest possible score (inf when whoosh knows none)
    order: int  # its place in the query: scores are summed in this order


@dataclasses.dataclass(frozen=True)
class _SetAside:
    """The k weakest leaves set aside: their bound sum, how many clauses they cover and the best score a
    document matching only them could reach."""
    bound_sum: float
    clauses: int
    best: float


class _SegmentPass:
    """MaxScore over one segment: add its competitive documents to `top`."""

    def __init__(self, top, segment, context):
        self.top, self.offset = top, segment.offset
        self.plan = plan = top.plan
        self.extras = [f.matcher(segment.searcher, context) for f in plan.filters]
        self.leaves = []
        if not all(m.is_active() for m in self.extras):
            return
        for order, (query, clause) in enumerate(plan.leaves):
            m = query.matcher(segment.searcher, context)
            if m.is_active():
                self.leaves.append(_Leaf(m, clause, _bound(m), order))
        self.leaves.sort(key=attrgetter('bound'))  # weakest first
        self.extra_max = sum(_bound(m) for m in self.extras)
        self.nclauses = len({leaf.clause for leaf in self.leaves})
        self.coverage = [coverage_factor(c, plan.total, plan.power) for c in range(self.nclauses + 1)]
        self.aside = [_SetAside(0.0, 0, 0.0)]  # indexed by how many of the weakest leaves are set aside
        seen = set()
        for leaf in self.leaves:
            seen.add(leaf.clause)
            bound_sum = self.aside[-1].bound_sum + leaf.bound
            self.aside.append(_SetAside(bound_sum, len(seen), bound_sum * self.coverage[len(seen)]))
        self.k = 0

    def _set_aside(self, theta):
        """Set aside the weakest leaves that cannot lift a document above `theta` together."""
        while self.k < len(self.leaves) and self.aside[self.k + 1].best + self.extra_max <= theta:
            self.k += 1
        return self.leaves[:self.k], self.aside[self.k]

    def run(self):
        if not self.leaves:
            return
        theta = self.top.theta
        ne, aside = self._set_aside(theta)
        essential = [leaf for leaf in self.leaves[self.k:] if leaf.matcher.is_active()]
        while essential:
            if len(essential) == 1:
                if not self._skip_blocks(essential[0], theta, aside):
                    return
                d, present = essential[0].matcher.id(), essential
            else:
                d = min(leaf.matcher.id() for leaf in essential)
                present = [leaf for leaf in essential if leaf.matcher.id() == d]
            g = d + self.offset
            if not self.top.is_allowed(g):
                # jump every leaf still to walk to the next document that may be returned
                step = self.top.next_allowed(g)
                if not step:
                    return
                for leaf in essential:
                    if leaf.matcher.id() < d + step:
                        leaf.matcher.skip_to(d + step)
                essential = [leaf for leaf in essential if leaf.matcher.is_active()]
                continue
            if theta == -math.inf or self._upper_bound(present, aside) > theta:
                self.top.push(self._score(d, present, ne), g)
                if self.top.theta > theta:
                    theta = self.top.theta
                    ne, aside = self._set_aside(theta)
                    walked = self.leaves[self.k:]
                    essential = [leaf for leaf in walked if leaf.matcher.is_active() and leaf not in present]
                    essential += [leaf for leaf in present if leaf in walked]
            exhausted = False
            for leaf in present:
                leaf.matcher.next()
                exhausted = exhausted or not leaf.matcher.is_active()
            if exhausted:
                essential = [leaf for leaf in essential if leaf.matcher.is_active()]

    def _skip_blocks(self, leaf, theta, aside):
        """The last leaf to walk skips blocks that cannot beat theta even with every other leaf; False at its end."""
        m = leaf.matcher
        if theta > -math.inf and m.supports_block_quality():
            need = (theta - self.extra_max) / self.coverage[min(self.nclauses, aside.clauses + 1)] - aside.bound_sum
            if m.block_quality() <= need:
                m.skip_to_quality(need)
                return m.is_active()
        return True

    def _upper_bound(self, present, aside):
        bound_sum = sum(leaf.bound for leaf in present) + aside.bound_sum
        return bound_sum * self.coverage[min(self.nclauses, len(present) + aside.clauses)] + self.extra_max

    def _score(self, d, present, ne):
        """Document `d`'s score as whoosh gives it: clause sums in query order, CoverageOr's formula, the filters."""
        hits = list(present)
        for leaf in ne:
            m = leaf.matcher
            if m.is_active():
                if m.id() < d:
                    m.skip_to(d)
                    if not m.is_active():
                        continue
                if m.id() == d:
                    hits.append(leaf)
        if len(hits) > 1:
            hits.sort(key=attrgetter('order'))
        clause_scores = {}
        for leaf in hits:
            clause_scores[leaf.clause] = clause_scores.get(leaf.clause, 0.0) + leaf.matcher.score()
        score = coverage_score(list(clause_scores.values()), self.plan.total, self.plan.power)
        for m in self.extras:
            if m.id() < d:
                m.skip_to(d)
            score += m.score()
        return score
