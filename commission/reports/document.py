"""A report as plain sections (headings, paragraphs, tables of text), for the DOCX download.

The web page and the print view are templates; this is the same content for a word processor, every number
already in Persian digits.
"""
import dataclasses

from ..jalali import format_jalali, persian_digits, persian_number
from ..meetings.models import ATTENDANCE
from ..resolutions.models import DISPLAY_STATUSES


@dataclasses.dataclass
class Section:
    title: str
    paragraphs: list = dataclasses.field(default_factory=list)
    headers: list = dataclasses.field(default_factory=list)
    rows: list = dataclasses.field(default_factory=list)
    empty: str = ''


def percent(value):
    return '—' if value is None else f'{persian_digits(value)}٪'


def number(value):
    """A figure as the report writes it: Persian digits, a decimal point as «٫», — when missing."""
    if value is None or value == '':
        return '—'
    if isinstance(value, float) and not value.is_integer():
        return persian_digits(f'{value:,.1f}'.replace(',', '٬').replace('.', '٫'))
    return persian_number(value)


def field(row, name, default=None):
    """A field of an indicator row, whether the summary gives objects or mappings."""
    if isinstance(row, dict):
        return row.get(name, default)
    return getattr(row, name, default)


def indicator_name(row):
    indicator = field(row, 'indicator')
    name = field(indicator, 'name', None) if not isinstance(indicator, str) else indicator
    unit = field(indicator, 'unit', '') if not isinstance(indicator, str) else ''
    return f'{name} ({unit})' if unit else str(name)


def comparison(row):
    """«بهتر از میانه» / «پایین‌تر از میانه» / «برابر میانه», from the row's `better` (True, False or None)."""
    better = field(row, 'better')
    if field(row, 'value') is None:
        return 'ثبت نشده'
    return {True: 'بهتر از میانه', False: 'پایین‌تر از میانه'}.get(better, 'برابر میانه')


def rank_text(row):
    rank, of = field(row, 'rank'), field(row, 'of')
    return f'{persian_digits(rank)} از {persian_digits(of)}' if rank else '—'


INDICATOR_HEADERS = ['شاخص', 'مقدار', 'میانه کمیسیون', 'دوره قبل', 'رتبه', 'نسبت به میانه']


def indicator_table(rows):
    return [[indicator_name(r), number(field(r, 'value')), number(field(r, 'median')), number(field(r, 'previous')),
             rank_text(r), comparison(r)] for r in rows]


def _indicator_section(rows, title='شاخص‌ها در برابر میانه کمیسیون'):
    recorded = any(field(r, 'value') is not None for r in rows)
    return Section(title, headers=INDICATOR_HEADERS, rows=indicator_table(rows) if recorded else [],
                   empty='برای این دوره هنوز مقدار هیچ شاخصی ثبت نشده است.')


def introduction_paragraphs(text):
    """The Markdown introduction as plain paragraphs (marks of headings, lists and emphasis taken off)."""
    paragraphs = []
    for block in (text or '').replace('\r\n', '\n').split('\n\n'):
        lines = [line.strip().lstrip('#>').strip() for line in block.split('\n') if line.strip()]
        lines = [line[2:] if line[:2] in ('- ', '* ', '+ ') else line for line in lines]
        if lines:
            paragraphs.append(' '.join(lines).replace('**', '').replace('__', ''))
    return paragraphs


def city_sections(data):
    totals, att = data.progress, data.attendance_totals
    sections = [Section('مقدمه', paragraphs=introduction_paragraphs(data.report.introduction if data.report else ''),
                        empty='مقدمه‌ای نوشته نشده است.'),
                _indicator_section(data.indicators)]
    sections.append(Section(
        'پیشرفت اجرای مصوبه‌ها',
        paragraphs=[f'{persian_digits(totals["done"])} مصوبه از {persian_digits(totals["applicable"])} مصوبه مشمول '
                    f'انجام و تأیید شده است ({percent(totals["percent"])})؛ {persian_digits(totals["overdue"])} مصوبه '
                    f'از مهلت گذشته و {persian_digits(totals["reports"])} گزارش پیشرفت در این دوره فرستاده شده است.'],
        headers=['شماره', 'مصوبه', 'وضعیت', 'پیشرفت', 'مهلت', 'گزارش در دوره'],
        rows=[[persian_digits(line.resolution.code), line.resolution.title,
               DISPLAY_STATUSES.get(line.status, line.status) + (' (معوق)' if line.overdue else ''),
               percent(line.percent), format_jalali(line.resolution.deadline) or '—', persian_digits(line.reports)]
              for line in data.resolutions],
        empty='در این دوره مصوبه‌ای به این شهر واگذار نشده بود.'))
    sections.append(Section(
        'حضور در نشست‌های کمیسیون',
        paragraphs=[f'از {persian_digits(att["meetings"])} نشست برگزارشده، در {persian_digits(att["present"])} نشست '
                    f'حاضر بوده است ({percent(att["percent"])}).'] if att['meetings'] else [],
        headers=['نشست', 'تاریخ', 'حضور'],
        rows=[[m.name, format_jalali(m.meeting_date), ATTENDANCE.get(data.attendance.get(m.id), 'ثبت نشده')]
              for m in data.meetings],
        empty='در این دوره نشستی برگزار نشده است.'))
    sections.append(Section(
        'تجربه‌های منتشرشده در این دوره', headers=['تجربه', 'موضوع', 'تاریخ انتشار'],
        rows=[[p.title, p.category.name if p.category else '—', format_jalali(p.published_dt)] for p in data.practices],
        empty='در این دوره تجربه‌ای منتشر نشده است.'))
    sections.append(Section(
        'تجربه‌هایی که شهرهای دیگر به کار گرفتند', headers=['تجربه', 'شهر به‌کارگیرنده', 'تاریخ'],
        rows=[[a.practice.title, a.city.name, format_jalali(a.created_dt)] for a in data.adopted_by_others],
        empty='در این دوره شهر دیگری تجربه‌های این شهر را به کار نگرفته است.'))
    sections.append(Section(
        'تجربه‌هایی که این شهر از دیگران به کار گرفت', headers=['تجربه', 'شهر صاحب تجربه', 'تاریخ'],
        rows=[[a.practice.title, a.practice.city.name, format_jalali(a.created_dt)] for a in data.adopted_from_others],
        empty='در این دوره تجربه‌ای از شهرهای دیگر به کار گرفته نشده است.'))
    return sections


