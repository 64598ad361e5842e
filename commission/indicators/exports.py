"""CSV (UTF-8 with BOM) and XLSX (right-to-left) of indicator values; every text cell neutralised.

`period_table` is a period's sheet: one row per member city, one column per indicator. It is also the
import template: fill it in and upload it on the import page.
openpyxl is imported inside the XLSX functions (start-up time).
"""
import io

from ..cities.services import member_cities
from ..exports import to_csv, xlsx_append
from ..jalali import persian_digits
from .models import ORDINAL_QUARTERS
from .services import active_indicators_for, values_for_export


def period_table(period):
    """Header and rows of a period: «شهر» then each indicator (name); values as numbers, '' when missing."""
    indicators = active_indicators_for(period)
    extra = {v.indicator for v in values_for_export(period)} - set(indicators)
    indicators = indicators + sorted(extra, key=lambda i: (i.position, i.name))
    values = {(v.indicator_id, v.city_id): v.value for v in values_for_export(period)}
    cities = member_cities()
    header = ['شهر'] + [i.name for i in indicators]
    rows = [[c.name] + [_number(values.get((i.id, c.id))) for i in indicators] for c in cities]
    return header, rows


def all_values_table(values):
    header = ['شاخص', 'واحد', 'دوره', 'سال', 'فصل', 'شهر', 'مقدار', 'توضیح', 'ثبت‌کننده', 'آخرین تغییر']
    rows = []
    for v in sorted(values, key=lambda v: (v.period.sort_key, v.indicator.position, v.indicator.name, v.city.name)):
        rows.append([v.indicator.name, v.indicator.unit, v.period.label, persian_digits(v.period.year),
                     ORDINAL_QUARTERS.get(v.period.quarter, 'کل سال'), v.city.name, _number(v.value), v.note,
                     v.entered_by.full_name if v.entered_by else '', v.updated_dt.strftime('%Y-%m-%d %H:%M')])
    return header, rows


def _number(value):
    if value is None:
        return ''
    return int(value) if float(value).is_integer() else value


def to_xlsx(header, rows, title):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.sheet_view.rightToLeft = True
    xlsx_append(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True, color='FFFFFF')
        cell.fill = PatternFill('solid', fgColor='0F5F73')
        cell.alignment = Alignment(horizontal='center', vertical='center', wrap_text=True)
    for row in rows:
        xlsx_append(ws, row)
    for i, name in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(str(name)) + 4))
    ws.freeze_panes = 'B2'
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(header, rows):
    return to_csv(header, rows)
