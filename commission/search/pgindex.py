"""The search index in PostgreSQL (SEARCH_BACKEND=postgres): the same documents, analyzer and ranking as the
whoosh index of index.py, in three tables that every app server and worker shares.

* `search_documents`: one row per document key, the fields the whoosh schema stores (for snippets, facets
  and filters) and `terms`, a tsvector of the Persian analyzer's own terms (words, number, date and code
  terms, joined pairs) built as quoted lexemes with positions, the field in each position's weight label
  (A title, B city, C body, D attachments), GIN-indexed. No PostgreSQL text search configuration analyses
  anything: the lexemes are our analyzer's. The long values live out of line, so the heap stays small.
* `search_postings`: per term and document, the occurrences per field and the positions (title's first, then
  city's, body's and attachments'), what ranking reads; a rebuild writes them in term order.
* `search_terms`: per term and visibility, documents and occurrences per field (BM25's idf, the query
  side's Vocabulary: frequencies, prefixes, close spellings); the term '' holds the documents and the
  field lengths (average field length). Kept by the same statements that write the documents.

Searching (`reading(visible)` gives a View with index.View's methods, taking the same whoosh query objects
the services build from query.ParsedQuery): the query becomes one tsquery for the matches (GIN); one
statement reads them once for the count, the facets (GROUP BY GROUPING SETS) and the `CANDIDATES` best by a
BM25 summed over the query terms' postings (`_reads` says which postings when the matches are many). Those
candidates are ranked by whoosh's own scoring: BM25F per field and term (whoosh's idf, B, K1 and its
one-byte field lengths), the clause sum scaled by the clauses' coverage, the alternatives' weights, phrases,
demotion, then passages.rerank for long bodies, on their postings. Up to `CANDIDATES` matches are all scored.

Writing: the worker's drain and `flask search rebuild` (hooks.py) write through `Writer`: per key an
advisory lock, the old row's term counts taken out of `search_terms`, the new row and its postings written
and its counts added, in the drain's own transaction (the queue rows go in the same commit). A rebuild takes
an exclusive advisory lock that drains share, and replaces the tables in one transaction: readers keep the
old rows until it commits.
"""
import contextlib
import dataclasses
import logging
import math

from flask import current_app
from sqlalchemy import text
from whoosh import query as wq
from whoosh.support.levenshtein import distance as edit_distance
from whoosh.util.numeric import byte_to_length, length_to_byte

from ..config import is_postgres  # noqa: F401 - the one test of a PostgreSQL URL
from . import passages
from .persian import edits, persian_analyzer
from .query import CoverageOr, Vocabulary

logger = logging.getLogger(__name__)

#: text fields: weight label of their positions in the tsvector, first position, column of their length
FIELDS = {'title': ('A', 1, 'title_len'), 'city': ('B', 300, 'city_len'), 'body': ('C', 600, 'body_len'),
          'attachments': ('D', None, 'attachments_len')}
LABEL_FIELD = {label: field for field, (label, _, _) in FIELDS.items()}
#: search_postings' occurrence columns and the order of their positions (the labels' order)
POSTING_FIELDS = tuple(LABEL_FIELD[label] for label in sorted(LABEL_FIELD))
#: the length columns, in POSTING_FIELDS' order
LENGTHS = tuple(FIELDS[f][2] for f in POSTING_FIELDS)
#: columns an ID-field Term filters on
ID_COLUMNS = {'key': 'key', 'kind': 'kind', 'city_slug': 'city_slug', 'category': 'category', 'year': 'year',
              'visibility': 'visibility', 'status': 'status', 'ref': 'ref'}
FACET_COLUMNS = ('kind', 'city_slug', 'category', 'year')
#: tsvector limits: positions 1..16383, 256 positions per lexeme
MAX_POS, MAX_POSITIONS = 16383, 255
#: documents scored exactly when more match (the best by the postings' BM25); fewer matches are all scored
CANDIDATES = 120
#: when the query's terms hold more documents than this, the preselection reads every posting only of the rarest
#: terms that stay within it, and the title postings of the others (View._reads)
PRESELECT_DOCS = 3000
B, K1 = 0.75, 1.2
#: advisory lock of the index: drains share it, a rebuild holds it alone
LOCK_ID = 0x5EA7C4
STORED = ('key', 'doc_id', 'kind', 'ref', 'title', 'body', 'attachments', 'city', 'city_slug', 'category',
          'status', 'visibility', 'year', 'date', 'url')

#: the tables this module keeps by hand (no models: autogenerate and the schema check leave them alone)
TABLES = frozenset({'search_documents', 'search_terms', 'search_postings'})


def not_ours(obj, name, type_, reflected, compare_to):
    """Alembic's include_object: False for the search backend's tables (and their indexes)."""
    table = name if type_ == 'table' else getattr(getattr(obj, 'table', None), 'name', None)
    return table not in TABLES


DDL = (
    """CREATE TABLE IF NOT EXISTS search_documents (
        id BIGSERIAL PRIMARY KEY,
        key VARCHAR(100) NOT NULL UNIQUE,
        doc_id INTEGER NOT NULL,
        kind VARCHAR(40) NOT NULL,
        ref TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        attachments TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        city_slug VARCHAR(100) NOT NULL DEFAULT '',
        category VARCHAR(200) NOT NULL DEFAULT '',
        status VARCHAR(40) NOT NULL DEFAULT '',
        visibility VARCHAR(60) NOT NULL DEFAULT 'public',
        year VARCHAR(4),
        date TIMESTAMP,
        url TEXT NOT NULL DEFAULT '',
        title_len INTEGER NOT NULL DEFAULT 0,
        body_len INTEGER NOT NULL DEFAULT 0,
        city_len INTEGER NOT NULL DEFAULT 0,
        attachments_len INTEGER NOT NULL DEFAULT 0,
        terms TSVECTOR NOT NULL,
        updated_dt TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
    )""",
    'CREATE INDEX IF NOT EXISTS ix_search_documents_terms ON search_documents USING GIN (terms)',
    'CREATE INDEX IF NOT EXISTS ix_search_documents_date ON search_documents (date DESC NULLS LAST, id DESC)',
    """CREATE TABLE IF NOT EXISTS search_terms (
        term TEXT COLLATE "C" NOT NULL,
        visibility VARCHAR(60) NOT NULL,
        df_title INTEGER NOT NULL DEFAULT 0, df_body INTEGER NOT NULL DEFAULT 0,
        df_city INTEGER NOT NULL DEFAULT 0, df_attachments INTEGER NOT NULL DEFAULT 0,
        cf_title INTEGER NOT NULL DEFAULT 0, cf_body INTEGER NOT NULL DEFAULT 0,
        cf_city INTEGER NOT NULL DEFAULT 0, cf_attachments INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (term, visibility)
    )""",
    # occurrences per field and the tsvector's positions of each (term, document), title's first, then city's,
    # body's and attachments': ranking reads these few rows, never a candidate's whole (TOASTed) tsvector
    """CREATE TABLE IF NOT EXISTS search_postings (
        term TEXT COLLATE "C" NOT NULL,
        doc BIGINT NOT NULL,
        tf_title SMALLINT NOT NULL, tf_city SMALLINT NOT NULL,
        tf_body SMALLINT NOT NULL, tf_attachments SMALLINT NOT NULL,
        positions SMALLINT[] NOT NULL,
        PRIMARY KEY (term, doc)
    )""",
    'CREATE INDEX IF NOT EXISTS ix_search_postings_doc ON search_postings (doc)',
    'CREATE INDEX IF NOT EXISTS ix_search_postings_title ON search_postings (term, doc) WHERE tf_title > 0',
    # the stored text and the tsvector out of line: counting and faceting thousands of matches reads their few
    # short columns from an 11 MB heap instead of a 75 MB one (50,000 documents)
    'ALTER TABLE search_documents SET (toast_tuple_target = 128)',
)


