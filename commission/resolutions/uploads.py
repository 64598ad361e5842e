"""Reading an uploaded sheet as CSV text: XLSX, or CSV saved as UTF-8, UTF-16 (Excel's «Unicode Text») or cp1256.

Everything becomes comma-separated text, so the preview, the confirmation (which carries the text) and the
import read one format. openpyxl is imported inside `xlsx_to_csv`: at module level it costs start-up time.
"""
import csv
import datetime as dt
import io
import re
import zipfile

UNREADABLE = 'فایل خوانده نشد؛ آن را در Excel با قالب «CSV» یا «Excel Workbook (xlsx)» دوباره ذخیره کنید.'
XLSX_BROKEN = 'فایل Excel خوانده نشد (شاید آسیب دیده یا با گذرواژه بسته شده است)؛ آن را دوباره ذخیره کنید.'
_ZIP_MAGIC = b'PK\x03\x04'
#: control characters no spreadsheet writes into CSV text: a file that decodes to them was not text
_NOT_TEXT = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f]')
#: cp1256 has no Persian ye and kaf: text saved in it carries the Arabic letters, read back as Persian
_ARABIC_LETTERS = str.maketrans('يكى', 'یکی')


class UploadError(ValueError):
    pass


def _utf16_without_bom(data):
    """'utf-16-le' or 'utf-16-be' when NUL bytes fill one side of most byte pairs (Persian or Latin text)."""
    sample = data[:4000]
    pairs = len(sample) // 2
    if pairs == 0 or b'\x00' not in sample:
        return None
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd > pairs * 0.3 and odd > even:
        return 'utf-16-le'
    if even > pairs * 0.3:
        return 'utf-16-be'
    return None


def decode_text(data):
    """The text of CSV bytes: UTF-8 (BOM or not), UTF-16 (BOM, or told by its NUL bytes), else cp1256."""
    if data.startswith((b'\xff\xfe', b'\xfe\xff')):
        encodings = ['utf-16']
    elif data.startswith(b'\xef\xbb\xbf'):
        encodings = ['utf-8-sig']
    elif (utf16 := _utf16_without_bom(data)) is not None:
        encodings = [utf16]
    else:
        encodings = ['utf-8', 'cp1256']
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _NOT_TEXT.search(text):
            text = text.translate(_ARABIC_LETTERS) if encoding == 'cp1256' else text
            return _to_commas(text.lstrip('\ufeff'))
    raise UploadError(UNREADABLE)


def _to_commas(text):
    """Tab- or semicolon-separated text (Excel's «Unicode Text», some locales' CSV) rewritten with commas."""
    first = next((line for line in text.splitlines() if line.strip()), '')
    delimiter = max(('\t', ';', ','), key=first.count)
    if delimiter == ',' or not first.count(delimiter):
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator='\n').writerows(csv.reader(io.StringIO(text), delimiter=delimiter))
    return out.getvalue()


def _cell_text(value):
    if value is None:
        return ''
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def xlsx_to_csv(data):
    """The first sheet of an XLSX workbook as CSV text (dates as Gregorian ISO dates, whole numbers without .0)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    # a damaged workbook fails as a bad zip, a missing part, bad XML or a bad value, depending on where it is broken
    except (InvalidFileException, zipfile.BadZipFile, KeyError, IndexError, ValueError, TypeError, OSError,
            SyntaxError):
        raise UploadError(XLSX_BROKEN) from None
    out = io.StringIO()
    csv.writer(out, lineterminator='\n').writerows(rows)
    return out.getvalue()


def read_upload(data, filename=''):
    """CSV text of an uploaded file: an XLSX workbook (told by its name or its zip signature), or CSV bytes."""
    if isinstance(data, str):
        return data
    if data.startswith(_ZIP_MAGIC) or filename.lower().endswith('.xlsx'):
        return xlsx_to_csv(data)
    return decode_text(data)
