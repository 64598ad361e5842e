"""The whoosh index in the instance folder: schema, one cached searcher per process, locked writers, and
`reading()`, the one way to search it (a View: counts, facets, top N by score or date, stored fields).

Everything that touches whoosh's storage goes through here, so the rest of the app sees two
failures only: `SearchUnavailable` (missing or unreadable index) and `IndexBusy` (the write lock
stayed taken; the queue keeps the work).
"""
import contextlib
import datetime as dt
import logging
import os
import shutil
import threading
import time

from flask import current_app
from whoosh import fields, scoring
from whoosh import index as windex
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.support.levenshtein import distance as edit_distance

from ..jalali import jalali_year
from . import engine, passages
from .persian import edits, persian_analyzer
from .persian.repair import repair
from .query import Vocabulary
from .text import plain

logger = logging.getLogger(__name__)

#: whoosh index name inside the folder (an index whose fields differ from make_schema() is rebuilt, not reused)
INDEX_NAME = 'commission'
#: Text fields and their weights in the query (title above body; attachments below the item's own text).
TEXT_FIELDS = {'title': 3.0, 'body': 1.0, 'city': 1.5, 'attachments': 0.7}
#: What users may type before ':' (the query builder reads it; Persian names are translated first).
FILTER_FIELDS = {'city': 'city', 'kind': 'kind'}
#: Stored attachment text is cut here (for snippets); the whole text is indexed.
STORED_ATTACHMENT_CHARS = 20_000


class SearchUnavailable(Exception):
    """The index is missing or cannot be read."""


class IndexBusy(Exception):
    """Another process held the write lock for longer than we were willing to wait."""


def make_schema():
    analyzer = persian_analyzer()
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),  # 'practice:12'
        id=fields.STORED(),
        kind=fields.ID(stored=True, sortable=True),
        ref=fields.ID(stored=True),
        title=fields.TEXT(analyzer=analyzer, stored=True, phrase=True),
        body=fields.TEXT(analyzer=analyzer, stored=True, phrase=True),
        attachments=fields.TEXT(analyzer=analyzer, stored=True, phrase=True),
        city=fields.TEXT(analyzer=analyzer, stored=True, phrase=True),
        city_slug=fields.ID(stored=True, sortable=True),
        category=fields.ID(stored=True, sortable=True),
        status=fields.ID(stored=True),
        visibility=fields.ID(stored=True),
        year=fields.ID(stored=True, sortable=True),  # Jalali year of `date`
        date=fields.DATETIME(stored=True, sortable=True),
        url=fields.STORED(),
    )


def index_path():
    return current_app.config['SEARCH_INDEX_PATH']


def to_fields(doc):
    """Whoosh fields for one `search_document()` dict."""
    date = doc.get('date')
    if isinstance(date, dt.datetime):
        date = date.date()
    # PDF text: words split by a misplaced space rejoined, lines in visual order put back (persian/repair.py);
    # the repaired text is also what snippets show
    attachments = repair(doc.get('attachments_text') or '')
    result = {
        'key': f"{doc['kind']}:{doc['id']}", 'id': doc['id'], 'kind': doc['kind'], 'ref': doc.get('ref') or '',
        'title': doc.get('title') or '', 'body': repair(plain(doc.get('body') or '')), 'attachments': attachments,
        '_stored_attachments': attachments[:STORED_ATTACHMENT_CHARS], 'city': doc.get('city') or '',
        'city_slug': doc.get('city_slug') or '', 'category': doc.get('category') or '',
        'status': doc.get('status') or '', 'visibility': doc.get('visibility') or 'public',
        'url': doc.get('url') or '',
    }
    if date:
        result['date'] = dt.datetime.combine(date, dt.time())
        result['year'] = str(jalali_year(date))
    return result


# --- opening ---------------------------------------------------------------------------------------

def exists(path=None):
    path = path or index_path()
    try:
        return windex.exists_in(path, indexname=INDEX_NAME)
    except Exception:  # noqa: BLE001 - an unreadable folder counts as missing
        return False


def create(path=None):
    """An empty index at `path` (whatever was there is removed)."""
    path = path or index_path()
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(path, exist_ok=True)
    ix = _storage(path).create_index(make_schema(), indexname=INDEX_NAME)
    # commit once: a searcher opened on a never-committed index cannot refresh()
    ix.writer().commit()
    return ix


def _storage(path):
    """The index folder, read with plain file reads rather than mmap: the index pages then stay in the OS
    page cache (shared by every worker) instead of counting in each worker's resident memory."""
    return FileStorage(path, supports_mmap=False)


def open_index(path=None):
    path = path or index_path()
    if not exists(path):
        raise SearchUnavailable(f'no search index at {path}')
    try:
        return _storage(path).open_index(INDEX_NAME)
    except Exception as exc:  # noqa: BLE001 - a corrupt TOC raises many kinds of errors
        raise SearchUnavailable(f'search index at {path} cannot be opened: {exc!r}') from exc


