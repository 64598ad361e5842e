"""Numbers and Jalali dates written in words or in another form, to one canonical term.

:func:`number_spans` finds, in a raw text, the expressions that mean a number or a date and gives
each one's character span and canonical terms; the analyzer emits those terms beside the words at
index time (at the position of the expression's first word) and the query side reads the same spans,
so «نشست شصت و ششم», «نشست ۶۶» and «نشست 66» meet on the term ``66``:

* number words and ordinals: «شصت و ششم» -> 66, «دوازدهم» -> 12, «بیست و دومین» -> 22,
  «دو میلیون و سیصد هزار» -> 2300000;
* digits with a multiplier or thousands separators: «۲۴۰ هزار» -> 240000, «1.5 میلیون» -> 1500000,
  «45,000» / «۴۵٬۰۰۰» -> 45000;
* Jalali dates: «۱۵ اردیبهشت ۱۴۰۳», «پانزدهم اردیبهشت‌ماه ۱۴۰۳», 1403/02/15, ۱۴۰۳-۲-۱۵, 15/2/1403 ->
  ``1403-02-15``, plus ``1403-02`` (the month) and ``02-15`` (the day, for a date written without
  its year); a month name and a year alone («بهمن ۱۴۰۴») -> ``1404-11``.

Single common words are left alone where they mostly mean something else: «یک» (also "a"), «نه»
("no"), «اول» and «نخست» unless they end an ordinal expression of their own («روز اول» is still 1).
"""
import functools
import re
import unicodedata

from .chars import fold

_UNITS = {'یک': 1, 'دو': 2, 'سه': 3, 'چهار': 4, 'پنج': 5, 'شش': 6, 'شیش': 6, 'هفت': 7, 'هشت': 8, 'نه': 9}
_TEENS = {'ده': 10, 'یازده': 11, 'دوازده': 12, 'سیزده': 13, 'چهارده': 14, 'پانزده': 15, 'پونزده': 15,
          'شانزده': 16, 'شونزده': 16, 'هفده': 17, 'هیفده': 17, 'هجده': 18, 'هیجده': 18, 'نوزده': 19}
_TENS = {'بیست': 20, 'سی': 30, 'چهل': 40, 'پنجاه': 50, 'شصت': 60, 'هفتاد': 70, 'هشتاد': 80, 'نود': 90}
_HUNDREDS = {'صد': 100, 'یکصد': 100, 'دویست': 200, 'سیصد': 300, 'چهارصد': 400, 'پانصد': 500,
             'پونصد': 500, 'ششصد': 600, 'شیشصد': 600, 'هفتصد': 700, 'هشتصد': 800, 'نهصد': 900}
_MULTIPLIERS = {'هزار': 1000, 'میلیون': 1_000_000, 'ملیون': 1_000_000, 'میلیارد': 1_000_000_000}
CARDINALS = _UNITS | _TEENS | _TENS | _HUNDREDS
#: ordinal forms that are not cardinal + م: سوم (سه), and the words for "first"
_ORDINAL_SPECIAL = {'سوم': 3, 'سومین': 3, 'اول': 1, 'اولین': 1, 'نخست': 1, 'نخستین': 1, 'یکم': 1, 'یکمین': 1}
#: alone, these mean something else too often to be read as numbers
_AMBIGUOUS_ALONE = frozenset({'یک', 'نه', 'اول', 'اولین', 'نخست', 'نخستین'})

MONTHS = {'فروردین': 1, 'اردیبهشت': 2, 'خرداد': 3, 'تیر': 4, 'مرداد': 5, 'امرداد': 5, 'شهریور': 6, 'مهر': 7,
          'ابان': 8, 'اذر': 9, 'دی': 10, 'بهمن': 11, 'اسفند': 12}


def _ordinal_value(word):
    """The value of a folded ordinal word (دوازدهم -> 12, سی‌ام -> 30, دومین -> 2), or None."""
    if word in _ORDINAL_SPECIAL:
        return _ORDINAL_SPECIAL[word]
    if word in _NOT_ORDINALS:
        return None
    for ending in ('مین', 'امین', 'ام', 'م'):
        if word.endswith(ending) and (base := word[:-len(ending)]) in CARDINALS | _MULTIPLIERS:
            return (CARDINALS | _MULTIPLIERS)[base]
    return None


def _letters(word):
    """A regex for a folded word that also matches its raw spellings (Arabic ی/ک, آ, ZWNJ before ام)."""
    out = []
    for c in word:
        out.append({'ی': '[یيى]', 'ک': '[کك]', 'ا': '[اآ]'}.get(c, re.escape(c)))
    return ''.join(out)


def _alternation(words):
    return '(?:' + '|'.join(_letters(w) for w in sorted(words, key=len, reverse=True)) + ')'


