import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import highlight, query

from commission.search.persian import (
    analyze_terms,
    analyze_words,
    cache_sizes,
    canonical_token,
    chars,
    clear_caches,
    is_stopword,
    joined_pair_terms,
    memo,
    normalize_text,
    persian_analyzer,
    persian_letters,
    tokens,
)

from .helpers import make_index, search_refs

ZWNJ = '\u200c'


def index_terms(text):
    return [t.text for t in persian_analyzer()(text)]


@pytest.mark.parametrize(('variant', 'plain'), [
    ('كودك', 'کودک'),
    ('يزد', 'یزد'),
    ('مصطفى', 'مصطفی'),
    ('رسالة', 'رساله'),
    ('خانۀ', 'خانه'),
    ('خانهٔ', 'خانه'),
    ('ﺭوﺍﺑﻂ', 'روابط'),  # Arabic presentation forms, as copied from a PDF
])
def test_arabic_letters_and_presentation_forms_fold_to_persian(variant, plain):
    assert canonical_token(variant) == canonical_token(plain)


@pytest.mark.parametrize('number', ['۱۴۰۴', '١٤٠٤', '1404', '۱٤04'])
def test_digits_in_every_script_give_one_term(number):
    assert analyze_terms(number) == ['1404']


@pytest.mark.parametrize('text', ['10.5', '۱۰٫۵', '١٠.٥', '10٫5'])
def test_decimals_stay_one_token(text):
    assert analyze_terms(text + '%') == ['10.5']


def test_digits_glued_to_a_word_are_split():
    assert analyze_terms('ماده۳') == [canonical_token('ماده'), '3']


@pytest.mark.parametrize(('marked', 'plain'), [
    ('دَستیارِ', 'دستیار'),
    ('هوشمَند', 'هوشمند'),
    ('مُحَمَّد', 'محمد'),
    ('فوراً', 'فورا'),
])
def test_harakat_tashdid_and_tanvin_are_removed(marked, plain):
    assert canonical_token(marked) == canonical_token(plain)


@pytest.mark.parametrize('stretched', ['گـزارش', 'گـــزارش', 'گزارشـ'])
def test_kashida_is_removed(stretched):
    assert canonical_token(stretched) == canonical_token('گزارش')


@pytest.mark.parametrize(('hamza', 'bare'), [
    ('تأمین', 'تامین'),
    ('رئیس', 'رییس'),
    ('مسئول', 'مسوول'),
    ('مسئولیت', 'مسوولیت'),
    ('هیئت', 'هیات'),
    ('هیأت', 'هیات'),
    ('ویدئو', 'ویدیو'),
    ('مؤسسه', 'موسسه'),
    ('اجزاء', 'اجزا'),
])
def test_hamza_seats_match_their_bare_spellings(hamza, bare):
    assert canonical_token(hamza) == canonical_token(bare)


@pytest.mark.parametrize('variants', [
    ('روابط عمومی‌ها', 'روابط عمومیها', 'روابط عمومی ها'),
    ('می‌کند', 'میکند', 'می کند'),
    ('مهم‌ترین', 'مهمترین', 'مهم ترین'),
    ('شهرداری‌ها', 'شهرداریها', 'شهرداری ها'),
    ('رسانه‌ای', 'رسانهای', 'رسانه ای'),
])
def test_zwnj_present_lost_or_spaced_gives_the_same_terms(variants):
    assert len({tuple(analyze_terms(v)) for v in variants}) == 1


@pytest.mark.parametrize('variants', [
    ('بین‌الملل', 'بینالملل', 'بین الملل'),
    ('راستی‌آزمایی', 'راستیآزمایی', 'راستی آزمایی'),
    ('کیوآرکد', 'کیوآر کد', 'کیوآر‌کد'),
    ('دانش‌آموزان', 'دانش آموزان', 'دانشآموز'),
])
def test_compound_joined_or_spaced_share_an_index_term(variants):
    joined = canonical_token(variants[0].replace(ZWNJ, ''))
    for variant in variants:
        assert joined in index_terms(variant)


def test_joined_pair_is_indexed_at_the_first_words_position():
    tokens = [(t.text, t.pos) for t in persian_analyzer()('سامانه راستی آزمایی', positions=True)]
    pair = canonical_token('راستیآزمایی')
    assert (pair, 1) in tokens
    assert [t for t in tokens if t[0] != pair and t[0] != canonical_token('سامانهراستی')] == [
        (canonical_token('سامانه'), 0), (canonical_token('راستی'), 1), (canonical_token('آزمایی'), 2)]


