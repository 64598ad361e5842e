"""Uploads return at once; the worker reads their text in a limited child process; files follow the transaction."""
import io
import os
import threading
import time
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from commission.attachments.extract import Limits, extract
from commission.attachments.models import Attachment
from commission.attachments.services import delete_attachment, store_attachment

from ..pdfs import pathological_pdf, simple_pdf
from .conftest import jobs

DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'


def zip_bomb_docx(megabytes=37):
    """A ~40 KB .docx whose word/document.xml expands to `megabytes` MB (as in the issue's report)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr('word/document.xml', b'<w:p>' + b'a' * (megabytes * 1024 * 1024) + b'</w:p>')
    return out.getvalue()


@pytest.fixture
def tight_limits(app):
    """Limits small enough for a test to reach them in a few seconds."""
    keys = ('EXTRACT_CPU_SECONDS', 'EXTRACT_WALL_SECONDS')
    saved = {k: app.config[k] for k in keys}
    app.config.update(EXTRACT_CPU_SECONDS=2, EXTRACT_WALL_SECONDS=5)
    yield Limits.from_config(app.config)
    app.config.update(saved)


def upload(data, name):
    return FileStorage(stream=io.BytesIO(data), filename=name)


def uploads_in(app):
    folder = app.config['UPLOAD_FOLDER']
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def test_upload_returns_at_once_and_the_worker_extracts_the_text(db, make, run_jobs, app):
    practice, user = make.practice(), make.user()
    started = time.monotonic()
    attachment = store_attachment('practice', practice.id, upload(simple_pdf('zeppelin report'), 'r.pdf'), user=user)
    assert time.monotonic() - started < 0.5 and attachment.text_status == 'pending'
    assert len(jobs(db, 'attachments.extract')) == 1  # (the practice's similar-experiences job beside it)
    db.session.commit()
    run_jobs()
    db.session.refresh(attachment)
    assert attachment.text_status == 'done' and 'zeppelin' in attachment.extracted_text


def test_zip_bomb_docx_is_kept_but_never_parsed(db, make, run_jobs, app, monkeypatch):
    import docx
    monkeypatch.setattr(docx, 'Document', lambda *a: pytest.fail('a zip bomb must not be opened'))
    practice = make.practice()
    attachment = store_attachment('practice', practice.id, upload(zip_bomb_docx(), 'گزارش.docx'), user=make.user())
    db.session.commit()
    started = time.monotonic()
    run_jobs()
    db.session.refresh(attachment)
    assert time.monotonic() - started < 2
    assert attachment.text_status == 'refused' and 'فشرده' in attachment.text_note
    assert attachment.stored_name in uploads_in(app)  # the file itself is kept


def test_pathological_pdf_is_refused_within_the_limits_while_requests_are_served(db, make, app, client, login,
                                                                                 tight_limits, tmp_path):
    path = tmp_path / 'bomb.pdf'
    path.write_bytes(pathological_pdf())
    assert path.stat().st_size < 40_000
    result = {}

    def work():
        started = time.monotonic()
        result['out'] = extract(str(path), 'application/pdf', tight_limits)
        result['seconds'] = time.monotonic() - started
    thread = threading.Thread(target=work)
    thread.start()
    login(make.user(role='observer'))
    served = []
    while thread.is_alive():
        started = time.monotonic()
        assert client.get('/practices/').status_code == 200
        served.append(time.monotonic() - started)
    thread.join()
    text, reason = result['out']
    assert text is None and ('ثانیه' in reason or 'کیلوبایت' in reason)
    assert result['seconds'] < tight_limits.wall_seconds + 2
    assert len(served) >= 2 and max(served) < 2.5  # the site kept answering meanwhile


def test_a_reading_stopped_from_outside_is_retried_not_refused(app, tmp_path):
    """A child killed by a signal that is no limit (a shutdown) leaves the file for the job's retry."""
    import multiprocessing
    import signal

    from commission.attachments.extract import Interrupted
    path = tmp_path / 'slow.pdf'
    path.write_bytes(pathological_pdf())
    result = {}

    def work():
        try:
            result['out'] = extract(str(path), 'application/pdf', Limits(cpu_seconds=20, wall_seconds=30))
        except Interrupted as exc:
            result['interrupted'] = exc
    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 10
    while not multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.01)
    for child in multiprocessing.active_children():
        os.kill(child.pid, signal.SIGTERM)
    thread.join(30)
    assert 'interrupted' in result and 'out' not in result


