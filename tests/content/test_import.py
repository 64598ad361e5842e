"""`flask content import`: each kind imports, the same file twice changes nothing, bad lines are reported by number."""
from commission.search import services

from .archive import LINES, write


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


def test_a_member_metropolis_is_created_from_the_member_list(cli, db, tmp_path):
    from commission.cities.models import City
    line = dict(LINES[0], ref='m-1', city='بندر عباس')  # spelt with a space; the list has بندرعباس
    result = cli('content', 'import', write(tmp_path, [line]), '--create-cities')
    assert 'Cities created: بندرعباس' in result.output
    city = db.session.scalar(db.select(City).where(City.slug == 'bandar-abbas'))
    assert city.is_member and city.name_en == 'Bandar Abbas' and city.province == 'هرمزگان'


def test_a_kind_registered_by_a_domain_imports_through_the_same_loop(cli, db, tmp_path, monkeypatch):
    from commission.content import importer
    from commission.practices.models import Practice
    monkeypatch.setattr(importer, '_KINDS', dict(importer._KINDS))
    importer.register_kind('idea', Practice, lambda line: {'title': line.title, 'city_id': line.city.id,
                                                           'summary': line.body, 'status': 'draft'}, city_required=True)
    line = {'ref': 'i-1', 'kind': 'idea', 'city': 'کرج', 'title': 'ایده تازه', 'body': 'گاه‌نامه محله'}
    result = cli('content', 'import', write(tmp_path, [line, dict(line, ref='i-2', city='')]), '--create-cities')
    assert '1 new' in result.output and 'line 2: "city" is missing' in result.output
    idea = db.session.scalar(db.select(Practice).where(Practice.ref == 'i-1'))
    assert idea.status == 'draft' and idea.summary == 'گاه‌نامه محله' and idea.city.name == 'کرج'