@pytest.mark.parametrize(('spaced', 'joined'), [('گرد و غبار', 'گردوغبار'), ('گفت و گو', 'گفت‌وگو')])
def test_compound_with_vav_spaced_is_indexed_joined(spaced, joined):
    assert canonical_token(joined) in index_terms(spaced)
    assert canonical_token(joined) in joined_pair_terms(spaced)


def test_ه_ای_is_indexed_exact_and_broad():
    terms = index_terms('یک دقیقه‌ای')
    assert canonical_token('دقیقه‌ای') in terms
    assert canonical_token('دقیقه') in terms
    assert canonical_token('دقیقه') not in analyze_terms('دقیقه‌ای')


def test_no_pair_across_punctuation_or_with_numbers():
    assert joined_pair_terms('تهران، کرج') == []
    assert joined_pair_terms('۵۰۴ خبر') == []
    assert joined_pair_terms('راستی آزمایی') == [canonical_token('راستیآزمایی')]


def test_no_pair_with_a_stop_word_unless_the_joined_word_exists():
    assert joined_pair_terms('گزارش از شهرداری') == []
    assert joined_pair_terms('بین الملل') == [canonical_token('بینالملل')]


@pytest.mark.parametrize(('inflected', 'stem'), [
    ('پروژه‌ها', 'پروژه'),
    ('پروژه‌های', 'پروژه'),
    ('پروژههایی', 'پروژه'),
    ('شهرداری‌های', 'شهرداری'),
    ('شهرداریهای', 'شهرداری'),
    ('کودکان', 'کودک'),
    ('شهروندان', 'شهروند'),
    ('نمایندگان', 'نماینده'),
    ('اقدامات', 'اقدام'),
    ('مطالعات', 'مطالعه'),
    ('مصوبات', 'مصوبه'),
    ('شکایات', 'شکایت'),
    ('موضوعات', 'موضوع'),
    ('بزرگ‌تر', 'بزرگ'),
    ('خانه‌ی', 'خانه'),
    ('دیوارنگاره‌های', 'دیوارنگاره'),  # unknown to the lexicon: the plural is still stripped
])
def test_plural_possessive_and_comparative_suffixes_are_stripped(inflected, stem):
    assert canonical_token(inflected) == canonical_token(stem)


@pytest.mark.parametrize(('verb', 'other'), [
    ('می‌کنند', 'میکند'),
    ('نمی‌شود', 'می شود'),
    ('می‌گیرد', 'میگیرند'),
    ('می‌بینند', 'بینند'),
])
def test_verb_prefix_and_person_endings_are_merged(verb, other):
    assert analyze_terms(verb) == analyze_terms(other)


@pytest.mark.parametrize('word', ['شهرداری', 'مردم', 'تهران', 'باران', 'زمان', 'ایران', 'میدان', 'ملاقات', 'عمومی'])
def test_dictionary_words_and_names_are_not_over_stemmed(word):
    assert canonical_token(word) == normalize_text(word)


def test_adjective_in_ای_is_not_read_as_a_plural():
    assert canonical_token('رسانه‌ای') != canonical_token('رسان')
    assert canonical_token('رسانه‌های') == canonical_token('رسانه')


@pytest.mark.parametrize('word', ['از', 'در', 'که', 'می‌شود', 'این'])
def test_function_words_are_stop_words(word):
    assert is_stopword(normalize_text(word))
    assert analyze_terms(f'گزارش {word} شهرداری', drop_stopwords=True) == ['گزارش', 'شهرداری']


def test_a_detached_affix_with_no_word_to_join_counts_as_a_stop_word():
    assert analyze_terms('های شهری', drop_stopwords=True) == [canonical_token('شهری')]


@pytest.mark.parametrize('word', ['نشست', 'سازی', 'پشت', 'مهم', 'شهر'])
def test_content_words_are_not_stop_words(word):
    assert not is_stopword(canonical_token(word))


def test_stop_words_are_still_indexed_for_phrases():
    assert 'از' in index_terms('گزارش از شهرداری')


