"""The public indicators' rows in four queries, whatever their number: what /public/ reads on every request.

The same rows as `summary.public_indicator_rows()` (same keys, same order, same reference period: the latest
locked period with values, else the latest period with values); that one reads indicator by indicator.
`tests/public/test_public_page.py` checks that both give the same rows.
"""
from sqlalchemy.orm import joinedload

from ..db import db
from .models import IndicatorPeriod, IndicatorValue
from .summary import _active_indicators, _cities, is_better, median, ranks


def _reference_periods(indicator_ids):
    """{indicator_id: IndicatorPeriod} chosen as summary.reference_period chooses, in one query."""
    pairs = db.session.execute(
        db.select(IndicatorValue.indicator_id, IndicatorPeriod)
        .join(IndicatorPeriod, IndicatorPeriod.id == IndicatorValue.period_id)
        .where(IndicatorValue.indicator_id.in_(indicator_ids)).distinct()).all()
    by_indicator = {}
    for indicator_id, period in pairs:
        by_indicator.setdefault(indicator_id, {})[period.id] = period
    chosen = {}
    for indicator_id, periods in by_indicator.items():
        ordered = sorted(periods.values(), key=lambda p: p.sort_key)
        locked = [p for p in ordered if p.locked]
        chosen[indicator_id] = (locked or ordered)[-1]
    return chosen


def public_rows():
    indicators = _active_indicators(public=True)
    if not indicators:
        return []
    periods = _reference_periods([i.id for i in indicators])
    cities = _cities()
    entries = {}
    if periods:
        wanted = {(i, p.id) for i, p in periods.items()}
        for v in db.session.scalars(db.select(IndicatorValue).options(joinedload(IndicatorValue.city))
                                    .where(IndicatorValue.indicator_id.in_(list(periods)),
                                           IndicatorValue.period_id.in_({p.id for p in periods.values()}))):
            if (v.indicator_id, v.period_id) in wanted:
                entries.setdefault(v.indicator_id, {})[v.city_id] = v
    rows = []
    for indicator in indicators:
        period, found = periods.get(indicator.id), entries.get(indicator.id, {})
        known = {c.id for c in cities}
        everyone = cities + [v.city for v in found.values() if v.city_id not in known]
        values = {c.id: found[c.id].value if c.id in found else None for c in everyone}
        mid = median(values.values())
        rank = ranks(values, indicator.higher_is_better)
        table = [{'city': c, 'value': values[c.id], 'rank': rank.get(c.id),
                  'better': is_better(values[c.id], mid, indicator.higher_is_better)} for c in everyone]
        table.sort(key=lambda r: (r['rank'] is None, r['rank'] or 0, r['city'].name))
        rows.append({'indicator': indicator, 'name': indicator.name, 'unit': indicator.unit,
                     'higher_is_better': indicator.higher_is_better, 'period': period,
                     'period_label': period.label if period else '', 'locked': bool(period and period.locked),
                     'median': mid,
                     'values': [{'city': r['city'], 'city_name': r['city'].name, 'value': r['value'],
                                 'rank': r['rank']} for r in table if r['value'] is not None]})
    return rows
