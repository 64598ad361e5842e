"""A city's report for a fixed period (the six months of 1404: 2025-03-21 to 2025-09-22) shows what happened then."""
import datetime as dt

import pytest

from commission.reports import services as svc
from commission.reports.periods import Period, current, latest_finished
from commission.resolutions.models import Assignment, Resolution

SIX_MONTHS_1404 = Period(1404, 2)
INSIDE = dt.datetime(2025, 5, 10, 9)
AFTER = dt.datetime(2025, 10, 15, 9)
BEFORE = dt.datetime(2025, 2, 1, 9)


def test_periods_are_cumulative_from_farvardin():
    assert [Period(1404, s).end for s in (1, 2, 3, 4)] == [
        dt.date(2025, 6, 22), dt.date(2025, 9, 23), dt.date(2025, 12, 22), dt.date(2026, 3, 21)]
    assert {Period(1404, s).start for s in (1, 2, 3, 4)} == {dt.date(2025, 3, 21)}
    assert SIX_MONTHS_1404.label == 'شش‌ماهه نخست ۱۴۰۴'
    assert SIX_MONTHS_1404.quarters == (1, 2)
    assert SIX_MONTHS_1404.previous == Period(1403, 2)
    # Tehran's midnight of 1 Farvardin is 20:30 UTC the day before
    assert SIX_MONTHS_1404.start_dt == dt.datetime(2025, 3, 20, 20, 30)
    assert current(dt.date(2025, 8, 1)) == Period(1404, 2)
    assert latest_finished(dt.date(2025, 8, 1)) == Period(1404, 1)
    assert latest_finished(dt.date(2025, 4, 1)) == Period(1403, 4)
    with pytest.raises(ValueError):
        Period(1404, 5)


def _report(make, assignment, when, **kw):
    report = make.report(assignment, **kw)
    report.created_dt = when
    if report.reviewed_dt:
        report.reviewed_dt = when
    return report


@pytest.fixture
def karaj(db, make):
    """Karaj's records around the six months of 1404, and another city's that must not leak into its report."""
    karaj, tabriz = make.city(name='کرج', slug='karaj-r'), make.city(name='تبریز', slug='tabriz-r')
    director = make.user(role='director', city=karaj)
    staff = make.user(role='secretariat')
    late = make.resolution([karaj, tabriz], code='4/1', title='پیوست رسانه‌ای پروژه‌ها', adopted_on=dt.date(2025, 1, 10),
                           deadline=dt.date(2025, 6, 1))
    done = make.resolution([karaj], code='4/2', title='رضایت‌سنجی شهروندان', adopted_on=dt.date(2025, 2, 1))
    make.resolution([karaj], code='4/3', title='مصوبه پس از دوره', adopted_on=dt.date(2025, 11, 1))
    make.resolution([karaj], code='4/4', title='مصوبه لغوشده', adopted_on=dt.date(2025, 1, 1), status='withdrawn')
    karaj_late = next(a for a in late.assignments if a.city_id == karaj.id)
    _report(make, karaj_late, INSIDE, author=director, status='in_progress', percent=40)
    _report(make, karaj_late, AFTER, author=staff, status='done')  # after the period: not in this report
    _report(make, done.assignments[0], BEFORE, author=director, status='in_progress', percent=10)
    _report(make, done.assignments[0], INSIDE, author=staff, status='done')
    published = make.practice(city=karaj, title='کارگاه تولید محتوا', published_dt=INSIDE)
    make.practice(city=karaj, title='تجربه سال قبل', published_dt=BEFORE)
    make.practice(city=karaj, title='تجربه پیش‌نویس', status='draft')
    make.adoption(published, tabriz, created_dt=INSIDE + dt.timedelta(days=5))
    theirs = make.practice(city=tabriz, title='قطار شهری تبریز', published_dt=BEFORE)
    make.adoption(theirs, karaj, created_dt=INSIDE)
    make.approved_meeting(present=[karaj], absent=[tabriz], meeting_date=dt.date(2025, 5, 1), number=41)
    make.approved_meeting(absent=[karaj], meeting_date=dt.date(2025, 8, 1), number=42)
    make.approved_meeting(present=[karaj], meeting_date=dt.date(2025, 11, 1), number=43)  # after the period
    make.meeting('cancelled', cities=[karaj], meeting_date=dt.date(2025, 7, 1), number=44)
    db.session.flush()
    return karaj


