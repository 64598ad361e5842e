"""Searching: who may see which result, the search page's query (filters, facets, sort, pages), the
dropdown, the operators' batch, and a close spelling when nothing is found."""
import dataclasses
import datetime as dt
import logging
import math
import re

from markupsafe import Markup, escape
from whoosh import query as wq

from ..jalali import DateParseError, parse_date
from . import glossary, index, registry, snippets
from .persian import analyze_words, normalize_text, persian_analyzer
from .persian.chars import ARABIC_TO_PERSIAN
from .query import corrected_text, parse_safely, to_whoosh

logger = logging.getLogger(__name__)

PER_PAGE = 10
SORTS = ('relevance', 'date')
FACETS = ('kind', 'city_slug', 'category', 'year')
UNAVAILABLE = 'جستجو موقتاً در دسترس نیست. بقیه بخش‌های سامانه کار می‌کند؛ لطفاً چند دقیقه دیگر دوباره جستجو کنید.'


# --- who sees what ---------------------------------------------------------------------------------

def can_see(user, visibility):
    """'public' is for everyone logged in; 'city:<id>' for that city's directors and the staff."""
    if visibility == 'public':
        return True
    if user is None or not getattr(user, 'is_authenticated', False):
        return False
    if user.is_staff:
        return True
    return bool(user.is_director and user.city_id and visibility == f'city:{user.city_id}')


def visibility_filter(user):
    """The same rule as a whoosh filter; None means no restriction (staff, operators' batch)."""
    if user is None or user.is_staff:
        return None
    allowed = [wq.Term('visibility', 'public')]
    if user.is_director and user.city_id:
        allowed.append(wq.Term('visibility', f'city:{user.city_id}'))
    return wq.Or(allowed)


# --- the query -------------------------------------------------------------------------------------

_SHORTCUT_RE = re.compile(r'(?<!\S)(شهر|نوع|city|kind)\s*[:：]\s*("[^"]*"|«[^»]*»|[^\s"«»]+)', re.IGNORECASE)


def _kind_for(word):
    word = normalize_text(word)
    for kind, words in registry.KIND_WORDS.items():
        if word in {normalize_text(w) for w in words}:
            return kind
    return None


def translate_shortcuts(text):
    """`شهر:کرج` -> `city:کرج`; `نوع:مصوبه` / `kind:مصوبه` -> `kind:resolution`; an unknown kind is plain text."""
    def _replace(match):
        field, value = match.group(1).lower(), match.group(2)
        if field in ('شهر', 'city'):
            return f'city:{value}'
        kind = _kind_for(value.strip('"«»'))
        return f'kind:{kind}' if kind else value.strip('"«»')
    return _SHORTCUT_RE.sub(_replace, text or '')


def parse_query(text, view=None):
    """What the user typed, understood (query.ParsedQuery; never raises). With a `view` (index.View) the
    expansions checked against the documents this reader may see apply too (transliteration, typos)."""
    vocabulary = view.vocabulary() if view is not None else None
    return parse_safely(translate_shortcuts(text), index.FILTER_FIELDS, vocabulary, glossary.current())


def make_query(text, view=None):
    """The whoosh query for what the user typed (never raises; NullQuery when there is nothing to search)."""
    return to_whoosh(parse_query(text, view), index.TEXT_FIELDS)


@dataclasses.dataclass
class SearchParams:
    q: str = ''
    kind: str = ''
    city: str = ''
    category: str = ''
    year: str = ''
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    date_from_text: str = ''
    date_to_text: str = ''
    sort: str = 'relevance'
    page: int = 1

    @property
    def filters(self):
        return {'kind': self.kind, 'city_slug': self.city, 'category': self.category, 'year': self.year}

    @property
    def is_empty(self):
        return not (self.q.strip() or any(self.filters.values()) or self.date_from or self.date_to)


#: request argument -> facet field
FACET_ARGS = {'kind': 'kind', 'city': 'city_slug', 'category': 'category', 'year': 'year'}


