"""Persian text analysis for the search index (the only module that depends on hazm).

Design
------
* The original text is tokenised with one regular expression and every token is canonicalised on
  its own, so token offsets always point into the original text and whoosh highlighting works.
* Folding (:func:`normalize_text`, ``_fold``): NFKC (Arabic presentation forms), Arabic letters to
  Persian (ي ى ك ة ۀ), hamza seats to bare letters (أ إ ؤ ئ; ء dropped), آ to ا, harakat, tanvin,
  tashdid, kashida, ZWNJ/ZWJ and bidi marks removed, every digit script to Latin digits, Latin
  lower-cased, runs of three or more identical Persian letters collapsed.
* ZWNJ: removing it makes ``عمومی‌ها`` and ``عمومیها`` the same token; a detached affix typed with a
  space (``می کند``, ``عمومی ها``, ``مهم ترین``, ``رسانه ای``) is glued to its word before
  canonicalisation, with offsets spanning both parts.
* Stemming (:func:`canonical_token`) strips plural, possessive, comparative, ezafe and verb-prefix
  affixes only when hazm's lexicon vouches for the result; words the lexicon knows (with a corpus
  count) are never stemmed, so شهرداری, مردم and تهران stay whole. Plural ها/های/هایی is stripped
  even from unknown words (names of new things, ``دیوارنگاره‌های``).
* Compounds: after each token the analyzer also emits the canonical form of the token joined to
  the previous one (``راستی آزمایی`` -> ``راستیازمایی``) at the *previous token's position*, so the
  joined and spaced spellings meet, and phrase queries (which check consecutive positions of the
  ordinary tokens) are unaffected. Pairs are skipped across punctuation, for numbers, and when a
  part is a stop word unless the joined form is a lexicon word (``بین الملل``).
* «A و B» is also indexed joined at A's position (گرد و غبار / گردوغبار, گفت و گو / گفتوگو).
* X‌ای after ه (دقیقه‌ای, رسانه‌ای) is indexed as itself and, at the same position, as X, so a
  query for X finds it while a query for X‌ای stays exact.
* Stop words are indexed (so phrases containing them and stop-word-only queries still match);
  the query side drops them through :func:`is_stopword`.

Memory: hazm's package is never imported (it pulls in nltk); only its data files are read, lazily
and once per process, into frozensets and a dict (about 30 MB RSS). The analyzer objects hold no data, so they
pickle small into the whoosh schema.

Index-time speed (bench/analyzer_speed.py): whoosh calls the tokenizer once per field of every document,
so :func:`_index_tokens` does the work of _tokens and _analyze in one loop over one regex split, and
what words and pairs analyse to is memoised in bounded memos (:class:`_Memo`) that grow only while a
rebuild fills them fast. A pair of content words neither of which can trigger a stemming rule at the
joint (:data:`_HEAD`, :data:`_TAIL`) is its own joined term and needs neither stemming nor a memo.
"""

import functools
import importlib.util
import re
import time
import unicodedata
from pathlib import Path
from typing import NamedTuple

from whoosh.analysis import CompositeAnalyzer, Token, Tokenizer

ZWNJ = '\u200c'

_LETTER_MAP = {
    'ي': 'ی', 'ى': 'ی', 'ئ': 'ی', 'ۍ': 'ی', 'ې': 'ی', 'ێ': 'ی',
    'ك': 'ک', 'ڪ': 'ک',
    'ة': 'ه', 'ۀ': 'ه', 'ە': 'ه', 'ۃ': 'ه', 'ھ': 'ه',
    'أ': 'ا', 'إ': 'ا', 'ٱ': 'ا', 'آ': 'ا', 'ؤ': 'و',
}
_DROPPED = (
    'ء' + ZWNJ + '\u200d\u200e\u200f\u00ad\u0640'
    + ''.join(chr(c) for c in range(0x0610, 0x061B))
    + ''.join(chr(c) for c in range(0x064B, 0x0660))
    + '\u0670' + ''.join(chr(c) for c in range(0x06D6, 0x06EE))
)
_DIGITS = {chr(0x06F0 + i): str(i) for i in range(10)} | {chr(0x0660 + i): str(i) for i in range(10)}
_FOLD_MAP = _LETTER_MAP | _DIGITS | {'٫': '.'} | dict.fromkeys(_DROPPED, '')
#: Finds the characters _FOLD_MAP changes: a regex scan skips the (usual) unchanged text far faster
#: than str.translate, which looks every character up in a dict.
_FOLD_RE = re.compile('[' + re.escape(''.join(_FOLD_MAP)) + ']')

