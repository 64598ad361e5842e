"""Indicators whose values another domain counts: a small registry, so indicators names no other domain.

A domain registers a counter for a key of `models.SOURCES` when its views are imported (occasions registers
'occasions.kit'); the entry form asks `counted(indicator, city, period)` and prefills the number. The
dependency is one-way: the counting domain imports this module, never the other way round.
"""
import jdatetime

from .services import quarter_end

#: source key -> count(city_id, start_date, end_date) -> int
_COUNTERS = {}


def register(source, count):
    _COUNTERS[source] = count


def period_dates(period):
    """The Gregorian first and last day of a period (a Jalali quarter, or the whole year for quarter 0)."""
    month = 1 if period.is_yearly else (period.quarter - 1) * 3 + 1
    return jdatetime.date(period.year, month, 1).togregorian(), quarter_end(period.year, period.quarter)


def counted(indicator, city, period):
    """The number the indicator's source counts for `city` in `period`, or None (entered by hand, or no counter)."""
    count = _COUNTERS.get(indicator.source) if indicator.source else None
    if count is None or city is None or period is None:
        return None
    start, end = period_dates(period)
    return count(city.id, start, end)