def parse_params(args):
    """SearchParams from the query string, and Persian messages for what could not be read."""
    errors = []
    params = SearchParams(q=(args.get('q') or '').strip()[:500])
    for arg in FACET_ARGS:
        setattr(params, arg, (args.get(arg) or '').strip()[:150])
    params.sort = args.get('sort') if args.get('sort') in SORTS else 'relevance'
    try:
        params.page = max(1, int(args.get('page') or 1))
    except ValueError:
        params.page = 1
    for name, label in (('date_from', 'از تاریخ'), ('date_to', 'تا تاریخ')):
        text = (args.get(name) or '').strip()[:30]
        setattr(params, name + '_text', text)
        if text:
            try:
                setattr(params, name, parse_date(text, allow_gregorian=True))
            except DateParseError as exc:
                errors.append(f'«{label}»: {exc}')
    if params.date_from and params.date_to and params.date_from > params.date_to:
        params.date_from, params.date_to = params.date_to, params.date_from
    return params, errors


def _filter_query(params):
    """The page's facet and date filters as one whoosh filter, or None."""
    parts = []
    for field, value in params.filters.items():
        if value:
            parts.append(wq.Term(field, value))
    if params.date_from or params.date_to:
        start = dt.datetime.combine(params.date_from, dt.time()) if params.date_from else None
        end = dt.datetime.combine(params.date_to, dt.time(23, 59, 59)) if params.date_to else None
        parts.append(wq.DateRange('date', start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


# --- results ---------------------------------------------------------------------------------------

@dataclasses.dataclass
class Page:
    """Enough of Flask-SQLAlchemy's Pagination for the `pagination` macro."""
    page: int
    per_page: int
    total: int

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)

    def iter_pages(self, left_edge=1, left_current=2, right_current=2, right_edge=1):
        last = 0
        for num in range(1, self.pages + 1):
            if (num <= left_edge or self.page - left_current <= num <= self.page + right_current
                    or num > self.pages - right_edge):
                if last + 1 != num:
                    yield None
                yield num
                last = num


@dataclasses.dataclass
class SearchResults:
    params: SearchParams
    hits: list = dataclasses.field(default_factory=list)
    total: int = 0
    page: Page | None = None
    facets: dict = dataclasses.field(default_factory=dict)
    suggestion: str | None = None
    #: the query as corrected (close spellings of words the documents do not have): «نتایج برای …»
    corrected: str | None = None
    unavailable: bool = False


#: Highlighting re-analyses the stored text; the first this many characters are tried first, the rest
#: only when they hold no match (so long minutes cost little unless the match is far down).
HIGHLIGHT_FIRST_CHARS = 4_000
HIGHLIGHT_MAX_CHARS = 60_000


def _query_terms(query, out=None):
    """{field: {term}} the query looks for (not the ones it demotes), for highlighting."""
    out = {} if out is None else out
    if isinstance(query, wq.AndNot):
        return _query_terms(query.a, out)
    if isinstance(query, wq.Not):
        return out
    if isinstance(query, wq.Term):
        out.setdefault(query.fieldname, set()).add(query.text)
    elif isinstance(query, wq.Phrase):
        out.setdefault(query.fieldname, set()).update(query.words)
    elif query.is_leaf():
        for field, text in query.terms():
            out.setdefault(field, set()).add(text)
    else:
        for child in query.children():
            _query_terms(child, out)
    return out


def _highlight(stored, field, terms, whole=False):
    text, words = stored.get(field) or '', frozenset(terms.get(field, ()))
    if not text or not words:
        return ''
    try:
        top = 1 if whole else 2
        out = snippets.highlight(text[:HIGHLIGHT_FIRST_CHARS], words, top, whole)
        if not out and len(text) > HIGHLIGHT_FIRST_CHARS:
            out = snippets.highlight(text[:HIGHLIGHT_MAX_CHARS], words, top, whole)
        return out
    except Exception:  # noqa: BLE001 - a snippet is a nicety; the hit itself still shows
        logger.warning('Highlighting %s of %s failed', field, stored.get('key'), exc_info=True)
        return ''


def _plain_snippet(text, length=220):
    text = ' '.join((text or '').split())
    return text if len(text) <= length else text[:length].rsplit(' ', 1)[0] + ' …'


def _hit_dict(stored, score, terms=None):
    """One result for the templates and the CLI; `terms` ({field: terms}) asks for highlights."""
    title = body = None
    source = 'body'
    if terms is not None:
        title = _highlight(stored, 'title', terms, whole=True)
        body = _highlight(stored, 'body', terms)
        if not body and stored.get('attachments'):
            body = _highlight(stored, 'attachments', terms)
            source = 'attachments' if body else source
    date = stored.get('date')
    return {
        'key': stored.get('key'), 'id': stored.get('id'), 'kind': stored.get('kind'),
        'kind_label': registry.kind_label(stored.get('kind')), 'icon': registry.kind_icon(stored.get('kind')),
        'ref': stored.get('ref') or stored.get('key'), 'title': stored.get('title') or '',
        'title_html': Markup(title) if title else escape(stored.get('title') or ''),
        'snippet': Markup(body) if body else escape(_plain_snippet(stored.get('body'))),
        'snippet_source': source, 'city': stored.get('city') or '', 'city_slug': stored.get('city_slug') or '',
        'category': stored.get('category') or '', 'date': date.date() if isinstance(date, dt.datetime) else date,
        'url': stored.get('url') or '#', 'score': round(float(score or 0), 4),
        'visibility': stored.get('visibility') or 'public',
    }


def search(user, params, per_page=PER_PAGE):
    """The search page: one page of permitted hits with highlights, facet counts and a spelling hint.

    Counting and facets use unscored document sets; only the documents that can reach the page are
    scored (engine.py), and only the page's hits are highlighted.
    """
    result = SearchResults(params=params)
    if params.is_empty:
        return result
    try:
        with index.reading(visibility_filter(user)) as view:
            parsed = parse_query(params.q, view)
            query = to_whoosh(parsed, index.TEXT_FIELDS)
            if query is wq.NullQuery:
                if params.q.strip() and not any(params.filters.values()) and not (params.date_from or params.date_to):
                    result.page = Page(1, per_page, 0)
                    return result
                query = wq.Every()
            found = view.where(query, filter=_filter_query(params))
            result.total = found.count
            result.facets = found.facets(FACETS)
            params.page = min(params.page, max(1, math.ceil(result.total / per_page)))
            start = (params.page - 1) * per_page
            if params.sort == 'date':
                top = found.top(start + per_page, by='date')
            else:
                top = diversify(view, found.top(max(start + per_page, DIVERSIFY_DEPTH)))[:start + per_page]
            result.hits = _hits(view, top[start:], user, _query_terms(query))
            result.page = Page(params.page, per_page, result.total)
            if parsed.corrections and result.total:
                result.corrected = corrected_text(parsed, lambda term: _correction_surface(view, term))
            if not result.total and params.q.strip():
                result.suggestion = spelling_suggestion(view, params.q)
    except index.SearchUnavailable as exc:
        logger.warning('Search unavailable: %s', exc)
        return SearchResults(params=params, unavailable=True)
    except Exception:  # noqa: BLE001 - a broken segment file surfaces here, not at opening
        logger.exception('Search failed; showing the unavailable notice')
        return SearchResults(params=params, unavailable=True)
    return result


#: how many of the best hits are regrouped, and how many of one group lead before the others get a turn
DIVERSIFY_DEPTH = 30
PER_GROUP = 2


def group_key(stored):
    """Documents of one page of the site (a resolution and its progress reports: /resolutions/7#report-3) form a
    group: the url without its fragment."""
    return (stored.get('url') or stored.get('key') or '').split('#', 1)[0]


def diversify(view, top):
    """[(score, docnum)] with at most PER_GROUP hits of one group before every other group's best hits: many
    near-identical progress reports of one resolution do not bury the practices. The rest follow, in order."""
    if len(top) <= PER_GROUP:
        return top
    seen = {}
    first, later = [], []
    for hit in top:
        key = group_key(view.stored(hit[1]))
        seen[key] = seen.get(key, 0) + 1
        (first if seen[key] <= PER_GROUP else later).append(hit)
    return first + later


def _hits(view, top, user, terms=None, check=True):
    """Hit dicts of [(score, docnum)], highlighted when `terms` is given; `check`: the visibility rule once more."""
    hits = [_hit_dict(view.stored(docnum), score, terms) for score, docnum in top]
    return [hit for hit in hits if can_see(user, hit['visibility'])] if check else hits


def _top_hits(text, user, limit, highlights=False, check=True, extra=None, vocabulary=True):
    """The `limit` best hits of what was typed among the documents `user` may see (`extra`: a whoosh
    query OR-ed in, such as the dropdown's prefix; `vocabulary`: the expansions checked against the index,
    left out while a word is still being typed)."""
    with index.reading(visibility_filter(user)) as view:
        query = make_query(text, view if vocabulary else None)
        if extra is not None:
            query = extra if query is wq.NullQuery else wq.Or([query, extra])
        if query is wq.NullQuery:
            return []
        top = diversify(view, view.where(query).top(max(limit, DIVERSIFY_DEPTH)))[:limit]
        return _hits(view, top, user, _query_terms(query) if highlights else None, check)


def suggest(user, text, limit=6):
    """Results for the dropdown while the user types: the last word may be unfinished. None if unavailable."""
    text = (text or '')[:200]
    words = analyze_words(text)
    prefix = None
    if words and not text[-1:].isspace() and len(words[-1].folded) >= 2:
        last = words[-1].folded
        prefix = wq.Or([wq.Prefix('title', last, boost=0.5), wq.Prefix('body', last, boost=0.2)])
    try:
        return _top_hits(text, user, limit, extra=prefix, vocabulary=False)
    except Exception as exc:  # noqa: BLE001
        logger.warning('Suggest unavailable: %s', exc)
        return None


def run_query(text, limit=10, user=None, highlights=False):
    """Hits for one query, best first (the CLI: batch and query); raises SearchUnavailable."""
    return _top_hits(text, user, limit, highlights, check=False)


# --- "did you mean" --------------------------------------------------------------------------------

def spelling_suggestion(view, text):
    """The query with each word unknown to the documents this reader may see replaced by the closest word
    that is in them (an index.View: another city's draft proposes nothing), or None."""
    out = text
    changed = False
    for word in reversed(analyze_words(text)):
        term = word.term
        if word.is_stop or len(term) < 3 or not term[:1].isalpha():
            continue
        if any(view.frequency(field, term, limit=1) for field in ('title', 'body')):
            continue
        best = next((found[0] for field in ('title', 'body') if (found := view.spellings(field, term))), None)
        if best:
            out = out[:word.start] + _surface_form(view, best) + out[word.end:]
            changed = True
    return out if changed and out.strip() != text.strip() else None


_ARABIC_LETTERS = str.maketrans(ARABIC_TO_PERSIAN)


def _surface_form(view, term):
    """How an indexed (canonical) term is written in the documents: the shortest spelling found, in Persian letters."""
    analyzer = persian_analyzer()
    found = set()
    for _score, docnum in view.where(wq.Or([wq.Term('title', term), wq.Term('body', term)])).top(10):
        hit = view.stored(docnum)
        for field in ('title', 'body'):
            value = hit.get(field) or ''
            for token in analyzer(value, chars=True):
                if token.text == term:
                    found.add(' '.join(value[token.startchar:token.endchar].split()))
    if not found:
        return term
    return min(found, key=lambda s: (len(s), s)).translate(_ARABIC_LETTERS)


def _correction_surface(view, term):
    """A corrected word as the documents write it when one of their spellings is that very word (not an
    inflected form of it: اطلاع, not اطلاعات), else the canonical term."""
    surface = _surface_form(view, term)
    return surface if normalize_text(surface).replace(' ', '') == term else term


def facet_labels(field, counts):
    """[(value, label, count)] for one facet, most frequent first (cities by their Persian names)."""
    items = sorted(((v, n) for v, n in counts.items() if v), key=lambda item: (-item[1], str(item[0])))
    if field == 'kind':
        return [(v, registry.kind_label(v, plural=True), n) for v, n in items]
    if field == 'city_slug':
        names = registry.value_labels(field, [v for v, _ in items])
        return [(v, names.get(v, v), n) for v, n in items]
    if field == 'year':
        return [(v, v, n) for v, n in sorted(items, reverse=True)]
    return [(v, v, n) for v, n in items]
