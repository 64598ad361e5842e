"""The command-line contracts (docs/ARCHITECTURE.md): content import, search batch, rebuild, drain, query."""
import json

import pytest

from commission.search import services

LINES = [
    {'ref': 'a-1', 'kind': 'practice', 'city': 'کرج', 'title': 'گاه‌نامه الکترونیکی',
     'body': 'انتشار ماهانه اخبار محله‌ها در کانال ایتا', 'date': '1401-02-28'},
    {'ref': 'a-2', 'kind': 'minutes', 'city': 'تبریز', 'title': 'صورتجلسه نشست هفتم', 'body': 'گزارش پیوست رسانه ای',
     'date': '۱۴۰۲/۰۳/۰۱'},
    {'ref': 'a-3', 'kind': 'resolution', 'city': 'شیراز', 'title': 'مصوبه شماره ۵۹: رضایت سنجی تاکسی',
     'body': 'شهرها نظرسنجی رضایت از تاکسی را اجرا کنند', 'date': '2023-06-20'},
]


def write(tmp_path, lines, name='archive.jsonl'):
    path = tmp_path / name
    path.write_text('\n'.join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
                              for line in lines) + '\n', encoding='utf-8')
    return str(path)


@pytest.fixture
def cli(app, db, search_index):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def counts(db):
    from commission.meetings.models import Meeting
    from commission.practices.models import Practice
    from commission.resolutions.models import Resolution
    return tuple(db.session.scalar(db.select(db.func.count(m.id))) for m in (Practice, Meeting, Resolution))


def test_import_creates_each_kind_and_is_idempotent(cli, db, tmp_path):
    from commission.meetings.models import Meeting
    from commission.practices.models import Practice
    from commission.resolutions.models import Resolution
    path = write(tmp_path, LINES)
    before = counts(db)
    result = cli('content', 'import', path, '--create-cities')
    assert result.exit_code == 0, result.output
    assert '3 new' in result.output
    assert counts(db) == tuple(n + 1 for n in before)

    practice = db.session.scalar(db.select(Practice).where(Practice.ref == 'a-1'))
    assert practice.status == 'published' and practice.author_id is None and practice.city.name == 'کرج'
    assert practice.summary.startswith('انتشار') and practice.year == 1401
    meeting = db.session.scalar(db.select(Meeting).where(Meeting.ref == 'a-2'))
    assert meeting.status == 'minutes_approved' and meeting.number is None and meeting.minutes.startswith('گزارش')
    assert meeting.meeting_date.isoformat() == '2023-05-22' and meeting.host_city.name == 'تبریز'
    resolution = db.session.scalar(db.select(Resolution).where(Resolution.ref == 'a-3'))
    assert resolution.adopted_on.isoformat() == '2023-06-20' and resolution.scope == 'selected'
    assert resolution.code == '' and resolution.lead_city.name == 'شیراز'

    again = cli('content', 'import', path, '--create-cities')
    assert again.exit_code == 0 and '0 new, 0 updated, 3 unchanged' in again.output
    assert counts(db) == tuple(n + 1 for n in before)
    assert [h['ref'] for h in services.run_query('گاهنامه')] == ['a-1']


def test_bad_lines_are_reported_with_their_number_and_the_rest_imports(cli, db, tmp_path):
    lines = [LINES[0], '{not json', {'ref': 'b-1', 'kind': 'poem', 'title': 'x'}, LINES[1],
             {'ref': 'b-2', 'kind': 'practice', 'city': 'کرج', 'title': 'بی تاریخ', 'date': '1401-13-45'},
             {'ref': 'b-3', 'kind': 'practice', 'city': 'کرج', 'body': 'بدون عنوان'}, '', LINES[2]]
    result = cli('content', 'import', write(tmp_path, lines), '--create-cities')
    assert result.exit_code == 0
    assert 'line 2: not valid JSON' in result.output
    assert 'line 3: "kind" must be one of' in result.output
    assert 'line 5: "date"' in result.output
    assert 'line 6: "title" is missing' in result.output
    assert '3 new' in result.output and '4 bad lines' in result.output
    assert {h['ref'] for h in services.run_query('رضایت سنجی تاکسی')} == {'a-3'}


