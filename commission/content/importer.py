"""`flask content import`: an archive of items, one JSON object per line.

Idempotent by `ref`: an item already imported is updated only where the file differs, so importing
the same file twice changes nothing. A bad line is reported with its number; the others import.
Imported items have no author. This module reads the fields every line has (ref, kind, title, body,
date, city); each domain registers, with `register_kind` in its `search.py`, how a line becomes its item.
"""
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable

from ..cities.members import MEMBER_CITIES
from ..cities.models import City
from ..cities.services import city_joined
from ..db import db
from ..jalali import DateParseError, parse_date
from ..search.persian import normalize_text


class LineError(ValueError):
    """A line that cannot be imported; the message is for the operator."""


@dataclasses.dataclass(frozen=True)
class Line:
    """The common fields of one line, checked: what a kind's `values` function maps onto its model."""
    title: str
    body: str
    date: dt.date | None
    city: City | None


@dataclasses.dataclass(frozen=True)
class ContentKind:
    kind: str
    model: type
    #: Line -> {attribute: value} of the item (compared with an existing item to update it)
    values: Callable
    city_required: bool = False
    #: values -> attributes set only when the item is created (e.g. its creation time)
    on_create: Callable | None = None


_KINDS = {}


def register_kind(kind, model, values, *, city_required=False, on_create=None):
    """Let lines of `kind` import as `model` items (the model has a unique `ref`); registering again replaces."""
    _KINDS[kind] = ContentKind(kind, model, values, city_required, on_create)
    return _KINDS[kind]


def kinds():
    """The importable kinds, in registration order."""
    return tuple(_KINDS)


@dataclasses.dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cities_created: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)  # (line number, message)


def _text(record, name, required=True, limit=None):
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise LineError(f'"{name}" is missing')
        return ''
    if not isinstance(value, (str, int, float)):
        raise LineError(f'"{name}" must be text')
    value = str(value).strip()
    if limit and len(value) > limit:
        raise LineError(f'"{name}" is longer than {limit} characters')
    return value


def _date(record):
    text = record.get('date')
    if text in (None, ''):
        return None
    try:
        return parse_date(str(text), allow_gregorian=True)
    except DateParseError:
        raise LineError(f'"date" {text!r} is neither a Jalali (1401-02-28) nor a Gregorian (2022-05-18) date') from None


def _key(name):
    return normalize_text(name).replace(' ', '')


class _Cities:
    """Find cities by Persian name (in any spelling), English name or slug; create unknown ones on request."""

    def __init__(self, create, report):
        self.create, self.report = create, report
        self.by_key = {}
        for city in db.session.scalars(db.select(City)):
            self._remember(city)

    def _remember(self, city):
        for key in (city.name, city.name_en, city.slug):
            if key:
                self.by_key[_key(key)] = city

    def get(self, name):
        if not name:
            return None
        city = self.by_key.get(_key(name))
        if city is None:
            if not self.create:
                raise LineError(f'unknown city {name!r} (use --create-cities to create it)')
            city = self._new(name)
        return city

    def _new(self, name):
        known = {_key(member.name): member for member in MEMBER_CITIES}
        member = known.get(_key(name))
        if member:  # one of the assembly's metropolises: a member
            city = City(name=member.name, name_en=member.name_en, slug=member.slug, province=member.province,
                        is_member=True)
        else:  # any other town is a guest city (like خمین), not a member
            city = City(name=name, slug=_slug(name), is_member=False)
        db.session.add(city)
        db.session.flush()
        if city.is_member:
            city_joined.send(city)
        self._remember(city)
        self.report.cities_created.append(city.name)
        return city


def _slug(name):
    slug = re.sub(r'[^\w]+', '-', name.strip().lower()).strip('-') or 'city'
    candidate, n = slug, 2
    while db.session.scalar(db.select(City.id).where(City.slug == candidate)):
        candidate, n = f'{slug}-{n}', n + 1
    return candidate


def _line(content_kind, record, cities):
    title = _text(record, 'title', limit=300)
    body = _text(record, 'body', required=False)
    date = _date(record)
    city = cities.get(_text(record, 'city', required=content_kind.city_required))
    return Line(title, body, date, city)


def import_record(record, cities, report):
    """Create or update the item of one parsed line (flushes)."""
    if not isinstance(record, dict):
        raise LineError('the line is not a JSON object')
    kind = _text(record, 'kind').lower()
    if kind not in _KINDS:
        raise LineError(f'"kind" must be one of {", ".join(_KINDS)}, not {kind!r}')
    ref = _text(record, 'ref', limit=100)
    for other, other_kind in _KINDS.items():
        if other != kind and db.session.scalar(db.select(other_kind.model.id).where(other_kind.model.ref == ref)):
            raise LineError(f'ref {ref!r} is already used by a {other}')
    content_kind = _KINDS[kind]
    values = content_kind.values(_line(content_kind, record, cities))
    model = content_kind.model
    item = db.session.scalar(db.select(model).where(model.ref == ref))
    if item is None:
        item = model(ref=ref, **values)
        for key, value in (content_kind.on_create(values) if content_kind.on_create else {}).items():
            setattr(item, key, value)
        db.session.add(item)
        outcome = 'created'
    else:
        changed = {k: v for k, v in values.items() if getattr(item, k) != v}
        for key, value in changed.items():
            setattr(item, key, value)
        outcome = 'updated' if changed else 'unchanged'
    db.session.flush()
    setattr(report, outcome, getattr(report, outcome) + 1)
    return item


def import_lines(lines, *, create_cities=False, commit_every=200):
    """Import an iterable of text lines; commits every `commit_every` items. Returns an ImportReport."""
    report = ImportReport()
    cities = _Cities(create_cities, report)
    pending = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report.errors.append((number, f'not valid JSON ({exc.msg})'))
            continue
        try:
            with db.session.begin_nested():
                import_record(record, cities, report)
        except LineError as exc:
            report.errors.append((number, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - e.g. a database constraint; the other lines still import
            report.errors.append((number, f'{type(exc).__name__}: {exc}'.splitlines()[0]))
            cities = _Cities(create_cities, report)
            continue
        pending += 1
        if pending >= commit_every:
            db.session.commit()
            pending = 0
    db.session.commit()
    return report
