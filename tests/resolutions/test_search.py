"""What resolutions/search.py declares: a resolution's change re-indexes the progress reports that show its title."""
from commission.search import services
from tests.search.conftest import search_index  # noqa: F401  (an index of its own, drained on commit)


def test_renaming_a_resolution_reindexes_its_reports(db, make, search_index):  # noqa: F811
    report = make.report(make.assignment(title='سامانه پیامکی شهروندان'))
    db.session.commit()
    assert f'report:{report.id}' in [h['key'] for h in services.run_query('پیامکی')]

    report.assignment.resolution.title = 'نظرسنجی رضایت از تاکسی'
    db.session.commit()
    keys = [h['key'] for h in services.run_query('تاکسی')]
    assert f'report:{report.id}' in keys and f'resolution:{report.assignment.resolution.id}' in keys
    assert f'report:{report.id}' not in [h['key'] for h in services.run_query('پیامکی')]
