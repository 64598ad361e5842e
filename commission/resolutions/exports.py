"""CSV (UTF-8 with BOM, so Excel shows Persian) and XLSX (right-to-left sheets, Jalali dates) of the matrix
and a scorecard.

Codes and dates are written with Persian digits: Excel would otherwise turn a code like 3/2 into a date.
openpyxl is imported inside the XLSX functions: at module level it cost every worker ~0.3 s at start-up.
User text is neutralised by commission.exports (no cell can become a formula).
"""
import io

from ..exports import to_csv, xlsx_append
from ..jalali import format_jalali, persian_digits
from .models import ASSIGNMENT_STATUSES, DISPLAY_STATUSES

#: cell colours in the XLSX, the same family as the badges on screen
FILLS = {
    'not_started': 'E9ECEF', 'in_progress': 'CFE2FF', 'blocked': 'FFD8B5', 'done_pending': 'D1F0E0',
    'returned': 'FFF3CD', 'done': '7BC89A', 'not_applicable': 'FFFFFF',
}
OVERDUE_MARK = ' (دیرکرد)'


def cell_text(cell):
    if cell is None:
        return ''
    return DISPLAY_STATUSES[cell.status] + (OVERDUE_MARK if cell.overdue else '')


def meeting_label(resolution):
    return resolution.meeting.name if resolution.meeting else ''


def matrix_table(data):
    """Header and rows of the matrix, as strings and numbers."""
    cities = data['cities']
    header = ['شماره', 'عنوان', 'نشست', 'مهلت', 'پیشرفت (درصد)', 'دیرکرد'] + [c.name for c in cities]
    rows = []
    for resolution, cells, totals in data['rows']:
        rows.append(([persian_digits(resolution.code), resolution.title, meeting_label(resolution),
                      format_jalali(resolution.deadline), totals['percent'], totals['overdue']]
                     + [cell_text(c) for c in cells], cells))
    footer = ['', 'انجام‌شده از مشمول', '', '', data['grand']['percent'], data['grand']['overdue']] + [
        f"{persian_digits(t['done'])} از {persian_digits(t['applicable'])}" for t in data['columns']]
    return header, rows, footer


def scorecard_table(card):
    header = ['شماره', 'عنوان', 'نشست', 'مهلت', 'وضعیت', 'دیرکرد', 'درصد پیشرفت', 'آخرین توضیح', 'آخرین به‌روزرسانی']
    rows = []
    for a in card['assignments']:
        r = a.resolution
        rows.append([persian_digits(r.code), r.title, meeting_label(r), format_jalali(a.effective_deadline),
                     DISPLAY_STATUSES[a.display_status], 'بله' if a.id in card['overdue_ids'] else '',
                     a.percent if a.percent is not None else '', a.last_note, format_jalali(a.updated_dt, 'datetime')])
    return header, rows


def matrix_csv(data):
    header, rows, footer = matrix_table(data)
    return to_csv(header, [r for r, _ in rows] + [footer])


def scorecard_csv(card):
    return to_csv(*scorecard_table(card))


def _sheet(ws, header, widths):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    ws.sheet_view.rightToLeft = True
    xlsx_append(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True, color='FFFFFF')
        cell.fill = PatternFill('solid', fgColor='0F5F73')
        cell.alignment = Alignment(horizontal='center', vertical='center', wrap_text=True)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = 'C2'


def _save(wb):
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def matrix_xlsx(data, today):
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    header, rows, footer = matrix_table(data)
    wb = Workbook()
    ws = wb.active
    ws.title = 'ماتریس پیگیری'
    _sheet(ws, header, [9, 48, 12, 12, 12, 8] + [14] * len(data['cities']))
    for values, cells in rows:
        xlsx_append(ws, values)
        for offset, cell in enumerate(cells):
            if cell is not None:
                target = ws.cell(row=ws.max_row, column=7 + offset)
                target.fill = PatternFill('solid', fgColor=FILLS[cell.status])
                if cell.overdue:
                    target.font = Font(bold=True, color='B02A37')
    xlsx_append(ws, footer)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.append([])
    xlsx_append(ws, ['تاریخ گزارش', format_jalali(today)])
    return _save(wb)


def scorecard_xlsx(card, today):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    header, rows = scorecard_table(card)
    wb = Workbook()
    ws = wb.active
    ws.title = 'کارنامه'
    ws.sheet_view.rightToLeft = True
    city = card['city']
    summary = [('شهر', city.name), ('تاریخ گزارش', format_jalali(today)),
               ('درصد تحقق', card['percent']), ('میانگین کمیسیون', card['average']),
               ('دیرکرد', len(card['overdue']))]
    summary += [(label, card['counts'][key]) for key, label in DISPLAY_STATUSES.items()]
    for label, value in summary:
        xlsx_append(ws, [label, value])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.column_dimensions['A'].width = 26
    ws.column_dimensions['B'].width = 18
    detail = wb.create_sheet('مصوبه‌ها')
    _sheet(detail, header, [9, 48, 12, 12, 22, 8, 10, 50, 20])
    for row in rows:
        xlsx_append(detail, row)
    return _save(wb)


#: the bulk update's template: «شماره» and «عنوان» spelled and written as the matrix and scorecard exports write them
BULK_TEMPLATE_HEADER = ['شماره', 'عنوان', 'شهر', 'وضعیت', 'توضیح']


def bulk_template_xlsx(assignments):
    """The bulk-update sheet: one row per open assignment with its current status, the note left to fill in."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation
    wb = Workbook()
    ws = wb.active
    ws.title = 'به‌روزرسانی گروهی'
    _sheet(ws, BULK_TEMPLATE_HEADER, [9, 48, 14, 18, 50])
    for a in assignments:
        xlsx_append(ws, [persian_digits(a.resolution.code), a.resolution.title, a.city.name,
                         ASSIGNMENT_STATUSES[a.status], ''])
    choices = DataValidation(type='list', formula1='"' + ','.join(ASSIGNMENT_STATUSES.values()) + '"', allow_blank=True)
    choices.error, choices.errorTitle = 'یکی از وضعیت‌های فهرست را انتخاب کنید.', 'وضعیت'
    ws.add_data_validation(choices)
    choices.add(f'D2:D{max(ws.max_row, 2) + 200}')
    return _save(wb)
