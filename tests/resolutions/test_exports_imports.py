import csv
import datetime as dt
import html
import io
import re

import pytest
from openpyxl import load_workbook

from commission.resolutions.models import ProgressReport, Resolution

TITLE = 'پیوست رسانه‌ای پروژه‌های شهری'


def _setup(make):
    karaj, tabriz = make.city(name='کرج', slug='karaj-x'), make.city(name='تبریز', slug='tabriz-x')
    resolution = make.resolution([karaj, tabriz], code='2/3', title=TITLE, deadline=dt.date(2024, 7, 31))
    karaj_a = next(a for a in resolution.assignments if a.city_id == karaj.id)
    make.report(karaj_a, author=make.user(role='secretariat'), status='done', note='گزارش، پیوست شد')
    return karaj, tabriz, resolution


def test_matrix_csv_has_a_bom_and_persian_text_round_trips(client, make, login):
    _setup(make)
    login(make.user(role='secretariat'))
    response = client.get('/resolutions/dashboard.csv?state=all')
    assert response.data.startswith(b'\xef\xbb\xbf')
    assert 'attachment' in response.headers['Content-Disposition']
    rows = list(csv.reader(io.StringIO(response.data.decode('utf-8-sig'))))
    assert rows[0][:2] == ['شماره', 'عنوان'] and {'کرج', 'تبریز'} <= set(rows[0])
    row = rows[1]
    assert row[0] == '۲/۳' and row[1] == TITLE and row[3] == '۱۴۰۳/۰۵/۱۰'
    assert row[rows[0].index('کرج')] == 'انجام شد'
    assert row[rows[0].index('تبریز')] == 'اقدام نشده (دیرکرد)'


def test_matrix_xlsx_is_right_to_left_and_reads_back(client, make, login):
    _setup(make)
    login(make.user(role='secretariat'))
    response = client.get('/resolutions/dashboard.xlsx')
    assert response.mimetype.endswith('spreadsheetml.sheet')
    ws = load_workbook(io.BytesIO(response.data)).active
    assert ws.sheet_view.rightToLeft
    header = [c.value for c in ws[1]]
    values = [c.value for c in ws[2]]
    assert values[1] == TITLE and values[3] == '۱۴۰۳/۰۵/۱۰' and values[4] == 50
    assert values[header.index('کرج')] == 'انجام شد' and values[header.index('تبریز')].endswith('(دیرکرد)')


def test_scorecard_exports_read_back(client, make, login):
    karaj, _, _ = _setup(make)
    login(make.user(role='observer'))
    response = client.get(f'/resolutions/scorecard/{karaj.slug}.xlsx')
    wb = load_workbook(io.BytesIO(response.data))
    summary, detail = wb.worksheets
    assert summary.sheet_view.rightToLeft and detail.sheet_view.rightToLeft
    assert summary['B1'].value == 'کرج' and summary['B3'].value == 100
    assert [c.value for c in detail[2]][1:5] == [TITLE, None, '۱۴۰۳/۰۵/۱۰', 'انجام شد']
    text = client.get(f'/resolutions/scorecard/{karaj.slug}.csv').data
    assert text.startswith(b'\xef\xbb\xbf') and TITLE in text.decode('utf-8-sig')


# --- bulk update -------------------------------------------------------------------------------------------

BULK = ('شماره مصوبه,شهر,وضعیت,توضیح\n'
        '۲/۳,تبریز,در حال اقدام,کارگروه تشکیل شد\n'
        '2/3,کرج,blocked,\n'
        '9/9,کرج,done,x\n'
        '2/3,اصفهان,done,x\n'
        '2/3,tabriz-x,معلوم نیست,x\n')


def test_bulk_upload_previews_with_line_errors_and_writes_nothing_until_confirmed(client, make, login, db):
    _setup(make)
    login(make.user(role='secretariat'))
    response = client.post('/resolutions/bulk', content_type='multipart/form-data',
                           data={'upload-file': (io.BytesIO(BULK.encode('utf-8-sig')), 'وضعیت‌ها.csv')})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count(ProgressReport.id))) == 1  # only the setup's report
    assert '۱ سطر از ۵ سطر آماده ثبت است' in page
    for message in ('توضیح لازم است', 'مصوبه‌ای با شماره ۹/۹ پیدا نشد', 'شهر «اصفهان» شناخته نشد',
                    'وضعیت «معلوم نیست» معتبر نیست'):
        assert message in page
    response = client.post('/resolutions/bulk', data={'confirm-content': BULK})
    assert response.status_code == 302
    reports = db.session.scalars(db.select(ProgressReport).order_by(ProgressReport.id)).all()
    assert len(reports) == 2 and reports[-1].note == 'کارگروه تشکیل شد' and reports[-1].on_behalf