def is_current(ix):
    """True when the index was built with this schema (same fields)."""
    try:
        return sorted(ix.schema.names()) == sorted(make_schema().names())
    except Exception:  # noqa: BLE001
        return False


_lock = threading.Lock()
_searchers = {}


# --- reading ---------------------------------------------------------------------------------------

@contextlib.contextmanager
def reading(visible=None):
    """`with reading(visible) as view:` the index as one reader sees it (a View), under the searcher's lock.

    `visible` is a whoosh filter query of the documents the reader may see (None: all of them).
    Raises SearchUnavailable when the index is missing or unreadable.
    """
    if is_postgres_backend():
        from . import pgindex
        with pgindex.reading(visible) as view:
            yield view
        return
    current = searcher()
    with current.engine.lock:
        yield View(current, visible)


def is_postgres_backend():
    """SEARCH_BACKEND=postgres: the index is pgindex.py's tables in the app's PostgreSQL database."""
    return current_app.config.get('SEARCH_BACKEND') == 'postgres'


def ready():
    """Whether an index exists to search (the whoosh folder, or the PostgreSQL tables)."""
    if is_postgres_backend():
        from . import pgindex
        return pgindex.available()
    try:
        open_index()
    except SearchUnavailable:
        return False
    return True


class View:
    """Documents of the index one reader may see, narrowed by `where()`; counts, facets, top N and stored fields.

    Behind it are engine.py's document sets (bitsets); nothing outside index.py touches them.
    """

    def __init__(self, searcher, visible=None):
        self._searcher, self._state = searcher, searcher.engine
        state = self._state
        self._visible = state.live if visible is None else state.live & state.filter_docset(visible)
        self._allowed, self._query, self._matching = self._visible, None, self._visible

    def where(self, query=None, filter=None, exclude=None):
        """This view narrowed to the documents matching `query` (which `top` then ranks by), passing the
        whoosh filter `filter` (remembered: permission, facet and date filters recur) and not matching `exclude`."""
        narrowed = object.__new__(View)
        narrowed.__dict__.update(self.__dict__)
        state = self._state
        if filter is not None:
            narrowed._allowed &= state.filter_docset(filter)
        if exclude is not None:
            narrowed._allowed &= ~state.docset(exclude)
        if query is not None and not isinstance(query, wq.Every):
            narrowed._query = query
        narrowed._matching = None if narrowed._query is not None else narrowed._allowed
        return narrowed

    @property
    def _docs(self):
        """The documents of this view (the query's document set is only read when something counts them)."""
        if self._matching is None:
            self._matching = self._allowed & self._state.docset(self._query)
        return self._matching

    @property
    def count(self):
        return self._docs.bit_count()

    def facets(self, fields):
        """{field: {value: number of documents}} over this view, zero counts left out."""
        return {field: self._state.counts(field, self._docs) for field in fields}

    def top(self, n, by='score'):
        """[(score, docnum)] of the first `n` documents: best first (by='score') or newest first (by='date', and
        always when no query narrowed the view)."""
        if by not in ('score', 'date'):
            raise ValueError(f'top(by={by!r})')
        if by == 'date' or self._query is None:
            return self._state.top_by_date(self._docs, n)
        # ranking needs only the allowed set (scoring finds the matches), the tighter matching set when known
        allowed = self._allowed if self._matching is None else self._matching
        ranked = self._state.top_scored(self._query, allowed, max(n, passages.CANDIDATES))
        try:
            ranked = passages.rerank(self._searcher, self._query, ranked)
        except Exception:  # noqa: BLE001 - the passage step refines a ranking; without it the ranking stands
            logger.warning('Passage ranking failed', exc_info=True)
        return ranked[:n]

    def stored(self, docnum):
        return self._searcher.stored_fields(docnum)

    def frequency(self, field, term, limit=None):
        """How often `term` occurs in the documents this reader may see (not only this view's); with `limit`,
        counting stops there."""
        return self._state.frequency(field, term, self._visible, limit)

    def spellings(self, field, word, maxdist=2, prefix=1):
        """Indexed terms within `maxdist` edits of `word` that occur in documents this reader may see,
        most frequent there first (whoosh's corrector, restricted)."""
        found = {}
        reader, from_bytes = self._searcher.reader(), self._searcher.schema[field].from_bytes
        for raw in reader.expand_prefix(field, word[:prefix]):
            term = from_bytes(raw)
            # whoosh's terms_within, but a length differing by more than maxdist is ruled out before the
            # (pure Python) edit distance: a zero-hit page costs 30-60% less CPU on 10,000 documents
            if abs(len(term) - len(word)) <= maxdist and edit_distance(term, word, limit=maxdist) <= maxdist:
                if (freq := self.frequency(field, term)) > 0:
                    found[term] = freq
        return sorted(found, key=lambda term: (-found[term], term))

    def vocabulary(self, fields=('title', 'body')):
        """The terms of this reader's documents as query understanding asks for them (query.Vocabulary)."""
        return WhooshVocabulary(self, fields)

    def key_terms(self, field, text, numterms):
        """[(term, weight)] of `text` that characterise it against the index (whoosh's key_terms_from_text)."""
        return self._searcher.key_terms_from_text(field, text, numterms=numterms, normalize=True)


