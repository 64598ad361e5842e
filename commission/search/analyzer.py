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
* Stop words are indexed (so phrases containing them and stop-word-only queries still match);
  the query side drops them through :func:`is_stopword`.

Memory: hazm's package is never imported (it pulls in nltk); only its data files are read, lazily
and once per process, into frozensets (about 25 MB). The analyzer objects hold no data, so they
pickle small into the whoosh schema.
"""

import functools
import importlib.util
import re
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
_FOLD_TABLE = str.maketrans(_LETTER_MAP | _DIGITS | {'٫': '.'} | dict.fromkeys(_DROPPED))

_MARKS = '\u200c\u200d\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed'
#: A number (decimals kept: 10.5, ۱۰٫۵) or a word: letters with marks/ZWNJ inside, digits split off.
_TOKEN_RE = re.compile(rf'\d+(?:[.٫]\d+)*|[^\W\d_][^\W\d]*(?:[{_MARKS}]+[^\W\d]*)*')
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
    ('ترین', '', 6), ('تر', '', 4), ('گان', 'ه', 5), ('یان', '', 5), ('ات', 'ه', 4), ('ات', '', 4),
    ('ان', '', 4), ('شان', '', 6), ('تان', '', 6), ('مان', '', 6),
    ('هی', 'ه', 3), ('وی', 'و', 3), ('ای', 'ا', 3), ('هاش', 'ه', 4), ('هام', 'ه', 4),
)
_SUFFIX_LAST_LETTERS = frozenset(suffix[-1] for suffix, _, _ in _SUFFIX_RULES)
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


def _fold_chars(text):
    text = unicodedata.normalize('NFKC', text)
    if 'ئ' in text:
        text = _YA_HAMZA_RE.sub('یا', text)
    text = _REPEAT_RE.sub(r'\1', text.translate(_FOLD_TABLE).lower())
    return _DOUBLE_VAV_RE.sub('یو', text) if 'وو' in text else text


@functools.lru_cache(maxsize=20_000)
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


@functools.cache
def _lexicon():
    """Return (every lexicon word, words with a corpus count that are not plurals), folded."""
    every, known = set(), set()
    with _hazm_data('words.dat').open(encoding='utf-8') as fh:
        for line in fh:
            word, count, tags = (line.rstrip('\n').split('\t') + ['', ''])[:3]
            word = _fold(word)
            every.add(word)
            if count not in ('0', '') and 'PL' not in tags.split(','):
                known.add(word)
    return frozenset(every), frozenset(known)


@functools.cache
def _verb_stems():
    stems = set()
    with _hazm_data('verbs.dat').open(encoding='utf-8') as fh:
        for line in fh:
            stems.update(_fold(s) for s in line.strip().split('#') if len(s) > 1)
    return frozenset(stems)


@functools.cache
def _stopwords():
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
    stems = _verb_stems()
    for ending in _VERB_ENDINGS:
        if rest.endswith(ending) and rest[:len(rest) - len(ending)] in stems:
            return rest[:len(rest) - len(ending)]
    return None


def _strip_plural(word):
    if 'ها' not in word[-6:]:
        return None
    for suffix in _PLURALS:
        stem = word[:-len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            # رسانهای is رسانه + ای (adjective), not رسان + های.
            if suffix == 'های' and word[:-2] in _lexicon()[0] and word[-3] == 'ه':
                return None
            return stem
    return None


def _strip_suffix(word, lexicon, known):
    """Strip one inflectional suffix when the lexicon knows the remaining word."""
    if word[-1] not in _SUFFIX_LAST_LETTERS:
        return None
    candidates = [word[:-len(suffix)] + repl for suffix, repl, min_len in _SUFFIX_RULES
                  if len(word) >= min_len and word.endswith(suffix)]
    # Prefer a stem with a corpus count: مطالعات -> مطالعه (known), not مطالع (listed, count 0).
    for stems in (known, lexicon):
        for stem in candidates:
            if stem in stems:
                return stem
    return None


@functools.lru_cache(maxsize=20_000)
def _stem(word):
    """Canonical term for a folded word (see module docstring)."""
    if len(word) < 3 or not word[0].isalpha() or word.isascii():
        return word
    lexicon, known = _lexicon()
    if word in known:
        return word
    stem = _strip_verb_prefix(word) or _strip_plural(word) or _strip_suffix(word, lexicon, known)
    return word if stem is None else _stem(stem)


def canonical_token(token):
    """Canonical index/query term for one raw token (a word as it appears in a text)."""
    folded = _fold(token)
    return _stem(folded) if folded[:1].isalpha() else folded


_WORD, _STOP, _PREFIX, _SUFFIX = 1, 2, 4, 8
# Plain dicts rather than lru_cache: the hot loop below runs once per token of every document.
_CACHE_LIMIT = 50_000
_RAW_CACHE = {}
_WORD_CACHE = {}
_PAIR_CACHE = {}


def _raw_info(raw):
    """(folded, term, flags) for a raw token."""
    if len(_RAW_CACHE) > _CACHE_LIMIT:
        _RAW_CACHE.clear()
    info = _RAW_CACHE[raw] = _word_info(_fold(raw))
    return info


def _word_info(folded):
    """(folded, term, flags) for a folded token."""
    info = _WORD_CACHE.get(folded)
    if info is None:
        if len(_WORD_CACHE) > _CACHE_LIMIT:
            _WORD_CACHE.clear()
        if not folded[:1].isalpha():
            info = (folded, folded, 0)
        else:
            flags = _WORD | (folded in _stopwords() and _STOP) | (folded in _DETACHED_PREFIXES and _PREFIX)
            info = (folded, _stem(folded), flags | (folded in _DETACHED_SUFFIXES and _SUFFIX))
        _WORD_CACHE[folded] = info
    return info


def _tokens(text):
    """Yield (start, end, folded, term, flags, adjacent) per word, detached affixes glued on.

    `adjacent` is true when only spacing separates the word from the previous one.
    """
    pending = None
    end = 0
    for match in _TOKEN_RE.finditer(text):
        start = match.start()
        adjacent = start == end or not text[end:start].strip(_JOINING_GAP)
        end = match.end()
        raw = match.group()
        folded, term, flags = _RAW_CACHE.get(raw) or _raw_info(raw)
        if not folded:
            continue
        if pending is not None:
            if adjacent and flags & _WORD and pending[4] & _WORD and (flags & _SUFFIX or pending[4] & _PREFIX):
                folded, term, flags = _word_info(pending[2] + folded)
                pending = (pending[0], end, folded, term, flags, pending[5])
                continue
            yield pending
        pending = (start, end, folded, term, flags, adjacent)
    if pending is not None:
        yield pending


def _pair(prev, tok):
    """Canonical joined form of two adjacent words, or None when they should not be paired."""
    key = (prev[2], tok[2])
    pair = _PAIR_CACHE.get(key, False)
    if pair is False:
        if len(_PAIR_CACHE) > _CACHE_LIMIT:
            _PAIR_CACHE.clear()
        pair = None
        joined = prev[2] + tok[2]
        if prev[4] & tok[4] & _WORD and (not (prev[4] | tok[4]) & _STOP or joined in _lexicon()[0]):
            pair = _stem(joined)
            if pair == prev[3] or pair == tok[3]:
                pair = None
        _PAIR_CACHE[key] = pair
    return pair


def _analyze(text):
    """Yield (term, start, end, pos): each word, preceded by its join with the previous word."""
    prev = None
    pos = -1
    for tok in _tokens(text):
        pos += 1
        if prev is not None and tok[5]:
            pair = _PAIR_CACHE.get((prev[2], tok[2]), False)
            if pair is False:
                pair = _pair(prev, tok)
            if pair is not None:
                yield pair, prev[0], tok[1], pos - 1
        yield tok[3], tok[0], tok[1], pos
        prev = tok


class PersianTokenizer(Tokenizer):
    """Whoosh tokenizer: canonical Persian terms (and joined pairs) with offsets into the original text."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode='', **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.text, t.pos, t.startchar, t.endchar = canonical_token(value), start_pos, start_char, len(value)
            yield t
            return
        for term, start, end, pos in _analyze(value):
            t.text = term
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            if keeporiginal:
                t.original = value[start:end]
            yield t


def persian_analyzer():
    """Whoosh analyzer for Persian text fields; use the same one at index and query time."""
    return CompositeAnalyzer(PersianTokenizer())


class Word(NamedTuple):
    """One word of a query: its canonical term and its joined form with the next word."""

    term: str
    folded: str
    start: int
    end: int
    is_stop: bool
    pair_next: str | None


def analyze_words(text):
    """Analyse a query string into :class:`Word` tuples (stop words included, flagged)."""
    toks = list(_tokens(str(text or '')))
    words = []
    for tok, nxt in zip(toks, toks[1:] + [None]):
        pair = _pair(tok, nxt) if nxt is not None and nxt[5] else None
        words.append(Word(tok[3], tok[2], tok[0], tok[1], bool(tok[4] & _STOP), pair))
    return words


def analyze_terms(text, *, drop_stopwords=False):
    """Canonical terms of `text`, in order (no joined pairs)."""
    return [w.term for w in analyze_words(text) if not (drop_stopwords and w.is_stop)]


def joined_pair_terms(text):
    """Canonical joined forms of adjacent words of `text`, as the index stores them."""
    return [w.pair_next for w in analyze_words(text) if w.pair_next]
