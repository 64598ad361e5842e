"""Report periods as the cities' own reports count them: cumulative from 1 Farvardin (3, 6, 9 or 12 months)."""
import dataclasses
import datetime as dt

import jdatetime

from ..jalali import MONTHS, TEHRAN, persian_digits, to_jalali

#: span (quarters covered, from the start of the Jalali year) -> its Persian name
SPANS = {1: 'سه‌ماهه نخست', 2: 'شش‌ماهه نخست', 3: 'نه‌ماهه', 4: 'سالانه'}


@dataclasses.dataclass(frozen=True)
class Period:
    year: int
    span: int

    def __post_init__(self):
        if self.span not in SPANS:
            raise ValueError(f'span must be 1-4, not {self.span!r}')

    @property
    def quarters(self):
        """The Jalali quarters (1-4) the period covers."""
        return tuple(range(1, self.span + 1))

    @property
    def start(self):
        """1 Farvardin of the year (a Gregorian date)."""
        return jdatetime.date(self.year, 1, 1).togregorian()

    @property
    def end(self):
        """The day after the period's last day (exclusive, Gregorian)."""
        if self.span == 4:
            return jdatetime.date(self.year + 1, 1, 1).togregorian()
        return jdatetime.date(self.year, 3 * self.span + 1, 1).togregorian()

    @property
    def start_dt(self):
        """Tehran's midnight at the start, as the naive UTC every *_dt column stores."""
        return _utc(self.start)

    @property
    def end_dt(self):
        return _utc(self.end)

    @property
    def label(self):
        """«شش‌ماهه نخست ۱۴۰۴»"""
        return f'{SPANS[self.span]} {persian_digits(self.year)}'

    @property
    def months(self):
        return 3 * self.span

    @property
    def previous(self):
        """The same span of the year before: what the report compares with."""
        return Period(self.year - 1, self.span)

    def is_over(self, today):
        return self.end <= today

    def contains(self, day):
        return self.start <= day < self.end


def _utc(day):
    return dt.datetime.combine(day, dt.time(), tzinfo=TEHRAN).astimezone(dt.UTC).replace(tzinfo=None)


def current(today):
    """The period in progress on `today`: the current year up to the quarter that holds today."""
    j = to_jalali(today)
    return Period(j.year, (j.month - 1) // 3 + 1)


def latest_finished(today):
    """The last period that has ended: the previous quarter's cumulative span (or last year's year)."""
    period = current(today)
    return Period(period.year - 1, 4) if period.span == 1 else Period(period.year, period.span - 1)


def year_choices(today, back=4):
    year = to_jalali(today).year
    return list(range(year, year - back - 1, -1))


def period_range(period):
    """«از ابتدای فروردین تا پایان شهریور ۱۴۰۴»"""
    return f'از ابتدای فروردین تا پایان {MONTHS[period.months - 1]} {persian_digits(period.year)}'
