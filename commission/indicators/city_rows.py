"""Every city's indicator rows at once: what the commission's report reads (one city's report uses summary.py).

`all_city_indicator_rows(city_ids, year, quarters)` gives, for each city, exactly the rows
`summary.city_indicator_rows(city_id, year, quarters)` gives (tests/reports/test_content.py compares them),
reading the span's values once for all cities instead of once per city.
"""
from .summary import (
    ALL_QUARTERS,
    _active_indicators,
    _cities,
    indicator_keys,
    is_better,
    median,
    previous_span,
    ranks,
    span_values,
)


def all_city_indicator_rows(city_ids, year, quarters):
    """{city_id: [row]} with the keys of summary.city_indicator_rows (indicator, value, median, previous, ...)."""
    whole_year = tuple(sorted(set(quarters or ALL_QUARTERS))) == ALL_QUARTERS
    indicators = [i for i in _active_indicators() if i.frequency == 'quarterly' or whole_year]
    member_ids = {c.id for c in _cities()}
    groups = {}
    for indicator in indicators:
        groups.setdefault(tuple(indicator_keys(indicator, year, quarters)), []).append(indicator)
    current, previous = {}, {}
    for keys, group in groups.items():
        current.update(span_values(group, list(keys), member_ids | set(city_ids)))
        previous.update(span_values(group, previous_span(list(keys)), city_ids))
    result = {}
    for city_id in city_ids:
        rows = []
        for indicator in indicators:
            # the median and the ranks are over the member cities, and the city itself (as summary does)
            values = {c: v for c, v in current.get(indicator.id, {}).items()
                      if v is not None and (c in member_ids or c == city_id)}
            value = values.get(city_id)
            mid = median(values.values())
            rows.append({'indicator': indicator, 'value': value, 'median': mid,
                         'previous': previous.get(indicator.id, {}).get(city_id),
                         'rank': ranks(values, indicator.higher_is_better).get(city_id), 'of': len(values),
                         'better': is_better(value, mid, indicator.higher_is_better)})
        result[city_id] = rows
    return result
