"""Spoken spellings to written ones, and the words of a question that only make it a question.

:func:`written_forms` applies the regular sound changes of spoken Tehrani Persian in reverse to one
folded word; the caller keeps the forms its vocabulary knows (the index's terms), so a rule never
invents a word. The irregular forms (میشه, چجوری, اینستا) are a list, ``data/colloquial.tsv``.
"""
import re

#: (pattern, replacement) on a folded word; each gives one candidate
_RULES = (
    (re.compile(r'(?<=.)ون(?=.)'), 'ان'),       # کتابخونه -> کتابخانه, تابستونه -> تابستانه
    (re.compile(r'(?<=..)ون$'), 'ان'),          # خیابون -> خیابان
    (re.compile(r'(?<=[^اوه])ا$'), 'ها'),       # پارکینگا -> پارکینگها, شهرداریا -> شهرداریها
    (re.compile(r'(?<=[^اوه])ای$'), 'های'),     # پارکینگای -> پارکینگهای
    (re.compile(r'(?<=[^اوه])اشون$'), 'هایشان'),  # ماشیناشون
    (re.compile(r'اشون$'), 'هایشان'),
    (re.compile(r'شون$'), 'شان'),               # کارشون -> کارشان
    (re.compile(r'^(ن?می.{2,})ه$'), r'\1د'),     # میکنه -> میکند
    (re.compile(r'^(ن?می.{2,})ن$'), r'\1ند'),    # میکنن -> میکنند
    (re.compile(r'^چار'), 'چهار'),               # چارشنبه -> چهارشنبه
)


def written_forms(folded):
    """Candidate written spellings of a folded spoken word (not checked against anything), in rule order,
    with one more rule applied to each (خیابونا -> خیابانها)."""
    out = []
    for pattern, repl in _RULES:
        form = pattern.sub(repl, folded)
        if form != folded and form not in out:
            out.append(form)
    for form in list(out):
        for pattern, repl in _RULES:
            again = pattern.sub(repl, form)
            if again != form and again not in out and again != folded:
                out.append(again)
    return out


#: words that only make a sentence a question or a request (folded; ZWNJ removed)
QUESTION_WORDS = frozenset("""
    ایا چطور چطوری چگونه چجوری چجور چیجوری چرا کجا کجاست چه چی چیست چیه کدام کدوم کدامیک چند چقدر چقد
    باید بایست میتوان میشود میشه نمیشود میتوانند میتوانم میتوانیم میتوانید میتونم میتونن میتونیم
    لطفا خواهشا خواهشمندم بگویید بگید بدانم بدونم میخواهم میخوام میخواستم دنبال هستم
    کار چیکار چکار کنند کنیم کنم کند بکنند بکنیم بکنم بکند بکنید میکنند میکنیم میکند
    دارد دارند داره دارن هست هستند است بود بودند شد شده شوند میشوند
""".split())


def is_question(text):
    """Whether a query reads as a question (a question mark, or a question word first)."""
    stripped = text.strip()
    if stripped.endswith(('?', '؟')):
        return True
    first = stripped.split(maxsplit=1)[:1]
    return bool(first) and first[0].replace('\u200c', '') in {'ایا', 'آیا', 'چطور', 'چگونه', 'چرا', 'کجا', 'چه',
                                                               'کدام', 'چند', 'چقدر', 'چجوری', 'چطوری'}