def test_unknown_city_needs_create_cities_and_guest_cities_are_not_members(cli, db, tmp_path):
    from commission.cities.models import City
    line = {'ref': 'c-1', 'kind': 'practice', 'city': 'خمین', 'title': 'پوستر مناسبت‌ها', 'body': '۶۷ پوستر'}
    result = cli('content', 'import', write(tmp_path, [line]))
    assert 'line 1: unknown city' in result.output and '0 new' in result.output
    result = cli('content', 'import', write(tmp_path, [line]), '--create-cities')
    assert '1 new' in result.output
    city = db.session.scalar(db.select(City).where(City.name == 'خمین'))
    assert city.is_member is False


def test_gregorian_and_persian_digit_dates_are_read(cli, db, tmp_path):
    from commission.practices.models import Practice
    lines = [dict(LINES[0], ref='d-1', date='۲۰۲۲-۰۵-۱۸'), dict(LINES[0], ref='d-2', date='١٤٠١-٠٢-٢٨')]
    cli('content', 'import', write(tmp_path, lines), '--create-cities')
    dates = {p.ref: p.published_dt.date().isoformat() for p in db.session.scalars(db.select(Practice).where(
        Practice.ref.in_(['d-1', 'd-2'])))}
    assert dates == {'d-1': '2022-05-18', 'd-2': '2022-05-18'}


def test_batch_prints_one_json_line_per_query_and_never_crashes(cli, db, tmp_path, make):
    cli('content', 'import', write(tmp_path, LINES), '--create-cities')
    own = make.practice(title='تجربه بدون مرجع درباره گاه نامه')
    db.session.commit()
    queries = [{'id': 'q1', 'q': 'گاهنامه'}, {'id': 'q2', 'q': '"پیوست رسانه‌ای'}, 'oops', {'id': 'q4'},
               {'id': 'q5', 'q': 'AND ( : -'}, {'id': 'q6', 'q': '59 مصوبه'}]
    result = cli('search', 'batch', write(tmp_path, queries, 'queries.jsonl'), '--limit', '5')
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o['id'] for o in out] == ['q1', 'q2', 'line-3', 'q4', 'q5', 'q6']
    assert [r['ref'] for r in out[0]['results']] == ['a-1', f'practice:{own.id}']
    assert set(out[0]['results'][0]) == {'ref', 'kind', 'title', 'city', 'score'}
    assert out[0]['results'][0]['kind'] == 'practice' and out[0]['results'][0]['city'] == 'کرج'
    assert out[0]['results'][0]['score'] >= out[0]['results'][1]['score']
    assert out[1]['results'][0]['ref'] == 'a-2'
    assert 'error' in out[2] and 'error' in out[3]
    assert 'results' in out[4]
    assert out[5]['results'][0]['ref'] == 'a-3'


def test_batch_on_a_fresh_instance_builds_the_index(cli, db, tmp_path, search_index):
    import shutil
    cli('content', 'import', write(tmp_path, LINES), '--create-cities')
    shutil.rmtree(search_index)
    result = cli('search', 'batch', write(tmp_path, [{'id': 'q', 'q': 'تاکسی'}], 'q.jsonl'))
    assert json.loads(result.stdout.splitlines()[-1])['results'][0]['ref'] == 'a-3'


def test_query_and_drain_commands(cli, db, tmp_path):
    cli('content', 'import', write(tmp_path, LINES), '--create-cities')
    result = cli('search', 'query', 'رضایت‌سنجی')
    assert result.exit_code == 0 and 'a-3' in result.output and '[رضایت سنجی]' in result.output
    assert cli('search', 'drain').exit_code == 0
