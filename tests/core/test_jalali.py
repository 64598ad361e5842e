import datetime as dt

import pytest

from commission.jalali import DateParseError, format_jalali, parse_date, persian_digits, persian_number
from commission.templating import ordinal


@pytest.mark.parametrize('text', ['۱۴۰۳/۰۲/۲۸', '1403-2-28', '1403/02/28', '١٤٠٣/٠٢/٢٨', ' ۱۴۰۳-۲-۲۸ '])
def test_jalali_dates_in_any_digits(text):
    assert parse_date(text) == dt.date(2024, 5, 17)


@pytest.mark.parametrize('text', ['1403/12/31', '1402/07/31', 'فردا', '', '1403/1', '1403/00/10'])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(DateParseError):
        parse_date(text)


def test_leap_year_end_of_esfand():
    assert parse_date('1403/12/30') == dt.date(2025, 3, 20)


def test_gregorian_only_when_allowed():
    assert parse_date('2022-05-18', allow_gregorian=True) == dt.date(2022, 5, 18)
    with pytest.raises(DateParseError):
        parse_date('2022-05-18')


def test_formats():
    day = dt.date(2024, 5, 17)
    assert format_jalali(day) == '۱۴۰۳/۰۲/۲۸'
    assert format_jalali(day, 'long') == '۲۸ اردیبهشت ۱۴۰۳'
    # 20:30 UTC is already the next day in Tehran
    assert format_jalali(dt.datetime(2024, 5, 17, 20, 30), 'datetime') == '۱۴۰۳/۰۲/۲۹ ساعت ۰۰:۰۰'
    assert persian_digits(504) == '۵۰۴'
    assert persian_number(23000) == '۲۳٬۰۰۰'
    assert ordinal(1) == 'اول' and ordinal(3) == 'سوم' and ordinal(25) == '۲۵ام'
