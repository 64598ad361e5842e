"""The uploads folder refuses the file (disk full, permissions): a Persian message, the typed form kept, nothing
half-written (no row, no file)."""
import errno
import io
import os

import pytest
from werkzeug.datastructures import FileStorage

from commission.attachments.models import Attachment
from commission.meetings.models import Meeting
from commission.practices.models import Practice
from commission.resolutions.models import ProgressReport

PDF = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'
MESSAGE = 'ذخیرهٔ فایل ممکن نشد'


@pytest.fixture
def folder_under_a_file(app, monkeypatch, tmp_path):
    """Tests run as root, where chmod stops nothing: a folder inside a regular file cannot be made."""
    blocker = tmp_path / 'not-a-folder'
    blocker.write_text('')
    monkeypatch.setitem(app.config, 'UPLOAD_FOLDER', str(blocker / 'uploads'))


@pytest.fixture
def disk_full(app, monkeypatch, tmp_path):
    """Half the file is written, then the disk is full."""
    folder = tmp_path / 'uploads'
    monkeypatch.setitem(app.config, 'UPLOAD_FOLDER', str(folder))

    def save(self, dst, buffer_size=16384):
        with open(dst, 'wb') as f:
            f.write(self.stream.read(10))
        raise OSError(errno.ENOSPC, 'No space left on device')
    monkeypatch.setattr(FileStorage, 'save', save)
    return folder


def _count(db, model):
    return db.session.scalar(db.select(db.func.count(model.id)))


def _pdf(name='گزارش.pdf'):
    return (io.BytesIO(PDF), name)


@pytest.mark.parametrize('fault', ['folder_under_a_file', 'disk_full'])
def test_a_new_practice_keeps_its_form_and_leaves_nothing(client, make, login, db, request, fault):
    request.getfixturevalue(fault)
    login(make.user(role='director'))
    category = make.category()
    data = {'title': 'تقویم تصویری شهرداری', 'summary': 'متنی که نباید گم شود', 'category_id': str(category.id),
            'year': '1402', 'files': [_pdf()]}
    response = client.post('/practices/new', data=data, content_type='multipart/form-data')
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and MESSAGE in page
    assert 'متنی که نباید گم شود' in page and 'value="تقویم تصویری شهرداری"' in page
    assert _count(db, Practice) == 0 and _count(db, Attachment) == 0
    if fault == 'disk_full':
        assert os.listdir(request.getfixturevalue('disk_full')) == []  # no .part left behind


def test_a_progress_report_with_evidence_keeps_its_note(client, make, login, db, folder_under_a_file):
    assignment = make.assignment()
    login(make.user(role='secretariat'))
    response = client.post(f'/resolutions/assignments/{assignment.id}/report', content_type='multipart/form-data',
                           data={'status': 'in_progress', 'note': 'یادداشت پیشرفت تایپ‌شده', 'percent': '40',
                                 'files': [_pdf()]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and MESSAGE in page and 'یادداشت پیشرفت تایپ‌شده' in page
    assert _count(db, ProgressReport) == 0 and _count(db, Attachment) == 0


def test_minutes_with_files_keep_their_text(client, make, login, db, folder_under_a_file):
    meeting = make.meeting('held', days_ahead=-1)
    login(make.user(role='secretariat'))
    response = client.post(f'/meetings/{meeting.id}/minutes', content_type='multipart/form-data',
                           data={'minutes': 'متن صورتجلسه تایپ‌شده', 'files': [_pdf()]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and MESSAGE in page and 'متن صورتجلسه تایپ‌شده' in page
    db.session.expire_all()
    assert not db.session.get(Meeting, meeting.id).minutes and _count(db, Attachment) == 0


def test_meeting_files_give_the_message(client, make, login, db, folder_under_a_file):
    meeting = make.meeting()
    login(make.user(role='secretariat'))
    response = client.post(f'/meetings/{meeting.id}/files', data={'files': [_pdf()]},
                           content_type='multipart/form-data', follow_redirects=True)
    assert MESSAGE in response.get_data(as_text=True) and _count(db, Attachment) == 0
