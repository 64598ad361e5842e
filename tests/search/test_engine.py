"""The fast paths (engine.py, maxscore.py, read through index.reading) give exactly what whoosh's own
unoptimised search gives: same hits in the same order, same counts and facet counts, across several
segments and with deleted documents; with the private whoosh internals switched off (another whoosh
version) they still give the same."""
import datetime as dt
import random

import pytest
from whoosh import query as wq
from whoosh import scoring, sorting

from commission.search import engine, index
from commission.search.services import make_query, visibility_filter

WORDS = ('شهرداری روابط عمومی پیوست رسانه‌ای قطار شهری پسماند تفکیک آموزش شهروندان فضای سبز '
         'حمل و نقل عمومی دوچرخه پیاده‌راه هوشمند سامانه شکایت مردمی کتابخانه محله').split()
CITIES = ('karaj', 'tabriz', 'shiraz', 'yazd')


def _doc(rng, i):
    words = [rng.choice(WORDS[:8]) if rng.random() < 0.5 else rng.choice(WORDS) for _ in range(rng.randint(5, 40))]
    kind = rng.choice(('practice', 'minutes', 'resolution'))
    city = rng.choice(CITIES)
    return index.to_fields({
        'kind': kind, 'id': i, 'title': ' '.join(rng.sample(WORDS, 3)), 'body': ' '.join(words), 'city': city,
        'city_slug': city, 'category': rng.choice(('محیط زیست', 'ارتباطات', '')),
        'visibility': 'public' if rng.random() < 0.9 else f'city:{rng.randint(1, 3)}',
        'date': dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500)), 'url': f'/x/{i}',
    })


@pytest.fixture(scope='module')
def searcher(app, tmp_path_factory):
    """About 900 documents in three segments, some deleted."""
    rng = random.Random(5)
    path = str(tmp_path_factory.mktemp('engine') / 'ix')
    saved = app.config.get('SEARCH_INDEX_PATH')
    app.config['SEARCH_INDEX_PATH'] = path
    ctx = app.app_context()
    ctx.push()
    ix = index.create(path)
    n = 0
    for _ in range(3):
        with ix.writer() as w:
            for _ in range(300):
                n += 1
                w.add_document(**_doc(rng, n))
    with ix.writer() as w:
        w.merge = False
        for i in rng.sample(range(1, n + 1), 40):
            w.delete_by_term('key', f'practice:{i}')
            w.delete_by_term('key', f'minutes:{i}')
            w.delete_by_term('key', f'resolution:{i}')
    index.reset()
    s = index.searcher()
    assert len(s.engine.segments) > 1 and s.reader().has_deletions()
    yield s
    index.reset()
    ctx.pop()
    app.config['SEARCH_INDEX_PATH'] = saved


QUERIES = ('روابط عمومی', 'شهرداری', 'پیوست رسانه ای', '"قطار شهری"', 'پسماند تفکیک آموزش', 'فضای سبز -دوچرخه',
           'city:karaj شهرداری', 'کتابخانه محله هوشمند سامانه', 'واژه‌ای که نیست', 'شهرداری ها')


@pytest.mark.parametrize('text', QUERIES)
@pytest.mark.parametrize('limit', [1, 10, 35])
def test_top_hits_are_whooshs_own_ranking(searcher, text, limit):
    q = make_query(text)
    state = searcher.engine
    expected = searcher.search(q, limit=None)
    want = [(expected.score(i), expected.docnum(i)) for i in range(min(limit, len(expected.top_n)))]
    got = state.top_scored(q, state.docset(q), limit)
    assert [d for _, d in got] == [d for _, d in want]
    assert [round(s, 9) for s, _ in got] == [round(s, 9) for s, _ in want]
    assert state.docset(q).bit_count() == len(expected)


@pytest.mark.parametrize('field,value', [('kind', 'practice'), ('city_slug', 'tabriz'), ('visibility', 'public')])
def test_filtered_hits_counts_and_facets_match_whoosh(searcher, field, value):
    state = searcher.engine
    flt = wq.Term(field, value)
    for text in QUERIES:
        q = make_query(text)
        facets = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in ('kind', 'city_slug', 'year')}
        expected = searcher.search(q, limit=None, filter=flt, groupedby=facets)
        docs = state.docset(q) & state.filter_docset(flt)
        assert docs.bit_count() == len(expected)
        for name in ('kind', 'city_slug', 'year'):
            assert state.counts(name, docs) == {k: v for k, v in expected.groups(name).items() if v}
        want = [expected.docnum(i) for i in range(min(10, len(expected.top_n)))]
        assert [d for _, d in state.top_scored(q, docs, 10)] == want


def test_newest_first_matches_whooshs_date_sort(searcher):
    state = searcher.engine
    for text in QUERIES:
        q = make_query(text)
        expected = searcher.search(q, limit=None, sortedby='date', reverse=True)
        got = state.top_by_date(state.docset(q), 20)
        assert [d for _, d in got] == [expected.docnum(i) for i in range(min(20, len(expected.top_n)))]


