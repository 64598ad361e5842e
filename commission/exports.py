"""What every CSV and XLSX export goes through: user text can never become a spreadsheet formula.

A cell that starts with = + - @ (or their full-width forms ＝ ＋ － ＠), a tab or a carriage return is
run as a formula by Excel and LibreOffice (CSV injection). In CSV such a cell gets a leading apostrophe;
in XLSX every text cell is written as a string (data type 's') and such a cell is also quote-prefixed,
so editing it in Excel keeps it text.
"""
import csv
import io
import re

_FORMULA_START = re.compile(r'^(?:\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r\n])')


def is_formula_like(value):
    return isinstance(value, str) and bool(_FORMULA_START.match(value))


def neutralise(value):
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if is_formula_like(value):
        return "'" + value
    return value


def to_csv(header, rows):
    """UTF-8 with a BOM, CRLF line ends (what Excel expects to show Persian), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow([neutralise(v) for v in header])
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return ('\ufeff' + out.getvalue()).encode('utf-8')


def xlsx_append(ws, values):
    """Append a row to an openpyxl sheet with every text cell a plain string, never a formula."""
    ws.append([None if isinstance(v, str) else v for v in values])
    row = ws.max_row
    for column, value in enumerate(values, 1):
        if isinstance(value, str) and value:
            cell = ws.cell(row=row, column=column)
            cell.value = value
            cell.data_type = 's'
            if is_formula_like(value):
                cell.quotePrefix = True
    return row