@pytest.mark.parametrize(('text', 'terms'), [
    ('تهران,کرج;شیراز', ['تهران', 'کرج', 'شیراز']),
    ('تهران/کرج', ['تهران', 'کرج']),
    ('www.khomein.ir', ['www', 'khomein', 'ir']),
    ('Telegram ایتا', ['telegram', 'ایتا']),
])
def test_punctuation_splits_tokens(text, terms):
    assert analyze_terms(text) == terms


def test_normalize_text_folds_whole_text():
    assert normalize_text('  روابط  عمومي‌ها ۱۲ ') == 'روابط عمومیها 12'


@pytest.mark.parametrize('text', [
    'مدیرکل ارتباطات و امور بین‌الملل شهرداری کرج',
    'نشست روابط عمومیهای مناطق، سازمانها و معاونتهای تابعه',
    'كميسيون ارتباطات مجمع شهرداران كلانشهرها',
    'دَستیارِ هوشمَند گـــزارش ۱۰٫۵ درصد',
    'ﺭوﺍﺑﻂ ﻋﻤﻮﻣﯽ ﺷﻬﺮﺩﺍﺭی',
])
def test_offsets_point_at_the_original_words(text):
    words = analyze_words(text)
    assert words
    for word in words:
        assert canonical_token(text[word.start:word.end].replace(' ', '')) == word.term
    for token in persian_analyzer()(text, chars=True):
        assert 0 <= token.startchar < token.endchar <= len(text)


def test_highlighting_marks_the_original_spelling():
    text = 'جلسه روابط عمومي‌ها و معاونتهای شهرداری'
    terms = frozenset(analyze_terms('عمومی'))
    out = highlight.highlight(text, terms, persian_analyzer(), highlight.WholeFragmenter(),
                              highlight.HtmlFormatter(tagname='b', classname='m'))
    assert out == text.replace('عمومي‌ها', '<b class="m term0">عمومي‌ها</b>')


def test_phrase_query_matches_any_spelling_and_ignores_pair_terms():
    ix = make_index('طرح پیوست رسانه ای قطار شهری', 'پیوست رسانه‌ای قطار شهری', 'رسانه ای در پیوست')
    phrase = query.Phrase('body', analyze_terms('پیوست رسانه‌ای قطار'))
    assert search_refs(ix, phrase) == ['0', '1']


def test_analyzer_pickles_small_for_the_whoosh_schema():
    data = pickle.dumps(persian_analyzer())
    assert len(data) < 1000
    assert [t.text for t in pickle.loads(data)('کودکان')] == ['کودک']


def test_analysis_does_not_import_hazm_or_nltk():
    code = ('import sys; from commission.search.persian import analyze_terms; analyze_terms("کودکان شهرداری");'
            'assert "hazm" not in sys.modules and "nltk" not in sys.modules')
    subprocess.run([sys.executable, '-c', code], check=True, cwd=Path(__file__).resolve().parents[2])


def test_an_index_built_before_the_package_split_still_opens():
    # whoosh pickles the analyzer into the schema: old indexes name commission.search.analyzer
    data = pickle.dumps(persian_analyzer(), protocol=0)
    assert b'commission.search.persian.analyzer' in data
    old = pickle.loads(data.replace(b'commission.search.persian.analyzer', b'commission.search.analyzer'))
    assert [t.text for t in old('کودکان')] == ['کودک']


@pytest.mark.parametrize(('arabic', 'persian'), [('علي', 'علی'), ('مصطفى', 'مصطفی'), ('كرج', 'کرج'), ('كيك', 'کیک')])
def test_persian_letters_writes_arabic_ye_and_kaf_as_persian_and_nothing_else(arabic, persian):
    assert persian_letters(arabic) == persian
    assert persian_letters('رسالة ۱۲ abc') == 'رسالة ۱۲ abc'
    assert canonical_token(arabic) == canonical_token(persian)


# One loop serves whoosh's index calls and the query side; its memos must never change a term.

MIXED_TEXTS = [
    'روابط عمومی ها و راستی آزمایی، گرد و غبار؛ رسانه ای در می کنند ۱۲٫۵ درصد',
    'شهرداری‌ها   نمی کنند\n\nمهم ترین  طرح‌ها . 2024 گفت و گو ـ ﺭوﺍﺑﻂ كتاب ء ها',
    'ها می',  # detached affixes alone
    '',
    '!!! ... ۰۰۱۲ ٣٤',
]