def test_bulk_upload_of_an_empty_or_unreadable_file_is_explained(client, make, login):
    login(make.user(role='secretariat'))
    response = client.post('/resolutions/bulk', content_type='multipart/form-data',
                           data={'upload-file': (io.BytesIO(b'\n\n'), 'x.csv')})
    assert response.status_code == 422 and 'هیچ سطر داده‌ای ندارد' in response.get_data(as_text=True)


# --- archive import ----------------------------------------------------------------------------------------

ARCHIVE = ('code,title,text,meeting,deadline,scope\n'
           '۱/۷,آموزش خبرنگاری شهروندی,متن,1,1402/06/31,همه\n'
           '1/8,گزارش عملکرد سه‌ماهه,,1,2023-12-21,"کرج، تبریز"\n'
           '1/9,,بدون عنوان,1,1402/01/01,همه\n'
           '1/10,مهلت نادرست,,1,1402/13/01,همه\n'
           '1/11,شهر ناشناخته,,1,,قزوین\n')


def test_archive_import_reports_bad_lines_and_is_idempotent(app, make, db, tmp_path):
    make.city(name='کرج', slug='karaj-i'), make.city(name='تبریز', slug='tabriz-i')
    path = tmp_path / 'archive.csv'
    path.write_text(ARCHIVE, encoding='utf-8')
    runner = app.test_cli_runner()
    result = runner.invoke(args=['resolutions', 'import', str(path)])
    assert result.exit_code == 0, result.output
    assert '2 created, 0 unchanged, 3 error(s).' in result.stdout
    assert 'line 4: عنوان خالی است.' in result.stderr and 'line 5: مهلت' in result.stderr
    assert 'line 6: شهر «قزوین» شناخته نشد.' in result.stderr
    resolutions = db.session.scalars(db.select(Resolution).order_by(Resolution.code)).all()
    assert [r.code for r in resolutions] == ['1/7', '1/8']
    assert resolutions[0].deadline == dt.date(2023, 9, 22) and resolutions[1].deadline == dt.date(2023, 12, 21)
    assert len(resolutions[1].assignments) == 2
    again = runner.invoke(args=['resolutions', 'import', str(path)])
    assert '0 created, 2 unchanged, 3 error(s).' in again.stdout
    assert db.session.scalar(db.select(db.func.count(Resolution.id))) == 2


def test_archive_import_page_shows_the_line_report(client, make, login):
    make.city(name='کرج', slug='karaj-j')
    login(make.user(role='secretariat'))
    response = client.post('/resolutions/import', content_type='multipart/form-data',
                           data={'upload-file': (io.BytesIO(ARCHIVE.encode()), 'بایگانی.csv')})
    page = response.get_data(as_text=True)
    assert 'سطر ۴: عنوان خالی است.' in page and 'مصوبه تازه ثبت شد' in page


# --- reminders from the command line -----------------------------------------------------------------------

def test_remind_command_is_safe_to_run_twice_a_day(app, make, db):
    from commission.notifications.models import Notification
    city = make.city()
    director = make.user(role='director', city=city)
    make.assignment(city, deadline=dt.date(2026, 3, 3))
    runner = app.test_cli_runner()
    first = runner.invoke(args=['resolutions', 'remind', '--days', '7', '--date', '۱۴۰۴/۱۲/۱۰'])
    assert first.exit_code == 0 and 'Reminded 1 assignment(s) in 1 city(ies).' in first.output
    second = runner.invoke(args=['resolutions', 'remind', '--date', '2026-03-01'])
    assert 'Reminded 0 assignment(s)' in second.output
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.user_id == director.id, Notification.kind == 'resolution.reminder')) == 1


# --- Excel in, and the encodings Excel saves CSV in ---------------------------------------------------------

def _bulk_upload(client, data, name):
    return client.post('/resolutions/bulk', content_type='multipart/form-data',
                       data={'upload-file': (io.BytesIO(data), name)})


