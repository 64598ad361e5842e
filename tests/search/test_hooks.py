"""The index follows the database: commits are indexed, rollbacks are not, a crash loses nothing."""
import io

import pytest
from werkzeug.datastructures import FileStorage

from commission.search import hooks, index, services
from commission.search.models import SearchQueue

from ..pdfs import simple_pdf
from .helpers import both_backends, keys_in_index


def refs(q, user=None):
    return [hit['key'] for hit in services.run_query(q, user=user)]


def queued(db):
    return [row.key for row in db.session.scalars(db.select(SearchQueue).order_by(SearchQueue.id))]


@both_backends
def test_committed_practice_is_searchable_at_once(db, make, search_index):
    practice = make.practice(title='گاه‌نامه الکترونیکی شهرداری', summary='انتشار ماهانه اخبار محله‌ها')
    db.session.commit()
    assert refs('گاهنامه') == [f'practice:{practice.id}']
    assert queued(db) == []


@both_backends
def test_edit_and_delete_follow_the_database(db, make, search_index):
    practice = make.practice(title='جشنواره نوروزی ساحل')
    db.session.commit()
    practice.title = 'جشنواره تابستانی ساحل'
    db.session.commit()
    assert refs('تابستانی') == [f'practice:{practice.id}'] and refs('نوروزی') == []
    db.session.delete(practice)
    db.session.commit()
    assert refs('ساحل') == []


@both_backends
def test_rolled_back_change_never_reaches_the_index(db, make, search_index):
    make.practice(title='پروژه گودبرداری میدان')
    db.session.rollback()
    assert refs('گودبرداری') == [] and queued(db) == []


def test_change_is_queued_in_the_same_transaction(db, make, app):
    """Without draining (as in a crash right after commit) the key is already in the queue table."""
    practice = make.practice(title='سامانه ملاقات مردمی')
    assert f'practice:{practice.id}' in queued(db)


@both_backends
def test_crash_between_commit_and_index_write_loses_nothing(db, make, search_index, monkeypatch, app):
    def crash(*args, **kwargs):
        raise RuntimeError('process killed before the index write')
    monkeypatch.setattr(hooks, '_drain_batch', crash)
    monkeypatch.setattr(hooks, '_drain_batch_pg', crash)
    practice = make.practice(title='دستیار هوشمند پاسخگویی شهروندان')
    db.session.commit()  # the user's commit succeeds
    monkeypatch.undo()
    assert refs('دستیار هوشمند') == []
    assert queued(db) == [f'practice:{practice.id}']

    result = app.test_cli_runner().invoke(args=['search', 'drain'])
    assert result.exit_code == 0, result.output
    assert refs('دستیار هوشمند') == [f'practice:{practice.id}'] and queued(db) == []


def test_busy_index_leaves_the_work_queued_and_the_next_commit_drains_it(db, make, search_index, app):
    app.config['WORKER_INDEX_TIMEOUT'] = 0.3
    ix = index.open_index()
    holder = ix.writer()  # another process is writing
    try:
        first = make.practice(title='کتاب مصور زلزله')
        db.session.commit()  # the worker's round waits 0.3 s, then leaves the row queued: no LockError
        assert queued(db) == [f'practice:{first.id}']
    finally:
        holder.cancel()
    second = make.practice(title='کتاب مصور سیل')
    db.session.commit()
    assert sorted(refs('کتاب مصور')) == sorted([f'practice:{first.id}', f'practice:{second.id}'])
    assert queued(db) == []


@both_backends
def test_draft_becoming_published_changes_its_visibility(db, make, search_index):
    city = make.city()
    practice = make.practice(city=city, title='پیش نویس راستی آزمایی اخبار', status='draft')
    db.session.commit()
    observer = make.user(role='observer')
    assert refs('راستی‌آزمایی', observer) == []
    practice.status = 'published'
    db.session.commit()
    assert refs('راستی‌آزمایی', observer) == [f'practice:{practice.id}']


@both_backends
def test_word_inside_an_attached_pdf_finds_the_practice(db, make, search_index):
    from commission.attachments.services import delete_attachment, store_attachment
    practice = make.practice(title='گزارش عملکرد روابط عمومی')
    db.session.commit()
    upload = FileStorage(stream=io.BytesIO(simple_pdf('Quarterly zeppelin campaign report')), filename='گزارش فصلی.pdf')
    attachment = store_attachment('practice', practice.id, upload, user=make.user(role='secretariat'))
    assert attachment.text_status == 'pending' and attachment.extracted_text == ''  # the upload does not wait
    db.session.commit()  # the worker's round extracts the text, then reindexes the practice
    assert attachment.text_status == 'done' and 'zeppelin' in attachment.extracted_text
    hits = services.run_query('zeppelin', highlights=True)
    assert [h['key'] for h in hits] == [f'practice:{practice.id}']
    assert hits[0]['url'] == f'/practices/{practice.id}' and '<mark' in hits[0]['snippet']

    delete_attachment(attachment)
    db.session.commit()
    assert refs('zeppelin') == []


