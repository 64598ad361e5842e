"""A period's values for many cities from one sheet (preview, per-row errors, confirm) and the CSV/XLSX exports."""
import csv
import io

from commission.audit.models import AuditEntry
from commission.indicators.models import IndicatorValue


def _xlsx(rows):
    from openpyxl import Workbook
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _setup(make):
    karaj, qom = make.city(name='کرج', slug='karaj-t'), make.city(name='قم', slug='qom-t')
    news = make.indicator(name='خبرهای تولیدشده')
    survey = make.indicator(name='نتیجه رضایت‌سنجی', unit='درصد', aggregate='mean')
    period = make.period(1404, 3)
    return karaj, qom, news, survey, period


def _values(db):
    return {(v.city.name, v.indicator.name): v.value for v in db.session.scalars(db.select(IndicatorValue))}


def test_import_previews_then_writes_the_good_rows(client, login, make, db):
    karaj, qom, news, survey, period = _setup(make)
    make.value(news, karaj, period, 1, note='یادداشت شهر')
    login(make.user(role='secretariat'))
    sheet = _xlsx([['شهر', 'خبرهای تولیدشده', 'نتیجه رضایت‌سنجی', 'ستون ناشناخته'],
                   ['کرج', 120, '۷۸٫۵', 'x'],
                   ['شهر ناموجود', 5, 6, ''],
                   ['قم', 'بسیار', 70, ''],
                   ['karaj-t', 3, '', '']])
    preview = client.post('/indicators/import', data={'period': period.id,
                                                      'upload-file': (io.BytesIO(sheet), 'values.xlsx')},
                          content_type='multipart/form-data')
    assert preview.status_code == 200
    text = preview.text
    assert '۱ سطر از ۴ سطر آماده ثبت است' in text
    assert 'شهر «شهر ناموجود» شناخته نشد' in text and '«بسیار»' in text and 'در سطر ۲ هم آمده است' in text
    assert 'ستون ناشناخته' in text
    assert _values(db) == {('کرج', 'خبرهای تولیدشده'): 1}  # nothing written by the preview

    content = text.split('hidden>', 1)[1].split('</textarea>', 1)[0]
    import html
    confirm = client.post('/indicators/import', data={'period': period.id, 'confirm-content': html.unescape(content)})
    assert confirm.status_code == 302
    assert _values(db) == {('کرج', 'خبرهای تولیدشده'): 120, ('کرج', 'نتیجه رضایت‌سنجی'): 78.5}
    entry = db.session.scalar(db.select(IndicatorValue).where(IndicatorValue.indicator_id == news.id))
    assert entry.note == 'یادداشت شهر'  # an import brings numbers, the city's note stays
    assert db.session.scalar(db.select(AuditEntry.id).where(AuditEntry.kind == 'indicator_values_imported'))


def test_import_refuses_a_locked_period_and_a_sheet_without_city_column(client, login, make, db):
    karaj, qom, news, survey, period = _setup(make)
    login(make.user(role='secretariat'))
    bad = client.post('/indicators/import', data={'period': period.id, 'upload-file': (
        io.BytesIO('خبرهای تولیدشده,x\n1,2\n'.encode()), 'v.csv')}, content_type='multipart/form-data')
    assert bad.status_code == 422 and 'ستون نخست باید «شهر» باشد' in bad.text
    period.locked = True
    db.session.flush()
    locked = client.post('/indicators/import', data={'period': period.id,
                                                      'confirm-content': 'شهر,خبرهای تولیدشده\nکرج,5\n'})
    assert locked.status_code == 422
    assert _values(db) == {}


def test_export_of_a_period_is_the_import_sheet(client, login, make, db):
    karaj, qom, news, survey, period = _setup(make)
    make.value(news, karaj, period, 120)
    make.value(survey, qom, period, 71.5)
    make.indicator(name='=HYPERLINK("x")', position=9)  # a formula-looking name is neutralised
    login(make.user(role='observer'))
    response = client.get(f'/indicators/export.csv?period={period.id}')
    assert response.status_code == 200 and response.mimetype == 'text/csv'
    rows = list(csv.reader(io.StringIO(response.data.decode('utf-8-sig'))))
    assert rows[0][:3] == ['شهر', 'خبرهای تولیدشده', 'نتیجه رضایت‌سنجی'] and rows[0][3] == '\'=HYPERLINK("x")'
    body = {r[0]: r[1:3] for r in rows[1:]}
    assert body['کرج'] == ['120', ''] and body['قم'] == ['', '71.5']
    assert db.session.scalar(db.select(AuditEntry.id).where(AuditEntry.kind == 'export'))

    from openpyxl import load_workbook
    xlsx = client.get(f'/indicators/export.xlsx?period={period.id}')
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    assert ws.sheet_view.rightToLeft and ws.cell(1, 1).value == 'شهر'
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert values['کرج'] == 120

    # the exported sheet imports back unchanged
    login(make.user(role='secretariat'))
    preview = client.post('/indicators/import', data={'period': period.id, 'upload-file': (
        io.BytesIO(xlsx.data), 'back.xlsx')}, content_type='multipart/form-data')
    assert preview.status_code == 200 and '۲ سطر از ۲ سطر آماده ثبت است' in preview.text


def test_export_of_every_value(client, login, make, db):
    karaj, qom, news, survey, period = _setup(make)
    make.value(news, karaj, period, 120, note='+cmd')
    login(make.user(role='director', city=karaj))
    rows = list(csv.reader(io.StringIO(client.get('/indicators/export.csv').data.decode('utf-8-sig'))))
    assert rows[0][0] == 'شاخص' and rows[1][:3] == ['خبرهای تولیدشده', 'خبر', 'پاییز ۱۴۰۴']
    assert rows[1][6] == '120' and rows[1][7] == "'+cmd"


def test_import_is_staff_only(client, login, make, db):
    login(make.user(role='director'))
    assert client.get('/indicators/import').status_code == 403
    assert client.post('/indicators/import', data={'confirm-content': 'شهر\n'}).status_code == 403
