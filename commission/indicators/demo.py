"""Demo indicators: eight measures the seed reports count, and four quarters of values for the member cities.

The quarters are the last four that ended before the loading day (Jalali); the oldest is locked, the newest
is still open with a deadline a few days away and a few cities missing values (so reminders and the
completion list have something to show). Values follow each city's size with a stable random spread.
Idempotent: an existing indicator (by name), period or value is left alone.
"""
import datetime as dt
import random

from ..auth.models import User
from ..cities.services import member_cities
from ..db import db
from ..jalali import today_tehran
from ..timeutil import utcnow
from .models import Indicator, IndicatorPeriod, IndicatorValue
from .services import period_from_today, quarter_end

#: (name, unit, category, higher_is_better, aggregate, public, base value per quarter for a mid-sized city,
#:  spread (share of the value), scales with the city's size, description)
INDICATORS = [
    ('خبرهای تولیدشده', 'خبر', 'تولید محتوا', True, 'sum', True, 130, 0.35, True,
     'شمار خبرهایی که روابط عمومی شهرداری در این فصل نوشته و در پایگاه خبری یا رسانه‌ها منتشر کرده است (خبر، گزارش و مصاحبه؛ بازنشر دیگران شمرده نمی‌شود).'),
    ('مناسبت‌های پوشش‌داده‌شده', 'مناسبت', 'مناسبت‌ها و تبلیغات شهری', True, 'sum', False, 17, 0.3, False,
     'مناسبت‌های ملی و مذهبی که برایشان پوستر، تیزر، المان یا ویژه‌برنامه شهری طراحی و اجرا شده است.'),
    ('مخاطبان شبکه‌های اجتماعی', 'نفر', 'فضای مجازی', True, 'last', False, 85000, 0.4, True,
     'جمع دنبال‌کنندگان حساب‌های رسمی شهرداری در پیام‌رسان‌ها و شبکه‌های اجتماعی در پایان فصل.'),
    ('نتیجه رضایت‌سنجی شهروندان', 'درصد', 'افکارسنجی و پاسخگویی', True, 'mean', True, 68, 0.12, False,
     'درصد پاسخ‌دهندگانی که در نظرسنجی فصل از خدمات شهری «راضی» یا «کاملاً راضی» بوده‌اند.'),
    ('میانگین زمان پاسخ به سامانه ۱۳۷', 'ساعت', 'افکارسنجی و پاسخگویی', False, 'mean', True, 30, 0.45, False,
     'میانگین ساعت‌های میان ثبت درخواست شهروند در سامانه ۱۳۷ و نخستین پاسخ واحد مسئول؛ کمتر بهتر است.'),
    ('پیوست‌های رسانه‌ای پروژه‌ها', 'پیوست', 'پیوست رسانه‌ای', True, 'sum', False, 3, 0.6, True,
     'پیوست‌های رسانه‌ای که پیش از آغاز پروژه‌های عمرانی این فصل تهیه و تأیید شده است.'),
    ('نشست‌های خبری', 'نشست', 'رسانه و مطبوعات', True, 'sum', True, 6, 0.5, True,
     'نشست‌های خبری شهردار، معاونان و مدیران با خبرنگاران در این فصل.'),
    ('ساعت‌های آموزش کارکنان روابط عمومی', 'ساعت', 'آموزش و توانمندسازی', True, 'sum', False, 40, 0.5, False,
     'جمع ساعت‌های دوره‌های آموزشی (نفر-ساعت) که کارشناسان روابط عمومی در این فصل گذرانده‌اند.'),
]

#: indicators counted by another domain (the entry form offers the count)
COUNTED_BY = {'مناسبت‌های پوشش‌داده‌شده': 'occasions.kit'}

#: how a city's counts compare with a mid-sized city's
SIZE = {'tehran': 3.2, 'mashhad': 2.0, 'isfahan': 1.6, 'karaj': 1.4, 'shiraz': 1.4, 'tabriz': 1.3, 'qom': 1.0,
        'ahvaz': 1.1, 'kermanshah': 0.9, 'urmia': 0.9, 'rasht': 0.85, 'zahedan': 0.7, 'kerman': 0.8,
        'hamedan': 0.75, 'yazd': 0.75, 'arak': 0.65, 'ardabil': 0.6, 'bandar-abbas': 0.7}
