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


@pytest.fixture
def pdf_cache(app):
    """The kept PDFs' folder, empty for each test (the instance folder is shared by the session)."""
    import shutil
    with app.app_context():
        from commission.reports.pdf import cache_dir
        folder = cache_dir()
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def browser(app, tmp_path, pdf_cache):
    """Set PDF_BROWSER to a script; returns a function writing it (`fake_pdf`: a stand-in Chromium that prints)."""
    saved = app.config['PDF_BROWSER']

    def install(body):
        path = tmp_path / 'chromium'
        path.write_text('#!/bin/sh\n' + body)
        path.chmod(0o755)
        app.config['PDF_BROWSER'] = str(path)
        return path
    yield install
    app.config['PDF_BROWSER'] = saved


FAKE_PDF = ('for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4 fake" > "${a#--print-to-pdf=}";; '
            'esac; done\n')


@pytest.fixture
def no_print_in_request(monkeypatch):
    """Chromium started while this is active fails the test: the web request only records a job."""
    from commission.reports import pdf

    def refuse(*args, **kwargs):
        raise AssertionError('Chromium started inside the web request')
    monkeypatch.setattr(pdf, '_print', refuse)
    return lambda: monkeypatch.undo()


def _pdf_jobs(db):
    from commission.jobs.models import Job
    db.session.expire_all()
    return db.session.scalars(db.select(Job).where(Job.kind == 'reports.pdf').order_by(Job.id)).all()


def test_pdf_link_records_a_job_and_answers_at_once(client, shiraz, db, browser, no_print_in_request):
    browser(FAKE_PDF)
    response = client.get(URL + '/report.pdf')
    html = response.get_data(as_text=True)
    assert response.status_code == 202
    assert 'نسخه PDF در حال آماده شدن است' in html
    assert f'<meta http-equiv="refresh" content="4; url={URL}/report.pdf">' in html
    assert f'href="{URL}/print"' in html and 'style=' not in html
    jobs = _pdf_jobs(db)
    assert len(jobs) == 1 and jobs[0].status == 'pending'
    assert {k: jobs[0].payload[k] for k in ('city', 'year', 'span')} == {'city': 'shiraz-o', 'year': 1404, 'span': 2}
    # reloading while it waits records nothing more
    assert client.get(URL + '/report.pdf').status_code == 202
    assert len(_pdf_jobs(db)) == 1


def test_worker_prints_the_pdf_and_the_link_serves_it(client, shiraz, db, browser, no_print_in_request, run_jobs,
                                                      pdf_cache):
    browser(FAKE_PDF)
    assert client.get(URL + '/report.pdf').status_code == 202
    no_print_in_request()  # the worker may print
    run_jobs()
    assert _pdf_jobs(db)[0].status == 'done'
    kept = [name for name in os.listdir(pdf_cache)]
    assert len(kept) == 1 and kept[0].endswith('.pdf')  # renamed into place, no partial file left
    response = client.get(URL + '/report.pdf')
    assert response.status_code == 200 and response.headers['Content-Type'] == 'application/pdf'
    assert response.data == b'%PDF-1.4 fake'
    assert 'report-shiraz-o-1404-2.pdf' in response.headers['Content-Disposition']
    assert len(_pdf_jobs(db)) == 1


def test_a_changed_report_is_printed_again(client, shiraz, db, browser, run_jobs, make):
    browser(FAKE_PDF)
    client.get(URL + '/report.pdf')
    run_jobs()
    assert client.get(URL + '/report.pdf').status_code == 200
    from commission.reports.models import CityReport
    report = db.session.scalars(db.select(CityReport).where(CityReport.city_id == shiraz.id)).one()
    report.introduction = 'مقدمه‌ای دیگر'
    db.session.commit()
    assert client.get(URL + '/report.pdf').status_code == 202
    assert len(_pdf_jobs(db)) == 2


def test_pdf_rendered_by_chromium(client, shiraz, app, run_jobs, pdf_cache):
    _need_chromium()
    from pypdf import PdfReader
    assert client.get(URL + '/report.pdf').status_code == 202
    run_jobs()
    response = client.get(URL + '/report.pdf')
    assert response.status_code == 200 and response.headers['Content-Type'] == 'application/pdf'
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.pages and reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4 in points
    fonts = {str(f) for page in reader.pages for f in (page['/Resources'].get('/Font') or {}).values()}
    assert fonts  # text, not an image of it
    again = client.get(URL + '/report.pdf')
    assert again.data == response.data  # the same report is printed once and kept


def test_pdf_without_renderer_says_so_and_links_the_print_view(client, shiraz, app, db):
    saved = app.config['PDF_BROWSER']
    app.config['PDF_BROWSER'] = ''
    try:
        response = client.get(URL + '/report.pdf')
        page = client.get(URL).get_data(as_text=True)
    finally:
        app.config['PDF_BROWSER'] = saved
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and 'ساخت PDF روی این سرور ممکن نیست' in html
    assert f'href="{URL}/print"' in html and 'http-equiv="refresh"' not in html
    assert _pdf_jobs(db) == []
    assert 'PDF (از نمای چاپی)' in page


