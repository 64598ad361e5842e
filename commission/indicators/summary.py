"""Read API of the indicators: values over a span of quarters, the commission median, ranks, the public rows.

A period is named (jalali_year, quarter) with quarter 1..4, or (jalali_year, None) for yearly indicators.
A span is several quarters of one year (a quarter, six months, nine months, the year). An indicator's
`aggregate` says how a span's quarters become one value:

- 'sum' (counts): the sum, only when the city has a value for every quarter of the span (a partial sum
  would rank a late city below the others); otherwise None;
- 'mean' (rates, percentages): the mean of the quarters that have a value;
- 'last' (a stock such as an audience): the value of the latest quarter that has one.

Yearly indicators have one value a year; they appear in a span only when the span is the whole year.
The median and the rank are taken over the member cities that have a value. Ranks are competition ranks
(1, 2, 2, 4): cities with equal values share a rank. The functions at the top are pure and unit tested;
the others read the database and are what the reports and the public page use. Keep their signatures.
"""
from ..cities.models import City
from ..db import db
from ..jalali import persian_digits
from .models import Indicator, IndicatorPeriod, IndicatorValue

ALL_QUARTERS = (1, 2, 3, 4)


# --- pure arithmetic ---------------------------------------------------------------------------------------

def median(values):
    """The median of the values that are not None; None when there are none."""
    present = sorted(v for v in values if v is not None)
    if not present:
        return None
    middle = len(present) // 2
    if len(present) % 2:
        return float(present[middle])
    return (present[middle - 1] + present[middle]) / 2


def ranks(values, higher_is_better=True):
    """{key: rank} of a {key: value} mapping, 1 the best; None values get no rank; ties share the best rank."""
    present = {k: v for k, v in values.items() if v is not None}
    ordered = sorted(present.values(), reverse=higher_is_better)
    first_place = {}
    for place, value in enumerate(ordered, 1):
        first_place.setdefault(value, place)
    return {k: first_place[v] for k, v in present.items()}


def is_better(value, reference, higher_is_better=True):
    """True when `value` beats `reference` (the median), False when it is worse, None when equal or unknown."""
    if value is None or reference is None or value == reference:
        return None
    return (value > reference) == bool(higher_is_better)


def aggregate(values, how, expected=None):
    """One value from the quarters' values (in period order, None for a missing quarter); see the module doc."""
    expected = len(values) if expected is None else expected
    present = [v for v in values if v is not None]
    if not present:
        return None
    if how == 'sum':
        return float(sum(present)) if len(present) == expected else None
    if how == 'mean':
        return sum(present) / len(present)
    return float(present[-1])


def span_keys(year, quarters):
    """The periods of a span: [(year, q), ...] in order; empty or None quarters mean the whole year."""
    quarters = tuple(sorted(set(quarters or ALL_QUARTERS)))
    if any(q not in ALL_QUARTERS for q in quarters):
        raise ValueError(f'quarters must be within 1..4: {quarters!r}')
    return [(year, q) for q in quarters]


