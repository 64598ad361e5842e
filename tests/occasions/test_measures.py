"""«Occasions covered» for the city indicators: occasions whose date fell in the period and the city shared for."""
import jdatetime

from commission.indicators import sources
from commission.indicators.services import quarter_end
from commission.occasions.measures import occasions_covered


def _dates(year, quarter=0):
    """The first and last Gregorian day of a Jalali quarter (or year, quarter 0)."""
    first = jdatetime.date(year, 1 if not quarter else (quarter - 1) * 3 + 1, 1).togregorian()
    return first, quarter_end(year, quarter)


def _setup(make):
    city, other = make.city(name='کرج آزمون'), make.city(name='قم آزمون')
    director, other_director = make.user(role='director', city=city), make.user(role='director', city=other)
    pr_day = make.occasion(name='روز ارتباطات و روابط عمومی', month=2, day=27)   # spring (Q1)
    city_day = make.occasion(name='روز شهرداری و دهیاری', month=4, day=14)        # summer (Q2)
    third = make.occasion(name='روز ملی آزمایشی', month=3, day=1)                 # spring (Q1)
    return city, other, director, other_director, pr_day, city_day, third


def test_counts_distinct_occasions_whose_date_fell_in_the_period(make):
    city, other, director, other_director, pr_day, city_day, third = _setup(make)
    make.kit_item(pr_day, user=director, year=1405, title='پوستر')
    make.kit_item(pr_day, user=director, year=1405, title='بنر', item_kind='banner')  # same occurrence: once
    make.kit_item(city_day, user=director, year=1405)
    make.kit_item(pr_day, user=director, year=1404)       # last year's occurrence: not in 1405
    make.kit_item(third, user=other_director, year=1405)  # another city's item
    assert occasions_covered(city.id, *_dates(1405, 1)) == 1
    assert occasions_covered(city.id, *_dates(1405, 2)) == 1
    assert occasions_covered(city.id, *_dates(1405, 3)) == 0
    assert occasions_covered(city.id, *_dates(1405)) == 2
    assert occasions_covered(city.id, *_dates(1404, 1)) == 1
    assert occasions_covered(other.id, *_dates(1405, 1)) == 1
    assert occasions_covered(make.city().id, *_dates(1405)) == 0


def test_the_upload_day_does_not_matter_only_the_occasion_date(make):
    """Items are uploaded today (whatever quarter that is); they count in the quarter of their occasion."""
    city, _other, director, _od, pr_day, _cd, _t = _setup(make)
    make.kit_item(pr_day, user=director, year=1403)
    assert occasions_covered(city.id, *_dates(1403, 1)) == 1
    assert occasions_covered(city.id, *_dates(1403, 2)) == 0


def test_registered_as_the_indicator_source(app, make):
    city, _other, director, _od, pr_day, _cd, _t = _setup(make)
    make.kit_item(pr_day, user=director, year=1405)
    counted = make.indicator(name='مناسبت‌های پوشش‌داده‌شده', unit='مناسبت', source='occasions.kit')
    by_hand = make.indicator(name='خبرهای تولیدشده')
    period = make.period(1405, 1)
    assert sources.counted(counted, city, period) == 1
    assert sources.counted(by_hand, city, period) is None
    assert sources.period_dates(make.period(1405, 0)) == _dates(1405)
