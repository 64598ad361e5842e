"""Reading a list's filters from the query string, the same way on every list.

A value that makes no sense is dropped (the list shows unfiltered), never an error page; digits may be Persian.
"""
from .jalali import to_latin_digits

#: the largest number a filter or page may name: what a database INTEGER holds (a larger one is dropped, not a 500)
MAX_NUMBER = 2 ** 31 - 1

TRUE_VALUES = ('1', 'on', 'y', 'true')


def text(args, name):
    return (args.get(name) or '').strip()


def number(args, name):
    """A whole number (Persian or Latin digits) an INTEGER column can hold, or None."""
    value = to_latin_digits(text(args, name))
    return int(value) if value.isdigit() and int(value) <= MAX_NUMBER else None


def choice(args, name, choices, default=''):
    """One of `choices` (a mapping's keys or a sequence), else `default`."""
    value = text(args, name)
    return value if value in choices else default


def flag(args, name):
    """A checkbox: ticked or not."""
    return text(args, name) in TRUE_VALUES


def page_number(args):
    """The page asked for, 1 when missing or nonsense."""
    value = number(args, 'page')
    return value if value else 1