_MARKS = '\u200c\u200d\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed'
#: A number (decimals kept: 10.5, ۱۰٫۵) or a word: letters with marks/ZWNJ inside, digits split off.
_TOKEN_PATTERN = rf'\d+(?:[.٫]\d+)*|[^\W\d_][^\W\d]*(?:[{_MARKS}]+[^\W\d]*)*'
#: split() with the token pattern captured: [gap, token, gap, token, ..., gap].
_SPLIT_RE = re.compile(f'({_TOKEN_PATTERN})')
#: Characters that may separate two parts of one word (a detached affix, a spaced compound).
_JOINING_GAP = ' \t\r\n\xa0\u200c\u200d\u200e\u200f\u202f'
_REPEAT_RE = re.compile(r'([\u0600-\u06ff])\1{2,}')
_SPACE_RE = re.compile(r'\s+')
# Hamza seats are written several ways: هیئت/هیأت/هیات, مسئول/مسوول, ویدئو/ویدیو, رئیس/رییس.
# ئ becomes ی, so یئ -> یا and وو -> یو bring the other spellings to the same form.
_YA_HAMZA_RE = re.compile('[یي]ئ')
_DOUBLE_VAV_RE = re.compile('وو+')

#: Affixes users type as separate words; glued to the neighbouring word before canonicalisation.
_DETACHED_PREFIXES = frozenset({'می', 'نمی'})
_DETACHED_SUFFIXES = frozenset({
    'ها', 'های', 'هایی', 'هایم', 'هایت', 'هایش', 'هایمان', 'هایتان', 'هایشان',
    'ی', 'ای', 'ام', 'اش', 'تر', 'ترین', 'تری', 'ترها',
})
_PLURALS = ('هایشان', 'هایتان', 'هایمان', 'هایی', 'هایم', 'هایت', 'هایش', 'های', 'ها')
#: (suffix, replacement, minimum word length): comparatives, -ان/-گان/-ات plurals, possessives,
#: ezafe after a vowel; applied only when the lexicon knows the result.
_SUFFIX_RULES = (
    ('ترین', '', 6), ('تر', '', 4), ('گان', 'ه', 5), ('یان', '', 5),
    ('ات', 'ه', 4), ('ات', 'ت', 4), ('ات', '', 4),
    ('ان', '', 4), ('شان', '', 6), ('تان', '', 6), ('مان', '', 6),
    ('هی', 'ه', 3), ('وی', 'و', 3), ('ای', 'ا', 3), ('هاش', 'ه', 4), ('هام', 'ه', 4),
)
#: Rules by the last two letters of the suffix (every suffix has at least two).
_SUFFIX_RULES_BY_ENDING = {
    ending: tuple(rule for rule in _SUFFIX_RULES if rule[0].endswith(ending))
    for ending in {suffix[-2:] for suffix, _, _ in _SUFFIX_RULES}
}
_VERB_ENDINGS = ('ند', 'یم', 'ید', 'م', 'ی', 'د', '')