@both_backends
def test_persian_text_of_an_attachment_is_found_in_any_spelling(db, make, search_index):
    from commission.attachments.models import Attachment
    practice = make.practice(title='مستندسازی رویدادها')
    db.session.add(Attachment(owner_type='practice', owner_id=practice.id, original_name='a.docx',
                              stored_name='x1.docx',
                              content_type='application/msword', size=10,
                              extracted_text='برنامه مستندسازی هوایی با پهپاد در شهرداریها'))
    db.session.commit()
    assert refs('مستند سازي هوايي') == [f'practice:{practice.id}']
    assert refs('شهرداری‌ها') == [f'practice:{practice.id}']


@both_backends
def test_agenda_item_change_reindexes_its_meeting(db, make, search_index):
    from commission.meetings.models import AgendaItem
    meeting = make.approved_meeting(title='نشست چهارم کمیسیون')
    db.session.commit()
    db.session.add(AgendaItem(meeting_id=meeting.id, title='گزارش پیوست رسانه ای قطار شهری'))
    db.session.commit()
    assert refs('"پیوست رسانه‌ای"') == [f'minutes:{meeting.id}']


def test_rebuild_recreates_the_index_from_the_database(db, make, search_index, app):
    practice = make.practice(title='آموزش سواد رسانه‌ای')
    resolution = make.resolution(title='مصوبه سواد رسانه‌ای دانش‌آموزان')
    db.session.commit()
    index.create(search_index)  # the index is lost
    index.reset()
    assert refs('سواد رسانه ای') == []
    result = app.test_cli_runner().invoke(args=['search', 'rebuild', '--nice', '0'])
    assert result.exit_code == 0, result.output
    assert set(refs('سواد رسانه ای')) == {f'practice:{practice.id}', f'resolution:{resolution.id}'}
    assert keys_in_index() >= {f'practice:{practice.id}', f'resolution:{resolution.id}'}


def test_rebuild_replaces_a_corrupt_index(db, make, search_index, app):
    import os
    practice = make.practice(title='همراه سازی شهروندان')
    db.session.commit()
    for name in os.listdir(search_index):
        with open(os.path.join(search_index, name), 'wb') as fh:
            fh.write(b'garbage')
    index.reset()
    with pytest.raises(index.SearchUnavailable):
        services.run_query('همراه‌سازی')
    assert app.test_cli_runner().invoke(args=['search', 'rebuild', '--quiet', '--nice', '0']).exit_code == 0
    assert refs('همراه‌سازی') == [f'practice:{practice.id}']


def test_a_rebuild_gives_up_cpu_priority_so_the_site_keeps_serving(app, search_index, monkeypatch):
    import os
    calls = []
    monkeypatch.setattr(os, 'nice', lambda n: calls.append(n) or n)  # as if at niceness 0
    assert app.test_cli_runner().invoke(args=['search', 'rebuild', '--quiet']).exit_code == 0
    assert 10 in calls  # from niceness 0 to 10, inherited by the analysing processes


def test_a_paced_rebuild_sleeps_so_its_cpu_stays_at_the_share_asked():
    """`--cpu 0.5`: after a batch that took 2 s of CPU in 1.5 s, the rebuild waits until 4 s have passed."""
    from commission.search.cli import Pacer
    cpu, clock, slept = [10.0], [100.0], []
    pacer = Pacer(0.5, cpu=lambda: cpu[0], clock=lambda: clock[0], sleep=slept.append)
    cpu[0], clock[0] = 12.0, 101.5
    pacer(100)
    assert slept == [2.5]
    cpu[0], clock[0] = 12.1, 106.0  # a light batch after the wait: no sleep needed
    pacer(100)
    assert slept == [2.5]
    unlimited = Pacer(0, cpu=lambda: cpu[0], clock=lambda: clock[0], sleep=slept.append)
    cpu[0] += 50
    unlimited(100)
    assert slept == [2.5]


def test_a_paced_rebuild_runs_in_one_process_and_reports_each_batch(app, search_index, monkeypatch):
    """The pacer measures this process's CPU, so a paced rebuild does not hand the analysis to other processes."""
    calls = []
    real = hooks.rebuild

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(hooks, 'rebuild', spy)
    assert app.test_cli_runner().invoke(args=['search', 'rebuild', '--quiet', '--nice', '0']).exit_code == 0
    assert calls[-1]['parallel'] is False and callable(calls[-1]['progress'])
    assert app.test_cli_runner().invoke(args=['search', 'rebuild', '--quiet', '--nice', '0',
                                              '--cpu', '0']).exit_code == 0
    assert calls[-1]['parallel'] is True
