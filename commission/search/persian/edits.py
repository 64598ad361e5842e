"""Close spellings: the edit distance of typing mistakes, and the letters Persian writers confuse.

:func:`distance` counts a swap of two neighbouring letters (هسر for هرس) as one edit, as typists make
it (optimal string alignment). :data:`FIRST_LETTER_SWAPS` lists the letters that sound alike
(ح/ه, س/ص/ث, ز/ذ/ض/ظ, ت/ط, ق/غ, ا/ع) or sit side by side on the Persian keyboard: a correction search
that starts from a word's first letter also starts from these.
"""

_SOUND_ALIKE = ('حه', 'سصث', 'زذضظ', 'تط', 'قغ', 'اع', 'کگ', 'پب', 'جچ', 'ژز')
#: neighbouring keys on the standard Persian keyboard (ISIRI 9147), rows left to right
_ROWS = ('ضصثقفغعهخحجچ', 'شسیبلاتنمکگ', 'ظطزرذدپو')
FIRST_LETTER_SWAPS = {}
for group in _SOUND_ALIKE:
    for c in group:
        FIRST_LETTER_SWAPS.setdefault(c, set()).update(set(group) - {c})
for row in _ROWS:
    for i, c in enumerate(row):
        FIRST_LETTER_SWAPS.setdefault(c, set()).update(row[max(0, i - 1):i] + row[i + 1:i + 2])
FIRST_LETTER_SWAPS = {c: ''.join(sorted(others)) for c, others in FIRST_LETTER_SWAPS.items()}


def distance(a, b, limit=2):
    """Edits (insert, delete, replace, swap of neighbours) from `a` to `b`; limit + 1 when more than `limit`."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2 = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)
