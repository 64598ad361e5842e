"""The field's word lists: loanwords and acronyms, a thesaurus, spoken forms (``data/*.tsv``).

Files are plain text the secretariat can read: one group a line, forms separated by « | » (the
same thing said another way), or «spoken > written» for the spoken forms; ``#`` starts a note. The
search app may hand in an edited text instead of a file's (its admin page stores one); this module
only parses text and knows nothing of where it came from.

A parsed :class:`Dictionary` is matched against a query's analysed words: :meth:`Dictionary.matches`
gives, for each run of words that is one of its forms, the other forms of its groups as
:class:`Form` (the canonical terms, and the joined term the index holds for a two-word form).
"""
import dataclasses
import functools
from pathlib import Path

from .analyzer import analyze_words
from .chars import fold

DATA = Path(__file__).parent / 'data'
FILES = {'loanwords': DATA / 'loanwords.tsv', 'thesaurus': DATA / 'thesaurus.tsv',
         'colloquial': DATA / 'colloquial.tsv'}


@dataclasses.dataclass(frozen=True)
class Form:
    """One way of saying a thing: its canonical terms in order, and the index's joined term for two words."""

    text: str
    terms: tuple
    join: str | None = None


def _form(text):
    words = [w for w in analyze_words(text)]
    content = [w for w in words if not w.is_stop] or words
    if not content:
        return None
    terms = tuple(w.term for w in words)
    join = words[0].pair_next if len(words) == 2 else None
    return Form(text.strip(), terms, join) if content else None


class Dictionary:
    """Groups of equivalent forms, looked up by the canonical terms of a query."""

    def __init__(self, groups):
        self.groups = groups
        self._by_first = {}
        for gi, group in enumerate(groups):
            for form in group:
                self._by_first.setdefault(form.terms[0], []).append((form, gi))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0].terms))

    def __len__(self):
        return len(self.groups)

    def matches(self, words):
        """[(start, end, [other forms])] over a query's analysed words (analyzer.Word): the longest form
        found at each place (as typed, or as the joined form of two words: آتش سوزی is آتش‌سوزی), not
        overlapping, with the other forms of every group that form belongs to."""
        terms = [w.term for w in words]
        out = []
        i = 0
        while i < len(terms):
            found = None
            for form, _ in self._by_first.get(terms[i], ()):
                if tuple(terms[i:i + len(form.terms)]) == form.terms:
                    found = (form.terms, len(form.terms))
                    break
            join = words[i].pair_next
            if (found is None or found[1] < 2) and join and join in self._by_first \
                    and any(f.terms == (join,) for f, _ in self._by_first[join]):
                found = ((join,), 2)
            if found is None:
                i += 1
                continue
            typed, width = found
            others = {}
            for form, gi in self._by_first.get(typed[0], ()):
                if form.terms == typed:
                    for other in self.groups[gi]:
                        if other.terms != typed:
                            others.setdefault(other.terms, other)
            out.append((i, i + width, list(others.values())))
            i += width
        return out


def _lines(text):
    for line in (text or '').splitlines():
        line = line.split('#', 1)[0].strip() if not line.lstrip().startswith('#') else ''
        if line:
            yield line


def parse_groups(text):
    """A :class:`Dictionary` of «a | b | c» lines."""
    groups = []
    for line in _lines(text):
        forms = [f for part in line.split('|') if part.strip() and (f := _form(part)) is not None]
        if len(forms) > 1:
            groups.append(forms)
    return Dictionary(groups)


def parse_spoken(text):
    """{folded spoken word or phrase: written text} of «spoken > written» lines."""
    out = {}
    for line in _lines(text):
        if '>' in line:
            spoken, written = (part.strip() for part in line.split('>', 1))
            if spoken and written:
                out[' '.join(fold(w) for w in spoken.split())] = written
    return out


def check(kind, text):
    """Persian messages for the lines of an edited list that cannot be read (empty when all can)."""
    errors = []
    for number, line in enumerate((text or '').splitlines(), 1):
        body = line.split('#', 1)[0].strip() if not line.lstrip().startswith('#') else ''
        if not body:
            continue
        if kind == 'colloquial':
            if body.count('>') != 1 or not all(p.strip() for p in body.split('>')):
                errors.append(f'سطر {number}: باید به شکل «شکل گفتاری > شکل نوشتاری» باشد.')
        elif len([p for p in body.split('|') if p.strip()]) < 2:
            errors.append(f'سطر {number}: دست‌کم دو شکل لازم است که با « | » از هم جدا شده باشند.')
    return errors


def file_text(kind):
    return FILES[kind].read_text(encoding='utf-8')


@functools.lru_cache(maxsize=16)
def parsed(kind, text):
    """The parsed list of `kind` from `text` (memoised by the text itself, so an edit takes effect at once)."""
    return parse_spoken(text) if kind == 'colloquial' else parse_groups(text)


def default(kind):
    """The parsed list shipped in the repository."""
    return parsed(kind, file_text(kind))
