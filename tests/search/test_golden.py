"""Golden terms: what the analyzer indexes and searches for must not change unless a change is meant.

Regenerate (after an intended change of terms) with ``.venv/bin/python -m tests.search.golden.make``.
"""
import json

import pytest

from commission.search.persian import analyze_terms, analyze_words, joined_pair_terms, persian_analyzer
from tests.search.golden.make import OWN_EXPECTED, SHARED_DIGESTS, own_lines
from tests.search.golden.record import SHARED, index_tokens, record, shared_digests

LINES = own_lines()


def test_own_golden_covers_every_line():
    expected = OWN_EXPECTED.read_text(encoding='utf-8').splitlines()
    assert len(LINES) >= 300 and len(expected) == len(LINES)


@pytest.mark.parametrize('number', range(0, len(LINES), 25))
def test_own_golden_text_gives_the_committed_tokens(number):
    expected = OWN_EXPECTED.read_text(encoding='utf-8').splitlines()
    for i in range(number, min(number + 25, len(LINES))):
        text, want = LINES[i], json.loads(expected[i])
        assert record(text) == want, f'line {i + 1}: {text}'
        words = analyze_words(text)
        assert analyze_terms(text) == [w.term for w in words]
        assert analyze_terms(text, drop_stopwords=True) == [w.term for w in words if not w.is_stop]
        assert joined_pair_terms(text) == [j for w in words for j in (w.pair_next, w.triple_next) if j]
        # whoosh's other calls (keeping the original, from an offset) see the same tokens
        assert index_tokens(text, keeporiginal=True) == want['index']
        shifted = [[t.text, t.pos - 3, t.startchar - 10, t.endchar - 10] for t in persian_analyzer()(
            text, positions=True, chars=True, start_pos=3, start_char=10)]
        assert shifted == want['index']


@pytest.mark.skipif(not SHARED.is_dir(), reason='the development seeds and sets are not beside this checkout')
def test_seeds_and_development_sets_give_the_committed_terms():
    expected = json.loads(SHARED_DIGESTS.read_text(encoding='utf-8'))
    actual = shared_digests()
    assert sorted(actual) == sorted(expected)
    for name, digests in expected.items():
        changed = [i + 1 for i, (a, b) in enumerate(zip(actual[name], digests, strict=False)) if a != b]
        assert len(actual[name]) == len(digests) and not changed, f'{name}: lines {changed[:20]} changed'
