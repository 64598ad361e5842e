"""Query understanding and the analysis rules of issue 17, with the issue's examples."""
import pytest

from commission.search.persian import persian_analyzer
from commission.search.persian.colloquial import is_question, written_forms
from commission.search.persian.dictionaries import check, default, parse_groups, parse_spoken
from commission.search.persian.edits import distance
from commission.search.persian.numbers import code_spans, number_spans
from commission.search.persian.repair import rejoin_split_words, reverse_visual_lines
from commission.search.persian.translit import candidates
from commission.search.query import Dictionaries, Vocabulary, corrected_text, parse


def index_terms(text):
    return [t.text for t in persian_analyzer()(text, positions=True, chars=True)]


def terms_of(text):
    return [terms for _, _, terms in number_spans(text)]


# --- numbers and dates ---------------------------------------------------------------------------

@pytest.mark.parametrize('text, value', [
    ('نشست شصت و ششم', '66'), ('مصوبه دوازدهم', '12'), ('مصوبه هشتاد و یکم', '81'), ('بیست و دومین نشست', '22'),
    ('نشست سی‌ام', '30'), ('بیست‌وپنجم', '25'), ('بیست ویکمین اجلاس', '21'), ('دو میلیون و سیصد هزار', '2300000'),
])
def test_number_words_and_ordinals_become_digits(text, value):
    assert [value] in terms_of(text)
    assert value in index_terms(text)


@pytest.mark.parametrize('text, value', [
    ('۲۴۰ هزار نفر', '240000'), ('1.5 میلیون', '1500000'), ('۴۵ هزار جلد', '45000'), ('240,000', '240000'),
    ('۲۴۰٬۰۰۰', '240000'), ('دوازده هزار نفر', '12000'),
])
def test_multipliers_and_thousands_separators(text, value):
    assert value in index_terms(text)


@pytest.mark.parametrize('text', ['۱۵ اردیبهشت ۱۴۰۳', '1403/02/15', '۱۴۰۳-۲-۱۵', 'پانزدهم اردیبهشت‌ماه ۱۴۰۳',
                                  '15/2/1403', '۱۵ اردیبهشت سال ۱۴۰۳'])
def test_jalali_dates_in_any_written_form_meet_on_one_term(text):
    assert '1403-02-15' in index_terms(text)


def test_a_month_and_year_alone_is_the_month_term():
    assert terms_of('بهمن ۱۴۰۴') == [['1404-11']]


@pytest.mark.parametrize('text', ['یک جلسه', 'نه، نیامد', 'این سهم ما است', 'سیم برق'])
def test_words_that_only_look_like_numbers_are_left_alone(text):
    assert terms_of(text) == []


def test_codes_mixing_letters_and_digits_are_one_term():
    assert 'code:qr12' in index_terms('کد QR12 روی تابلو')
    assert 'code:ک123' in index_terms('پرونده ک-۱۲۳')
    assert [t for _, _, t in code_spans('QR12')] == ['code:qr12']


# --- a vocabulary for the query side -------------------------------------------------------------

class FakeVocabulary(Vocabulary):
    """The index's terms as a dict term -> documents."""

    def __init__(self, terms):
        self.terms = terms

    def frequency(self, term, cap=None):
        return self.terms.get(term, 0)

    def has_prefix(self, prefix):
        return any(t.startswith(prefix) for t in self.terms)

    def near(self, term, maxdist):
        found = [(t, distance(term, t, maxdist)) for t in self.terms if t != term]
        return sorted([(t, d) for t, d in found if d <= maxdist], key=lambda x: (x[1], -self.terms[x[0]]))


def alternatives(q, vocabulary=None, lists=None):
    parsed = parse(q, vocabulary=vocabulary, lists=lists or Dictionaries.shipped())
    return parsed, [{a.terms: a.kind for a in c.alternatives} for c in parsed.clauses]


def test_a_number_in_words_in_the_query_is_one_clause_of_digits():
    _, clauses = alternatives('نشست بیست و دوم')
    assert clauses[1] == {('22',): 'number'}


def test_a_date_in_the_query_also_matches_its_month_and_day_lower():
    _, clauses = alternatives('صورتجلسه ۱۶ بهمن ۱۴۰۴')
    assert clauses[1] == {('1404-11-16',): 'number', ('1404-11',): 'date_month', ('11-16',): 'date_day'}


# --- transliteration and loanwords ---------------------------------------------------------------

def test_finglish_is_spelt_in_persian_letters_the_index_has():
    vocab = {'جشنواره': 3, 'بهارنارنج': 1, 'اپارات': 2, 'وبینار': 2}
    def has_prefix(p):
        return any(t.startswith(p) for t in vocab)
    assert candidates('jashnvare', has_prefix, vocab.__contains__) == ['جشنواره']
    assert candidates('baharnarenj', has_prefix, vocab.__contains__) == ['بهارنارنج']
    assert candidates('aparat', has_prefix, vocab.__contains__) == ['اپارات']
    assert candidates('webinar', has_prefix, vocab.__contains__) == ['وبینار']
    assert candidates('zzz', has_prefix, vocab.__contains__) == []


def test_latin_acronyms_and_loanwords_come_from_the_list_both_ways():
    _, clauses = alternatives('BRT')
    assert clauses[0][('اتوبوستندرو',)] == 'loanword'
    _, clauses = alternatives('podcast')
    assert ('پادکست',) in clauses[0]
    _, clauses = alternatives('وبینار')
    assert ('webinar',) in clauses[0]
    _, clauses = alternatives('instagram')
    assert ('اینستاگرام',) in clauses[0]