#: Content words (and compound halves such as سازی) removed from hazm's stop list: in municipal
#: text they carry meaning, and a query made of them alone must still search.
_NOT_STOPWORDS = frozenset("""
    سازی گذاری برداری ریزی بندی گیری آوری ساز دار زاده کننده کنندگان وگو روبه
    نشست مهم پشت بار راه روش متر خطر پخش جدید بزرگ اجرا تغییر رشد سال‌های سالهای بخش نظر اثر سهم
    تهیه تبدیل مناسب عالی خاص کامل جریان روند دهه کوچک شخصی گروهی فردی جمعی مدت تعداد نوع حل ابتدا
    بیرون درون سراسر سمت عهده نیمه شروع امر خصوص طول بالا زیر زیاد کم خوب خوبی بهترین بهتر جدی فرد
    افراد افرادی اول دوم سوم چهارم نخست نخستین اولین آخرین وجود امکان تعیین عدم ویژه کل لازم قابل
    مربوط اخیر حدود دور جمع علت طرف نزدیک وارد پر صرف عین دسته سبب کلی کافی شمار گاه جای جایی جا
    آنجا اینجا ع پی رو باز کنار فکر خطر حالی نیاز رسیدن رسید یافت متفاوت مواجه محسوب دچار ناشی
    سی شش پنج چهار سه دو
""".split())


def normalize_text(text):
    """Fold a whole text to the canonical character level: letters, digits, marks, ZWNJ, case.

    Words are not stemmed and spaces are kept (collapsed); useful for keys and exact comparisons.
    """
    return _SPACE_RE.sub(' ', _fold_chars(str(text))).strip()


def _fold_char(match):
    return _FOLD_MAP[match.group()]


def _fold_chars(text):
    text = unicodedata.normalize('NFKC', text)
    if 'ئ' in text:
        text = _YA_HAMZA_RE.sub('یا', text)
    text = _REPEAT_RE.sub(r'\1', _FOLD_RE.sub(_fold_char, text).lower())
    return _DOUBLE_VAV_RE.sub('یو', text) if 'وو' in text else text


@functools.lru_cache(maxsize=5_000)
def _fold(raw):
    """Fold one raw token (see module docstring); numbers lose leading zeros."""
    text = _fold_chars(raw)
    if text[:1].isdigit():
        if not text.isascii():
            text = ''.join(str(unicodedata.digit(c, c)) if c != '.' else c for c in text)
        return '.'.join(part.lstrip('0') or '0' for part in text.split('.'))
    return text


def _hazm_data(name):
    # find_spec locates the package without executing hazm/__init__ (which imports nltk, ~25 MB).
    spec = importlib.util.find_spec('hazm')
    return Path(next(iter(spec.submodule_search_locations))) / 'data' / name


class _Lexicon(NamedTuple):
    words: frozenset  # every word of hazm's words.dat, folded
    counts: dict  # word -> corpus count, for words with a count
    plurals: frozenset  # words tagged PL (اقدامات, but also ملاقات): stemmed only to a common stem


def _fold_many(words):
    """[_fold(w) for w in words], folding them as one text (one C-level pass per step, not one per word)."""
    folded = _fold_chars('\n'.join(words)).split('\n')
    if len(folded) != len(words):  # a word that folds to a line break would shift the rest
        return [_fold(w) for w in words]
    return [_fold(w) if w[:1].isdigit() else w for w in folded]


@functools.cache
def _lexicon():
    rows = [(line.split('\t') + ['', ''])[:3]
            for line in _hazm_data('words.dat').read_text(encoding='utf-8').splitlines()]
    folded = _fold_many([row[0] for row in rows])
    counts = {}
    get = counts.get
    for word, (_, count, _) in zip(folded, rows):
        if count.isdigit() and int(count) > get(word, 0):
            counts[word] = int(count)
    plurals = frozenset(word for word, (_, _, tags) in zip(folded, rows) if 'PL' in tags and 'PL' in tags.split(','))
    return _Lexicon(frozenset(folded), counts, plurals)


class _Stems(frozenset):
    longest = 0  #: length of the longest stem: a longer word minus an ending cannot be one


@functools.cache
def _verb_stems():
    stems = set()
    with _hazm_data('verbs.dat').open(encoding='utf-8') as fh:
        for line in fh:
            stems.update(_fold(s) for s in line.strip().split('#') if len(s) > 1)
    stems = _Stems(stems)
    stems.longest = max(map(len, stems), default=0)
    return stems


