"""The fast paths (engine.py) give exactly what whoosh's own unoptimised search gives: same hits in the
same order, same counts and facet counts, across several segments and with deleted documents."""
import datetime as dt
import random

import pytest
from whoosh import sorting

from commission.search import engine, index
from commission.search.services import make_query

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
    assert len(s.engine.leaves) > 1 and s.reader().has_deletions()
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
    from whoosh import query as wq
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
    from whoosh import query as wq
    unfinished = wq.Or([wq.Prefix('title', prefix, boost=0.5), wq.Prefix('body', prefix, boost=0.2)])
    q = unfinished if not text else wq.Or([make_query(text), unfinished])
    state = searcher.engine
    expected = searcher.search(q, limit=None)
    got = state.top_scored(q, state.live, 6)
    assert [d for _, d in got] == [expected.docnum(i) for i in range(min(6, len(expected.top_n)))]