def test_a_finglish_query_word_is_matched_through_the_vocabulary():
    _, clauses = alternatives('jashnvare', FakeVocabulary({'جشنواره': 4}))
    assert clauses[0][('جشنواره',)] == 'transliteration'


# --- typos ---------------------------------------------------------------------------------------

def test_swapped_letters_are_one_edit():
    assert distance('هسر', 'هرس') == 1 and distance('اطلاغ', 'اطلاع') == 1 and distance('abc', 'xyz', 2) == 3


def test_a_word_the_documents_lack_also_matches_its_close_spellings_and_is_reported():
    vocabulary = FakeVocabulary({'اطلاع': 30, 'رسانی': 20, 'اطلاعرسانی': 12})
    parsed, clauses = alternatives('اطلاغ رسانی', vocabulary)
    assert clauses[0][('اطلاع',)] == 'typo' and clauses[0][('اطلاعرسانی',)] == 'typo'
    assert corrected_text(parsed) == 'اطلاع رسانی'


def test_a_known_word_is_not_corrected():
    parsed, clauses = alternatives('اطلاع', FakeVocabulary({'اطلاع': 30, 'اطلاق': 2}))
    assert list(clauses[0]) == [('اطلاع',)] and not parsed.corrections


# --- thesaurus, spoken forms, questions ----------------------------------------------------------

@pytest.mark.parametrize('typed, other', [
    ('مترو', 'قطارشهری'), ('نشست', 'جلسه'), ('فضای مجازی', 'شبکههایاجتماعی'), ('نظرسنجی', 'افکارسنجی'),
])
def test_equivalent_terms_of_the_field_weigh_less_than_the_typed_word(typed, other):
    parsed, clauses = alternatives(typed)
    weights = {a.terms: a.weight for a in parsed.clauses[0].alternatives}
    assert clauses[0][(other,)] == 'synonym' and weights[(other,)] < max(weights.values())


def test_a_compound_typed_spaced_finds_its_equivalents():
    _, clauses = alternatives('آتش سوزی')
    assert ('حریق',) in clauses[0]


@pytest.mark.parametrize('spoken, written', [('میشه', 'میشود'), ('اینستا', 'اینستاگرام'), ('چجوری', 'چگونه')])
def test_spoken_forms_from_the_list(spoken, written):
    assert default('colloquial')[spoken].replace('\u200c', '') == written


def test_a_spoken_word_also_matches_its_written_form():
    _, clauses = alternatives('اینستای شهرداری')
    assert clauses[0][('اینستاگرام',)] == 'spoken'


def test_spoken_lines_are_read():
    assert parse_spoken('میشه > می‌شود\n# note') == {'میشه': 'می‌شود'}


@pytest.mark.parametrize('spoken, written', [
    ('کتابخونه', 'کتابخانه'), ('شهرداریا', 'شهرداریها'), ('پارکینگای', 'پارکینگهای'), ('تابستونه', 'تابستانه'),
    ('چارشنبه', 'چهارشنبه'), ('میکنه', 'میکند'),
])
def test_spoken_form_rules(spoken, written):
    assert written in written_forms(spoken)


def test_spoken_forms_are_checked_against_the_index():
    _, clauses = alternatives('کتابخونه سیار', FakeVocabulary({'کتابخانه': 3, 'سیار': 2}))
    assert clauses[0][('کتابخانه',)] == 'spoken'


def test_question_words_and_phrasing_are_dropped():
    assert is_question('شهرداری‌ها چطور برای پروژه‌ها پیوست رسانه‌ای تهیه می‌کنند؟')
    parsed = parse('شهرداری‌ها چطور برای پروژه‌ها پیوست رسانه‌ای تهیه می‌کنند؟')
    typed = [c.alternatives[0].terms[0] for c in parsed.clauses]
    assert 'چطور' not in typed and 'کن' not in typed and 'پیوست' in typed
    assert len(parse('چطور؟').clauses) == 1  # a question of question words alone still searches


def test_edited_lists_are_checked_line_by_line():
    assert check('thesaurus', 'مترو | قطار شهری\nتنها') == [
        'سطر 2: دست‌کم دو شکل لازم است که با « | » از هم جدا شده باشند.']
    assert check('colloquial', 'میشه > می‌شود\n# یادداشت') == []
    assert len(parse_groups('# note\nالف | ب\n')) == 1


# --- PDF repair ----------------------------------------------------------------------------------

@pytest.mark.parametrize('broken, repaired', [
    ('روابط عمومی شهردار یها', 'روابط عمومی شهرداریها'), ('م یشود', 'میشود'), ('نشس تهای خبری', 'نشستهای خبری'),
    ('کارگا ههای آموزشی', 'کارگاههای آموزشی'),
])
def test_parts_split_by_a_misplaced_space_are_rejoined(broken, repaired):
    assert rejoin_split_words(broken, force=True) == repaired


def test_two_known_words_are_left_apart():
    assert rejoin_split_words('به روز رسانی و کتاب تازه', force=True) == 'به روز رسانی و کتاب تازه'


def test_text_in_visual_order_is_put_back_in_reading_order():
    visual = 'است شده برگزار تهران در خبری نشست این\nکرد اعلام را برنامه شهرداری عمومی روابط'
    assert reverse_visual_lines(visual) == ('این نشست خبری در تهران برگزار شده است\n'
                                            'روابط عمومی شهرداری برنامه را اعلام کرد')
    reading = 'این نشست خبری در تهران برگزار شده است\nروابط عمومی شهرداری برنامه را اعلام کرد'
    assert reverse_visual_lines(reading) == reading