@pytest.mark.parametrize('encoded', [
    # Windows' Arabic code page has no Persian ye, kaf or digits: Excel writes Arabic ي ك and Latin digits
    BULK.translate(str.maketrans('یک۲۳', 'يك23')).encode('cp1256'),
    BULK.encode('utf-16'),  # with its BOM, as Excel's «Unicode Text» writes it
    BULK.encode('utf-16-le'),  # no BOM: told by the NUL bytes
    BULK.encode('utf-16-be'),
    BULK.replace(',', '\t').encode('utf-16'),  # Excel's «Unicode Text» is tab-separated
], ids=['cp1256', 'utf-16-bom', 'utf-16-le', 'utf-16-be', 'utf-16-tabs'])
def test_bulk_upload_reads_csv_saved_as_cp1256_or_utf16(client, make, login, encoded):
    _setup(make)
    login(make.user(role='secretariat'))
    page = _bulk_upload(client, encoded, 'وضعیت‌ها.csv').get_data(as_text=True)
    assert '۱ سطر از ۵ سطر آماده ثبت است' in page
    assert 'کارگروه تشکیل شد' in page and 'شهر «اصفهان» شناخته نشد' in page


def _xlsx(rows):
    from openpyxl import Workbook
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_bulk_upload_reads_an_xlsx_workbook_and_confirms_it(client, make, login, db):
    _setup(make)
    login(make.user(role='secretariat'))
    data = _xlsx([row.split(',') for row in BULK.strip().split('\n')])
    response = _bulk_upload(client, data, 'وضعیت‌ها.xlsx')
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '۱ سطر از ۵ سطر آماده ثبت است' in page
    content = re.search(r'<textarea name="confirm-content" hidden>(.*?)</textarea>', page, re.S).group(1)
    response = client.post('/resolutions/bulk', data={'confirm-content': html.unescape(content)})
    assert response.status_code == 302
    last = db.session.scalars(db.select(ProgressReport).order_by(ProgressReport.id.desc())).first()
    assert last.note == 'کارگروه تشکیل شد' and last.status == 'in_progress'


@pytest.mark.parametrize('data, name', [
    (b'PK\x03\x04 not really a workbook', 'وضعیت‌ها.xlsx'),
    (b'\x00\x01\x02\x00\xff\x00\x00\x10' * 40, 'x.csv'),
], ids=['broken-xlsx', 'binary-csv'])
def test_an_unreadable_upload_gets_a_persian_message_and_nothing_else(client, make, login, data, name):
    login(make.user(role='secretariat'))
    response = _bulk_upload(client, data, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'خوانده نشد' in page and 'دوباره ذخیره کنید' in page and 'Traceback' not in page


def test_archive_import_reads_xlsx_with_real_date_cells(client, make, login, db):
    make.city(name='کرج', slug='karaj-k')
    login(make.user(role='secretariat'))
    data = _xlsx([['code', 'title', 'text', 'meeting', 'deadline', 'scope'],
                  ['1/7', 'آموزش خبرنگاری شهروندی', 'متن', 1, dt.datetime(2023, 9, 22), 'همه'],
                  ['1/8', 'گزارش عملکرد', '', 1.0, '1402/06/31', 'کرج']])
    response = client.post('/resolutions/import', content_type='multipart/form-data',
                           data={'upload-file': (io.BytesIO(data), 'بایگانی.xlsx')})
    assert '۲ مصوبه تازه ثبت شد' in response.get_data(as_text=True)
    deadlines = db.session.scalars(db.select(Resolution.deadline).order_by(Resolution.code)).all()
    assert deadlines == [dt.date(2023, 9, 22), dt.date(2023, 9, 22)]


def test_bulk_template_downloads_as_xlsx_in_the_exports_columns_and_reads_back(client, make, login):
    karaj, tabriz, resolution = _setup(make)
    login(make.user(role='secretariat'))
    response = client.get('/resolutions/bulk/template.xlsx')
    assert response.status_code == 200 and 'attachment' in response.headers['Content-Disposition']
    ws = load_workbook(io.BytesIO(response.data)).active
    rows = [[c or '' for c in row] for row in ws.iter_rows(values_only=True)]
    scorecard_header = [c.value for c in load_workbook(io.BytesIO(
        client.get(f'/resolutions/scorecard/{karaj.slug}.xlsx').data))['مصوبه‌ها'][1]]
    assert rows[0] == ['شماره', 'عنوان', 'شهر', 'وضعیت', 'توضیح']
    assert rows[0][:2] == scorecard_header[:2]
    assert rows[1:] == [['۲/۳', TITLE, 'تبریز', 'اقدام نشده', '']]  # Karaj's is done: not open
    ws.cell(row=2, column=4, value='در حال اقدام')
    out = io.BytesIO()
    ws.parent.save(out)
    page = _bulk_upload(client, out.getvalue(), 'template.xlsx').get_data(as_text=True)
    assert '۱ سطر از ۱ سطر آماده ثبت است' in page


def test_bulk_template_is_for_the_secretariat_only(client, make, login):
    login(make.user(role='director', city=make.city()))
    assert client.get('/resolutions/bulk/template.xlsx').status_code == 403