#: cities that have not entered the newest quarter yet
LATE = ('zahedan', 'ardabil', 'bandar-abbas')


def last_quarters(today, n=4):
    """The `n` Jalali quarters that ended before `today`, oldest first: [(year, quarter), ...]."""
    year, quarter = period_from_today(today)
    out = []
    for _ in range(n):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        out.append((year, quarter))
    return list(reversed(out))


def _value(rng, base, spread, scales, size, step, higher_is_better):
    """A plausible value: the city's size (for counts), a spread of its own, a slow improvement quarter by quarter."""
    value = base * (size if scales else 1) * (1 + rng.uniform(-spread, spread))
    trend = 1 + 0.04 * step if higher_is_better else 1 - 0.05 * step
    return value * trend


def load():
    today = today_tehran()
    secretariat = db.session.scalar(db.select(User).where(User.email == 'secretariat@example.org'))
    directors = {u.city_id: u for u in db.session.scalars(db.select(User).where(User.role == 'director'))}
    indicators = []
    for position, (name, unit, category, hib, how, public, *_rest, description) in enumerate(INDICATORS, 1):
        indicator = db.session.scalar(db.select(Indicator).where(Indicator.name == name))
        if indicator is None:
            indicator = Indicator(name=name, unit=unit, category=category, higher_is_better=hib, aggregate=how,
                                  public=public, description=description, frequency='quarterly', position=position,
                                  source=COUNTED_BY.get(name, ''))
            db.session.add(indicator)
        indicators.append(indicator)
    db.session.flush()
    quarters = last_quarters(today)
    periods = []
    for index, (year, quarter) in enumerate(quarters):
        period = db.session.scalar(db.select(IndicatorPeriod).where(IndicatorPeriod.year == year,
                                                                    IndicatorPeriod.quarter == quarter))
        if period is None:
            newest = index == len(quarters) - 1
            deadline = today + dt.timedelta(days=5) if newest else quarter_end(year, quarter) + dt.timedelta(days=20)
            period = IndicatorPeriod(year=year, quarter=quarter, deadline=deadline, locked=index == 0)
            if period.locked:
                period.locked_dt, period.locked_by = utcnow(), secretariat
            db.session.add(period)
        periods.append(period)
    # the quarter under way: defined, open, nothing entered yet
    year, quarter = period_from_today(today)
    if db.session.scalar(db.select(IndicatorPeriod.id).where(IndicatorPeriod.year == year,
                                                             IndicatorPeriod.quarter == quarter)) is None:
        db.session.add(IndicatorPeriod(year=year, quarter=quarter,
                                       deadline=quarter_end(year, quarter) + dt.timedelta(days=20)))
    db.session.flush()
    existing = set(db.session.execute(db.select(IndicatorValue.indicator_id, IndicatorValue.city_id,
                                                IndicatorValue.period_id)).tuples())
    rows = []
    for city in member_cities():
        size = SIZE.get(city.slug, 0.8)
        for (name, _u, _c, hib, _how, _p, base, spread, scales, _d), indicator in zip(INDICATORS, indicators,
                                                                                   strict=True):
            rng = random.Random(f'{city.slug}:{name}')
            skill = rng.uniform(-spread, spread)  # a city is consistently stronger or weaker at a measure
            for step, period in enumerate(periods):
                if step == len(periods) - 1 and city.slug in LATE:
                    continue
                if (indicator.id, city.id, period.id) in existing:
                    continue
                value = _value(rng, base * (1 + skill), spread / 3, scales, size, step, hib)
                if indicator.unit == 'درصد':
                    value = round(min(value, 97.0), 1)
                elif indicator.unit == 'ساعت' and not hib:
                    value = round(max(value, 2.0), 1)
                elif indicator.name.startswith('مخاطبان'):
                    value = round(value * (1 + 0.06 * step), -2)
                else:
                    value = max(0, round(value))
                rows.append(IndicatorValue(indicator=indicator, city=city, period=period, value=value,
                                           entered_by=directors.get(city.id) or secretariat,
                                           note='' if rng.random() > 0.15 else 'برآورد واحد آمار شهرداری'))
    db.session.add_all(rows)
    db.session.flush()
