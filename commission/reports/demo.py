"""Demo reports: an introduction for a few cities and for the commission, and resolutions shown on /public/."""
from ..cities.models import City
from ..db import db
from ..jalali import today_tehran
from ..meetings.models import Meeting
from ..resolutions.models import Resolution, code_sort_key
from ..timeutil import utcnow
from .models import CityReport
from .periods import latest_finished

#: (city slug or None for the commission, published?, introduction in Markdown)
INTRODUCTIONS = [
    ('karaj', True,
     'در این دوره روابط عمومی شهرداری کرج بیشتر وقت خود را صرف **پیوست رسانه‌ای** طرح‌های عمرانی کرد: '
     'پیش از آغاز هر پروژه بزرگ، ساکنان محله از طریق کانال‌های شهرداری و نشست‌های حضوری در جریان کار قرار گرفتند.\n\n'
     'هدف دوره بعد کوتاه کردن زمان پاسخ به پیام‌های شهروندان در شبکه‌های اجتماعی است.'),
    ('tehran', False,
     'پیش‌نویس: خلاصه فعالیت‌های اداره کل ارتباطات در این دوره، پس از تکمیل شاخص‌ها نوشته می‌شود.'),
    (None, True,
     'این گزارش تصویری از کار مشترک شهرهای عضو در پیگیری مصوبه‌های کمیسیون، حضور در نشست‌ها و تبادل تجربه است.\n\n'
     'شهرهایی که از مهلت مصوبه‌ها عقب مانده‌اند می‌توانند از تجربه شهرهای بالای جدول کمک بگیرند.'),
]

#: how many resolutions of approved minutes the demo shows on the transparency page
PUBLIC_RESOLUTIONS = 4


def load():
    period = latest_finished(today_tehran())
    for slug, published, text in INTRODUCTIONS:
        city = db.session.scalar(db.select(City).where(City.slug == slug)) if slug else None
        if slug and city is None:
            continue
        query = db.select(CityReport.id).where(CityReport.year == period.year, CityReport.span == period.span)
        query = query.where(CityReport.city_id == city.id if city else CityReport.city_id.is_(None))
        if db.session.scalar(query):
            continue
        db.session.add(CityReport(city=city, year=period.year, span=period.span, introduction=text,
                                  status='published' if published else 'draft',
                                  published_dt=utcnow() if published else None))
    resolutions = db.session.scalars(db.select(Resolution).join(Meeting, Meeting.id == Resolution.meeting_id)
                                     .where(Meeting.status == 'minutes_approved',
                                            Resolution.status == 'active')).all()
    if not any(r.public for r in resolutions):
        for resolution in sorted(resolutions, key=code_sort_key)[:PUBLIC_RESOLUTIONS]:
            resolution.public = True
    db.session.flush()
