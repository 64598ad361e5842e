"""Latin and Finglish words to the Persian words of the index: a rule-based phonetic mapping.

:func:`candidates` spells a Latin word in Persian letters every way the usual Finglish and loanword
conventions allow (``sh`` -> ش, ``kh`` -> خ, ``s`` -> س/ص/ث, a short vowel -> nothing, a word-initial
vowel -> ا…) and keeps only the spellings the caller's vocabulary knows, walking letter by letter so
that a prefix no indexed term starts with is abandoned at once. Checked against the index (not a
dictionary), «jashnvare» finds «جشنواره» and «aparat» «آپارات» when the documents contain them.
"""

#: Latin letter groups (longest first) -> Persian spellings, in folded letters (آ is ا)
_GROUPS = {
    'kh': ('خ',), 'sh': ('ش',), 'ch': ('چ',), 'zh': ('ژ',), 'gh': ('ق', 'غ'), 'ph': ('ف',), 'th': ('ت', 'ث'),
    'ou': ('و',), 'oo': ('و',), 'ee': ('ی',), 'ei': ('ی', 'ای'), 'ai': ('ای', 'ی'), 'ey': ('ی', 'ای'),
    'ck': ('ک',), 'aa': ('ا', 'اع'), 'ts': ('تس',), 'x': ('کس',), 'q': ('ق', 'غ', 'ک'),
    'a': ('ا', '', 'ع'), 'b': ('ب',), 'c': ('ک', 'س'), 'd': ('د',), 'e': ('', 'ه', 'ی', 'ع', 'ا'), 'f': ('ف',),
    'g': ('گ', 'ج'), 'h': ('ه', 'ح', ''), 'i': ('ی', '', 'ای'), 'j': ('ج',), 'k': ('ک',), 'l': ('ل',),
    'm': ('م',), 'n': ('ن',), 'o': ('و', '', 'ا'), 'p': ('پ',), 'r': ('ر',), 's': ('س', 'ص', 'ث', 'ز'),
    't': ('ت', 'ط'), 'u': ('و', ''), 'v': ('و',), 'w': ('و',), 'y': ('ی',), 'z': ('ز', 'ذ', 'ض', 'ظ'),
    "'": ('ع', ''),
}
#: a word-initial vowel is carried by ا in Persian writing
_INITIAL = {'a': ('ا', 'ع'), 'aa': ('ا',), 'e': ('ا', 'ع'), 'i': ('ای', 'ا'), 'o': ('او', 'ا'), 'u': ('او',),
            'ou': ('او',), 'ee': ('ای',), 'ei': ('ای',), 'ai': ('ای',)}
#: a final vowel is written: -e/-eh as ه, -a as ا or ه, -i as ی, -o/-u as و
_FINAL = {'e': ('ه', 'ی'), 'a': ('ا', 'ه'), 'i': ('ی',), 'o': ('و',), 'u': ('و',), 'eh': ('ه',)}
_LONGEST = max(map(len, _GROUPS))
#: walks abandoned after this many steps (a long word with many vowels has many spellings)
MAX_STEPS = 4000


def is_latin_word(word):
    return word.isascii() and word.isalpha() and len(word) >= 2


def candidates(word, has_prefix, is_term, limit=5):
    """Persian spellings of the Latin `word` for which ``has_prefix(p)`` holds at every step and
    ``is_term(spelling)`` at the end, fewest letters changed first; at most `limit`.

    `has_prefix` and `is_term` are the caller's vocabulary (the index's terms), so every candidate is a
    word the documents contain.
    """
    word = word.lower().replace('-', '')
    if not is_latin_word(word.replace("'", '')) or len(word) > 24:
        return []
    found = []
    seen = set()
    steps = 0
    stack = [(0, '')]
    while stack and len(found) < limit and steps < MAX_STEPS:
        i, out = stack.pop()
        steps += 1
        if i == len(word):
            if out and out not in seen and is_term(out):
                seen.add(out)
                found.append(out)
            continue
        options = []
        for n in range(min(_LONGEST, len(word) - i), 0, -1):
            group = word[i:i + n]
            if i == 0 and group in _INITIAL:
                spellings = _INITIAL[group]
            elif i + n == len(word) and group in _FINAL:
                spellings = _FINAL[group]
            else:
                spellings = _GROUPS.get(group)
            if spellings:
                options += [(i + n, out + s) for s in spellings]
        # a doubled consonant is written once (tt -> ت)
        if i and word[i] == word[i - 1] and word[i] not in 'aeiou':
            options.append((i + 1, out))
        for nxt in reversed(options):
            if nxt[1] == out or has_prefix(nxt[1]):
                stack.append(nxt)
    return found