def commission_sections(data):
    totals = data.totals
    sections = [Section('مقدمه', paragraphs=introduction_paragraphs(data.report.introduction if data.report else ''),
                        empty='مقدمه‌ای نوشته نشده است.')]
    sections.append(Section('خلاصه', paragraphs=[
        f'{persian_digits(totals["cities"])} شهر عضو؛ {persian_digits(totals["meetings"])} نشست برگزارشده؛ '
        f'{persian_digits(totals["practices"])} تجربه منتشرشده و {persian_digits(totals["adoptions"])} بار به‌کارگیری '
        f'تجربه شهرهای دیگر؛ پیشرفت کل مصوبه‌ها {percent(totals["percent"])} '
        f'({persian_digits(totals["done"])} از {persian_digits(totals["applicable"])}).']))
    sections.append(Section(
        'رتبه‌بندی شهرها',
        paragraphs=['ترتیب: پیشرفت مصوبه‌ها، سپس حضور در نشست‌ها، سپس تجربه‌های منتشرشده.'],
        headers=['رتبه', 'شهر', 'پیشرفت مصوبه‌ها', 'معوق', 'حضور در نشست‌ها', 'تجربه منتشرشده', 'به‌کارگیری توسط دیگران'],
        rows=[[persian_digits(r.rank), r.city.name,
               f'{percent(r.progress["percent"])} ({persian_digits(r.progress["done"])} از '
               f'{persian_digits(r.progress["applicable"])})', persian_digits(r.progress['overdue']),
               f'{persian_digits(r.attendance["present"])} از {persian_digits(r.attendance["meetings"])}',
               persian_digits(r.practices), persian_digits(r.adopted_by_others)] for r in data.cities],
        empty='شهر عضوی ثبت نشده است.'))
    sections.append(Section(
        'پیشرفت هر مصوبه در شهرها', headers=['شماره', 'مصوبه', 'انجام‌شده', 'پیشرفت', 'معوق'],
        rows=[[persian_digits(res.code), res.title,
               f'{persian_digits(p["done"])} از {persian_digits(p["applicable"])}', percent(p['percent']),
               persian_digits(p['overdue'])] for res, p in data.resolutions],
        empty='مصوبه‌ای برای این دوره نیست.'))
    for indicator, rows in indicator_rankings(data.indicators):
        sections.append(Section(f'شاخص: {indicator}', headers=['رتبه', 'شهر', 'مقدار', 'دوره قبل', 'نسبت به میانه'],
                                rows=[[persian_digits(field(r, 'rank')) if field(r, 'rank') else '—', city.name,
                                       number(field(r, 'value')), number(field(r, 'previous')), comparison(r)]
                                      for city, r in rows]))
    return sections


def indicator_rankings(per_city):
    """[(indicator name, [(city, row)] best rank first)] from each city's indicator rows."""
    by_indicator = {}
    for city, rows in per_city:
        for row in rows or ():
            by_indicator.setdefault(indicator_name(row), []).append((city, row))
    return [(name, sorted(items, key=lambda item: (field(item[1], 'rank') or 10**6, item[0].name)))
            for name, items in by_indicator.items()]


def indicator_matrix(per_city):
    """(indicators, [(city, [row per indicator])], medians): every city's value and rank, one column an indicator."""
    order, seen = [], set()
    for _city, rows in per_city:
        for row in rows or ():
            indicator = field(row, 'indicator')
            if indicator.id not in seen:
                seen.add(indicator.id)
                order.append(indicator)
    lines = []
    medians = {}
    for city, rows in per_city:
        by_id = {field(r, 'indicator').id: r for r in rows or ()}
        lines.append((city, [by_id.get(i.id) for i in order]))
        for i in order:
            if i.id in by_id and field(by_id[i.id], 'median') is not None:
                medians[i.id] = field(by_id[i.id], 'median')
    if not medians:  # no city has a value for any indicator in this period
        return [], [], []
    return order, lines, [medians.get(i.id) for i in order]
