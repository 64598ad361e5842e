"""The read API the reports and the public page use: a city's rows over a span, a period's table, the public rows."""
from commission.indicators import summary


def _cities(make, n=4):
    return [make.city(name=f'شهر {i}') for i in range(n)]


def test_city_rows_over_one_quarter(make, db):
    a, b, c, d = _cities(make)
    news = make.indicator(name='خبرها', aggregate='sum')
    time137 = make.indicator(name='زمان پاسخ ۱۳۷', unit='ساعت', higher_is_better=False, aggregate='mean')
    q1, q2 = make.period(1404, 1), make.period(1404, 2)
    for city, value in ((a, 100), (b, 200), (c, 300)):  # d has no value
        make.value(news, city, q2, value)
    make.value(news, a, q1, 80)
    for city, value in ((a, 10), (b, 30), (c, 20), (d, 20)):
        make.value(time137, city, q2, value)
    rows = {r['indicator'].id: r for r in summary.city_indicator_rows(a.id, 1404, (2,))}
    assert rows[news.id] == {'indicator': news, 'value': 100, 'median': 200, 'previous': 80, 'rank': 3, 'of': 3,
                             'better': False}
    # lower is better: the fastest city is first and better than the median
    assert rows[time137.id]['rank'] == 1 and rows[time137.id]['median'] == 20 and rows[time137.id]['better'] is True
    assert rows[time137.id]['previous'] is None
    missing = {r['indicator'].id: r for r in summary.city_indicator_rows(d.id, 1404, (2,))}[news.id]
    assert missing['value'] is None and missing['rank'] is None and missing['of'] == 3 and missing['better'] is None


def test_six_months_sum_and_mean(make, db):
    a, b = _cities(make, 2)
    news = make.indicator(name='خبرها', aggregate='sum')
    survey = make.indicator(name='رضایت', unit='درصد', aggregate='mean')
    audience = make.indicator(name='مخاطبان', unit='نفر', aggregate='last')
    q1, q2 = make.period(1404, 1), make.period(1404, 2)
    make.value(news, a, q1, 10), make.value(news, a, q2, 20)
    make.value(news, b, q2, 50)  # b missed spring: no six-month sum
    make.value(survey, a, q1, 60), make.value(survey, a, q2, 70)
    make.value(audience, a, q1, 1000), make.value(audience, a, q2, 1500)
    rows = {r['indicator'].name: r for r in summary.city_indicator_rows(a.id, 1404, (1, 2))}
    assert rows['خبرها']['value'] == 30 and rows['خبرها']['of'] == 1 and rows['خبرها']['rank'] == 1
    assert rows['رضایت']['value'] == 65
    assert rows['مخاطبان']['value'] == 1500
    b_rows = {r['indicator'].name: r for r in summary.city_indicator_rows(b.id, 1404, (1, 2))}
    assert b_rows['خبرها']['value'] is None


def test_yearly_indicators_only_in_a_whole_year(make, db):
    a, = _cities(make, 1)
    yearly = make.indicator(name='سالانه', frequency='yearly', aggregate='last')
    make.value(yearly, a, make.period(1404, 0), 7)
    make.value(yearly, a, make.period(1403, 0), 5)
    assert [r['indicator'] for r in summary.city_indicator_rows(a.id, 1404, (1,))] == []
    [row] = summary.city_indicator_rows(a.id, 1404, (1, 2, 3, 4))
    assert row['value'] == 7 and row['previous'] == 5


def test_inactive_indicators_are_left_out(make, db):
    a, = _cities(make, 1)
    make.indicator(name='کنار گذاشته', active=False)
    assert summary.city_indicator_rows(a.id, 1404, (1,)) == []


def test_period_table_orders_by_rank_with_missing_last(make, db):
    a, b, c = _cities(make, 3)
    ind = make.indicator(higher_is_better=False)
    p = make.period(1404, 1)
    make.value(ind, a, p, 5), make.value(ind, b, p, 3)
    table = summary.period_table(ind, p)
    assert [(r['city'].id, r['rank']) for r in table['rows']] == [(b.id, 1), (a.id, 2), (c.id, None)]
    assert table['median'] == 4 and table['of'] == 2


def test_public_rows_use_the_latest_locked_period(make, db):
    a, b = _cities(make, 2)
    public = make.indicator(name='عمومی', public=True)
    make.indicator(name='درونی', public=False)
    q1, q2 = make.period(1404, 1, locked=True), make.period(1404, 2)
    make.value(public, a, q1, 10), make.value(public, b, q1, 20)
    make.value(public, a, q2, 99)  # not locked yet: the public page keeps the locked quarter
    [row] = summary.public_indicator_rows()
    assert row['name'] == 'عمومی' and row['period'] == q1 and row['locked'] is True and row['median'] == 15
    assert [(v['city_name'], v['value'], v['rank']) for v in row['values']] == [(b.name, 20, 1), (a.name, 10, 2)]


def test_public_rows_without_a_locked_period_use_the_latest(make, db):
    a, = _cities(make, 1)
    public = make.indicator(name='عمومی', public=True)
    make.value(public, a, make.period(1404, 1), 1)
    make.value(public, a, make.period(1404, 2), 2)
    [row] = summary.public_indicator_rows()
    assert row['period_label'] == 'تابستان ۱۴۰۴' and row['values'][0]['value'] == 2 and not row['locked']


def test_city_trend(make, db):
    a, b = _cities(make, 2)
    ind = make.indicator()
    q1, q2 = make.period(1404, 1), make.period(1404, 2)
    make.value(ind, a, q1, 1), make.value(ind, b, q1, 3), make.value(ind, b, q2, 4)
    assert [(t['period'], t['value'], t['median']) for t in summary.city_trend(ind, a.id)] == [
        (q1, 1, 2), (q2, None, 4)]
