"""The dashboard's deadline filters and counts go by each city's own deadline: after an approved extension a city
is due on its new date, as its task list, reminders and «overdue» everywhere else say."""
import datetime as dt

import pytest

from commission.jalali import format_jalali, today_tehran
from commission.resolutions.matrix import dashboard, parse_filters


@pytest.fixture
def extended(make, db):
    """One resolution due ten days ago: Karaj extended to twenty days from now, Tabriz not."""
    today = today_tehran()
    karaj, tabriz = make.city(name='کرج', slug='karaj-dl'), make.city(name='تبریز', slug='tabriz-dl')
    resolution = make.resolution([karaj, tabriz], code='9/4', title='مصوبه با تمدید مهلت',
                                 deadline=today - dt.timedelta(days=10))
    next(a for a in resolution.assignments if a.city_id == karaj.id).deadline = today + dt.timedelta(days=20)
    db.session.flush()
    return today, karaj, tabriz


def _matrix(today, **args):
    data = dashboard(parse_filters({k: format_jalali(v) if isinstance(v, dt.date) else v for k, v in args.items()}),
                     today)
    if not data['rows']:
        return data, {}
    return data, {city.name: cell for city, cell in zip(data['cities'], data['rows'][0][1], strict=True)}


def test_overdue_counts_only_the_city_that_was_not_extended(extended):
    today, _karaj, _tabriz = extended
    data, cells = _matrix(today, overdue='1')
    assert data['grand']['overdue'] == 1 and data['grand']['count'] == 2
    assert cells['تبریز'].overdue and not cells['کرج'].overdue and cells['کرج'].dim


def test_due_soon_finds_the_extended_city(extended):
    today, _karaj, _tabriz = extended
    data, cells = _matrix(today, **{'from': today, 'to': today + dt.timedelta(days=30)})
    assert len(data['rows']) == 1  # the resolution's own deadline is past, but Karaj is due within the month
    assert data['grand']['count'] == 1 and data['grand']['overdue'] == 0
    assert not cells['کرج'].dim and cells['تبریز'].dim and not cells['تبریز'].in_range


def test_a_past_range_counts_only_the_city_still_on_the_old_deadline(extended):
    today, _karaj, _tabriz = extended
    data, cells = _matrix(today, to=today - dt.timedelta(days=1))
    assert len(data['rows']) == 1
    assert data['grand']['count'] == 1 and data['grand']['overdue'] == 1
    assert cells['کرج'].dim and not cells['تبریز'].dim


def test_a_range_no_city_is_due_in_hides_the_resolution(extended):
    today, _karaj, _tabriz = extended
    data, _cells = _matrix(today, **{'from': today + dt.timedelta(days=60)})
    assert data['rows'] == [] and data['grand']['count'] == 0


def test_the_page_shows_the_counts_by_each_citys_deadline(client, make, login, extended):
    today, _karaj, _tabriz = extended
    login(make.user(role='secretariat'))
    soon = client.get('/resolutions/dashboard', query_string={
        'from': format_jalali(today), 'to': format_jalali(today + dt.timedelta(days=30))}).get_data(as_text=True)
    assert 'مصوبه با تمدید مهلت' in soon
    matrix = soon[soon.index('id="matrix"'):]
    assert matrix.count('rs-dim') == 1 and 'data-overdue="1"' in matrix  # Tabriz: shown dimmed, not counted
    late = client.get('/resolutions/dashboard?overdue=1').get_data(as_text=True)
    stat = late[late.index('rs-stat-overdue'):]
    assert stat[stat.index('stat-value">') + len('stat-value">')] == '۱'



def test_the_public_page_marks_overdue_by_each_citys_deadline(db, extended):
    from commission.public.services import public_resolutions
    from commission.resolutions.models import Resolution
    today, _karaj, _tabriz = extended
    db.session.execute(db.update(Resolution).where(Resolution.code == '9/4').values(public=True))
    states = {c.city_name: c.overdue for r in public_resolutions(today) for c in r.cities}
    assert states == {'کرج': False, 'تبریز': True}