class SearchUnavailable(Exception):
    pass


def create_tables(conn):
    for statement in DDL:
        conn.execute(text(statement))


def _conn():
    from ..db import db
    return db.session.connection()


# --- documents to rows -------------------------------------------------------------------------------

def _quote(term):
    return "'" + term.replace('\\', '\\\\').replace("'", "''") + "'"


def field_terms(value):
    """{term: [positions]} and the field length of one text field, as whoosh indexes it (Positions format)."""
    out = {}
    length = 0
    if value:
        for token in persian_analyzer()(value, positions=True, mode='index'):
            out.setdefault(token.text, []).append(token.pos)
            length += 1
    return out, length


def to_row(fields):
    """A search_documents row from index.to_fields(doc)."""
    lexemes = {}
    lengths = {}
    start = 1
    for field in ('title', 'city', 'body', 'attachments'):
        label, first, column = FIELDS[field]
        first = first if first is not None else start
        terms, length = field_terms(fields.get(field) or '')
        lengths[column] = length
        last = first
        for term, positions in terms.items():
            if not term or len(term.encode()) > 2000:
                continue
            slot = lexemes.setdefault(term, {})
            for p in positions:
                pos = min(first + p, MAX_POS)
                last = max(last, pos)
                slot.setdefault(pos, label)
        start = last + 50
    parts, postings = [], []
    for term, positions in lexemes.items():
        chosen = sorted(positions.items())[:MAX_POSITIONS]
        parts.append(_quote(term) + ':' + ','.join(f'{p}{label}' for p, label in chosen))
        by_label = sorted(chosen, key=lambda item: (item[1], item[0]))
        tf = {label: 0 for label in LABEL_FIELD}
        for _, label in chosen:
            tf[label] += 1
        postings.append((term, tf['A'], tf['B'], tf['C'], tf['D'], '{' + ','.join(str(p) for p, _ in by_label) + '}'))
    date = fields.get('date')
    row = {
        'key': fields['key'], 'doc_id': int(fields['id']), 'kind': fields['kind'], 'ref': fields.get('ref') or '',
        'title': fields.get('title') or '', 'body': fields.get('body') or '',
        'attachments': fields.get('_stored_attachments') or '', 'city': fields.get('city') or '',
        'city_slug': fields.get('city_slug') or '', 'category': fields.get('category') or '',
        'status': fields.get('status') or '', 'visibility': fields.get('visibility') or 'public',
        'year': fields.get('year'), 'date': date, 'url': fields.get('url') or '', 'terms': ' '.join(parts),
        'postings': postings,
    }
    row.update(lengths)
    return row


_STATS = """
    INSERT INTO search_terms AS t (term, visibility, df_title, df_body, df_city, df_attachments,
                                   cf_title, cf_body, cf_city, cf_attachments)
    SELECT term, visibility, {sign} * sum(df_title), {sign} * sum(df_body), {sign} * sum(df_city),
           {sign} * sum(df_attachments), {sign} * sum(cf_title), {sign} * sum(cf_body), {sign} * sum(cf_city),
           {sign} * sum(cf_attachments)
    FROM (
        SELECT p.term, d.visibility, (p.tf_title > 0)::int AS df_title, (p.tf_body > 0)::int AS df_body,
               (p.tf_city > 0)::int AS df_city, (p.tf_attachments > 0)::int AS df_attachments,
               p.tf_title AS cf_title, p.tf_body AS cf_body, p.tf_city AS cf_city, p.tf_attachments AS cf_attachments
        FROM search_postings p JOIN search_documents d ON d.id = p.doc
        {where}
        UNION ALL
        SELECT '', d.visibility, 1, 1, 1, 1, d.title_len, d.body_len, d.city_len, d.attachments_len
        FROM search_documents d {where}
    ) s
    GROUP BY term, visibility
    ORDER BY term, visibility
    ON CONFLICT (term, visibility) DO UPDATE SET
        df_title = t.df_title + excluded.df_title, df_body = t.df_body + excluded.df_body,
        df_city = t.df_city + excluded.df_city, df_attachments = t.df_attachments + excluded.df_attachments,
        cf_title = t.cf_title + excluded.cf_title, cf_body = t.cf_body + excluded.cf_body,
        cf_city = t.cf_city + excluded.cf_city, cf_attachments = t.cf_attachments + excluded.cf_attachments
"""

_UPSERT = """
    INSERT INTO search_documents (key, doc_id, kind, ref, title, body, attachments, city, city_slug, category,
        status, visibility, year, date, url, title_len, body_len, city_len, attachments_len, terms, updated_dt)
    VALUES (:key, :doc_id, :kind, :ref, :title, :body, :attachments, :city, :city_slug, :category, :status,
        :visibility, :year, :date, :url, :title_len, :body_len, :city_len, :attachments_len,
        CAST(:terms AS tsvector), now() AT TIME ZONE 'utc')
    ON CONFLICT (key) DO UPDATE SET doc_id = excluded.doc_id, kind = excluded.kind, ref = excluded.ref,
        title = excluded.title, body = excluded.body, attachments = excluded.attachments, city = excluded.city,
        city_slug = excluded.city_slug, category = excluded.category, status = excluded.status,
        visibility = excluded.visibility, year = excluded.year, date = excluded.date, url = excluded.url,
        title_len = excluded.title_len, body_len = excluded.body_len, city_len = excluded.city_len,
        attachments_len = excluded.attachments_len, terms = excluded.terms, updated_dt = excluded.updated_dt
"""