def previous_span(keys):
    """The same number of quarters just before the span: (1404, [3]) -> (1404, [2]); Q1 -> Q4 of the year before;
    a whole year -> the year before; a yearly period (year, None) -> (year - 1, None)."""
    if len(keys) == 1 and keys[0][1] is None:
        return [(keys[0][0] - 1, None)]
    n = len(keys)

    def back(year, quarter):
        index = year * 4 + (quarter - 1) - n
        return (index // 4, index % 4 + 1)
    return [back(y, q) for y, q in keys]


def format_number(value, digits=1):
    """A value for display: Persian digits, the Persian thousands separator and decimal mark; '' for None."""
    if value is None:
        return ''
    value = round(float(value), digits)
    text = f'{value:,.{digits}f}' if not float(value).is_integer() else f'{int(value):,}'
    return persian_digits(text.replace(',', '٬').replace('.', '٫'))


# --- reading the database ----------------------------------------------------------------------------------

def _cities():
    return db.session.scalars(db.select(City).where(City.is_member.is_(True)).order_by(City.name)).all()


def _periods(keys):
    """{(year, quarter or None): IndicatorPeriod} of the periods that exist among `keys`."""
    wanted = {(y, q or 0) for y, q in keys}
    years = {y for y, _ in wanted}
    found = db.session.scalars(db.select(IndicatorPeriod).where(IndicatorPeriod.year.in_(years))).all()
    return {p.key: p for p in found if (p.year, p.quarter) in wanted}


def span_values(indicators, keys, city_ids=None):
    """{indicator_id: {city_id: aggregated value or None}} over the periods `keys` of each indicator."""
    periods = _periods(keys)
    period_ids = [p.id for p in periods.values()]
    by = {}
    if period_ids and indicators:
        query = db.select(IndicatorValue).where(IndicatorValue.period_id.in_(period_ids),
                                                IndicatorValue.indicator_id.in_([i.id for i in indicators]))
        if city_ids is not None:
            query = query.where(IndicatorValue.city_id.in_(list(city_ids)))
        for v in db.session.scalars(query):
            by.setdefault(v.indicator_id, {}).setdefault(v.city_id, {})[v.period_id] = v.value
    result = {}
    order = [periods.get((y, q)) for y, q in keys]
    for indicator in indicators:
        cities = by.get(indicator.id, {})
        result[indicator.id] = {
            city_id: aggregate([values.get(p.id) if p else None for p in order], indicator.aggregate, len(keys))
            for city_id, values in cities.items()}
    return result


def _active_indicators(frequency=None, public=None):
    query = db.select(Indicator).where(Indicator.active.is_(True))
    if frequency:
        query = query.where(Indicator.frequency == frequency)
    if public is not None:
        query = query.where(Indicator.public.is_(public))
    return db.session.scalars(query.order_by(Indicator.position, Indicator.name)).all()


def indicator_keys(indicator, year, quarters):
    """The span's periods for this indicator: quarters for a quarterly one, the year for a yearly one."""
    if indicator.frequency == 'yearly':
        return [(year, None)]
    return span_keys(year, quarters)


def city_indicator_rows(city_id, year, quarters):
    """Each active indicator for one city over a span of `year` (`quarters`: e.g. (1,), (1, 2), (1, 2, 3, 4)).

    A dict per indicator: indicator, value, median, previous (the same span one period earlier), rank, of (the
    number of cities with a value), better (against the median, honouring higher_is_better; None when equal or
    unknown). Yearly indicators appear only when the span is the whole year.
    """
    whole_year = tuple(sorted(set(quarters or ALL_QUARTERS))) == ALL_QUARTERS
    indicators = [i for i in _active_indicators() if i.frequency == 'quarterly' or whole_year]
    member_ids = {c.id for c in _cities()} | {city_id}
    rows = []
    groups = {}
    for indicator in indicators:
        groups.setdefault(tuple(indicator_keys(indicator, year, quarters)), []).append(indicator)
    current, previous = {}, {}
    for keys, group in groups.items():
        current.update(span_values(group, list(keys), member_ids))
        previous.update(span_values(group, previous_span(list(keys)), [city_id]))
    for indicator in indicators:
        values = {c: v for c, v in current.get(indicator.id, {}).items() if v is not None}
        value = values.get(city_id)
        mid = median(values.values())
        rank = ranks(values, indicator.higher_is_better).get(city_id)
        rows.append({'indicator': indicator, 'value': value, 'median': mid,
                     'previous': previous.get(indicator.id, {}).get(city_id), 'rank': rank, 'of': len(values),
                     'better': is_better(value, mid, indicator.higher_is_better)})
    return rows


def periods_with_values(indicator):
    """The periods (oldest first) that hold at least one value of `indicator`."""
    query = (db.select(IndicatorPeriod).join(IndicatorValue, IndicatorValue.period_id == IndicatorPeriod.id)
             .where(IndicatorValue.indicator_id == indicator.id).distinct())
    return sorted(db.session.scalars(query).all(), key=lambda p: p.sort_key)


def reference_period(indicator):
    """The period an indicator is shown for by default: the latest locked one with values, else the latest one."""
    periods = periods_with_values(indicator)
    locked = [p for p in periods if p.locked]
    return (locked or periods or [None])[-1]


def period_table(indicator, period):
    """Every member city's value of `indicator` in `period` (None when missing), with rank, median and better.

    {'indicator', 'period', 'median', 'of', 'rows': [{'city', 'value', 'note', 'rank', 'better', 'entry'}]},
    rows ordered by rank (cities without a value last, by name).
    """
    cities = _cities()
    entries = {}
    if period is not None:
        entries = {v.city_id: v for v in db.session.scalars(db.select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator.id, IndicatorValue.period_id == period.id))}
    known = {c.id for c in cities}
    cities = cities + [v.city for v in entries.values() if v.city_id not in known]
    values = {c.id: entries[c.id].value if c.id in entries else None for c in cities}
    mid = median(values.values())
    rank = ranks(values, indicator.higher_is_better)
    rows = [{'city': c, 'value': values[c.id], 'note': entries[c.id].note if c.id in entries else '',
             'entry': entries.get(c.id), 'rank': rank.get(c.id),
             'better': is_better(values[c.id], mid, indicator.higher_is_better)} for c in cities]
    rows.sort(key=lambda r: (r['rank'] is None, r['rank'] or 0, r['city'].name))
    return {'indicator': indicator, 'period': period, 'median': mid, 'of': len(rank), 'rows': rows}


def city_trend(indicator, city_id, periods=None):
    """A city's value and the commission median in each period (oldest first): [{'period', 'value', 'median'}]."""
    periods = periods if periods is not None else periods_with_values(indicator)
    if not periods:
        return []
    member_ids = {c.id for c in _cities()} | {city_id}
    by_period = {}
    for v in db.session.scalars(db.select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator.id, IndicatorValue.period_id.in_([p.id for p in periods]),
            IndicatorValue.city_id.in_(member_ids))):
        by_period.setdefault(v.period_id, {})[v.city_id] = v.value
    return [{'period': p, 'value': by_period.get(p.id, {}).get(city_id),
             'median': median(by_period.get(p.id, {}).values())} for p in periods]


def public_indicator_rows():
    """The public indicators, each for its latest locked period (else its latest period with values).

    A dict per indicator: indicator, name, unit, higher_is_better, period (IndicatorPeriod or None), period_label,
    locked, median, values: [{'city', 'city_name', 'value', 'rank'}] (cities with a value, best first).
    """
    rows = []
    for indicator in _active_indicators(public=True):
        period = reference_period(indicator)
        table = period_table(indicator, period)
        rows.append({'indicator': indicator, 'name': indicator.name, 'unit': indicator.unit,
                     'higher_is_better': indicator.higher_is_better, 'period': period,
                     'period_label': period.label if period else '', 'locked': bool(period and period.locked),
                     'median': table['median'],
                     'values': [{'city': r['city'], 'city_name': r['city'].name, 'value': r['value'],
                                 'rank': r['rank']} for r in table['rows'] if r['value'] is not None]})
    return rows
