"""Ranking long documents by their best passage (used by index.View.top on the pinned whoosh).

BM25 divides a term's weight by the length of the field, so a 1,200-word minutes whose one agenda item
is about the query ranks below short texts that merely repeat its words. For the first candidates of a
ranking, a long body is also scored as its best passage: the window of :data:`WINDOW` words holding
the most of the query's clauses, its terms counted in the window and the window taken as a document of
average length. When that beats the body's own contribution, the difference is added (scaled by the
clauses the window and the title cover, as CoverageOr scales the whole). Short bodies are left alone.

The query's body terms are read from the whoosh query itself (query.to_whoosh's shape: CoverageOr of
clauses, each an Or of Term/Phrase leaves); positions come from the index (phrase=True fields).
"""
from whoosh import query as wq

from .persian import analyze_terms, joined_pair_terms
from .query import COVERAGE_POWER, CoverageOr

#: words in a passage; a body longer than LONG_FACTOR passages is scored by its best one too
WINDOW = 120
LONG_FACTOR = 1.5
#: how many of the first-ranked documents are looked at again
CANDIDATES = 30
FIELD = 'body'


def _clauses(q):
    """[[(term, boost)] per clause] of the body field, or None for a query of another shape."""
    if isinstance(q, wq.And):
        cores = [c for c in q.subqueries if not (isinstance(c, wq.ConstantScoreQuery) and c.score == 0.0)]
        if len(cores) != 1:
            return None
        q = cores[0]
    clauses = q.subqueries if type(q) is CoverageOr else [q]
    out = []
    for clause in clauses:
        terms = []
        stack = [clause]
        while stack:
            node = stack.pop()
            if isinstance(node, wq.Term):
                if node.fieldname == FIELD:
                    terms.append((node.text, node.boost))
            elif isinstance(node, (wq.Or, wq.And)):
                stack.extend(node.subqueries)
        out.append(terms)
    return out


def _bm25(idf, tf, fl, avgfl, b, k1):
    return idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))


def rerank(searcher, q, top, title_field='title'):
    """`top` ([(score, docnum)], best first) with long bodies also scored by their best passage."""
    if not top:
        return top
    clauses = _clauses(q)
    if not clauses or not any(clauses):
        return top
    reader = searcher.reader()
    avgfl = searcher.avg_field_length(FIELD) or 1.0
    weighting = searcher.weighting
    b, k1 = getattr(weighting, 'B', 0.75), getattr(weighting, 'K1', 1.2)
    long_docs = [d for _, d in top[:CANDIDATES] if reader.doc_field_length(d, FIELD) > LONG_FACTOR * WINDOW * 1.6]
    if not long_docs:
        return top
    wanted = set(long_docs)
    idf = {}
    positions = {}  # (term) -> {docnum: [positions]}
    for terms in clauses:
        for term, _ in terms:
            if term in positions:
                continue
            positions[term] = {}
            try:
                if (FIELD, term) not in reader:
                    continue
                idf[term] = searcher.idf(FIELD, term)
                m = searcher.postings(FIELD, term)
                for d in sorted(wanted):
                    if not m.is_active():
                        break
                    if m.id() < d:
                        m.skip_to(d)
                    if m.is_active() and m.id() == d:
                        positions[term][d] = m.value_as('positions')
            except Exception:  # noqa: BLE001 - a term the codec cannot give positions for is skipped
                continue
    titles = {}
    total = len(clauses)
    boosted = {}
    for d in long_docs:
        fl = reader.doc_field_length(d, FIELD)
        hits = []  # (position, clause, term, boost)
        for ci, terms in enumerate(clauses):
            for term, boost in terms:
                for p in positions.get(term, {}).get(d, ()):
                    hits.append((p, ci, term, boost))
        if not hits:
            continue
        hits.sort()
        full = _clause_sum(hits, idf, fl, avgfl, b, k1)
        best = 0.0
        best_cover = set()
        j = 0
        for i in range(len(hits)):
            while hits[j][0] < hits[i][0] - WINDOW:
                j += 1
            window = hits[j:i + 1]
            score = _clause_sum(window, idf, avgfl, avgfl, b, k1)
            if score > best:
                best, best_cover = score, {h[1] for h in window}
        if best <= full:
            continue
        if d not in titles:
            titles[d] = _title_clauses(searcher, d, clauses, title_field)
        covered = len(best_cover | titles[d])
        boosted[d] = (best - full) * (covered / total) ** COVERAGE_POWER
    if not boosted:
        return top
    rescored = [(score + boosted.get(d, 0.0), d) for score, d in top]
    head = sorted(rescored[:CANDIDATES], key=lambda x: (-x[0], x[1]))
    return head + rescored[CANDIDATES:]


def _clause_sum(hits, idf, fl, avgfl, b, k1):
    """Σ over clauses of Σ over their terms of boost · BM25(tf in `hits`)."""
    tf = {}
    for _, ci, term, boost in hits:
        key = (ci, term)
        tf[key] = (tf[key][0] + 1, boost) if key in tf else (1, boost)
    return sum(boost * _bm25(idf.get(term, 1.0), n, fl, avgfl, b, k1) for (_, term), (n, boost) in tf.items())


def _title_clauses(searcher, d, clauses, title_field):
    """Clauses whose body terms also occur in the document's title (they count as covered)."""
    stored = searcher.stored_fields(d).get(title_field) or ''
    if not stored:
        return set()
    have = set(analyze_terms(stored)) | set(joined_pair_terms(stored))
    return {ci for ci, terms in enumerate(clauses) if any(t in have for t, _ in terms)}