def _lock(conn, shared, timeout):
    conn.execute(text(f"SET LOCAL lock_timeout = '{int(max(timeout, 0.1) * 1000)}ms'"))
    fn = 'pg_advisory_xact_lock_shared' if shared else 'pg_advisory_xact_lock'
    try:
        with conn.begin_nested():
            conn.execute(text(f'SELECT {fn}(:id)'), {'id': LOCK_ID})
    except Exception as exc:  # noqa: BLE001 - lock_timeout: the queue keeps the work
        from .index import IndexBusy
        raise IndexBusy(f'search tables locked for more than {timeout:.0f} s') from exc
    conn.execute(text("SET LOCAL lock_timeout = '0'"))


class Writer:
    """Writes documents in the caller's transaction (the drain's: its queue rows go in the same commit)."""

    def __init__(self, conn, timeout=10.0, rebuild=False):
        self.conn = conn
        _lock(conn, shared=not rebuild, timeout=timeout)
        if rebuild:
            conn.execute(text('DELETE FROM search_postings'))
            conn.execute(text('DELETE FROM search_documents'))
            conn.execute(text('DELETE FROM search_terms'))
            # the postings are gathered here and written in term order at the end: a term's rows then share a few
            # pages, and ranking reads them in one sweep (p95 of the 50,000-document bench: 99 ms instead of 200)
            conn.execute(text('CREATE TEMP TABLE search_postings_new (LIKE search_postings) ON COMMIT DROP'))
        self.rebuilding = rebuild

    def lock_keys(self, keys):
        """Per-key locks in one order (two workers on the same keys wait for each other, never deadlock)."""
        for key in sorted(keys):
            self.conn.execute(text('SELECT pg_advisory_xact_lock(:a, hashtext(:k))'), {'a': LOCK_ID, 'k': key})

    def write(self, updates, deletes=()):
        """Replace the documents of `updates` (index.to_fields dicts) and remove the keys of `deletes`."""
        rows = [to_row(fields) for fields in updates]
        keys = sorted({r['key'] for r in rows} | set(deletes))
        if not keys:
            return
        if not self.rebuilding:
            self._stats(-1, keys)
            self.conn.execute(text('DELETE FROM search_postings WHERE doc IN '
                                   '(SELECT id FROM search_documents WHERE key = ANY(:keys))'), {'keys': keys})
            if deletes:
                self.conn.execute(text('DELETE FROM search_documents WHERE key = ANY(:keys)'), {'keys': list(deletes)})
        if rows:
            self.conn.execute(text(_UPSERT), [{k: v for k, v in r.items() if k != 'postings'} for r in rows])
            self._postings(rows)
            if not self.rebuilding:
                self._stats(1, sorted(r['key'] for r in rows))

    def _postings(self, rows):
        """The rows' postings, in one INSERT of parallel arrays (the documents' ids read back by key)."""
        ids = dict(self.conn.execute(text('SELECT key, id FROM search_documents WHERE key = ANY(:keys)'),
                                     {'keys': [r['key'] for r in rows]}).all())
        postings = [(term, ids[row['key']], *rest) for row in rows for term, *rest in row['postings']]
        if postings:
            columns = [list(column) for column in zip(*postings, strict=True)]
            table = 'search_postings_new' if self.rebuilding else 'search_postings'
            self.conn.execute(text(
                f'INSERT INTO {table} (term, doc, tf_title, tf_city, tf_body, tf_attachments, positions) '
                'SELECT t, d, a, b, c, e, CAST(p AS smallint[]) FROM unnest(CAST(:t AS text[]), CAST(:d AS bigint[]), '
                'CAST(:a AS smallint[]), CAST(:b AS smallint[]), CAST(:c AS smallint[]), CAST(:e AS smallint[]), '
                'CAST(:p AS text[])) AS x(t, d, a, b, c, e, p)'),
                dict(zip('tdabcep', columns, strict=True)))

    def _stats(self, sign, keys):
        self.conn.execute(text(_STATS.format(sign=sign, where='WHERE d.key = ANY(:keys)')), {'keys': keys})

    def finish(self):
        """After a rebuild's last document: the postings in term order and the term counts, in one statement each.
        (A drain keeps both as it goes; the rows of terms no document holds any more stay, at zero, and every
        reader asks for counts above zero.)"""
        if self.rebuilding:
            self.conn.execute(text('INSERT INTO search_postings SELECT * FROM search_postings_new ORDER BY term, doc'))
            self.conn.execute(text('DROP TABLE search_postings_new'))
            self.conn.execute(text(_STATS.format(sign=1, where='')))


def after_rebuild(conn):
    """Fresh planner statistics (which terms are rare) and the GIN index's pending entries merged."""
    conn.execute(text('ANALYZE search_documents'))
    conn.execute(text('ANALYZE search_terms'))
    conn.execute(text('ANALYZE search_postings'))
    conn.execute(text("SELECT gin_clean_pending_list('ix_search_documents_terms')"))


#: true when the tables exist (search_postings is the last one created: migration 0022)
_AVAILABLE = "to_regclass('search_postings') IS NOT NULL"


def available(conn=None):
    return bool((conn or _conn()).execute(text(f'SELECT {_AVAILABLE}')).scalar())


# --- queries to SQL ----------------------------------------------------------------------------------

class _Sql:
    """Bound parameters of one statement."""

    def __init__(self):
        self.params = {}

    def bind(self, value):
        name = f'p{len(self.params)}'
        self.params[name] = value
        return f':{name}'


def _leaf_tsq(q):
    """The tsquery text of a text-field leaf, or None when `q` is not one."""
    if isinstance(q, wq.Term) and q.fieldname in FIELDS:
        return _quote(q.text)
    if isinstance(q, wq.Phrase) and q.fieldname in FIELDS and q.words:
        return '(' + ' <-> '.join(_quote(w) for w in q.words) + ')'
    if isinstance(q, wq.Prefix) and q.fieldname in FIELDS and q.text:
        return _quote(q.text) + ':*'
    return None


def _plain_terms(children):
    return {c.text for c in children if isinstance(c, wq.Term) and c.fieldname in FIELDS}


