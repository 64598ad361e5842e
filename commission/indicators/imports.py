"""A period's values for many cities from one sheet (XLSX or CSV): checked row by row, previewed, then applied.

The sheet is the one `exports.period_table` writes: a «شهر» column, then one column per indicator, headed by the
indicator's name. An empty cell changes nothing. A row with an unknown city or a cell that is not a number is
reported with its line and skipped; the other rows import. A locked period refuses the whole file.
"""
import csv
import io
from dataclasses import dataclass, field

from ..cities.models import City
from ..db import db
from ..jalali import persian_digits
from ..resolutions.uploads import UploadError, read_upload
from ..search.persian.chars import persian_letters
from .services import IndicatorError, active_indicators_for, check_open, parse_number, set_value

CITY_HEADERS = {'شهر', 'city', 'نام شهر', 'شهرداری'}


class SheetError(ValueError):
    """The whole file is refused (unreadable, no city column, locked period); Persian message."""


def decode(data, filename=''):
    try:
        return read_upload(data, filename)
    except UploadError as exc:
        raise SheetError(str(exc)) from None


def _key(text):
    return ' '.join(persian_letters((text or '').strip()).replace('\u200c', ' ').split()).lower()


@dataclass
class Line:
    line: int
    city_text: str = ''
    city: City | None = None
    #: [(indicator, raw text, value)] of the non-empty cells
    cells: list = field(default_factory=list)
    #: {indicator_id: the text of every non-empty cell}, shown in the preview (a refused cell too)
    raw: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors and self.city is not None


@dataclass
class Preview:
    period: object
    indicators: list
    lines: list
    ignored_columns: list

    @property
    def good(self):
        return [line for line in self.lines if line.ok]

    @property
    def bad(self):
        return [line for line in self.lines if not line.ok]


def _city_lookup():
    lookup = {}
    for c in db.session.scalars(db.select(City)):
        for name in (c.name, c.slug, c.name_en, f'شهرداری {c.name}'):
            if name:
                lookup[_key(name)] = c
    return lookup


def parse(text, period):
    """Check every row of the sheet for `period`; writes nothing."""
    if period.locked:
        raise SheetError(f'دوره «{period.label}» قفل شده است و مقدار تازه نمی‌پذیرد.')
    indicators = active_indicators_for(period)
    by_name = {_key(i.name): i for i in indicators}
    rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text.lstrip('\ufeff'))), 1)
            if any(cell.strip() for cell in row)]
    if not rows:
        raise SheetError('فایل هیچ سطری ندارد.')
    _, header = rows[0]
    keys = [_key(h) for h in header]
    if not keys or keys[0] not in {_key(h) for h in CITY_HEADERS}:
        raise SheetError('ستون نخست باید «شهر» باشد و سطر اول نام شاخص‌ها؛ فایل نمونه را از همین صفحه بگیرید.')
    columns, ignored = {}, []
    for index, key in enumerate(keys[1:], 1):
        if not key:
            continue
        if key in by_name:
            columns[index] = by_name[key]
        else:
            ignored.append(header[index].strip())
    if not columns:
        raise SheetError(f'هیچ ستونی با نام شاخص‌های دوره «{period.label}» پیدا نشد.')
    lookup = _city_lookup()
    lines = []
    for number, row in rows[1:]:
        item = Line(number, (row[0] if row else '').strip())
        lines.append(item)
        item.city = lookup.get(_key(item.city_text))
        if item.city is None:
            item.errors.append(f'شهر «{item.city_text}» شناخته نشد.' if item.city_text else 'نام شهر خالی است.')
        for index, indicator in columns.items():
            raw = row[index].strip() if index < len(row) else ''
            if not raw:
                continue
            item.raw[indicator.id] = raw
            try:
                item.cells.append((indicator, raw, parse_number(raw)))
            except IndicatorError as exc:
                item.errors.append(f'«{indicator.name}»: «{raw}» — {exc}')
        if item.city is not None and not item.cells and not item.errors:
            item.errors.append('هیچ مقداری در این سطر نیست.')
    seen = {}
    for item in lines:
        if item.city is not None:
            if item.city.id in seen:
                item.errors.append(f'{item.city.name} در سطر {persian_digits(seen[item.city.id])} هم آمده است.')
            else:
                seen[item.city.id] = item.line
    if not lines:
        raise SheetError('فایل جز سطر عنوان سطری ندارد.')
    return Preview(period, list(columns.values()), lines, ignored)


def apply(preview, *, author):
    """Write the values of the good rows; returns (rows imported, values written)."""
    rows = values = 0
    for item in preview.good:
        for indicator, _raw, value in item.cells:
            check_open(indicator, preview.period)
            set_value(indicator, item.city, preview.period, value, _kept_note(indicator, item.city, preview.period),
                      author=author)
            values += 1
        rows += 1
    return rows, values


def _kept_note(indicator, city, period):
    """An import brings numbers only: a value's note (written by the city) stays as it was."""
    from .services import value_of
    existing = value_of(indicator, city, period)
    return existing.note if existing else ''
