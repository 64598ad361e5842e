"""When an occasion falls: fixed Jalali dates, lunar Hijri dates converted for each Jalali year (hijridate,
Umm al-Qura), a date that falls twice or not at all in a year, and the secretariat's shift of one occurrence."""
import datetime as dt

import jdatetime
import pytest

from commission.occasions import dates
from commission.occasions.services import OccasionError, month_grid, set_shift


def _jalali(occurrences):
    return [str(jdatetime.date.fromgregorian(date=o.date)) for o in occurrences]


def test_a_solar_occasion_falls_on_its_jalali_date_each_year(make):
    bahman = make.occasion(name='۲۲ بهمن', month=11, day=22)
    assert [o.date for o in dates.occurrences(bahman, 1405)] == [dt.date(2027, 2, 11)]
    assert [o.date for o in dates.occurrences(bahman, 1406)] == [dt.date(2028, 2, 11)]
    nowruz = make.occasion(name='نوروز', month=1, day=1)
    assert [o.date for o in dates.occurrences(nowruz, 1405)] == [dt.date(2026, 3, 21)]


def test_esfand_30_falls_only_in_leap_years(make):
    last_day = make.occasion(month=12, day=30)
    assert _jalali(dates.occurrences(last_day, 1403)) == ['1403-12-30']  # 1403 is a leap year
    assert dates.occurrences(last_day, 1404) == []


@pytest.mark.parametrize(('month', 'day', 'year', 'expected'), [
    (12, 10, 1405, [dt.date(2026, 5, 27)]),   # عید قربان ۱۴۴۷: ۶ خرداد ۱۴۰۵
    (1, 10, 1405, [dt.date(2026, 6, 25)]),    # عاشورا ۱۴۴۸: ۴ تیر ۱۴۰۵
    (2, 20, 1405, [dt.date(2026, 8, 3)]),     # اربعین ۱۴۴۸
    (9, 1, 1405, [dt.date(2027, 2, 8)]),      # آغاز رمضان ۱۴۴۸
    (12, 10, 1406, [dt.date(2027, 5, 16)]),   # عید قربان ۱۴۴۸
    (1, 10, 1406, [dt.date(2027, 6, 15)]),    # عاشورا ۱۴۴۹
])
def test_lunar_dates_are_converted_with_the_umm_al_qura_calendar(make, month, day, year, expected):
    occasion = make.occasion(calendar='lunar', kind='religious', month=month, day=day)
    assert [o.date for o in dates.occurrences(occasion, year)] == expected


def test_a_lunar_date_falls_twice_in_one_jalali_year_and_once_in_the_next(make):
    """عید فطر: ۱ شوال ۱۴۴۶ on ۱۰ فروردین ۱۴۰۴ and ۱ شوال ۱۴۴۷ on ۲۹ اسفند ۱۴۰۴; in ۱۴۰۵ once, on ۱۸ اسفند."""
    fitr = make.occasion(name='عید فطر', calendar='lunar', kind='religious', month=10, day=1)
    assert _jalali(dates.occurrences(fitr, 1404)) == ['1404-01-10', '1404-12-29']
    assert _jalali(dates.occurrences(fitr, 1405)) == ['1405-12-18']
    assert [dates.hijri_label(o.date) for o in dates.occurrences(fitr, 1405)] == ['۱ شوال ۱۴۴۸']


def test_the_last_day_of_safar_is_the_29th_in_a_29_day_month(make):
    reza = make.occasion(calendar='lunar', kind='religious', month=2, day=30)
    assert [dates.hijri_label(o.date) for o in dates.occurrences(reza, 1405)] == ['۳۰ صفر ۱۴۴۸']
    assert [dates.hijri_label(o.date) for o in dates.occurrences(reza, 1406)] == ['۲۹ صفر ۱۴۴۹']


def test_a_one_day_shift_moves_one_occurrence_across_the_jalali_new_year(make):
    """Iran's official calendar puts a lunar date a day later: ۲۹ اسفند ۱۴۰۴ + ۱ is ۱ فروردین ۱۴۰۵."""
    staff = make.user(role='secretariat')
    fitr = make.occasion(calendar='lunar', kind='religious', month=10, day=1)
    set_shift(fitr, dt.date(2026, 3, 20), 1, 'اعلام ستاد استهلال', user=staff)
    assert _jalali(dates.occurrences(fitr, 1404)) == ['1404-01-10']  # the other 1404 occurrence stays
    moved = dates.occurrences(fitr, 1405)
    assert _jalali(moved) == ['1405-01-01', '1405-12-18']
    assert (moved[0].shift, moved[0].shift_note, moved[0].base_date) == (1, 'اعلام ستاد استهلال', dt.date(2026, 3, 20))
    assert dates.shift_label(moved[0].shift) == 'یک روز بعد از تاریخ محاسبه‌شده'
    assert moved[1].shift == 0

    set_shift(fitr, dt.date(2026, 3, 20), 0, '', user=staff)  # 0 removes the shift
    assert _jalali(dates.occurrences(fitr, 1404)) == ['1404-01-10', '1404-12-29']


def test_a_shift_beyond_two_days_or_of_a_date_that_is_not_the_occasions_is_refused(make):
    staff = make.user(role='secretariat')
    fitr = make.occasion(calendar='lunar', kind='religious', month=10, day=1)
    with pytest.raises(OccasionError):
        set_shift(fitr, dt.date(2026, 3, 20), 3, '', user=staff)
    with pytest.raises(OccasionError):
        set_shift(fitr, dt.date(2026, 3, 21), 1, '', user=staff)


def test_the_month_grid_starts_on_saturday_and_marks_today_and_occasions(make):
    bahman = make.occasion(name='پیروزی انقلاب', month=11, day=22)
    weeks = month_grid(1405, 7, [bahman], today=jdatetime.date(1405, 7, 10).togregorian())
    first = jdatetime.date(1405, 7, 1)
    assert weeks[0][:first.weekday()] == [None] * first.weekday()  # Saturday is the first column
    assert weeks[0][first.weekday()]['day'] == 1
    days = [cell for week in weeks for cell in week if cell]
    assert len(days) == 30 and all(len(week) == 7 for week in weeks)
    assert [c['day'] for c in days if c['today']] == [10]
    bahman_grid = month_grid(1405, 11, [bahman])
    marked = [c for week in bahman_grid for c in week if c and c['occurrences']]
    assert [(c['day'], c['occurrences'][0][1].name) for c in marked] == [(22, 'پیروزی انقلاب')]