class WhooshVocabulary(Vocabulary):
    """query.Vocabulary over a View: frequencies among the documents the reader may see, prefixes and close
    spellings from whoosh's term lists (a close spelling is offered only if a visible document has it)."""

    #: terms a close-spelling search reads at most per starting letter (a huge index stays fast)
    MAX_SCAN = 40_000

    def __init__(self, view, fields):
        self.view, self.fields = view, fields
        self._freq = {}  # term -> (count, exact)

    def frequency(self, term, cap=None):
        count, exact = self._freq.get(term, (0, False))
        if exact or cap is not None and count >= cap:
            return count
        count = 0
        for field in self.fields:
            count += self.view.frequency(field, term, None if cap is None else cap - count)
            if cap is not None and count >= cap:
                break
        self._freq[term] = (count, cap is None or count < cap)
        return count

    def has_prefix(self, prefix):
        reader = self.view._searcher.reader()
        for field in self.fields:
            for _ in reader.expand_prefix(field, prefix):
                return True
        return False

    def near(self, term, maxdist):
        reader = self.view._searcher.reader()
        found = {}
        starts = term[:1] + edits.FIRST_LETTER_SWAPS.get(term[:1], '')
        for field in self.fields:
            from_bytes = self.view._searcher.schema[field].from_bytes
            for k, start in enumerate(starts):
                # a different first letter is tried only as the one edit of the word
                limit = maxdist if k == 0 else 1
                for n, raw in enumerate(reader.expand_prefix(field, start)):
                    if n > self.MAX_SCAN:
                        break
                    other = from_bytes(raw)
                    if other in found or abs(len(other) - len(term)) > limit or other == term:
                        continue
                    if k and other[1:2] != term[1:2] and len(term) > 1:
                        continue
                    if (d := edits.distance(term, other, limit)) <= limit:
                        found[other] = d
        ranked = [(t, d, self.frequency(t)) for t, d in found.items()]
        return [(t, d) for t, d, f in sorted(ranked, key=lambda x: (x[1], -x[2], x[0])) if f > 0]


def searcher():
    """This process's searcher on the current index, reopened when another commit has happened.

    `searcher.engine` holds its document-set caches (engine.State); read through `reading()`, which holds
    its lock: without mmap, whoosh's files are read with seek + read, which threads must not interleave.

    Not whoosh's `refresh()`: it reuses segment readers by segment id, so documents deleted from a
    segment it already had open stay visible (reproduced with whoosh-reloaded 2.7.5).
    """
    path = index_path()
    with _lock:
        current = _searchers.get(path)
        try:
            if current is not None:
                if current._ix.latest_generation() == current.reader().generation():
                    return current
                _forget(path)
            fresh = open_index(path).searcher(weighting=scoring.BM25F())
            fresh.engine = engine.State(fresh)
        except SearchUnavailable:
            _forget(path)
            raise
        except Exception as exc:  # noqa: BLE001
            _forget(path)
            raise SearchUnavailable(f'search index at {path} cannot be read: {exc!r}') from exc
        _searchers[path] = fresh
        return fresh


def _forget(path):
    old = _searchers.pop(path, None)
    if old is not None:
        try:
            with old.engine.lock:  # not under a search still running in another thread
                old.close()
        except Exception:  # noqa: BLE001
            pass


def reset():
    """Drop the cached searchers (tests, after an index is replaced)."""
    with _lock:
        for path in list(_searchers):
            _forget(path)


# --- writing ---------------------------------------------------------------------------------------

def writer(ix, timeout=None, **kwargs):
    """A writer that waits for the lock (whoosh raises LockError at once otherwise); IndexBusy after `timeout`."""
    if timeout is None:  # a setting left empty means the default, not 'no time at all'
        timeout = current_app.config.get('SEARCH_LOCK_TIMEOUT') or 10.0
    deadline = time.monotonic() + timeout
    while True:
        try:
            return ix.writer(timeout=min(1.0, max(0.05, deadline - time.monotonic())), delay=0.02, **kwargs)
        except LockError:
            if time.monotonic() >= deadline:
                raise IndexBusy(f'index lock held for more than {timeout:.0f} s') from None