def _tsq(q):
    """The tsquery text of a subtree made only of text leaves and Or/And/AndNot, or None."""
    leaf = _leaf_tsq(q)
    if leaf is not None:
        return leaf
    if isinstance(q, wq.Or):
        covered = _plain_terms(q.subqueries)
        parts = []
        for child in q.subqueries:
            # a phrase only matches documents holding its words: a sibling term already takes them in
            if isinstance(child, wq.Phrase) and any(w in covered for w in child.words):
                continue
            part = _tsq(child)
            if part is None:
                return None
            if part not in parts:
                parts.append(part)
        return '(' + ' | '.join(parts) + ')' if parts else None
    if isinstance(q, wq.And) and q.subqueries:
        parts = [_tsq(c) for c in q.subqueries]
        return None if None in parts else '(' + ' & '.join(parts) + ')'
    if isinstance(q, wq.AndNot):
        a, b = _tsq(q.a), _tsq(q.b)
        return None if a is None or b is None else f'({a} & !{b})'
    if isinstance(q, wq.ConstantScoreQuery):
        return _tsq(q.child)
    return None


def _where(q, sql):
    """SQL condition of a whoosh query over search_documents (alias d)."""
    if q is None or isinstance(q, wq.Every):
        return 'TRUE'
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return 'FALSE'
    tsq = _tsq(q)
    if tsq is not None:
        return f'd.terms @@ CAST({sql.bind(tsq)} AS tsquery)'
    if isinstance(q, wq.Term) and q.fieldname in ID_COLUMNS:
        return f'd.{ID_COLUMNS[q.fieldname]} = {sql.bind(q.text)}'
    if isinstance(q, wq.Or):
        return '(' + ' OR '.join(_where(c, sql) for c in q.subqueries) + ')' if q.subqueries else 'FALSE'
    if isinstance(q, wq.And):
        return '(' + ' AND '.join(_where(c, sql) for c in q.subqueries) + ')' if q.subqueries else 'TRUE'
    if isinstance(q, wq.AndNot):
        return f'({_where(q.a, sql)} AND NOT {_where(q.b, sql)})'
    if isinstance(q, wq.Not):
        return f'(NOT {_where(q.query, sql)})'
    if isinstance(q, wq.ConstantScoreQuery):
        return _where(q.child, sql)
    if isinstance(q, wq.DateRange) and q.fieldname == 'date':
        parts = []
        if q.startdate is not None:
            parts.append(f'd.date >= {sql.bind(q.startdate)}')
        if q.enddate is not None:
            parts.append(f'd.date <= {sql.bind(q.enddate)}')
        return '(' + ' AND '.join(parts or ['d.date IS NOT NULL']) + ')'
    raise ValueError(f'query of a shape the postgres backend does not know: {q!r}')


def _ranking_tsq(q):
    """One tsquery OR-ing every text leaf the query looks for (not those it demotes): ts_rank's preselection."""
    leaves = []

    def walk(node):
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Not):
            return
        leaf = _leaf_tsq(node)
        if leaf is not None:
            if leaf not in leaves:
                leaves.append(leaf)
            return
        for child in getattr(node, 'subqueries', ()) or ([node.child] if hasattr(node, 'child') else []):
            walk(child)

    walk(q)
    return ' | '.join(leaves) if leaves else None


def _text_leaves(q, out):
    """{(field, term)} of every text leaf (terms of phrases too; prefixes are expanded elsewhere)."""
    if isinstance(q, wq.Term) and q.fieldname in FIELDS:
        out.add((q.fieldname, q.text))
    elif isinstance(q, wq.Phrase) and q.fieldname in FIELDS:
        out.update((q.fieldname, w) for w in q.words)
    for child in getattr(q, 'subqueries', None) or ():
        _text_leaves(child, out)
    if isinstance(q, wq.AndNot):
        _text_leaves(q.a, out)
        _text_leaves(q.b, out)
    if isinstance(q, (wq.ConstantScoreQuery, wq.Not)) and hasattr(q, 'child'):
        _text_leaves(q.child, out)
    return out


def _term_weights(q):
    """{term: {field: boost}} of the text leaves the query looks for (not those it demotes): a term's largest
    boost per field, a phrase's words with the phrase's boost (the preselection's weights)."""
    out = {}

    def add(field, term, boost):
        slot = out.setdefault(term, {})
        slot[field] = max(slot.get(field, 0.0), boost)

    def walk(node, boost):
        if isinstance(node, wq.AndNot):
            walk(node.a, boost)
        elif isinstance(node, wq.Not):
            return
        elif isinstance(node, wq.Term) and node.fieldname in FIELDS:
            add(node.fieldname, node.text, boost * node.boost)
        elif isinstance(node, wq.Phrase) and node.fieldname in FIELDS:
            for word in node.words:
                add(node.fieldname, word, boost * node.boost)
        else:
            inner = boost * getattr(node, 'boost', 1.0)
            for child in getattr(node, 'subqueries', ()) or ([node.child] if hasattr(node, 'child') else []):
                walk(child, inner)

    walk(q, 1.0)
    return out


def _prefixes(q):
    """[(field, prefix)] of the query's Prefix leaves."""
    return sorted({(leaf.fieldname, leaf.text) for leaf in q.leaves() if isinstance(leaf, wq.Prefix)})


@dataclasses.dataclass(frozen=True)
class _RankPlan:
    """The preselection of one query: its terms, {term: {field: boost}}, and which postings of each term it reads
    when the matches are many ({term: 'all' | 'title' | 'none'}; None: all of every term's)."""

    terms: list
    weights: dict
    reads: dict | None


def _like(prefix):
    return prefix.replace('\\', '\\\\').replace('%', r'\%').replace('_', r'\_') + '%'


# --- scoring (whoosh's, evaluated per document) --------------------------------------------------------

class _Doc:
    """One candidate: {(field, term): [positions]} of the query's terms and its field lengths (whoosh's byte)."""

    __slots__ = ('id', 'postings', 'lengths', 'prefixes')

    def __init__(self, docnum, lengths):
        self.id, self.postings, self.lengths, self.prefixes = docnum, {}, lengths, {}


