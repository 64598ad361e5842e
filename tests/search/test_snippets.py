"""Snippets: the words a hit matched, marked where the document has them, in a passage around them."""
import re

from commission.search import snippets
from commission.search.persian import analyze_terms, joined_pair_terms


def marks(html):
    return re.findall(r'<mark class="hl">([^<]*)</mark>', html)


def terms(text):
    return frozenset(analyze_terms(text))


def test_the_document_spelling_is_marked_and_the_rest_escaped():
    text = 'جلسه <روابط> عمومي‌ها & معاونتهای شهرداری'
    html = snippets.highlight(text, terms('عمومی'), whole=True)
    assert html == 'جلسه &lt;روابط&gt; <mark class="hl">عمومي‌ها</mark> &amp; معاونتهای شهرداری'


def test_no_match_gives_nothing():
    assert snippets.highlight('گزارش نشست کمیسیون', terms('اینستاگرام')) == ''


def test_a_spaced_compound_found_through_its_joined_term_is_marked_whole():
    text = 'نتیجه راستی آزمایی خبرها منتشر شد'
    html = snippets.highlight(text, terms('راستی‌آزمایی'))
    assert marks(html) == ['راستی آزمایی']


def test_a_word_and_the_pair_it_starts_are_one_mark():
    words = terms('راستی آزمایی') | frozenset(joined_pair_terms('راستی آزمایی'))
    html = snippets.highlight('نتیجه راستی آزمایی خبرها', words, whole=True)
    assert html == 'نتیجه <mark class="hl">راستی آزمایی</mark> خبرها'


def test_a_passage_is_cut_at_spaces_around_the_match():
    filler = ' '.join(f'واژه{i}' for i in range(60))
    text = f'{filler} پیوست رسانه‌ای {filler}'
    html = snippets.highlight(text, terms('پیوست'))
    before, after = html.split('<mark class="hl">پیوست</mark>')
    assert 0 < len(before) <= snippets.SURROUND and 0 < len(after) <= snippets.SURROUND + len(' رسانه‌ای')
    words = set(text.split())
    assert all(w in words for w in before.split() + after.split())


def test_the_passage_holding_more_of_the_query_comes_first_and_passages_keep_text_order():
    filler = ' '.join(f'واژه{i}' for i in range(40))
    text = f'نظرسنجی آغاز شد {filler} نظرسنجی {filler} نظرسنجی شهروندان تهران {filler} شهروندان'
    html = snippets.highlight(text, terms('نظرسنجی شهروندان'), top=2)
    parts = html.split(snippets.BETWEEN)
    assert len(parts) == 2
    # the passage with both words is one of the two; the other is the earliest of the equal ones
    assert marks(parts[0]) == ['نظرسنجی'] and 'آغاز' in parts[0]
    assert marks(parts[1]) == ['نظرسنجی', 'شهروندان']


def test_far_apart_matches_are_separate_passages():
    filler = ' '.join(f'واژه{i}' for i in range(40))
    html = snippets.highlight(f'مترو {filler} مترو', terms('مترو'))
    assert len(html.split(snippets.BETWEEN)) == 2 and marks(html) == ['مترو', 'مترو']


def test_a_number_written_in_words_is_marked_over_all_its_words():
    text = 'گزارش نشست شصت و ششم کمیسیون'
    html = snippets.highlight(text, terms('۶۶'), whole=True)
    assert marks(html) == ['شصت و ششم']