def test_a_failing_renderer_is_retried_then_shown_failed(client, shiraz, app, db, browser, run_jobs):
    from commission.timeutil import utcnow
    browser('exit 3\n')
    path = '/reports/city/shiraz-o/1404/1/report.pdf'
    assert client.get(path).status_code == 202
    run_jobs()
    job = _pdf_jobs(db)[0]
    assert job.status == 'pending' and job.attempts == 1 and 'exited with 3' in job.last_error  # backoff
    assert client.get(path).status_code == 202  # still being prepared
    for _ in range(2):
        job.run_after = utcnow()
        db.session.commit()
        run_jobs()
        job = _pdf_jobs(db)[0]
    assert job.status == 'failed' and job.attempts == 3
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and 'ساخت نسخه PDF ناموفق بود' in html
    assert 'href="/reports/city/shiraz-o/1404/1/print"' in html and 'http-equiv="refresh"' not in html
    assert len(_pdf_jobs(db)) == 1  # a failed print is not asked for again by every visit
    assert f'<form method="post" action="{path}/retry"' in html and 'تلاش دوباره</button>' in html
    assert client.get(path + '?retry=1').status_code == 503  # a GET changes nothing, whatever its query
    assert len(_pdf_jobs(db)) == 1
    response = client.post(path + '/retry')
    assert response.status_code == 302 and response.headers['Location'] == path
    assert [j.status for j in _pdf_jobs(db)] == ['failed', 'pending']
    assert client.get(path).status_code == 202  # the waiting page again
    client.post(path + '/retry')  # sent twice: the pending job is not doubled
    assert [j.status for j in _pdf_jobs(db)] == ['failed', 'pending']


@pytest.fixture
def failed_pdf(client, shiraz, db, browser, run_jobs, app, monkeypatch):
    """Shiraz's PDF whose only print failed for good."""
    browser('exit 3\n')
    monkeypatch.setitem(app.config, 'REPORT_PDF_ATTEMPTS', 1)
    client.get(URL + '/report.pdf')
    run_jobs()
    assert [j.status for j in _pdf_jobs(db)] == ['failed']
    return URL + '/report.pdf'


def test_pdf_retry_needs_the_csrf_token(client, failed_pdf, db, app, monkeypatch):
    monkeypatch.setitem(app.config, 'WTF_CSRF_ENABLED', True)
    assert client.post(failed_pdf + '/retry').status_code == 400
    assert [j.status for j in _pdf_jobs(db)] == ['failed']


def test_pdf_retry_is_403_for_another_city(client, login, make, failed_pdf, db):
    login(make.user(role='director', city=make.city(slug='yazd-r')))
    assert client.post(failed_pdf + '/retry').status_code == 403
    assert [j.status for j in _pdf_jobs(db)] == ['failed']


def test_pdf_retry_is_a_post_only(client, failed_pdf, db):
    assert client.get(failed_pdf + '/retry').status_code == 405
    assert [j.status for j in _pdf_jobs(db)] == ['failed']


def test_pdf_of_a_draft_is_403_for_another_city(client, login, make, shiraz, db, browser, no_print_in_request):
    browser(FAKE_PDF)
    login(make.user(role='director', city=make.city(slug='yazd-o')))
    assert client.get(URL + '/report.pdf').status_code == 403
    assert _pdf_jobs(db) == []


def test_commission_pdf_is_the_secretariats_until_published(client, login, make, shiraz, db, browser,
                                                              no_print_in_request):
    browser(FAKE_PDF)
    login(make.user(role='observer'))
    assert client.get('/reports/commission/1404/2/report.pdf').status_code == 403
    assert _pdf_jobs(db) == []
    login(make.user(role='secretariat'))
    assert client.get('/reports/commission/1404/2/report.pdf').status_code == 202
    assert _pdf_jobs(db)[0].payload['city'] is None


def test_kept_pdfs_older_than_the_limit_are_removed_daily(app, db, run_jobs, pdf_cache):
    import datetime as dt
    import time

    from commission.jobs import enqueue
    from commission.jobs.schedule import SCHEDULES, start_due
    assert SCHEDULES['reports.pdf_cleanup'].kind == 'reports.pdf_cleanup'
    old, recent, partial = (os.path.join(pdf_cache, name) for name in ('a.pdf', 'b.pdf', 'c.pdf.part'))
    for path in (old, recent, partial):
        with open(path, 'wb') as f:
            f.write(b'%PDF')
    for path in (old, partial):
        os.utime(path, (time.time() - 31 * 86400,) * 2)
    os.utime(recent, (time.time() - 29 * 86400,) * 2)
    started = start_due(db.session, now=dt.datetime(2026, 3, 1, 4, 0))
    assert 'reports.pdf_cleanup' in started
    run_jobs()
    assert sorted(os.listdir(pdf_cache)) == ['b.pdf']
    saved = app.config['REPORT_PDF_KEEP_DAYS']
    app.config['REPORT_PDF_KEEP_DAYS'] = 7
    try:
        enqueue('reports.pdf_cleanup', {})
        db.session.commit()
        run_jobs()
    finally:
        app.config['REPORT_PDF_KEEP_DAYS'] = saved
    assert os.listdir(pdf_cache) == []


def test_pdf_and_docx_are_rate_limited_as_exports(client, shiraz, app):
    saved = app.config['EXPORT_LIMIT'], app.config['PDF_BROWSER']
    app.config.update(EXPORT_LIMIT='2 per minute', PDF_BROWSER='')
    try:
        codes = [client.get(URL + '/report.pdf').status_code for _ in range(3)]
    finally:
        app.config['EXPORT_LIMIT'], app.config['PDF_BROWSER'] = saved
    assert codes == [503, 503, 429]


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