@functools.cache
def _stopwords():
    """hazm's stop list, folded, minus :data:`_NOT_STOPWORDS`."""
    with _hazm_data('stopwords.dat').open(encoding='utf-8') as fh:
        words = {w.strip() for w in fh if w.strip() and '_' not in w}
    return frozenset(_fold(w) for w in words - _NOT_STOPWORDS) - {_fold(w) for w in _NOT_STOPWORDS}


def is_stopword(term):
    """True if a folded word or canonical term is a (trimmed hazm) stop word."""
    return term in _stopwords()


def _strip_verb_prefix(word):
    """می/نمی + a verb stem + a personal ending -> the stem (میکنند, نمی‌کند -> کن)."""
    rest = word[3:] if word.startswith('نمی') else word[2:] if word.startswith('می') else ''
    if len(rest) < 2:
        return None
    return _strip_verb_ending(rest, _VERB_ENDINGS)


def _strip_verb_ending(word, endings=('ند', 'ید', 'یم', 'د')):
    """A verb stem + a personal ending -> the stem (بینند -> بین); bare forms only for unknown words."""
    if word[-1] not in 'دمی' and '' not in endings:
        return None
    stems = _verb_stems()
    if len(word) > stems.longest + 2:
        return None
    for ending in endings:
        stem = word[:len(word) - len(ending)]
        if word.endswith(ending) and len(stem) > 1 and stem in stems:
            return stem
    return None


