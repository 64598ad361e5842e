"""The median, ranks, comparison and span arithmetic of commission.indicators.summary (pure functions)."""
import pytest

from commission.indicators.summary import (
    aggregate,
    format_number,
    is_better,
    median,
    previous_span,
    ranks,
    span_keys,
)


def test_median_ignores_missing_values():
    assert median([3, None, 1, 2]) == 2
    assert median([4, 1, None, 3, 2]) == 2.5
    assert median([5, 1, None, 3]) == 3
    assert median([1, 2, 3, 10]) == 2.5
    assert median([None, None]) is None
    assert median([]) is None
    assert median([7]) == 7


def test_ranks_higher_is_better_with_ties_and_missing():
    values = {'a': 10, 'b': 30, 'c': 20, 'd': 30, 'e': None}
    assert ranks(values) == {'b': 1, 'd': 1, 'c': 3, 'a': 4}


def test_ranks_lower_is_better():
    # response time to the 137 system: the fastest city is first
    values = {'tehran': 12.0, 'karaj': 6.5, 'shiraz': 48.0, 'qom': None}
    assert ranks(values, higher_is_better=False) == {'karaj': 1, 'tehran': 2, 'shiraz': 3}


def test_ranks_of_nothing():
    assert ranks({}) == {}
    assert ranks({'a': None}) == {}


def test_better_than_median_honours_direction():
    assert is_better(10, 5) is True
    assert is_better(3, 5) is False
    assert is_better(3, 5, higher_is_better=False) is True
    assert is_better(10, 5, higher_is_better=False) is False
    assert is_better(5, 5) is None
    assert is_better(None, 5) is None
    assert is_better(5, None) is None


def test_aggregate_sum_needs_every_quarter():
    assert aggregate([10, 20, 30], 'sum') == 60
    assert aggregate([10, None, 30], 'sum') is None
    assert aggregate([None, None], 'sum') is None


def test_aggregate_mean_and_last_use_what_exists():
    assert aggregate([80, None, 90], 'mean') == 85
    assert aggregate([1000, 1500, None], 'last') == 1500
    assert aggregate([None], 'mean') is None


def test_span_and_previous_span():
    assert span_keys(1404, (2,)) == [(1404, 2)]
    assert span_keys(1404, None) == [(1404, 1), (1404, 2), (1404, 3), (1404, 4)]
    assert previous_span([(1404, 3)]) == [(1404, 2)]
    assert previous_span([(1404, 1)]) == [(1403, 4)]
    assert previous_span(span_keys(1404, (1, 2))) == [(1403, 3), (1403, 4)]
    assert previous_span(span_keys(1404, (1, 2, 3))) == [(1403, 2), (1403, 3), (1403, 4)]
    assert previous_span(span_keys(1404, None)) == span_keys(1403, None)
    assert previous_span([(1404, None)]) == [(1403, None)]
    with pytest.raises(ValueError):
        span_keys(1404, (5,))


def test_format_number_is_persian():
    assert format_number(1234567) == '۱٬۲۳۴٬۵۶۷'
    assert format_number(12.25) == '۱۲٫۲'
    assert format_number(7.0) == '۷'
    assert format_number(None) == ''
