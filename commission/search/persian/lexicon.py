"""hazm's word list, verb stems and stop words, folded, loaded once per process.

hazm's package is never imported (it pulls in nltk); only its data files are read, lazily and once
per process, into frozensets and a dict (about 30 MB RSS).
"""
import functools
import importlib.util
from pathlib import Path
from typing import NamedTuple

from .chars import fold, fold_many

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


def _hazm_data(name):
    # find_spec locates the package without executing hazm/__init__ (which imports nltk, ~25 MB).
    spec = importlib.util.find_spec('hazm')
    return Path(next(iter(spec.submodule_search_locations))) / 'data' / name


class Lexicon(NamedTuple):
    words: frozenset  # every word of hazm's words.dat, folded
    counts: dict  # word -> corpus count, for words with a count
    plurals: frozenset  # words tagged PL (اقدامات, but also ملاقات): stemmed only to a common stem


@functools.cache
def lexicon():
    """hazm's words.dat, folded (see :class:`Lexicon`)."""
    rows = [(line.split('\t') + ['', ''])[:3]
            for line in _hazm_data('words.dat').read_text(encoding='utf-8').splitlines()]
    folded = fold_many([row[0] for row in rows])
    counts = {}
    get = counts.get
    for word, (_, count, _) in zip(folded, rows, strict=True):
        if count.isdigit() and int(count) > get(word, 0):
            counts[word] = int(count)
    plurals = frozenset(word for word, (_, _, tags) in zip(folded, rows, strict=True)
                        if 'PL' in tags and 'PL' in tags.split(','))
    return Lexicon(frozenset(folded), counts, plurals)


class Stems(frozenset):
    longest = 0  #: length of the longest stem: a longer word minus an ending cannot be one


@functools.cache
def verb_stems():
    """Every past and present stem of hazm's verbs.dat, folded."""
    stems = set()
    with _hazm_data('verbs.dat').open(encoding='utf-8') as fh:
        for line in fh:
            stems.update(fold(s) for s in line.strip().split('#') if len(s) > 1)
    stems = Stems(stems)
    stems.longest = max(map(len, stems), default=0)
    return stems


@functools.cache
def stopwords():
    """hazm's stop list, folded, minus :data:`_NOT_STOPWORDS`."""
    with _hazm_data('stopwords.dat').open(encoding='utf-8') as fh:
        words = {w.strip() for w in fh if w.strip() and '_' not in w}
    return frozenset(fold(w) for w in words - _NOT_STOPWORDS) - {fold(w) for w in _NOT_STOPWORDS}


def is_stopword(term):
    """True if a folded word or canonical term is a (trimmed hazm) stop word."""
    return term in stopwords()


def warm_up():
    """Load hazm's lexicon, verb stems and stop words now rather than on the first document."""
    lexicon(), verb_stems(), stopwords()