def index_tokens(text, **options):
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in persian_analyzer()(text, positions=True, chars=True, **options)]


@pytest.mark.parametrize('text', MIXED_TEXTS)
@pytest.mark.parametrize(('start_pos', 'start_char'), [(0, 0), (7, 40)])
def test_every_whoosh_call_gives_the_same_tokens(text, start_pos, start_char):
    def shifted(**options):
        return [(term, pos - start_pos, start - start_char, end - start_char)
                for term, pos, start, end in index_tokens(text, start_pos=start_pos, start_char=start_char, **options)]
    assert shifted() == shifted(keeporiginal=True) == index_tokens(text)
    assert [t.text for t in persian_analyzer()(text, mode='index')] == [t[0] for t in index_tokens(text)]
    originals = [(t.original, t.startchar, t.endchar) for t in persian_analyzer()(text, chars=True, keeporiginal=True)]
    assert all(original == text[start:end] for original, start, end in originals)


@pytest.mark.parametrize('text', MIXED_TEXTS)
def test_query_words_are_the_index_words_and_their_joins(text):
    words = analyze_words(text)
    at = {}
    for term, pos, start, end in index_tokens(text):
        at.setdefault(pos, []).append((term, start, end))
    for pos, word in enumerate(words):
        here = at.pop(pos)
        assert here[0] == (word.term, word.start, word.end)
        joins = [term for term, start, end in here[1:] if (term, start, end) != (word.secondary, word.start, word.end)]
        assert sorted(joins) == sorted(j for j in (word.pair_next, word.triple_next) if j)
    assert at == {}


def test_terms_do_not_depend_on_what_the_memos_hold(monkeypatch):
    text = MIXED_TEXTS[0] + ' ' + MIXED_TEXTS[1]
    clear_caches()
    fresh = index_tokens(text)
    fresh_words = analyze_words(text)
    for m in tokens.MEMOS.values():
        monkeypatch.setattr(m, 'low', 3)
        monkeypatch.setattr(m, 'high', 6)
    clear_caches()
    other = ' '.join(f'واژه{chr(0x0628 + i % 20)}{chr(0x0628 + i // 20)} سازی' for i in range(300))
    for _ in range(2):  # the second pass finds half-rotated memos
        assert index_tokens(text) == fresh
        assert analyze_words(text) == fresh_words
        list(persian_analyzer()(other, positions=True, chars=True))
        assert all(n <= 12 for name, n in cache_sizes().items() if name in tokens.MEMOS)
    monkeypatch.undo()
    clear_caches()


def test_memo_keeps_the_previous_generation_readable():
    m = memo.Memo(4, 4)
    for i in range(5):
        m.put(i, str(i))
    assert [m.get(i) for i in range(5)] == ['0', '1', '2', '3', '4']
    for i in range(5, 9):
        m.put(i, str(i))
    assert m.get(0) is memo.MISS and m.get(8) == '8' and len(m) <= 8


def test_memo_lookup_computes_once_and_keeps_none_as_a_value():
    m, calls = memo.Memo(2, 2), []
    assert m.lookup('k', calls.append, 'k') is None and calls == ['k']
    assert m.get('k') is None  # a value, not MISS
    m.put('a', 1), m.put('b', 2)  # 'k' is now in the previous generation
    assert m.lookup('k', calls.append, 'k') is None and calls == ['k']


def test_memo_grows_while_filled_fast_and_shrinks_when_slow(monkeypatch):
    m = memo.Memo(2, 8)
    for i in range(40):
        m.put(i, i)
        m.put('frequent', 1)  # used all the time: survives every rotation
    assert m.limit == 8 and len(m) <= 16 and m.get('frequent') == 1
    monkeypatch.setattr(memo, 'BULK_SECONDS', 0)  # every fill now counts as slow
    for i in range(40):
        m.put(('x', i), i)
    assert m.limit == 2 and len(m) <= 4


def test_lexicon_folded_in_one_pass_as_word_by_word():
    words = ['كتاب', 'ﺭوﺍﺑﻂ', 'دَستیار', 'گـــزارش', 'هیئت', 'مسوول', '۰۱۲', '١٠٫٥٠', 'ءء', 'می‌کنند', 'Tehran', 'ااا']
    assert chars.fold_many(words) == [chars.fold(w) for w in words]
