"""No cell of user text in a CSV or XLSX export can become a spreadsheet formula."""
import csv
import io

import pytest
from openpyxl import load_workbook

from commission.exports import neutralise

DANGEROUS = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1',
             '＝1+1', '＋1', '－1', '＠SUM(A1)', '  =1+1']


@pytest.mark.parametrize('text', DANGEROUS)
def test_formula_like_text_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize('value', ['گزارش عادی', 'a=b', '۳/۲', 12, None, 50.5])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def _dangerous_report(make):
    city = make.city(name='=کرج', slug='karaj-formula')
    resolution = make.resolution([city], title='+عنوان')
    make.report(resolution.assignments[0], author=make.user(role='secretariat'), note='=HYPERLINK("http://evil")')
    return city


def test_scorecard_csv_neutralises_the_note(client, make, login):
    city = _dangerous_report(make)
    login(make.user(role='secretariat'))
    text = client.get(f'/resolutions/scorecard/{city.slug}.csv').data.decode('utf-8-sig')
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells and "'+عنوان" in cells
    assert not any(c[:1] in '=+-@＝＋－＠\t\r' for c in cells if c)


@pytest.mark.parametrize('url', ['/resolutions/scorecard/{slug}.xlsx', '/resolutions/dashboard.xlsx?state=all'])
def test_xlsx_exports_write_user_text_as_strings(client, make, login, url):
    city = _dangerous_report(make)
    login(make.user(role='secretariat'))
    workbook = load_workbook(io.BytesIO(client.get(url.format(slug=city.slug)).data))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert cells and all(c.data_type == 's' for c in cells)
    risky = [c for c in cells if c.value[:1] in '=+-@']
    assert risky and all(c.quotePrefix for c in risky)


def test_matrix_csv_neutralises_city_names_in_the_header(client, make, login):
    _dangerous_report(make)
    login(make.user(role='secretariat'))
    text = client.get('/resolutions/dashboard.csv?state=all').data.decode('utf-8-sig')
    header = next(csv.reader(io.StringIO(text)))
    assert "'=کرج" in header