def _strip_plural(word):
    if 'ها' not in word[-6:]:
        return None
    for suffix in _PLURALS:
        stem = word[:-len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            # رسانهای is رسانه + ای (adjective), not رسان + های.
            if suffix == 'های' and word[:-2] in _lexicon().words and word[-3] == 'ه':
                return None
            return stem
    return None


def _strip_suffix(word, lexicon, min_count):
    """Strip one inflectional suffix when the lexicon knows the remaining word.

    Among stems with a corpus count, the first in rule order whose count is at least 5% of the
    best one wins (مصوبات -> مصوبه, موضوعات -> موضوع, not the rare موضوعه); stems listed without
    a count are used only when no candidate has one and the word itself has none.
    """
    rules = _SUFFIX_RULES_BY_ENDING.get(word[-2:])
    if rules is None:
        return None
    candidates = [word[:-len(suffix)] + repl for suffix, repl, min_len in rules
                  if len(word) >= min_len and word.endswith(suffix)]
    counts = [lexicon.counts.get(stem, 0) for stem in candidates]
    floor = max(max(counts, default=0) * 0.05, min_count, 1)
    for stem, count in zip(candidates, counts):
        if count >= floor:
            return stem
    if min_count:
        return None
    return next((stem for stem in candidates if stem in lexicon.words), None)


def _stem_fresh(word):
    """Canonical term for a folded word (see module docstring); _stem is this, memoised.

    Joined pairs are nearly all seen once, so they call this directly rather than push single
    words out of _stem's memo."""
    if len(word) < 3 or not word[0].isalpha() or word.isascii():
        return word
    lexicon = _lexicon()
    count = lexicon.counts.get(word, 0)
    if count and word not in lexicon.plurals:
        return word
    # A word tagged plural is stemmed only to a stem at least 5% as common (not ملاقات -> ملاقه).
    # Each rule is tried only when the word's first or last letters allow it: most words met at
    # index time (and most joined pairs) are unknown to the lexicon and match no rule.
    stem = _strip_verb_prefix(word) if word[0] in 'من' else None
    if stem is None and 'ها' in word[-6:]:
        stem = _strip_plural(word)
    if stem is None and word[-2:] in _SUFFIX_RULES_BY_ENDING:
        stem = _strip_suffix(word, lexicon, count * 0.05)
    if stem is None and not count and word[-1] in 'دم':  # the endings of _strip_verb_ending's default
        stem = _strip_verb_ending(word)
    return word if stem is None else _stem(stem)


_stem = functools.lru_cache(maxsize=10_000)(_stem_fresh)


def canonical_token(token):
    """Canonical index/query term for one raw token (a word as it appears in a text)."""
    folded = _fold(token)
    return _stem(folded) if folded[:1].isalpha() else folded


_WORD, _STOP, _PREFIX, _SUFFIX = 1, 2, 4, 8
#: A word starting with م or ن (a joined word beginning with it may carry the verb prefix می/نمی), and
#: a word whose ending may let a rule of _stem_fresh strip something from a joined word ending with it.
#: A pair without either is its own canonical form: no stemming, no memo.
_HEAD, _TAIL = 16, 32
_PLURAL_TAILS = frozenset(p[i:] for p in _PLURALS for i in range(len(p)))


class _Memo:
    """A dict memo bounded to 2 x `limit` entries that keeps what is in use.

    Lookups go to `new` (the hot loop binds ``memo.new.get`` once per text), then to `old`; a value
    found in `old` or computed afresh is stored in `new`. When `new` holds `limit` entries it becomes
    `old` and the previous `old` is dropped, so frequent entries survive and memory stays bounded
    (clearing everything instead made every frequent word and pair a miss again).

    The limit adapts between `low` and `high`: it doubles when `new` filled up within
    :data:`_BULK_SECONDS` (a rebuild, where a larger memo saves most of the work) and halves when it
    took longer (a server worker indexing one document at a time keeps a small memo).
    """

    __slots__ = ('new', 'old', 'limit', 'low', 'high', 'rotated')

    def __init__(self, low, high):
        self.new, self.old, self.limit, self.low, self.high = {}, {}, low, low, high
        self.rotated = time.monotonic()

    def put(self, key, value):
        if len(self.new) >= self.limit:
            now = time.monotonic()
            if now - self.rotated < _BULK_SECONDS:
                self.limit = min(self.limit * 2, self.high)
            else:
                self.limit = max(self.limit // 2, self.low)
            self.rotated = now
            self.old, self.new = self.new, {}
        self.new[key] = value
        return value

    def clear(self):
        self.new, self.old, self.limit, self.rotated = {}, {}, self.low, time.monotonic()

    def __len__(self):
        return len(self.new) + len(self.old)


_BULK_SECONDS = 60
#: Raw token -> word info; folded word -> word info; (folded, folded) or (folded, 'و', folded) -> the
#: joined term (True when it is the plain concatenation, None when the words are not joined); the
#: text between two tokens -> whether it is only spacing. Measured (bench/analyzer_speed.py, strings
#: included): about 90 bytes per raw entry, 150 per word entry and 100 per pair entry; a memo holds
#: at most 2 x its limit. A server worker (slow fills) stays at the low limits: at most about 13 MB
#: with the two lru_caches below; a rebuild process at most about 37 MB.
_RAW = _Memo(10_000, 30_000)
_WORDS = _Memo(10_000, 30_000)
_PAIRS = _Memo(25_000, 100_000)
_GAPS = _Memo(2_000, 2_000)


def _raw_info(raw):
    """(folded, term, flags, secondary term) for a raw token."""
    info = _RAW.old.get(raw)
    if info is None:
        info = _word_info(_fold(raw))
    return _RAW.put(raw, info)


def _secondary_term(folded, term):
    """Broader term indexed beside `term`: X for X‌ای after ه (دقیقه‌ای, رسانه‌ای), so a query for X
    finds it while a query for X‌ای stays exact."""
    if folded.endswith('های') and term == folded:
        return _stem(folded[:-2])
    return None


def _word_info(folded):
    """(folded, term, flags, secondary term or None) for a folded token."""
    info = _WORDS.new.get(folded) or _WORDS.old.get(folded)
    if info is None:
        if not folded[:1].isalpha():
            info = (folded, folded, 0, None)
        else:
            # A detached affix on its own (a query starting with ها) is as empty as a stop word.
            flags = _WORD | (folded in _DETACHED_PREFIXES and _PREFIX | _STOP)
            flags |= (folded in _DETACHED_SUFFIXES and _SUFFIX | _STOP) | (folded in _stopwords() and _STOP)
            flags |= (folded[0] in 'من' and _HEAD) | (_may_stem_as_tail(folded) and _TAIL)
            term = _stem(folded)
            info = (folded, term, flags, _secondary_term(folded, term))
    return _WORDS.put(folded, info)


def _may_stem_as_tail(word):
    """Whether _stem_fresh might change a word ending with `word` (see _HEAD, _TAIL)."""
    return (len(word) < 2 or word[-1] in 'دم' or word[-2:] in _SUFFIX_RULES_BY_ENDING
            or any(word.endswith(p) for p in _PLURALS) or word in _PLURAL_TAILS)


def _gap_is_spacing(gap):
    return _GAPS.put(gap, not gap.strip(_JOINING_GAP))


def _tokens(text):
    """Yield (start, end, folded, term, flags, adjacent, secondary) per word, detached affixes glued on.

    `adjacent` is true when only spacing separates the word from the previous one.
    """
    # One C-level split gives [gap, token, gap, token, ..., gap]; offsets are running sums of lengths.
    parts = _SPLIT_RE.split(text)
    raw_get = _RAW.new.get
    gap_get = _GAPS.new.get
    pending = None
    end = 0
    gap = parts[0]
    for i in range(1, len(parts), 2):
        raw = parts[i]
        start = end + len(gap)
        if gap:
            adjacent = gap_get(gap)
            if adjacent is None:
                adjacent = _GAPS.old.get(gap)
                adjacent = _gap_is_spacing(gap) if adjacent is None else _GAPS.put(gap, adjacent)
        else:
            adjacent = True
        end = start + len(raw)
        gap = parts[i + 1]
        folded, term, flags, extra = raw_get(raw) or _raw_info(raw)
        if not folded:
            continue
        if pending is not None:
            if adjacent and flags & _WORD and pending[4] & _WORD and (flags & _SUFFIX or pending[4] & _PREFIX):
                folded, term, flags, extra = _word_info(pending[2] + folded)
                pending = (pending[0], end, folded, term, flags, pending[5], extra)
                continue
            yield pending
        pending = (start, end, folded, term, flags, adjacent, extra)
    if pending is not None:
        yield pending


def _join(first, second):
    """The joined term memoised in _PAIRS for two word infos (see _pair_term), computed."""
    joined = first[0] + second[0]
    if first[2] & second[2] & _WORD and (not (first[2] | second[2]) & _STOP or joined in _lexicon().words):
        pair = _stem_fresh(joined)
        if pair == first[1] or pair == second[1]:
            return None
        return True if pair == joined else pair
    return None


def _pair_term(first, second):
    """Canonical joined form of two adjacent words given as (folded, term, flags, ...), or None when
    they should not be paired."""
    key = (first[0], second[0])
    pair = _PAIRS.new.get(key, False)
    if pair is False:
        pair = _PAIRS.old.get(key, False)
        if pair is False:
            pair = _join(first, second)
        _PAIRS.put(key, pair)
    return first[0] + second[0] if pair is True else pair


def _pair_miss(key, first, second):
    """_pair_term after a miss in _PAIRS.new, for two words that are both _WORD."""
    pair = _PAIRS.old.get(key, False)
    if pair is False:
        pair = _join(first, second)
    _PAIRS.put(key, pair)
    return key[0] + key[1] if pair is True else pair


def _pair(prev, tok):
    """_pair_term for two _tokens tuples."""
    return _pair_term(prev[2:], tok[2:])


def _join3(first, last):
    joined = first[0] + 'و' + last[0]
    if (first[2] | last[2]) & _STOP and joined not in _lexicon().words:
        return None
    stem = _stem_fresh(joined)
    return True if stem == joined else stem


def _triple_term(first, last):
    """Canonical join of «first و last» given as word infos (گرد و غبار -> گردوغبار)."""
    key = (first[0], 'و', last[0])
    joined = _PAIRS.new.get(key, False)
    if joined is False:
        joined = _PAIRS.old.get(key, False)
        if joined is False:
            joined = _join3(first, last)
        _PAIRS.put(key, joined)
    return first[0] + 'و' + last[0] if joined is True else joined


def _triple(first, vav, last):
    """Canonical join of «A و B» (گرد و غبار -> گردوغبار, گفت و گو -> گفتوگو), or None."""
    if not (vav[2] == 'و' and vav[5] and last[5] and first[4] & last[4] & _WORD):
        return None
    return _triple_term(first[2:], last[2:])


def _analyze(text):
    """Yield (term, start, end, pos): each word, preceded by its joins with the previous word (and
    with the one before «و»), followed by its secondary term if any."""
    prev = before = None
    pos = -1
    pair_get = _PAIRS.new.get
    for tok in _tokens(text):
        pos += 1
        if prev is not None:
            if before is not None and prev[2] == 'و' and (joined := _triple(before, prev, tok)) is not None:
                yield joined, before[0], tok[1], pos - 2
            if tok[5]:
                pair = pair_get((prev[2], tok[2]), False)
                if pair is True:
                    yield prev[2] + tok[2], prev[0], tok[1], pos - 1
                elif pair is False:
                    if (pair := _pair(prev, tok)) is not None:
                        yield pair, prev[0], tok[1], pos - 1
                elif pair is not None:
                    yield pair, prev[0], tok[1], pos - 1
        yield tok[3], tok[0], tok[1], pos
        if tok[6] is not None:
            yield tok[6], tok[0], tok[1], pos
        before, prev = prev, tok


class PersianTokenizer(Tokenizer):
    """Whoosh tokenizer: canonical Persian terms (and joined pairs) with offsets into the original text.

    Positions and offsets are always set (whoosh reads them only when asked for), so indexing, with
    or without offsets, takes the fused loop of :func:`_index_tokens`.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode='', **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize and not keeporiginal:
            return _index_tokens(t, value, start_pos, start_char)
        return self._tokens(t, value, keeporiginal, start_pos, start_char, tokenize)

    @staticmethod
    def _tokens(t, value, keeporiginal, start_pos, start_char, tokenize):
        if not tokenize:
            t.text, t.pos = canonical_token(value), start_pos
            t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for t.text, start, end, pos in _analyze(value):
            t.pos = start_pos + pos
            t.startchar, t.endchar = start_char + start, start_char + end
            t.original = value[start:end]
            yield t


def _index_tokens(t, text, start_pos, start_char):
    """What _analyze(text) yields, set on token `t` (positions and offsets) as whoosh's indexer asks.

    _tokens and _analyze fused into one loop over local variables: at index time this runs once per
    word of every document, and generator layers and tuples per word cost as much as the analysis.
    A word is held back (`cur`) until the next one shows it is not followed by a detached suffix;
    `prev` and `first` are the words before it. Word infos are _word_info tuples.
    """
    parts = _SPLIT_RE.split(text)
    parts += (None, '')  # sentinel: flushes the last word
    raw_get = _RAW.new.get
    gap_get = _GAPS.new.get
    pair_get = _PAIRS.new.get
    lexicon_words = _lexicon().words
    cur = prev = first = None  # infos
    cur_start = cur_end = cur_adj = prev_start = prev_adj = first_start = 0
    pos = start_pos - 1
    end = start_char
    gap = parts[0]
    it = iter(parts)
    next(it)
    for raw, next_gap in zip(it, it):
        if raw is not None:
            start = end + len(gap)
            if gap == ' ' or not gap:
                adjacent = True
            else:
                adjacent = gap_get(gap)
                if adjacent is None:
                    adjacent = _GAPS.old.get(gap)
                    adjacent = _gap_is_spacing(gap) if adjacent is None else _GAPS.put(gap, adjacent)
            end = start + len(raw)
            gap = next_gap
            info = raw_get(raw) or _raw_info(raw)
            if not info[0]:
                continue
            # a detached suffix after a word, or a word after a detached prefix (both flags imply _WORD)
            if cur is not None and adjacent and (info[2] & _SUFFIX and cur[2] & _WORD or cur[2] & _PREFIX
                                                 and info[2] & _WORD):
                cur = _word_info(cur[0] + info[0])
                cur_end = end
                continue
        if cur is not None:
            pos += 1
            if prev is not None:
                if first is not None and prev[0] == 'و' and prev_adj and cur_adj and first[2] & cur[2] & _WORD \
                        and (joined := _triple_term(first, cur)) is not None:
                    t.text = joined
                    t.pos = pos - 2
                    t.startchar = first_start
                    t.endchar = cur_end
                    yield t
                if cur_adj and prev[2] & cur[2] & _WORD:
                    if (prev[2] | cur[2]) & _STOP:
                        # joined only if the lexicon knows the joined word: a set lookup is cheaper
                        # than memoising the many one-off pairs of a stop word and a content word
                        pair = _pair_term(prev, cur) if prev[0] + cur[0] in lexicon_words else None
                    elif not (prev[2] & _HEAD or cur[2] & _TAIL):
                        pair = prev[0] + cur[0]
                    else:
                        key = (prev[0], cur[0])
                        pair = pair_get(key, False)
                        if pair is False:
                            pair = _pair_miss(key, prev, cur)
                        elif pair is True:
                            pair = prev[0] + cur[0]
                    if pair is not None:
                        t.text = pair
                        t.pos = pos - 1
                        t.startchar = prev_start
                        t.endchar = cur_end
                        yield t
            t.text = cur[1]
            t.pos = pos
            t.startchar = cur_start
            t.endchar = cur_end
            yield t
            if cur[3] is not None:
                t.text = cur[3]
                yield t
            first = prev
            first_start = prev_start
            prev = cur
            prev_start = cur_start
            prev_adj = cur_adj
        if raw is None:
            return
        cur = info
        cur_start = start
        cur_end = end
        cur_adj = adjacent


def persian_analyzer():
    """Whoosh analyzer for Persian text fields; use the same one at index and query time."""
    return CompositeAnalyzer(PersianTokenizer())


class Word(NamedTuple):
    """One word of a query: its canonical term and the joined forms the index holds for it."""

    term: str
    folded: str
    start: int
    end: int
    is_stop: bool
    pair_next: str | None  #: this word joined with the next one
    triple_next: str | None  #: this word, «و» and the word after it joined (گردوغبار)
    secondary: str | None  #: broader term indexed beside `term` (رسانه for رسانه‌ای)


def analyze_words(text):
    """Analyse a query string into :class:`Word` tuples (stop words included, flagged)."""
    toks = list(_tokens(str(text or '')))
    words = []
    for i, tok in enumerate(toks):
        nxt, after = (toks[i + 1:i + 3] + [None, None])[:2]
        pair = _pair(tok, nxt) if nxt is not None and nxt[5] else None
        triple = _triple(tok, nxt, after) if after is not None else None
        words.append(Word(tok[3], tok[2], tok[0], tok[1], bool(tok[4] & _STOP), pair, triple, tok[6]))
    return words


def analyze_terms(text, *, drop_stopwords=False):
    """Canonical terms of `text`, in order (no joined pairs)."""
    return [w.term for w in analyze_words(text) if not (drop_stopwords and w.is_stop)]


def joined_pair_terms(text):
    """Canonical joined forms of adjacent words (and of «A و B») of `text`, as the index stores them."""
    return [join for w in analyze_words(text) for join in (w.pair_next, w.triple_next) if join]


def warm_up():
    """Load hazm's lexicon, verb stems and stop words now rather than on the first document."""
    _lexicon(), _verb_stems(), _stopwords()


def clear_caches():
    """Forget every memoised token, pair and gap analysis (the lexicon stays loaded)."""
    for memo in (_RAW, _WORDS, _PAIRS, _GAPS):
        memo.clear()
    _fold.cache_clear()
    _stem.cache_clear()


def cache_sizes():
    """Entries held by each memo (for benchmarks)."""
    return {'raw': len(_RAW), 'word': len(_WORDS), 'pair': len(_PAIRS), 'gap': len(_GAPS),
            'fold': _fold.cache_info().currsize, 'stem': _stem.cache_info().currsize}