class _Scorer:
    def __init__(self, stats):
        self.stats = stats  # Stats

    def term(self, doc, field, term):
        positions = doc.postings.get((field, term))
        if not positions:
            return None
        return self.stats.bm25(field, term, len(positions), doc.lengths[field])

    def score(self, q, doc):
        """whoosh's score of `doc` for `q`, or None when it does not match."""
        if isinstance(q, wq.Term):
            if q.fieldname in FIELDS:
                s = self.term(doc, q.fieldname, q.text)
                return None if s is None else s * q.boost
            return 0.0  # ID terms only filter (they are in the SQL); whoosh gives them no weight here
        if isinstance(q, wq.Phrase):
            return self._phrase(q, doc)
        if isinstance(q, wq.Prefix):
            found = doc.prefixes.get((q.fieldname, q.text))
            if not found:
                return None
            total = sum(self.stats.bm25(q.fieldname, t, n, doc.lengths[q.fieldname]) for t, n in found)
            return total * q.boost
        if isinstance(q, wq.CompoundQuery) and len(q.subqueries) == 1:
            return self.score(q.subqueries[0], doc)  # as whoosh: a compound of one query is that query, unboosted
        if isinstance(q, CoverageOr):
            scores = [s for c in q.subqueries if (s := self.score(c, doc)) is not None]
            if not scores:
                return None
            return sum(scores) * (len(scores) / len(q.subqueries)) ** q.power
        if isinstance(q, wq.Or):
            scores = [s for c in q.subqueries if (s := self.score(c, doc)) is not None]
            return sum(scores) * q.boost if scores else None
        if isinstance(q, wq.And):
            total = 0.0
            for c in q.subqueries:
                s = self.score(c, doc)
                if s is None:
                    return None
                total += s
            return total * q.boost
        if isinstance(q, wq.AndNot):
            a = self.score(q.a, doc)
            if a is None or self.score(q.b, doc) is not None:
                return None
            return a
        if isinstance(q, wq.ConstantScoreQuery):
            # whoosh's ListMatcher reads a constant of 0.0 as none given: each match scores 1.0
            return (q.score or 1.0) if self.score(q.child, doc) is not None else None
        if isinstance(q, wq.Every):
            return 1.0
        return 0.0  # filters (dates) were applied in SQL

    def _phrase(self, q, doc):
        lists = [doc.postings.get((q.fieldname, w)) for w in q.words]
        if not all(lists):
            return None
        following = [set(p) for p in lists[1:]]
        if not any(all(start + k + 1 in following[k] for k in range(len(following))) for start in lists[0]):
            return None
        length = doc.lengths[q.fieldname]
        total = sum(self.stats.bm25(q.fieldname, w, len(p), length) for w, p in zip(q.words, lists, strict=True))
        return total * q.boost


class Stats:
    """Document count, field lengths and document frequencies over the whole index (BM25's idf, as whoosh:
    log(N / (df + 1)) + 1 with N every document)."""

    def __init__(self, conn):
        self.conn = conn
        row = conn.execute(text('SELECT coalesce(sum(df_title), 0), coalesce(sum(cf_title), 0), '
                                'coalesce(sum(cf_body), 0), coalesce(sum(cf_city), 0), '
                                "coalesce(sum(cf_attachments), 0) FROM search_terms WHERE term = ''")).one()
        self.N = int(row[0])
        self.total = {'title': row[1], 'body': row[2], 'city': row[3], 'attachments': row[4]}
        self.df = {}

    def avgfl(self, field):
        return (self.total[field] / (self.N or 1)) or 1

    def load(self, terms):
        missing = sorted({t for t in terms if t not in self.df})
        if not missing:
            return
        for t in missing:
            self.df[t] = dict.fromkeys(FIELDS, 0)
        rows = self.conn.execute(text('SELECT term, sum(df_title), sum(df_body), sum(df_city), sum(df_attachments) '
                                      'FROM search_terms WHERE term = ANY(:t) GROUP BY term'), {'t': missing})
        for term, *counts in rows:
            self.df[term] = dict(zip(('title', 'body', 'city', 'attachments'), map(int, counts), strict=True))

    def idf(self, field, term):
        self.load([term])
        return math.log(max(self.N, 1) / (self.df[term][field] + 1)) + 1  # N is 0 only when nothing can match

    def bm25(self, field, term, tf, length):
        fl = byte_to_length(length_to_byte(length))
        return passages._bm25(self.idf(field, term), tf, fl, self.avgfl(field), B, K1)


# --- reading -----------------------------------------------------------------------------------------

#: planner settings of a search's statements (the transaction's own, so a request's other statements keep theirs):
#: the planner counts a tsvector match as cheap and, on a few thousand rows, reads every row's (TOASTed) tsvector
#: instead of the GIN index (25 ms instead of 1 ms for a query matching 3% of 3,000 documents); and it sorts
#: thousands of matches to merge-join them with a few hundred postings that a hash join takes as they come; and
#: psycopg prepares a statement run five times in one transaction (a worker's batch of similar-practices jobs),
#: whose generic plan, blind to the tsquery and the terms, took 39 s where the custom plan takes 0.1 s
READING_SETTINGS = {'enable_seqscan': ('off', 'on'), 'enable_mergejoin': ('off', 'on'),
                    'plan_cache_mode': ('force_custom_plan', 'auto')}


@contextlib.contextmanager
def reading(visible=None):
    conn = _conn()
    settings = ', '.join(f"set_config('{name}', '{off}', true)" for name, (off, _) in READING_SETTINGS.items())
    found = conn.execute(text(f'SELECT {_AVAILABLE}, {settings}')).scalar()
    if not found:
        from .index import SearchUnavailable as Unavailable
        raise Unavailable('no search tables in the database; run `flask db upgrade` and `flask search rebuild`')
    try:
        yield View(conn, visible)
    finally:
        with contextlib.suppress(Exception):  # an aborted transaction ends anyway, and the settings with it
            conn.execute(text('SELECT ' + ', '.join(f"set_config('{name}', '{on}', true)"
                                                     for name, (_, on) in READING_SETTINGS.items())))


def _visibilities(visible):
    """The visibility values a filter allows, or None (all)."""
    if visible is None:
        return None
    values = []
    for node in ([visible] if isinstance(visible, wq.Term) else getattr(visible, 'subqueries', [])):
        if isinstance(node, wq.Term) and node.fieldname == 'visibility':
            values.append(node.text)
    return values