def test_city_report_content(karaj, db):
    data = svc.city_report(karaj, SIX_MONTHS_1404, today=dt.date(2026, 1, 1))
    lines = {line.resolution.code: line for line in data.resolutions}
    assert set(lines) == {'4/1', '4/2'}  # not the one adopted later, not the withdrawn one
    assert (lines['4/1'].status, lines['4/1'].percent, lines['4/1'].overdue, lines['4/1'].reports) == (
        'in_progress', 40, True, 1)  # the later 'done' does not rewrite the period
    assert (lines['4/2'].status, lines['4/2'].percent, lines['4/2'].overdue, lines['4/2'].reports) == (
        'done', 100, False, 1)
    assert data.progress == dict(done=1, applicable=2, percent=50, total=2, overdue=1, pending=0, reports=2)
    assert [m.number for m in data.meetings] == [41, 42]
    assert data.attendance_totals == dict(present=1, absent=1, excused=0, unknown=0, meetings=2, percent=50)
    assert [p.title for p in data.practices] == ['کارگاه تولید محتوا']
    assert [(a.practice.title, a.city.name) for a in data.adopted_by_others] == [('کارگاه تولید محتوا', 'تبریز')]
    assert [(a.practice.title, a.practice.city.name) for a in data.adopted_from_others] == [
        ('قطار شهری تبریز', 'تبریز')]
    assert data.title == 'گزارش عملکرد شش‌ماهه نخست ۱۴۰۴ شهرداری کرج'
    assert data.as_of == dt.date(2025, 9, 22)


def test_running_period_shows_the_current_state(karaj):
    data = svc.city_report(karaj, Period(1404, 4), today=dt.date(2025, 12, 1))
    lines = {line.resolution.code: line for line in data.resolutions}
    assert lines['4/1'].status == 'done' and not lines['4/1'].overdue
    assert '4/3' in lines
    assert data.as_of == dt.date(2025, 12, 1)


def test_a_claim_accepted_after_the_period_is_still_a_claim_in_it(db, make):
    city = make.city()
    assignment = make.assignment(city, adopted_on=dt.date(2025, 1, 1))
    claim = _report(make, assignment, INSIDE, status='done')
    claim.review, claim.reviewed_dt = 'accepted', AFTER
    db.session.flush()
    [line] = svc.city_report(city, SIX_MONTHS_1404, today=dt.date(2026, 1, 1)).resolutions
    assert line.status == 'done_pending'


def test_a_city_with_an_extension_past_the_period_is_not_overdue_in_it(karaj, db):
    late = db.session.scalars(db.select(Assignment).join(Assignment.resolution)
                              .where(Assignment.city_id == karaj.id, Resolution.code == '4/1')).one()
    late.deadline = dt.date(2025, 10, 1)  # Karaj's own deadline, extended past the period's end
    db.session.flush()
    lines = {line.resolution.code: line for line in svc.city_report(karaj, SIX_MONTHS_1404,
                                                                     today=dt.date(2026, 1, 1)).resolutions}
    assert not lines['4/1'].overdue
    late_everywhere = dict((res.code, p) for res, p in svc.commission_report(
        SIX_MONTHS_1404, today=dt.date(2026, 1, 1)).resolutions)['4/1']
    assert late_everywhere['overdue'] == 1  # Tabriz, without an extension, still is


def test_report_page_shows_the_figures(karaj, client, login, make, db):
    login(make.user(role='director', city=karaj))
    db.session.commit()
    html = client.get('/reports/city/karaj-r/1404/2').get_data(as_text=True)
    assert 'گزارش عملکرد شش‌ماهه نخست ۱۴۰۴ شهرداری کرج' in html
    assert 'پیوست رسانه‌ای پروژه‌ها' in html and 'مصوبه پس از دوره' not in html and 'مصوبه لغوشده' not in html
    assert '۵۰٪' in html and '۴۰٪' in html  # Persian digits
    assert 'کارگاه تولید محتوا' in html and 'تجربه سال قبل' not in html and 'تجربه پیش‌نویس' not in html
    assert 'نشست چهل و یکم' in html or 'نشست ۴۱ام' in html


def test_commission_report_ranks_every_city(karaj, db, make):
    data = svc.commission_report(SIX_MONTHS_1404, today=dt.date(2026, 1, 1))
    by_name = {row.city.name: row for row in data.cities}
    assert by_name['کرج'].rank == 1 and by_name['کرج'].progress['percent'] == 50
    assert by_name['تبریز'].rank == 2 and by_name['تبریز'].progress['percent'] == 0
    assert by_name['تبریز'].attendance['present'] == 0 and by_name['کرج'].adopted_by_others == 1
    assert [res.code for res, _ in data.resolutions] == ['4/1', '4/2']
    late = dict((res.code, p) for res, p in data.resolutions)['4/1']
    assert (late['done'], late['applicable'], late['overdue']) == (0, 2, 2)
    assert data.totals['practices'] == 1 and data.totals['meetings'] == 2