def test_a_pdf_over_the_page_limit_is_refused(app, tmp_path):
    path = tmp_path / 'long.pdf'
    path.write_bytes(simple_pdf('x', pages=201))
    text, reason = extract(str(path), 'application/pdf', Limits.from_config(app.config))
    assert text is None and 'بیش از ۲۰۰ صفحه' in reason


def test_a_pdf_over_the_memory_limit_is_refused(app, tmp_path):
    path = tmp_path / 'a.pdf'
    path.write_bytes(pathological_pdf())  # its one content stream parses into ~60,000 operations
    text, reason = extract(str(path), 'application/pdf', Limits(memory_mb=40))
    assert text is None and 'بیش از ۴۰ مگابایت حافظه' in reason


def test_the_owner_sees_why_the_text_was_not_extracted(db, make, client, login):
    director = make.user(role='director')
    practice = make.practice(city=director.city, author=director)
    db.session.add(Attachment(owner_type='practice', owner_id=practice.id, original_name='بزرگ.pdf',
                              stored_name='n1.pdf', content_type='application/pdf', size=10, uploaded_by=director,
                              text_status='refused', text_note='فایل بیش از ۲۰۰ صفحه دارد.'))
    db.session.flush()
    login(director)
    page = client.get(f'/practices/{practice.id}').get_data(as_text=True)
    assert 'متن استخراج نشد: فایل بیش از ۲۰۰ صفحه دارد.' in page
    login(make.user(role='observer'))
    assert 'متن استخراج نشد' not in client.get(f'/practices/{practice.id}').get_data(as_text=True)


def test_a_rolled_back_upload_leaves_no_file(db, make, app):
    practice = make.practice()
    before = uploads_in(app)
    store_attachment('practice', practice.id, upload(simple_pdf('x'), 'a.pdf'), user=make.user())
    assert uploads_in(app) - before  # written under a temporary name
    db.session.rollback()
    assert uploads_in(app) == before


def test_a_committed_upload_gets_its_final_name(db, make, app):
    practice = make.practice()
    attachment = store_attachment('practice', practice.id, upload(simple_pdf('x'), 'a.pdf'), user=make.user())
    assert attachment.stored_name not in uploads_in(app)
    db.session.commit()
    assert attachment.stored_name in uploads_in(app)
    assert not any(name.endswith('.part') for name in uploads_in(app))


def test_a_deleted_file_goes_only_when_the_deletion_commits(db, make, app):
    practice = make.practice()
    attachment = store_attachment('practice', practice.id, upload(simple_pdf('x'), 'a.pdf'), user=make.user())
    db.session.commit()
    name = attachment.stored_name
    delete_attachment(attachment)
    db.session.flush()
    assert name in uploads_in(app)
    db.session.rollback()  # the deletion did not happen: the file stays
    assert name in uploads_in(app)
    delete_attachment(db.session.get(Attachment, attachment.id))
    db.session.commit()
    assert name not in uploads_in(app)


def test_the_daily_sweep_removes_old_uncommitted_uploads_only(app, run_jobs, db):
    from commission.jobs import enqueue
    folder = app.config['UPLOAD_FOLDER']
    os.makedirs(folder, exist_ok=True)
    old, recent, kept = (os.path.join(folder, n) for n in ('old.pdf.part', 'new.pdf.part', 'kept.pdf'))
    for path in (old, recent, kept):
        open(path, 'wb').close()
    two_days_ago = time.time() - 48 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    os.utime(kept, (two_days_ago, two_days_ago))
    enqueue('attachments.sweep')
    db.session.commit()
    run_jobs()
    assert not os.path.exists(old) and os.path.exists(recent) and os.path.exists(kept)
    os.remove(recent)
    os.remove(kept)