_ORDINAL_WORDS = {f'{w}{e}' for w in list(CARDINALS) + list(_MULTIPLIERS) for e in ('م', 'مین')}
_ORDINAL_WORDS |= {f'{w}\u200cام' for w in CARDINALS} | set(_ORDINAL_SPECIAL)
#: cardinal + م that are other words (سهم "share", سیم "wire"; the ordinals are سوم, سی‌ام)
_NOT_ORDINALS = frozenset({'سهم', 'سهمین', 'سیم', 'سیمین'})
_ORDINAL_WORDS -= _NOT_ORDINALS
_WORD = rf'(?:{_alternation(_ORDINAL_WORDS)}|{_alternation(CARDINALS)}|{_alternation(_MULTIPLIERS)})'
_ORD_RE_PART = r'(?:[\s\u200c]+ام(?:ین)?)?'  # «سی ام»; «سی‌ام», «بیست و دوم» are in _WORD
_DIGITS = r'\d+(?:[.٫]\d+)?'
_SEP = r'[\s\u200c]*'
_ELEMENT = rf'(?:{_WORD}|{_DIGITS}(?=[\s\u200c]*{_alternation(_MULTIPLIERS)}))'
#: one number: elements joined by «و» or following each other (دو هزار, ۲۴۰ هزار, بیست و دوم)
_NUMBER = rf'{_ELEMENT}(?:(?:{_SEP}و{_SEP}|[\s\u200c]+){_ELEMENT})*{_ORD_RE_PART}'
_MONTH = rf'(?:{_alternation(MONTHS)})(?:{_SEP}ماه)?'
_YEAR = r'\d{4}'
#: day + month name (+ year), month name + year, numeric dates both ways, thousands-separated numbers, words
_SCAN_RE = re.compile(
    rf'(?<![\w\u200c])(?:'
    rf'(?P<dmy>(?P<day>\d{{1,2}}|{_WORD}){_SEP}(?P<month>{_MONTH})(?:{_SEP}(?:سال{_SEP})?(?P<year>{_YEAR}))?)'
    rf'|(?P<my>(?P<month2>{_MONTH}){_SEP}(?:سال{_SEP})?(?P<year2>{_YEAR}))'
    rf'|(?P<ymd>(?P<y>\d{{4}})(?P<s1>[/\-.])(?P<m>\d{{1,2}})(?P=s1)(?P<d>\d{{1,2}}))'
    rf'|(?P<dmy2>(?P<d2>\d{{1,2}})(?P<s2>[/\-.])(?P<m2>\d{{1,2}})(?P=s2)(?P<y3>\d{{4}}))'
    rf'|(?P<grouped>\d{{1,3}}(?:[,٬،]\d{{3}})+(?![\d]))'
    rf'|(?P<words>{_NUMBER})'
    rf')(?![\w])'
)
#: cheap test before the full scan: a digit or a letter sequence some number word or month starts with
_HINT_RE = re.compile(r'\d|[یيى][کك]|دو|سه|سی|چه|پن|شش|هف|هش|نه|ده|یاز|دواز|پان|شان|هج|هی|نوز|بیس|چهل|شص|نود'
                      r'|صد|هزار|میل|اول|نخست|فرور|ارد|خرد|تیر|مرد|شهر|مهر|[اآ]بان|[اآ]ذر|دی|بهمن|اسف')
_SPLIT_WORDS_RE = re.compile(r'\d+(?:[.٫]\d+)?|[^\W\d_]+')


def _split_and(word):
    """«بیستوپنجم» -> [بیست, پنجم]: the parts of a number written with «و» joined (or the word itself)."""
    if word in _FOLDED_PARTS:
        return [word]
    if word[:1] == 'و' and word[1:] in _FOLDED_PARTS:
        return [word[1:]]
    parts = _and_parts(word)
    return parts if parts and len(parts) > 1 else [word]


def _and_parts(word):
    if word in _FOLDED_PARTS:
        return [word]
    for i in range(2, len(word) - 1):
        if word[i] == 'و' and word[:i] in _FOLDED_PARTS:
            rest = _and_parts(word[i + 1:])
            if rest:
                return [word[:i], *rest]
    return None


def is_number_word(folded):
    """Whether a folded word may be (part of) a number or date expression."""
    # _split_and splits only at a «و» (most words have none)
    return folded in NUMBER_WORDS or 'و' in folded and _split_and(folded) != [folded]


def _number_value(text):
    """The value of a number expression (its raw text) and whether it is an ordinal; None if it is not one."""
    words = [part for w in _SPLIT_WORDS_RE.findall(text.replace('\u200c', '')) for part in _split_and(fold(w))]
    words = [w for w in words if w != 'و']
    if words and words[-1] in ('ام', 'م', 'مین', 'امین') and len(words) > 1:
        words[-2:] = [words[-2] + 'م']
    total = current = 0
    ordinal = False
    seen = 0
    for i, word in enumerate(words):
        if word[:1].isdigit():
            try:
                value = float(word)
            except ValueError:
                return None
            current += value
        elif word in _MULTIPLIERS:
            current = (current or 1) * _MULTIPLIERS[word]
            if _MULTIPLIERS[word] >= 1000:
                total, current = total + current, 0
        elif word in CARDINALS:
            current += CARDINALS[word]
        elif (value := _ordinal_value(word)) is not None and i == len(words) - 1:
            ordinal = True
            base = word[:-3] if word.endswith('مین') else word[:-1]
            if base in _MULTIPLIERS:
                current = (current or 1) * _MULTIPLIERS[base]
            else:
                current += value
        else:
            return None
        seen += 1
    if not seen or (seen == 1 and words[0] in _AMBIGUOUS_ALONE):
        return None
    value = total + current
    if value != int(value):
        return None
    return int(value), ordinal


