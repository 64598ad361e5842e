"""Characters: the one Arabic-to-Persian letter table, folding to one canonical spelling, the token pattern.

Folding (:func:`fold`, :func:`normalize_text`): NFKC (Arabic presentation forms), Arabic letters to
Persian (ي ى ك ة ۀ), hamza seats to bare letters (أ إ ؤ ئ; ء dropped), آ to ا, harakat, tanvin,
tashdid, kashida, ZWNJ/ZWJ and bidi marks removed, every digit script to Latin digits, Latin
lower-cased, runs of three or more identical Persian letters collapsed.
"""
import functools
import re
import unicodedata

ZWNJ = '\u200c'

#: Arabic code points of letters Persian writes with its own (ي ى -> ی, ك -> ک): the same letter to a
#: reader, a different word to a computer. Text shown to users is only ever changed by this table.
ARABIC_TO_PERSIAN = {'ي': 'ی', 'ى': 'ی', 'ك': 'ک'}
_ARABIC_TO_PERSIAN_TABLE = str.maketrans(ARABIC_TO_PERSIAN)

_LETTER_MAP = ARABIC_TO_PERSIAN | {
    'ئ': 'ی', 'ۍ': 'ی', 'ې': 'ی', 'ێ': 'ی',
    'ڪ': 'ک',
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
SPLIT_RE = re.compile(f'({_TOKEN_PATTERN})')
#: Characters that may separate two parts of one word (a detached affix, a spaced compound).
JOINING_GAP = ' \t\r\n\xa0\u200c\u200d\u200e\u200f\u202f'
_REPEAT_RE = re.compile(r'([\u0600-\u06ff])\1{2,}')
_SPACE_RE = re.compile(r'\s+')
# Hamza seats are written several ways: هیئت/هیأت/هیات, مسئول/مسوول, ویدئو/ویدیو, رئیس/رییس.
# ئ becomes ی, so یئ -> یا and وو -> یو bring the other spellings to the same form.
_YA_HAMZA_RE = re.compile('[یي]ئ')
_DOUBLE_VAV_RE = re.compile('وو+')


def persian_letters(text):
    """`text` with Arabic ي ى ك written as Persian ی ک, nothing else changed (for text shown or matched as typed)."""
    return text.translate(_ARABIC_TO_PERSIAN_TABLE)


def normalize_text(text):
    """Fold a whole text to the canonical character level: letters, digits, marks, ZWNJ, case.

    Words are not stemmed and spaces are kept (collapsed); useful for keys and exact comparisons.
    """
    return _SPACE_RE.sub(' ', fold_chars(str(text))).strip()


def _fold_char(match):
    return _FOLD_MAP[match.group()]


def fold_chars(text):
    """Fold the characters of `text` (module docstring), digits kept in their order."""
    text = unicodedata.normalize('NFKC', text)
    if 'ئ' in text:
        text = _YA_HAMZA_RE.sub('یا', text)
    text = _REPEAT_RE.sub(r'\1', _FOLD_RE.sub(_fold_char, text).lower())
    return _DOUBLE_VAV_RE.sub('یو', text) if 'وو' in text else text


@functools.lru_cache(maxsize=5_000)
def fold(raw):
    """Fold one raw token (see module docstring); numbers lose leading zeros."""
    text = fold_chars(raw)
    if text[:1].isdigit():
        if not text.isascii():
            text = ''.join(str(unicodedata.digit(c, c)) if c != '.' else c for c in text)
        return '.'.join(part.lstrip('0') or '0' for part in text.split('.'))
    return text


def fold_many(words):
    """[fold(w) for w in words], folding them as one text (one C-level pass per step, not one per word)."""
    folded = fold_chars('\n'.join(words)).split('\n')
    if len(folded) != len(words):  # a word that folds to a line break would shift the rest
        return [fold(w) for w in words]
    return [fold(w) if w[:1].isdigit() else w for w in folded]