class View:
    """index.View over the PostgreSQL tables (same methods, same whoosh query objects)."""

    def __init__(self, conn, visible=None):
        self.conn, self._visible = conn, visible
        self._visibility = _visibilities(visible)
        self._filters, self._query = [] if visible is None else [visible], None
        self._stats = None
        self._stored = {}
        self._count = self._facets = self._preselected = self._plan = None

    @property
    def stats(self):
        if self._stats is None:
            self._stats = Stats(self.conn)
        return self._stats

    def where(self, query=None, filter=None, exclude=None):
        narrowed = object.__new__(View)
        narrowed.__dict__.update(self.__dict__)
        narrowed._filters = list(self._filters)
        narrowed._count = narrowed._facets = narrowed._preselected = narrowed._plan = None
        if filter is not None:
            narrowed._filters.append(filter)
        if exclude is not None:
            narrowed._filters.append(wq.Not(exclude))
        if query is not None and not isinstance(query, wq.Every):
            narrowed._query = query
        return narrowed

    def _condition(self, sql, with_query=True):
        parts = [_where(f, sql) for f in self._filters]
        if with_query and self._query is not None:
            parts.append(_where(self._query, sql))
        return ' AND '.join(parts) or 'TRUE'

    @property
    def count(self):
        if self._count is None:
            self.facets(FACET_COLUMNS)  # the same statement counts the view (the search page asks for both)
        return self._count

    def facets(self, fields):
        """{field: {value: count}} over this view, and its count, in one GROUP BY GROUPING SETS.

        The same statement preselects the documents a ranked top() will score (the search page asks for the count,
        the facets, then the page): the matches are read once, into the CTE both use."""
        fields = [f for f in fields if f in FACET_COLUMNS]
        if self._facets is not None and all(f in self._facets for f in fields):
            return {f: self._facets[f] for f in fields}
        out = {f: {} for f in fields}
        sql = _Sql()
        condition = self._condition(sql)
        if not fields:
            statement = f'SELECT count(*) FROM search_documents d WHERE {condition}'
            self._count = self.conn.execute(text(statement), sql.params).scalar()
            return out
        sets = ', '.join(f'({f})' for f in fields)
        groupings = ', '.join(f'grouping({f}) AS g_{f}' for f in fields)
        facets = f'SELECT {", ".join(fields)}, count(*) AS n, {groupings} FROM m GROUP BY GROUPING SETS ((), {sets})'
        columns = ', '.join(f'd.{c}' for c in ('id', *fields, *LENGTHS))
        plan = self._rank_plan()
        ranked = 'NULL'
        if plan is not None:
            ranked = f'(SELECT json_agg(json_build_array(id, {", ".join(LENGTHS)}) ORDER BY s DESC, id) ' \
                     f'FROM ({self._ranked_sql(sql, plan, plan.reads)}) r)'
        found, preselected = self.conn.execute(text(
            f'WITH m AS MATERIALIZED (SELECT {columns} FROM search_documents d WHERE {condition}), '
            f'f AS ({facets}) SELECT (SELECT json_agg(f) FROM f), {ranked}'), sql.params).one()
        self._count = 0  # no row at all: nothing matched
        for row in found or ():
            if all(row[f'g_{f}'] for f in fields):
                self._count = row['n']
                continue
            for field in fields:
                if not row[f'g_{field}'] and row[field]:
                    out[field][row[field]] = row['n']
        if plan is not None:
            self._preselected = [tuple(r) for r in preselected or ()]
        self._facets = out
        return dict(out)

    def top(self, n, by='score'):
        if by not in ('score', 'date'):
            raise ValueError(f'top(by={by!r})')
        if n <= 0:
            return []
        sql = _Sql()
        condition = self._condition(sql)
        if by == 'date' or self._query is None:
            statement = f'SELECT d.id FROM search_documents d WHERE {condition} ' \
                        f'ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT {int(n)}'
            if self._query is not None:
                # the matches first (GIN), then their dates: walking the date index instead tests row after row's
                # tsvector until n match, slowest for the rarest words
                statement = f'WITH m AS MATERIALIZED (SELECT d.id, d.date FROM search_documents d WHERE {condition}) ' \
                            f'SELECT id FROM m ORDER BY date DESC NULLS LAST, id DESC LIMIT {int(n)}'
            rows = self.conn.execute(text(statement), sql.params)
            ranked = [(0.0, r[0]) for r in rows]
            self._load_stored([d for _, d in ranked])
            return ranked
        ranked = self._scored(condition, sql, max(n, passages.CANDIDATES))
        try:
            ranked = passages.rerank(_PassageSearcher(self), self._query, ranked)
        except Exception:  # noqa: BLE001 - the passage step refines a ranking; without it the ranking stands
            logger.warning('Passage ranking failed', exc_info=True)
        ranked = ranked[:n]
        self._load_stored([d for _, d in ranked])
        return ranked

    def _scored(self, condition, sql, n):
        leaves = _text_leaves(self._query, set())
        terms = sorted({t for _, t in leaves})
        prefixes = _prefixes(self._query)
        rows = self._preselect(condition, sql, prefixes)
        docs = {r[0]: _Doc(r[0], dict(zip(POSTING_FIELDS, r[1:], strict=True))) for r in rows}
        if not docs:
            return []
        self._candidates = docs
        wanted = set(leaves)
        params = {'ids': list(docs), 'terms': terms}
        prefix_sql = ''
        if prefixes:
            likes = []
            for i, (_f, p) in enumerate(prefixes):
                params[f'pre{i}'] = _like(p)
                likes.append(f'p.term LIKE :pre{i}')
            prefix_sql = ' OR ' + ' OR '.join(likes)
        posting_rows = self.conn.execute(text(
            'SELECT p.doc, p.term, p.tf_title, p.tf_city, p.tf_body, p.tf_attachments, p.positions '
            f'FROM search_postings p WHERE p.doc = ANY(:ids) AND (p.term = ANY(:terms){prefix_sql})'), params)
        prefix_terms = set()
        for docnum, lexeme, *counts, positions in posting_rows:
            doc = docs[docnum]
            start = 0
            for field, count in zip(POSTING_FIELDS, counts, strict=True):
                if not count:
                    continue
                key = (field, lexeme)
                if key in wanted or prefixes:
                    first = FIELDS[field][1] or 0
                    doc.postings.setdefault(key, []).extend(pos - first for pos in positions[start:start + count])
                start += count
            for f, p in prefixes:
                if lexeme.startswith(p) and (count := counts[POSTING_FIELDS.index(f)]):
                    doc.prefixes.setdefault((f, p), []).append((lexeme, count))
                    prefix_terms.add(lexeme)
        self.stats.load(set(terms) | prefix_terms)
        scorer = _Scorer(self.stats)
        scored = []
        for doc in docs.values():
            s = scorer.score(self._query, doc)
            if s is not None:
                scored.append((s, doc.id))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return scored[:n]

    def _preselect(self, condition, sql, prefixes):
        """[(id, field lengths…)] of the CANDIDATES matches that will be scored exactly: every match when fewer
        match, otherwise the best by a BM25 summed over the postings of the query's terms (with whoosh's idf and
        the leaves' boosts), read from search_postings, never from the candidates' tsvectors."""
        matches = f'SELECT d.id, {", ".join(f"d.{c}" for c in LENGTHS)} FROM search_documents d WHERE {condition}'
        if prefixes:  # a prefix's terms are not known before the postings are read: the tsvector's ts_rank
            rank_tsq = _ranking_tsq(self._query)
            return self.conn.execute(text(
                f"{matches} ORDER BY ts_rank('{{0.07, 0.1, 0.15, 0.3}}', d.terms, "
                f'CAST({sql.bind(rank_tsq)} AS tsquery)) DESC, d.id LIMIT {CANDIDATES}'), sql.params).all()
        plan = self._rank_plan()
        if plan is None:
            return self.conn.execute(text(f'{matches} ORDER BY d.id LIMIT {CANDIDATES}'), sql.params).all()
        reads, rows = plan.reads, self._preselected
        if rows is None:
            rows = self._run_ranked(matches, sql, plan, reads)
        if len(rows) < CANDIDATES:
            everyone = self.conn.execute(text(f'{matches} LIMIT {CANDIDATES + 1}'), sql.params).all()
            if len(everyone) <= CANDIDATES:
                return everyone  # few matches: all of them are scored
        budget = PRESELECT_DOCS
        while len(rows) < CANDIDATES and reads is not None:
            # the rare terms' documents are too few among the matches (a filter took most of them): more terms,
            # each round reading eight times as many postings, the last one all of them
            budget *= 8
            reads = self._reads(plan.terms, budget if budget < self.stats.N else None)
            rows = self._run_ranked(matches, sql, plan, reads)
        return rows

    def _run_ranked(self, matches, sql, plan, reads):
        statement = self._ranked_sql(sql, plan, reads)
        return [tuple(r[:1 + len(LENGTHS)]) for r in self.conn.execute(
            text(f'WITH m AS MATERIALIZED ({matches}) {statement}'), sql.params)]

    def _rank_plan(self):
        """The preselection's terms and weights (worked out once per view), or None when the query has none (or has
        prefixes, whose terms are only known from the postings)."""
        if self._plan is None:
            weights = {} if self._query is None or _prefixes(self._query) else _term_weights(self._query)
            terms = sorted(weights)
            self._plan = _RankPlan(terms, weights, self._reads(terms)) if weights else False
        return self._plan or None

    def _ranked_sql(self, sql, plan, reads):
        """SELECT id, lengths…, s FROM m (the matches): the CANDIDATES best by the preselection's BM25, over the
        postings `reads` names (plan.reads, or a wider budget's). One group per document (hashed: the lengths are
        aggregates, not keys), float arithmetic only."""
        score = []
        weights = []
        for i, field in enumerate(POSTING_FIELDS):
            weights.append(sql.bind([plan.weights[t].get(field, 0.0) * self.stats.idf(field, t) for t in plan.terms]))
            norm = sql.bind(K1 * B / self.stats.avgfl(field))
            tf, length = f'p.tf_{field}', f'm.{FIELDS[field][2]}'
            score.append(f'p.w{i} * {tf} / ({tf} + {K1 * (1 - B)} + {norm} * {length})')
        reads = [(reads or {}).get(t, 'all') for t in plan.terms]
        q = (f'unnest(CAST({sql.bind(plan.terms)} AS text[]), CAST({sql.bind(reads)} AS text[]), '
             + ', '.join(f'CAST({w} AS float8[])' for w in weights) + ') AS q(term, reads, w0, w1, w2, w3)')
        columns = 'q.w0, q.w1, q.w2, q.w3, p.doc, p.tf_title, p.tf_city, p.tf_body, p.tf_attachments'
        # the conditions on q alone filter its rows before any index is read; titles come from the partial index
        postings = (f"SELECT {columns} FROM {q} JOIN search_postings p ON p.term = q.term WHERE q.reads = 'all' "
                    f"UNION ALL SELECT {columns} FROM {q} JOIN search_postings p ON p.term = q.term "
                    f"AND p.tf_title > 0 WHERE q.reads = 'title'")
        return (f'SELECT m.id, {", ".join(f"min(m.{c}) AS {c}" for c in LENGTHS)}, '
                f'sum({" + ".join(score)}) AS s FROM m JOIN ({postings}) AS p ON p.doc = m.id '
                f'GROUP BY m.id ORDER BY s DESC, m.id LIMIT {CANDIDATES}')

    def _reads(self, terms, budget=PRESELECT_DOCS):
        """Which postings of each term the preselection reads when the matches are many: every posting of the
        rarest terms while their documents stay within `budget` (at least the rarest one's), the title postings
        of the others while those stay within it, none of the rest (common words: their idf is low). None when
        all of them hold `budget` documents or fewer, or no budget is given."""
        self.stats.load(terms)
        df = {t: max(self.stats.df[t].values()) for t in terms}
        if budget is None or sum(df.values()) <= budget:
            return None
        reads, total, titles = {}, 0, 0
        for term in sorted(terms, key=lambda t: (df[t], t)):
            if not total or total + df[term] <= budget:
                reads[term] = 'all'
                total += df[term]
            elif titles + self.stats.df[term]['title'] <= budget:
                reads[term] = 'title'
                titles += self.stats.df[term]['title']
            else:
                reads[term] = 'none'
        return reads

    def _load_stored(self, docnums):
        missing = [d for d in docnums if d not in self._stored]
        if missing:
            rows = self.conn.execute(text(f'SELECT id, {", ".join(STORED)} FROM search_documents WHERE id = ANY(:ids)'),
                                     {'ids': missing}).mappings()
            for row in rows:
                stored = dict(row)
                stored['id'] = stored.pop('doc_id')
                docnum = row['id']
                if not stored.get('year'):
                    stored.pop('year', None)
                if stored.get('date') is None:
                    stored.pop('date', None)
                self._stored[docnum] = stored

    def stored(self, docnum):
        if docnum not in self._stored:
            self._load_stored([docnum])
        return self._stored[docnum]

    def _vis_sql(self, params):
        if self._visibility is None:
            return ''
        params['vis'] = self._visibility
        return ' AND visibility = ANY(:vis)'

    def frequency(self, field, term, limit=None):
        """Occurrences of `term` in `field` among the documents this reader may see (always the exact count)."""
        return self.vocabulary((field,)).frequency(term)

    def spellings(self, field, word, maxdist=2, prefix=1):
        found = {}
        lengths = (len(word) - maxdist, len(word) + maxdist)
        for term, freq in self._terms_with_prefix((field,), word[:prefix], lengths=lengths):
            if abs(len(term) - len(word)) <= maxdist and edit_distance(term, word, limit=maxdist) <= maxdist:
                found[term] = freq
        return sorted(found, key=lambda term: (-found[term], term))

    def _terms_with_prefix(self, fields, prefix, limit=None, lengths=None):
        """[(term, occurrences)] of the terms starting with `prefix` (of a length in `lengths`) that documents this
        reader may see hold in `fields`."""
        params = {'pre': _like(prefix)}
        cf = ' + '.join(f'cf_{f}' for f in fields)
        where = ''
        if lengths is not None:
            params['lo'], params['hi'] = lengths
            where = ' AND char_length(term) BETWEEN :lo AND :hi'
        rows = self.conn.execute(text(f"SELECT term, sum({cf}) FROM search_terms WHERE term LIKE :pre AND term <> ''"
                                      f'{where}{self._vis_sql(params)} GROUP BY term HAVING sum({cf}) > 0 ORDER BY term'
                                      + (f' LIMIT {int(limit)}' if limit else '')), params)
        return [(t, int(f)) for t, f in rows]

    def vocabulary(self, fields=('title', 'body')):
        return PostgresVocabulary(self, fields)

    def key_terms(self, field, text_value, numterms):
        """whoosh's key_terms_from_text (Bo1) with this index's collection frequencies."""
        weights = {}
        for token in persian_analyzer()(text_value or '', mode='index'):
            weights[token.text] = weights.get(token.text, 0) + 1
        if not weights:
            return []
        n = self.stats.N
        if not n:
            return []
        rows = self.conn.execute(text(f'SELECT term, sum(cf_{field}) FROM search_terms WHERE term = ANY(:t) '
                                      f'GROUP BY term HAVING sum(df_{field}) > 0'), {'t': sorted(weights)})
        tlist, maxweight = [], 0
        for term, cf in rows:
            f = cf / n
            score = weights[term] * math.log((1.0 + f) / f, 2) + math.log(1.0 + f, 2) if f > 0 else 0.0
            maxweight = max(maxweight, score)
            tlist.append((score, term))
        if not maxweight:
            return []
        f = maxweight / n
        norm = (maxweight * math.log((1.0 + f) / f) + math.log(1.0 + f)) / math.log(2.0)
        tlist = sorted(((w / norm, t) for w, t in tlist), key=lambda x: (-x[0], x[1]))
        return [(t, w) for w, t in tlist[:numterms]]