def _date_terms(year, month, day):
    terms = []
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return terms
    if year is not None and day is not None:
        terms.append(f'{year}-{month:02d}-{day:02d}')
    if year is not None:
        terms.append(f'{year}-{month:02d}')
    if day is not None:
        terms.append(f'{month:02d}-{day:02d}')
    return terms


def _int(text):
    return int(fold(text))


def _match_terms(m):
    if m.group('dmy'):
        day = m.group('day')
        day = _int(day) if day[:1].isdigit() else (_number_value(day) or (None,))[0]
        month = MONTHS[fold(m.group('month')).replace('ماه', '').strip()]
        year = _int(m.group('year')) if m.group('year') else None
        if day is None:
            return []
        return _date_terms(year, month, day)
    if m.group('my'):
        return _date_terms(_int(m.group('year2')), MONTHS[fold(m.group('month2')).replace('ماه', '').strip()], None)
    if m.group('ymd'):
        return _date_terms(_int(m.group('y')), _int(m.group('m')), _int(m.group('d')))
    if m.group('dmy2'):
        return _date_terms(_int(m.group('y3')), _int(m.group('m2')), _int(m.group('d2')))
    if m.group('grouped'):
        return [str(int(re.sub(r'[,٬،]', '', fold(m.group('grouped')))))]
    found = _number_value(m.group('words'))
    if found is None:
        return []
    value, _ordinal = found
    # a single plain number («۲۴» alone) is already its own token
    return [str(value)]


def number_spans(text):
    """[(start, end, [terms])] of the number and date expressions of a raw text, in order."""
    if not _HINT_RE.search(text):
        return []
    out = []
    for m in _SCAN_RE.finditer(text):
        terms = _match_terms(m)
        if terms:
            raw = m.group()
            # a bare number (digits only) is already indexed as itself
            if terms == [fold(raw)]:
                continue
            out.append((m.start(), m.end(), terms))
    return out


#: folded words that may belong to a number or date expression (tokens.py flags them)
_PARTS = set(CARDINALS) | set(_MULTIPLIERS) | _ORDINAL_WORDS
#: «و» is often written joined to the next part (بیست ویکمین, بیست‌وپنجم)
NUMBER_WORDS = frozenset(fold(w) for w in (_PARTS | {'و' + w for w in _PARTS} | set(MONTHS)
                                           | {m + 'ماه' for m in MONTHS} | {'ماه', 'سال', 'و'}))
_FOLDED_PARTS = frozenset(fold(w) for w in _PARTS)


@functools.lru_cache(maxsize=4096)
def cached_number_spans(text):
    """number_spans(text), memoised: the index meets the same short runs («۱۴۰۳», «دو») again and again."""
    return tuple(number_spans(text))


_CODE_SEPARATORS = '-_/'
CODE_RE = re.compile(r'(?<![\w\u200c])([^\W\d_]+[-_/]?\d+[^\W_]*|\d+[-_/]?[^\W\d_]+[^\W_]*)(?![\w])')


def code_term(raw):
    """The one term of a code that mixes letters and digits (QR12, «ک-۱۲۳», 12الف): folded, separators out."""
    from .chars import fold_chars
    return 'code:' + ''.join(c for c in fold_chars(raw) if c not in _CODE_SEPARATORS)


def code_spans(text):
    """[(start, end, term)] of the codes of a raw text (the query side; the index reads runs)."""
    return [(m.start(), m.end(), code_term(m.group(1))) for m in CODE_RE.finditer(text)]


def code_around(text, start, end):
    """The code term and its span when the digits text[start:end] touch letters (QR12), else None."""
    i = start
    if i and text[i - 1] in _CODE_SEPARATORS:
        i -= 1
    j = i
    while j and (text[j - 1].isalpha() or unicodedata.category(text[j - 1]) == 'Mn'):
        j -= 1
    k = end
    while k < len(text) and (text[k].isalnum() or text[k] in _CODE_SEPARATORS and k + 1 < len(text)
                             and text[k + 1].isalnum()):
        k += 1
    if j == i and k == end:
        return None
    if j == i and not any(c.isalpha() for c in text[end:k]):
        return None
    m = CODE_RE.fullmatch(text, j, k)
    return (j, k, code_term(text[j:k])) if m else None