def test_equal_cities_share_a_rank(db, make):
    cities = [make.city() for _ in range(3)]
    resolution = make.resolution(cities, adopted_on=dt.date(2025, 1, 1))
    for assignment in resolution.assignments[:2]:
        _report(make, assignment, INSIDE, status='done', author=make.user(role='secretariat'))
    ranks = sorted(row.rank for row in svc.commission_report(SIX_MONTHS_1404, today=dt.date(2026, 1, 1)).cities)
    assert ranks == [1, 1, 3]


def test_indicators_against_the_median_and_the_previous_span(karaj, db, make, client, login):
    tabriz = db.session.scalars(db.select(type(karaj)).where(type(karaj).slug == 'tabriz-r')).one()
    news = make.indicator(name='خبرهای تولیدشده', unit='خبر')
    wait = make.indicator(name='زمان پاسخ به سامانه ۱۳۷', unit='ساعت', higher_is_better=False, aggregate='mean')
    for (year, quarter), (k_news, t_news, k_wait, t_wait) in {
            (1404, 1): (120, 80, 30, 20), (1404, 2): (130, 90, 20, 30),
            (1403, 3): (100, 70, 40, 35), (1403, 4): (90, 60, 50, 35)}.items():
        period = make.period(year, quarter)
        make.value(news, karaj, period, k_news)
        make.value(news, tabriz, period, t_news)
        make.value(wait, karaj, period, k_wait)
        make.value(wait, tabriz, period, t_wait)
    rows = {r['indicator'].name: r for r in svc.city_report(karaj, SIX_MONTHS_1404).indicators}
    assert (rows['خبرهای تولیدشده']['value'], rows['خبرهای تولیدشده']['median'], rows['خبرهای تولیدشده']['previous'],
            rows['خبرهای تولیدشده']['rank'], rows['خبرهای تولیدشده']['better']) == (250, 210, 190, 1, True)
    wait_row = rows['زمان پاسخ به سامانه ۱۳۷']
    assert (wait_row['value'], wait_row['rank'], wait_row['better']) == (25, 1, None)  # equal means tie with median
    login(make.user(role='director', city=karaj))
    db.session.commit()
    html = client.get('/reports/city/karaj-r/1404/2').get_data(as_text=True)
    assert 'خبرهای تولیدشده (خبر)' in html and '۲۵۰' in html and '۲۱۰' in html and '۱۹۰' in html
    assert '۱ از ۲' in html and 'بهتر از میانه' in html
    commission = svc.commission_report(SIX_MONTHS_1404)
    from commission.reports.document import indicator_rankings
    ranking = dict(indicator_rankings(commission.indicators))['خبرهای تولیدشده (خبر)']
    assert [(city.name, row['rank']) for city, row in ranking] == [('کرج', 1), ('تبریز', 2)]


def test_a_period_without_indicator_values_says_so(karaj, db, make, client, login):
    make.indicator(name='شاخص بی‌مقدار')
    login(make.user(role='secretariat'))
    db.session.commit()
    for path in ('/reports/city/karaj-r/1404/2', '/reports/commission/1404/2'):
        html = client.get(path).get_data(as_text=True)
        assert 'هنوز مقدار هیچ شاخصی ثبت نشده' in html and 'شاخص بی‌مقدار' not in html


def test_all_cities_rows_are_each_citys_rows(db, make):
    from commission.indicators.city_rows import all_city_indicator_rows
    from commission.indicators.summary import city_indicator_rows
    cities = [make.city() for _ in range(3)] + [make.city(is_member=False)]
    quarterly = make.indicator(name='فصلی')
    lower = make.indicator(name='کمتر بهتر', higher_is_better=False, aggregate='mean')
    yearly = make.indicator(name='سالانه', frequency='yearly')
    for n, city in enumerate(cities):
        for quarter in (1, 2, 3, 4):
            if not (n == 1 and quarter == 2):  # a missing quarter: no sum for that city
                make.value(quarterly, city, make.period(1404, quarter), 10 * n + quarter)
            make.value(lower, city, make.period(1404, quarter), 5 - n)
        make.value(quarterly, city, make.period(1403, 4), n)
        make.value(yearly, city, make.period(1404, 0), 100 + n)
    ids = [c.id for c in cities]
    for quarters in ((1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)):
        together = all_city_indicator_rows(ids, 1404, quarters)
        assert together == {city_id: city_indicator_rows(city_id, 1404, quarters) for city_id in ids}, quarters