class PostgresVocabulary(Vocabulary):
    """query.Vocabulary from search_terms, restricted to the visibilities this reader may see."""

    MAX_SCAN = 40_000

    def __init__(self, view, fields):
        self.view, self.fields = view, fields
        self._freq = {}
        self._prefix = {}

    def frequency(self, term, cap=None):  # search_terms holds the counts: always exact
        if term not in self._freq:
            self.prefetch([term])
        return self._freq[term]

    def prefetch(self, terms):
        missing = sorted({t for t in terms if t not in self._freq})
        if not missing:
            return
        params = {'t': missing}
        cf = ' + '.join(f'cf_{f}' for f in self.fields)
        rows = self.view.conn.execute(text(f'SELECT term, sum({cf}) FROM search_terms WHERE term = ANY(:t)'
                                           f'{self.view._vis_sql(params)} GROUP BY term'), params)
        for t in missing:
            self._freq[t] = 0
        for term, freq in rows:
            self._freq[term] = int(freq or 0)

    def has_prefix(self, prefix):
        if prefix not in self._prefix:
            params = {'pre': _like(prefix)}
            found = self.view.conn.execute(text("SELECT 1 FROM search_terms WHERE term LIKE :pre AND term <> '' "
                                                'AND df_title + df_body + df_city + df_attachments > 0 LIMIT 1'),
                                           params).first()
            self._prefix[prefix] = found is not None
        return self._prefix[prefix]

    def near(self, term, maxdist):
        found = {}
        starts = term[:1] + edits.FIRST_LETTER_SWAPS.get(term[:1], '')
        for k, start in enumerate(starts):
            limit = maxdist if k == 0 else 1
            lengths = (len(term) - limit, len(term) + limit)
            for other, freq in self.view._terms_with_prefix(self.fields, start, self.MAX_SCAN, lengths):
                if other in found or abs(len(other) - len(term)) > limit or other == term:
                    continue
                if k and other[1:2] != term[1:2] and len(term) > 1:
                    continue
                if (d := edits.distance(term, other, limit)) <= limit:
                    found[other] = d
                    self._freq[other] = freq
        ranked = [(t, d, self.frequency(t)) for t, d in found.items()]
        return [(t, d) for t, d, f in sorted(ranked, key=lambda x: (x[1], -x[2], x[0])) if f > 0]


