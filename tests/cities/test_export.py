"""A city's own data export: a zip of its practices, progress reports and attachments, readable without the site."""
import io
import json
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from commission.attachments.services import store_attachment
from commission.audit.models import AuditEntry

PDF = b'%PDF-1.4\n' + bytes(range(256)) * 8


def _populate(db, make):
    city = make.city(name='شهر زپلین')
    director = make.user(role='director', city=city)
    practice = make.practice(city=city, author=director, title='تجربه زپلین')
    assignment = make.assignment(city=city, code='7/3', title='مصوبه زپلین')
    report = make.report(assignment, author=director, note='گزارش زپلین')
    store_attachment('report', report.id, FileStorage(io.BytesIO(PDF), filename='مدرک.pdf'), user=director)
    db.session.commit()  # the file takes its place when the upload commits
    other = make.practice(title='تجربه شهر دیگر')
    return city, director, practice, other


@pytest.mark.parametrize('who', ['director', 'secretariat'])
def test_a_director_or_the_secretariat_downloads_the_city_zip(client, make, login, db, who):
    city, director, practice, other = _populate(db, make)
    login(director if who == 'director' else make.user(role='secretariat'))
    page = client.get(f'/cities/{city.slug}')
    assert f'/cities/{city.slug}/export.zip' in page.text
    response = client.get(f'/cities/{city.slug}/export.zip')
    assert response.status_code == 200 and response.mimetype == 'application/zip'
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert 'خروجی داده‌های شهرداری شهر زپلین' in archive.read('README.txt').decode()
    practices = json.loads(archive.read('practices.json'))['practices']
    assert [p['title'] for p in practices] == ['تجربه زپلین']
    [assignment] = json.loads(archive.read('reports.json'))['assignments']
    assert assignment['resolution']['code'] == '7/3' and assignment['resolution']['title'] == 'مصوبه زپلین'
    [report] = assignment['reports']
    assert report['note'] == 'گزارش زپلین'
    [attachment] = report['attachments']
    assert attachment['name'] == 'مدرک.pdf' and archive.read(attachment['path']) == PDF
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.kind == 'export')).all()[-1]
    assert entry.details['city'] == city.slug


@pytest.mark.parametrize('who', ['other_director', 'observer'])
def test_other_directors_and_observers_get_403(client, make, login, db, who):
    city, _director, _practice, _other = _populate(db, make)
    user = make.user(role='director', city=make.city()) if who == 'other_director' else make.user(role='observer')
    login(user)
    assert client.get(f'/cities/{city.slug}/export.zip').status_code == 403
    assert f'/cities/{city.slug}/export.zip' not in client.get(f'/cities/{city.slug}').text
