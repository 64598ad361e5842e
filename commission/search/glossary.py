"""The field's word lists in force: the repository's files (persian/data/*.tsv), or the secretariat's
edited text stored in the settings table (the admin page /admin/search/dictionaries), which replaces
the file's list as a whole. Parsed lists are memoised by their text, so an edit applies at once."""
from .. import settings
from ..jalali import persian_digits_in_text
from .persian import dictionaries
from .query import Dictionaries

#: list kind -> (settings key, Persian title)
KINDS = {
    'loanwords': ('search_loanwords', 'واژه‌های لاتین، سرواژه‌ها و وام‌واژه‌ها'),
    'thesaurus': ('search_thesaurus', 'واژه‌های هم‌معنا'),
    'colloquial': ('search_colloquial', 'شکل‌های گفتاری'),
}


def stored_text(kind):
    """The secretariat's text for `kind`, or '' when the file's list is in force."""
    try:
        return settings.get(KINDS[kind][0]) or ''
    except Exception:  # noqa: BLE001 - no database (a script, a broken connection): the files hold
        return ''


def text(kind):
    """The text of the list in force."""
    return stored_text(kind) or dictionaries.file_text(kind)


def current():
    """query.Dictionaries of the lists in force (the three stored texts read in one query, for every search)."""
    order = ('loanwords', 'thesaurus', 'colloquial')
    try:
        stored = settings.get_many([KINDS[kind][0] for kind in order])
    except Exception:  # noqa: BLE001 - no database (a script, a broken connection): the files hold
        stored = {}
    return Dictionaries(*(dictionaries.parsed(kind, stored.get(KINDS[kind][0]) or dictionaries.file_text(kind))
                          for kind in order))


def save(kind, text):
    """Store the secretariat's text for `kind` ('' restores the file's list); flushes. Returns Persian
    messages for lines that cannot be read (and stores nothing then)."""
    text = (text or '').replace('\r\n', '\n').strip()
    if text == dictionaries.file_text(kind).strip():
        text = ''
    errors = dictionaries.check(kind, text)
    if errors:
        return [persian_digits_in_text(e) for e in errors]
    settings.set_(KINDS[kind][0], text)
    return []
