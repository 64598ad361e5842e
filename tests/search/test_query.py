"""The query builder: whatever a user types becomes a query that runs and finds every spelling."""
import pytest

from commission.search.query import build_query

from .helpers import make_index, search_refs


@pytest.mark.parametrize('text', [
    '"', '""', '"پیوست', 'city:', ':', 'kind:"', '((', ')', '?؟', 'AND', 'OR OR', '-', '--', '-یزد',
    'www.khomein.ir', 'http://x.ir/a?b=c', 'title:گزارش', '*', 'گزار*', '\x00', 'a' * 5000, '', '   ',
])
def test_build_query_never_raises(text):
    ix = make_index('گزارش شهرداری یزد', 'کتاب مصور زلزله')
    with ix.searcher() as searcher:
        searcher.search(build_query(text, text_fields={'body': 1.0}), limit=5)


@pytest.mark.parametrize(('typed', 'expected'), [
    ('روابط عمومی ها', ['0', '1']),
    ('راستی آزمایی', ['0', '1']),
    ('"پیوست رسانه ای"', ['1']),
    ('كتاب -یزد', ['2', '3']),  # the '-word' document is demoted below the others, not dropped
    ('تلگرام OR ایتا', ['3']),
    ('-5 درجه', ['4']),
    ('-یزد', ['3']),  # nothing else asked for: the word is searched, not excluded
])
def test_build_query_finds_every_spelling(typed, expected):
    ix = make_index('روابط عمومیها و راستیآزمایی', 'روابط عمومی‌ها، راستی‌آزمایی، پیوست رسانه‌ای',
                    'کتاب مصور زلزله', 'کانال ایتا و کتاب یزد', 'دمای -5 درجه')
    assert search_refs(ix, build_query(typed, text_fields={'body': 1.0})) == expected


def test_build_query_ranks_documents_covering_more_words_first():
    ix = make_index('تاکسی تاکسی تاکسی تاکسی', 'رضایت سنجی تاکسی شیراز', 'رضایت‌سنجی تاکسی')
    with ix.searcher() as searcher:
        hits = searcher.search(build_query('رضایت سنجی تاکسی شیراز', text_fields={'body': 1.0}))
        assert [hit['ref'] for hit in hits] == ['1', '2', '0']