def test_bitset_helpers_round_trip():
    ids = [0, 1, 7, 8, 63, 64, 1000]
    assert engine.ids_of(engine.bits_of(ids, 1001)) == ids
    assert engine.ids_of(0) == []


@pytest.mark.parametrize('text,prefix', [('روابط', 'عم'), ('', 'شه'), ('قطار شهری', 'پ')])
def test_dropdown_queries_with_an_unfinished_word_rank_as_whoosh_does(searcher, text, prefix):
    unfinished = wq.Or([wq.Prefix('title', prefix, boost=0.5), wq.Prefix('body', prefix, boost=0.2)])
    q = unfinished if not text else wq.Or([make_query(text), unfinished])
    state = searcher.engine
    expected = searcher.search(q, limit=None)
    got = state.top_scored(q, state.live, 6)
    assert [d for _, d in got] == [expected.docnum(i) for i in range(min(6, len(expected.top_n)))]


# --- the reading facade ----------------------------------------------------------------------------

class Director:
    is_authenticated, is_staff, is_director, city_id = True, False, True, 2


@pytest.mark.parametrize('text', QUERIES)
def test_a_view_counts_facets_and_ranks_what_whoosh_gives_with_the_same_filters(searcher, text):
    q, visible, facet = make_query(text), visibility_filter(Director()), wq.Term('kind', 'minutes')
    facets = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in ('kind', 'city_slug', 'year')}
    expected = searcher.search(q, limit=None, filter=wq.And([visible, facet]), groupedby=facets)
    newest = searcher.search(q, limit=None, filter=wq.And([visible, facet]), sortedby='date', reverse=True)
    with index.reading(visible) as view:
        found = view.where(q, filter=facet)
        assert found.count == len(expected)
        assert found.facets(facets) == {name: {k: v for k, v in expected.groups(name).items() if v} for name in facets}
        assert [d for _, d in found.top(10)] == [expected.docnum(i) for i in range(min(10, len(expected.top_n)))]
        assert [d for _, d in found.top(10, by='date')] == [newest.docnum(i) for i in range(min(10, len(newest)))]
        assert all(view.stored(d)['visibility'] in ('public', 'city:2') for _, d in found.top(10))


def test_a_view_frequency_counts_only_documents_the_reader_may_see(searcher):
    reader = searcher.reader()
    term = next(t for t in reader.field_terms('body') if reader.doc_frequency('body', t) > 20)
    with index.reading() as everything, index.reading(wq.Term('visibility', 'city:1')) as city_one:
        analyzer = searcher.schema['body'].analyzer
        bodies = [searcher.stored_fields(d)['body'] for d in searcher.docs_for_query(wq.Term('body', term))
                  if searcher.stored_fields(d)['visibility'] == 'city:1']
        expected = sum(t.text == term for body in bodies for t in analyzer(body, mode='index'))
        assert 0 < city_one.frequency('body', term) == expected < everything.frequency('body', term)
        # query understanding only asks whether a word is absent, rare or common: counting can stop early
        assert city_one.frequency('body', term, limit=expected + 5) == expected
        assert 2 <= city_one.frequency('body', term, limit=2) < expected
        vocabulary = city_one.vocabulary(('body',))
        assert vocabulary.frequency(term, cap=2) >= 2 and vocabulary.frequency(term) == expected


# --- the version gate ------------------------------------------------------------------------------

def test_private_internals_are_used_only_with_the_pinned_whoosh():
    assert engine.internals_for(engine.PINNED_WHOOSH) == engine.ALL_INTERNALS
    assert engine.internals_for((2, 7, 6)) == engine.internals_for((3, 0, 0)) == frozenset()


@pytest.fixture(scope='module')
def public_only(searcher):
    """A second searcher on the same index whose engine uses no whoosh internals at all (as on another version):
    the private names are taken away, so touching one would fail."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, 'INTERNALS', frozenset())
        for name in ('W3LeafMatcher', 'LENGTHS_COLUMN', '_lenfield'):
            mp.setattr(engine, name, None)
        engine.clear_caches()  # nothing computed by the fast paths is reused
        fresh = index.open_index().searcher(weighting=scoring.BM25F())
        fresh.engine = engine.State(fresh)
        yield fresh
        fresh.close()


@pytest.mark.parametrize('text', QUERIES)
def test_without_internals_hits_counts_facets_and_date_order_are_the_same(searcher, public_only, text):
    q = make_query(text)
    fast, slow = searcher.engine, public_only.engine
    assert slow.live == fast.live
    fast_docs, slow_docs = fast.docset(q), slow.docset(q)
    assert slow_docs == fast_docs
    for name in ('kind', 'city_slug', 'year', 'category'):
        assert slow.counts(name, slow_docs) == fast.counts(name, fast_docs)
    got, want = slow.top_scored(q, slow_docs, 35), fast.top_scored(q, fast_docs, 35)
    assert [d for _, d in got] == [d for _, d in want]
    assert [round(s, 9) for s, _ in got] == [round(s, 9) for s, _ in want]
    assert slow.top_by_date(slow_docs, 20) == fast.top_by_date(fast_docs, 20)