class _PassageSearcher:
    """What passages.rerank reads of a whoosh searcher, from the candidates a View scored."""

    class _Matcher:
        def __init__(self, items):
            self.items, self.i = items, 0

        def is_active(self):
            return self.i < len(self.items)

        def id(self):
            return self.items[self.i][0]

        def skip_to(self, d):
            while self.is_active() and self.id() < d:
                self.i += 1

        def value_as(self, _kind):
            return self.items[self.i][1]

    def __init__(self, view):
        self.view = view
        self.docs = getattr(view, '_candidates', {})
        self.weighting = type('W', (), {'B': B, 'K1': K1})()

    def reader(self):
        return self

    def doc_field_length(self, d, field):
        return byte_to_length(length_to_byte(self.docs[d].lengths[field]))

    def __contains__(self, key):
        return any(key in doc.postings for doc in self.docs.values())

    def avg_field_length(self, field):
        return self.view.stats.avgfl(field)

    def idf(self, field, term):
        return self.view.stats.idf(field, term)

    def postings(self, field, term):
        items = sorted((d, sorted(doc.postings[(field, term)])) for d, doc in self.docs.items()
                       if (field, term) in doc.postings)
        return self._Matcher(items)

    def stored_fields(self, d):
        return self.view.stored(d)


def backend():
    return current_app.config.get('SEARCH_BACKEND') or 'whoosh'

