"""The demo indicators: eight measures, four ended quarters for the member cities, one locked; idempotent."""
import datetime as dt

from commission.indicators import demo, summary
from commission.indicators.models import Indicator, IndicatorPeriod, IndicatorValue


def test_last_quarters_before_a_day():
    # 1405/09/10 is in autumn 1405: the four quarters before it
    assert demo.last_quarters(dt.date(2026, 12, 1)) == [(1404, 3), (1404, 4), (1405, 1), (1405, 2)]
    assert demo.last_quarters(dt.date(2026, 4, 1)) == [(1404, 1), (1404, 2), (1404, 3), (1404, 4)]  # 1405/01/12


def test_demo_load_is_idempotent_and_plausible(db, make):
    from commission.demo import load_accounts, load_cities
    load_cities()
    load_accounts()
    demo.load()
    counts = (db.session.scalar(db.select(db.func.count(Indicator.id))),
              db.session.scalar(db.select(db.func.count(IndicatorPeriod.id))),
              db.session.scalar(db.select(db.func.count(IndicatorValue.id))))
    demo.load()
    assert counts == (db.session.scalar(db.select(db.func.count(Indicator.id))),
                      db.session.scalar(db.select(db.func.count(IndicatorPeriod.id))),
                      db.session.scalar(db.select(db.func.count(IndicatorValue.id))))
    assert counts[0] == 8 and counts[1] == 5
    periods = sorted(db.session.scalars(db.select(IndicatorPeriod)).all(), key=lambda p: p.sort_key)
    assert [p.locked for p in periods] == [True, False, False, False, False]
    time137 = db.session.scalar(db.select(Indicator).where(Indicator.higher_is_better.is_(False)))
    table = summary.period_table(time137, periods[1])
    values = [r['value'] for r in table['rows'] if r['value'] is not None]
    assert len(values) == 18 and len(set(values)) > 10 and all(v > 0 for v in values)
    newest = summary.period_table(time137, periods[3])
    assert newest['of'] == 15  # three cities have not entered the newest quarter
    assert summary.public_indicator_rows() and all(r['locked'] for r in summary.public_indicator_rows())
    # «occasions covered» is counted from the media kit, the others are entered by hand
    assert {i.name for i in db.session.scalars(db.select(Indicator).where(Indicator.source == 'occasions.kit'))} \
        == {'مناسبت‌های پوشش‌داده‌شده'}
