"""The print view (A4, RTL), the DOCX (right-to-left paragraphs and tables) and the server's PDF."""
import datetime as dt
import io
import os

import docx
import pytest
from docx.oxml.ns import qn

URL = '/reports/city/shiraz-o/1404/2'


@pytest.fixture
def shiraz(db, make, client, login):
    city = make.city(name='شیراز', slug='shiraz-o')
    resolution = make.resolution([city], code='5/3', title='گزارش عملکرد با قالب یکسان', adopted_on=dt.date(2025, 1, 5),
                                 deadline=dt.date(2025, 12, 1))
    report = make.report(resolution.assignments[0], status='in_progress', percent=35)
    report.created_dt = dt.datetime(2025, 6, 1)
    make.city_report(city, introduction='## سخن نخست\nشیراز در **شش ماه نخست** ۱۲ کارگاه برگزار کرد.')
    login(make.user(role='director', city=city, full_name='مدیر ارتباطات شیراز'))
    db.session.commit()
    return city


def test_print_view_is_an_a4_rtl_sheet(client, shiraz):
    response = client.get(URL + '/print')
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in html and 'css/reports.css' in html and 'rp-sheet' in html
    assert 'style=' not in html and '<script>' not in html  # the CSP allows neither
    assert 'پیش‌نویس' in html  # a draft says so on paper
    assert '۳۵٪' in html and 'گزارش عملکرد با قالب یکسان' in html
    css = open(os.path.join(client.application.static_folder, 'css', 'reports.css'), encoding='utf-8').read()
    assert 'size: A4' in css and '@media print' in css


def _bidi_paragraphs(document):
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return paragraphs


def test_docx_is_right_to_left_with_persian_digits(client, shiraz):
    response = client.get(URL + '/report.docx')
    assert response.status_code == 200
    assert response.headers['Content-Type'].startswith('application/vnd.openxmlformats-officedocument')
    assert 'report-shiraz-o-1404-2.docx' in response.headers['Content-Disposition']
    document = docx.Document(io.BytesIO(response.data))
    text = '\n'.join(p.text for p in _bidi_paragraphs(document))
    assert 'گزارش عملکرد شش‌ماهه نخست ۱۴۰۴ شهرداری شیراز' in text
    assert 'سخن نخست' in text and 'شش ماه نخست ۱۲ کارگاه' in text.replace('**', '')
    assert '۳۵٪' in text and '۱۴۰۴/۰۹/۱۰' in text  # the percent and the deadline in Persian digits
    assert not any(ch.isdigit() and ch.isascii() for ch in text.replace('1404-2', ''))
    for paragraph in _bidi_paragraphs(document):
        if paragraph.text.strip():
            assert paragraph._p.pPr is not None and paragraph._p.pPr.find(qn('w:bidi')) is not None, paragraph.text
            for run in paragraph.runs:
                assert run._r.rPr.find(qn('w:rtl')) is not None
                assert run._r.rPr.find(qn('w:rFonts')).get(qn('w:cs')) == 'Vazirmatn'
    assert document.tables, 'the resolutions table'
    for table in document.tables:
        assert table._tbl.tblPr.find(qn('w:bidiVisual')) is not None
    resolution_table = next(t for t in document.tables if t.rows[0].cells[0].text == 'شماره')
    assert [c.text for c in resolution_table.rows[1].cells][:4] == ['۵/۳', 'گزارش عملکرد با قالب یکسان', 'در حال اقدام',
                                                                   '۳۵٪']
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section._sectPr.find(qn('w:bidi')) is not None


def test_commission_docx(client, login, make, shiraz, db):
    login(make.user(role='secretariat'))
    document = docx.Document(io.BytesIO(client.get('/reports/commission/1404/2/report.docx').data))
    text = '\n'.join(p.text for p in _bidi_paragraphs(document))
    assert 'رتبه‌بندی شهرها' in text and 'شیراز' in text


def _need_chromium():
    if not os.path.exists('/usr/bin/chromium'):
        if os.environ.get('REQUIRE_BROWSER'):
            pytest.fail('Chromium not installed but REQUIRE_BROWSER is set')
        pytest.skip('Chromium not installed: the PDF link falls back to the print view')


def test_pdf_rendered_by_chromium(client, shiraz, app, tmp_path):
    _need_chromium()
    from pypdf import PdfReader
    response = client.get(URL + '/report.pdf')
    assert response.status_code == 200 and response.headers['Content-Type'] == 'application/pdf'
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.pages and reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4 in points
    fonts = {str(f) for page in reader.pages for f in (page['/Resources'].get('/Font') or {}).values()}
    assert fonts  # text, not an image of it
    again = client.get(URL + '/report.pdf')
    assert again.data == response.data  # the same report is printed once and kept


def test_pdf_without_renderer_opens_the_print_view(client, shiraz, app):
    saved = app.config['PDF_BROWSER']
    app.config['PDF_BROWSER'] = ''
    try:
        response = client.get(URL + '/report.pdf')
        page = client.get(URL).get_data(as_text=True)
    finally:
        app.config['PDF_BROWSER'] = saved
    assert response.status_code == 302 and response.headers['Location'].endswith(URL + '/print')
    assert 'PDF (از نمای چاپی)' in page


def test_pdf_renderer_failure_opens_the_print_view(client, shiraz, app, tmp_path):
    broken = tmp_path / 'chromium'
    broken.write_text('#!/bin/sh\nexit 3\n')
    broken.chmod(0o755)
    saved = app.config['PDF_BROWSER']
    app.config['PDF_BROWSER'] = str(broken)
    try:
        response = client.get('/reports/city/shiraz-o/1404/1/report.pdf')
    finally:
        app.config['PDF_BROWSER'] = saved
    assert response.status_code == 302 and response.headers['Location'].endswith('/1404/1/print')


def test_pdf_and_docx_are_rate_limited_as_exports(client, shiraz, app):
    saved = app.config['EXPORT_LIMIT'], app.config['PDF_BROWSER']
    app.config.update(EXPORT_LIMIT='2 per minute', PDF_BROWSER='')
    try:
        codes = [client.get(URL + '/report.pdf').status_code for _ in range(3)]
    finally:
        app.config['EXPORT_LIMIT'], app.config['PDF_BROWSER'] = saved
    assert codes == [302, 302, 429]


def test_docx_properties_are_in_the_schemas_order(client, shiraz):
    """Word refuses a file whose property elements are out of order (w:bidi after w:jc, w:rtl before w:sz...)."""
    from commission.reports.docx_export import ORDER, _short
    document = docx.Document(io.BytesIO(client.get(URL + '/report.docx').data))
    checked, wrong = 0, []
    for root in (document.element.body, document.styles.element):
        for node in root.iter():
            order = ORDER.get(_short(node.tag))
            if order:
                checked += 1
                children = [_short(c.tag) for c in node]
                positions = [order.index(c) for c in children if c in order]
                if positions != sorted(positions) or any(c not in order for c in children):
                    wrong.append((_short(node.tag), children))
    assert checked > 100 and wrong == []


def test_no_latin_digit_in_the_report_pages(client, login, make, shiraz, db):
    from ..core.test_persian_digits import latin_digits
    for path in (URL, URL + '/print', '/reports/?year=1404&span=2'):
        assert latin_digits(client.get(path).get_data(as_text=True)) == [], path
    login(make.user(role='secretariat', full_name='دبیر کمیسیون'))
    for path in ('/reports/commission/1404/2', '/reports/commission/1404/2/print'):
        assert latin_digits(client.get(path).get_data(as_text=True)) == [], path
