"""CSV in: the secretariat's bulk status update and the archive import, each checked line by line first."""
import csv
import io
import re
from dataclasses import dataclass, field

from ..cities.models import City
from ..db import db
from ..jalali import DateParseError, parse_date, persian_digits, to_latin_digits
from ..search.persian.chars import persian_letters
from .models import ASSIGNMENT_STATUSES, NOTE_REQUIRED_MESSAGE, STATUSES, Assignment, Resolution, note_missing
from .services import ResolutionError, create_resolution, normalize_code, report_progress
from .uploads import UploadError, read_upload

#: header spellings we recognise (Persian or English) -> column key
BULK_HEADERS = {
    'code': 'code', 'resolution': 'code', 'resolution code': 'code', 'شماره': 'code', 'شماره مصوبه': 'code',
    'کد مصوبه': 'code', 'مصوبه': 'code',
    'city': 'city', 'شهر': 'city',
    'status': 'status', 'وضعیت': 'status',
    'note': 'note', 'توضیح': 'note', 'شرح': 'note', 'یادداشت': 'note', 'شرح اقدام': 'note',
}
ARCHIVE_HEADERS = {
    'code': 'code', 'شماره': 'code', 'شماره مصوبه': 'code',
    'title': 'title', 'عنوان': 'title',
    'text': 'text', 'متن': 'text',
    'meeting': 'meeting', 'meeting number': 'meeting', 'meeting_number': 'meeting', 'نشست': 'meeting',
    'شماره نشست': 'meeting',
    'deadline': 'deadline', 'مهلت': 'deadline',
    'scope': 'scope', 'شهرها': 'scope', 'شمول': 'scope',
    'ref': 'ref', 'category': 'category', 'موضوع': 'category', 'status': 'status', 'وضعیت': 'status',
}
ALL_WORDS = {'all', 'همه', 'همه شهرها', 'همه شهرهای عضو', '*'}


class CsvError(ValueError):
    pass


def decode_upload(data, filename=''):
    """CSV text of an uploaded file: XLSX, or CSV saved as UTF-8, UTF-16 or the Windows Persian code page (cp1256)."""
    try:
        return read_upload(data, filename)
    except UploadError as exc:
        raise CsvError(str(exc)) from None


def _rows(text, headers, order):
    """(line number, {key: value}) for each non-empty data line; the header row is optional."""
    reader = csv.reader(io.StringIO(text.lstrip('\ufeff')))
    keys = list(order)
    first = True
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if first:
            first = False
            names = [headers.get(cell.strip().lower()) for cell in row]
            if any(names) and sum(1 for n in names if n) >= 2:
                keys = names
                continue
        yield line, {k: (row[i].strip() if i < len(row) else '') for i, k in enumerate(keys) if k}


def _status_key(value, choices):
    value = (value or '').strip()
    lowered = value.lower().replace(' ', '_')
    if lowered in choices:
        return lowered
    for key, label in choices.items():
        if value == label:
            return key
    return None


def _city_lookup():
    cities = db.session.scalars(db.select(City)).all()
    lookup = {}
    for c in cities:
        for name in (c.name, c.slug, c.name_en.lower() if c.name_en else None):
            if name:
                lookup[name] = c
    return lookup


def _find_city(lookup, value):
    value = (value or '').strip()
    return lookup.get(value) or lookup.get(value.lower()) or lookup.get(persian_letters(value))


def _find_resolution(code):
    candidates = db.session.scalars(db.select(Resolution).where(Resolution.code == code)).all()
    if len(candidates) > 1:
        meeting_number = code.split('/')[0]
        candidates = [r for r in candidates if r.meeting and str(r.meeting.number) == meeting_number] or candidates
    if not candidates:
        raise CsvError(f'مصوبه‌ای با شماره {persian_digits(code)} پیدا نشد.')
    if len(candidates) > 1:
        raise CsvError(f'چند مصوبه با شماره {persian_digits(code)} هست؛ شماره را با شماره نشست بنویسید.')
    return candidates[0]


# --- bulk status update ------------------------------------------------------------------------------------

@dataclass
class BulkLine:
    line: int
    code: str = ''
    city: str = ''
    status: str = ''
    note: str = ''
    assignment: Assignment | None = None
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def parse_bulk(text):
    """Check every line of a (resolution code, city, status, note) CSV; writes nothing."""
    lookup = _city_lookup()
    lines = []
    for number, row in _rows(text, BULK_HEADERS, ('code', 'city', 'status', 'note')):
        item = BulkLine(number, row.get('code', ''), row.get('city', ''), row.get('status', ''), row.get('note', ''))
        lines.append(item)
        resolution = city = None
        if not item.code:
            item.errors.append('شماره مصوبه خالی است.')
        else:
            try:
                resolution = _find_resolution(normalize_code(item.code))
            except CsvError as exc:
                item.errors.append(str(exc))
        city = _find_city(lookup, item.city)
        if city is None:
            item.errors.append(f'شهر «{item.city}» شناخته نشد.' if item.city else 'نام شهر خالی است.')
        status = _status_key(item.status, ASSIGNMENT_STATUSES)
        if status is None:
            item.errors.append(f'وضعیت «{item.status}» معتبر نیست؛ یکی از: ' + '، '.join(ASSIGNMENT_STATUSES.values()))
        else:
            item.status = status
            if note_missing(status, item.note):
                item.errors.append(NOTE_REQUIRED_MESSAGE)
        if resolution is not None and resolution.status != 'active':
            item.errors.append('این مصوبه مختومه یا لغو شده است.')
        if resolution is not None and city is not None:
            item.assignment = db.session.scalar(db.select(Assignment).where(
                Assignment.resolution_id == resolution.id, Assignment.city_id == city.id))
            if item.assignment is None:
                item.errors.append(f'مصوبه {persian_digits(resolution.code)} به {city.name} واگذار نشده است.')
    if not lines:
        raise CsvError('فایل هیچ سطر داده‌ای ندارد.')
    return lines


def apply_bulk(lines, *, author):
    """Record one progress report per valid line (on the cities' behalf); returns how many were written."""
    written = 0
    for item in lines:
        if item.ok:
            report_progress(item.assignment, author=author, status=item.status, note=item.note)
            written += 1
    return written


# --- archive import ----------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def _archive_data(row, lookup):
    from ..meetings.models import Meeting
    code = normalize_code(row.get('code'))
    title = (row.get('title') or '').strip()
    if not code:
        raise CsvError('شماره مصوبه خالی است.')
    if not title:
        raise CsvError('عنوان خالی است.')
    if len(title) > 300:
        raise CsvError('عنوان بیش از ۳۰۰ نویسه است.')
    meeting, warning = None, None
    number = to_latin_digits(row.get('meeting') or '').strip()
    if number:
        if not number.isdigit():
            raise CsvError(f'شماره نشست «{row.get("meeting")}» عدد نیست.')
        meeting = db.session.scalar(db.select(Meeting).where(Meeting.number == int(number)))
        if meeting is None:
            warning = f'نشست {persian_digits(number)} در سامانه نیست؛ مصوبه بدون نشست ثبت شد.'
    deadline = None
    if row.get('deadline'):
        try:
            deadline = parse_date(row['deadline'], allow_gregorian=True)
        except DateParseError as exc:
            raise CsvError(f'مهلت: {exc}') from None
    scope_text = (row.get('scope') or '').strip()
    if not scope_text or scope_text.lower() in ALL_WORDS:
        scope, city_ids = 'all', []
    else:
        scope, city_ids = 'selected', []
        for name in re.split(r'[،,;|]', scope_text):
            if name.strip():
                city = _find_city(lookup, name)
                if city is None:
                    raise CsvError(f'شهر «{name.strip()}» شناخته نشد.')
                city_ids.append(city.id)
    status = 'active'
    if row.get('status'):
        status = _status_key(row['status'], STATUSES)
        if status is None:
            raise CsvError(f'وضعیت «{row["status"]}» معتبر نیست.')
    ref = (row.get('ref') or '').strip() or f'archive:{number or "-"}:{code}'
    data = dict(code=code, title=title, text=row.get('text') or '', category=row.get('category') or '',
                meeting=meeting, deadline=deadline, scope=scope, city_ids=city_ids)
    return ref, status, data, warning


def import_archive(text, *, author=None):
    """Import resolutions from an archive CSV (code, title, text, meeting number, deadline, scope).

    Each line is checked on its own: a bad line is reported with its number and the others still import.
    The `ref` (a column, or made from meeting and code) makes a second import of the same file change nothing.
    """
    result = ImportResult()
    lookup = _city_lookup()
    for number, row in _rows(text, ARCHIVE_HEADERS, ('code', 'title', 'text', 'meeting', 'deadline', 'scope')):
        try:
            ref, status, data, warning = _archive_data(row, lookup)
            if db.session.scalar(db.select(Resolution.id).where(Resolution.ref == ref)):
                result.unchanged += 1
                continue
            with db.session.begin_nested():
                resolution = create_resolution(data, author=author, announce=status == 'active')
                resolution.ref, resolution.status = ref, status
                db.session.flush()
        except (CsvError, ResolutionError) as exc:
            result.errors.append((number, str(exc)))
            continue
        result.created += 1
        if warning:
            result.warnings.append((number, warning))
    return result
