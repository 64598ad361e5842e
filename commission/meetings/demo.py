"""Demo meetings, written from the facts in the seed reports.

Meeting 1 is the commission's first meeting as the seed reports it (hosted by Karaj's directorate of
communications and international affairs at Moheb Salamat village, opened by Karaj's mayor); meeting 2 is a
later held meeting with approved minutes; meeting 3 is ahead of today, whatever day the demo is loaded.
"""
import datetime as dt

import jdatetime

from ..auth.models import User
from ..cities.models import City
from ..db import db
from ..jalali import format_jalali, today_tehran
from .models import AgendaItem, Attendance, Meeting, MeetingChange, MinutesSignoff

#: days from the loading day to the upcoming meeting, so it stays upcoming
UPCOMING_IN_DAYS = 23

MINUTES_1 = """## ۱. خوشامد و سخنان شهردار کرج
شهردار کرج با خوشامد به مدیران ارتباطات کلانشهرها یادآوری کرد که کمتر نهادی به اندازه شهرداری خدمات گوناگون دارد و به همین دلیل **پاسخگویی** نخستین خواسته مردم از مدیریت شهری است. به گفته او آموختن پاسخگویی به مدیران شهری، مأموریتی است که بر دوش روابط عمومی‌هاست.

## ۲. پاسخگویی و ارتباط دوسویه با شهروندان
- روابط عمومی باید هم خوب سخن بگوید و هم خوب بشنود؛ ارتباط یک‌سویه دیگر کافی نیست.
- آگاه‌کردن مردم از خدماتی که دریافت می‌کنند، اگر درست انجام شود، اعتماد میان مردم و شهرداری را محکم‌تر می‌کند.

## ۳. شبکه‌های اجتماعی؛ اطلاع‌رسانی، شفافیت و سنجش رضایت
حاضران هم‌نظر بودند که شبکه‌های اجتماعی، که تقریباً همه شهروندان از آن‌ها استفاده می‌کنند، افزون بر اطلاع‌رسانی و شفاف‌سازی، ابزار **افکارسنجی** و **رضایت‌سنجی** از خدمات شهری نیز هستند و باید با برنامه به کار گرفته شوند.

## ۴. هم‌افزایی روابط عمومی‌های کلانشهرها
مقرر شد مدیران ارتباطات کلانشهرها تجربه‌های موفق خود را در این سامانه با یکدیگر در میان بگذارند و در پروژه‌های مشترک پشتیبان هم باشند تا امید و همدلی در جامعه تقویت شود.

## ۵. گزارش کرج از دوره ششم مدیریت شهری
مدیرکل ارتباطات کرج گزارش داد که در این دوره، با وجود تحریم‌ها، رکود درآمدی و کاهش صدور پروانه ساختمانی، بزرگراه، قطار شهری، اتوبوس‌های برقی و خط ویژه اتوبوس تندرو به شهر افزوده شده و ده‌ها پروژه شاخص در دست تکمیل است؛ روایت درست این دستاوردها برای افکار عمومی از کارهای پیش روی روابط عمومی است.

## جمع‌بندی
شهردار کرج اعلام کرد که شهرداران کلانشهرها از اجرای تصمیم‌های این کمیسیون پشتیبانی خواهند کرد. دبیرخانه مأمور شد مصوبات نشست را تنظیم کند و برای پیگیری به شهرها بسپارد.
"""

MINUTES_2 = """## ۱. پیگیری مصوبات نشست اول
دبیرخانه گزارش پیشرفت شهرها در اجرای مصوبات نشست اول را ارائه کرد. شهرهایی که گزارش نداده بودند متعهد شدند تا نشست بعد گزارش خود را در سامانه ثبت کنند.

## ۲. پیوست رسانه‌ای پروژه‌های شهری
نماینده تهران تجربه یکی از مناطق شهر را در تعریض یک بلوار قدیمی بازگو کرد؛ گرهی که بیش از ده سال باز نشده بود، با تهیه **پیوست رسانه‌ای** پیش از آغاز کار و گرفتن نظر ساکنان، با همراهی مردم گشوده شد. حاضران تأکید کردند که پیوست رسانه‌ای باید پیش از اجرای پروژه تهیه شود، نه پس از بروز اعتراض.

## ۳. اعتمادسازی و سرمایه اجتماعی
نماینده شیراز، اعتمادسازی و تقویت سرمایه اجتماعی را دو وظیفه کلیدی روابط عمومی شهرداری دانست و پیشنهاد کرد آگاه‌کردن شهروندان از حقوق شهروندی‌شان بخشی از برنامه سالانه روابط عمومی‌ها باشد.

## ۴. تولید محتوا و تقویم مناسبت‌ها
گزارش یک شهرداری کوچک که در یک سال بیش از پانصد خبر تولید کرده و برای ۶۷ مناسبت ملی و مذهبی پوستر طراحی کرده است، نمونه‌ای از برنامه‌ریزی محتوا دانسته شد. پیشنهاد شد تقویم مشترک مناسبت‌ها و بانک تصاویر میان کلانشهرها ساخته شود.

## ۵. گزارش‌های دوره‌ای عملکرد
مقرر شد روابط عمومی‌ها گزارش عملکرد سه‌ماهه، شش‌ماهه و سالانه شهرداری را با قالبی یکسان منتشر کنند تا مقایسه و داوری شهروندان آسان‌تر شود.
"""

MEETINGS = [
    {
        'number': 1, 'title': 'نخستین نشست کمیسیون ارتباطات مجمع شهرداران کلانشهرها',
        'date': (1402, 3, 24), 'time': dt.time(9, 30), 'host': 'karaj', 'venue': 'دهکده محب سلامت، کرج',
        'status': 'minutes_approved', 'minutes_number': '1402/ک/101', 'minutes_date': (1402, 4, 5),
        'minutes': MINUTES_1,
        'guests': 'مهرداد کیانی، شهردار کرج\nمسئولان روابط عمومی مناطق و سازمان‌های شهرداری کرج',
        'agenda': [
            ('خوشامد و سخنان شهردار کرج', 'مهرداد کیانی، شهردار کرج', 'karaj',
             'گشایش نشست و انتظار شهرداران از کمیسیون'),
            ('پاسخگویی شهرداری و ارتباط دوسویه با شهروندان',
             'محمدجلال سبزی، مدیرکل ارتباطات و امور بین‌الملل', 'karaj', ''),
            ('شبکه‌های اجتماعی برای اطلاع‌رسانی، شفافیت و سنجش رضایت', 'مریم احمدی', 'tehran', ''),
            ('هم‌افزایی و تبادل تجربه میان روابط عمومی‌های کلانشهرها', 'دبیرخانه کمیسیون', None, ''),
            ('گزارش دستاوردهای دوره ششم مدیریت شهری کرج', 'محمدجلال سبزی', 'karaj',
             'بزرگراه، قطار شهری، اتوبوس برقی و خط ویژه اتوبوس تندرو'),
        ],
        'attendance': {'karaj': 'present', 'tehran': 'present', 'mashhad': 'present', 'shiraz': 'present',
                       'isfahan': 'present', 'tabriz': 'present', 'qom': 'excused', 'ahvaz': 'present',
                       'rasht': 'absent', 'kerman': 'excused', 'yazd': 'present', 'arak': 'absent'},
        'signed': ('karaj', 'tehran'),
    },
    {
        'number': 2, 'title': 'پیوست رسانه‌ای پروژه‌های شهری و اعتمادسازی',
        'date': (1405, 7, 14), 'time': dt.time(10, 0), 'host': 'tehran',
        'venue': 'مرکز ارتباطات و امور بین‌الملل شهرداری تهران، سالن شورا',
        'status': 'minutes_approved', 'minutes_number': '1405/ک/207', 'minutes_date': (1405, 7, 20),
        'minutes': MINUTES_2, 'guests': 'مسئول روابط عمومی شهرداری خمین (مهمان، ارائه تجربه تولید محتوا)',
        'agenda': [
            ('پیگیری مصوبات باز', 'دبیرخانه کمیسیون', None, 'گزارش پیشرفت شهرها در اجرای مصوبات نشست اول'),
            ('پیوست رسانه‌ای پیش از اجرای پروژه‌های شهری', 'مریم احمدی', 'tehran',
             'تجربه تعریض یک بلوار با همراهی ساکنان'),
            ('اعتمادسازی و تقویت سرمایه اجتماعی', 'حسین کاظمی', 'shiraz', ''),
            ('تولید محتوا و تقویم مناسبت‌های ملی و مذهبی', 'مهمان از شهرداری خمین', None, ''),
            ('قالب مشترک گزارش‌های دوره‌ای عملکرد', 'دبیرخانه کمیسیون', None, ''),
        ],
        'attendance': {'karaj': 'present', 'tehran': 'present', 'mashhad': 'present', 'shiraz': 'present',
                       'isfahan': 'excused', 'tabriz': 'present', 'qom': 'present', 'ahvaz': 'absent',
                       'kermanshah': 'present', 'rasht': 'present', 'urmia': 'excused', 'yazd': 'present'},
        'signed': ('tehran', 'mashhad'),
    },
]

UPCOMING = {
    'number': 3, 'title': 'افکارسنجی و رضایت‌سنجی شهروندان در شبکه‌های اجتماعی', 'time': dt.time(9, 0),
    'host': 'mashhad', 'venue': 'سالن همایش‌های شهرداری مشهد',
    'agenda': [
        ('روش‌های افکارسنجی برخط و سنجش رضایت از خدمات شهری', 'زهرا حسینی', 'mashhad', ''),
        ('گزارش عملکرد سالانه روابط عمومی‌ها با قالب مشترک', 'دبیرخانه کمیسیون', None, ''),
    ],
}


def _jdate(parts):
    return jdatetime.date(*parts).togregorian()


def _at(day, hour=10):
    """A naive UTC timestamp on `day` (Tehran morning), for history rows of past meetings."""
    return dt.datetime.combine(day, dt.time(hour, 0)) - dt.timedelta(hours=3, minutes=30)


def _representative(city, users):
    user = users.get(city.id)
    if user:
        return f'{user.full_name}، {user.position}' if user.position else user.full_name
    return f'نماینده اداره کل ارتباطات و امور بین‌الملل شهرداری {city.name}'


def load():
    """Idempotent: each meeting is looked up by its number before it is created."""
    cities = {c.slug: c for c in db.session.scalars(db.select(City))}
    secretariat = db.session.scalar(db.select(User).where(User.email == 'secretariat@example.org'))
    directors = {u.city_id: u for u in db.session.scalars(db.select(User).where(User.role == 'director'))}
    for spec in MEETINGS:
        if not db.session.scalar(db.select(Meeting.id).where(Meeting.number == spec['number'])):
            _past_meeting(spec, cities, directors, secretariat)
    if not db.session.scalar(db.select(Meeting.id).where(Meeting.number == UPCOMING['number'])):
        _upcoming_meeting(cities, directors, secretariat)
    db.session.flush()


def _agenda(meeting, rows, cities, follow_up=False):
    for position, (title, presenter, slug, note) in enumerate(rows):
        db.session.add(AgendaItem(meeting=meeting, position=position, title=title, presenter=presenter,
                                  presenter_city=cities.get(slug), note=note,
                                  is_follow_up=follow_up and position == 0))


def _past_meeting(spec, cities, directors, secretariat):
    day = _jdate(spec['date'])
    minutes_day = _jdate(spec['minutes_date'])
    meeting = Meeting(number=spec['number'], title=spec['title'], meeting_date=day, start_time=spec['time'],
                      duration_minutes=150, host_city=cities.get(spec['host']), venue=spec['venue'],
                      status=spec['status'], guests=spec['guests'], minutes=spec['minutes'].strip(),
                      minutes_number=spec['minutes_number'], minutes_date=minutes_day,
                      minutes_approved_dt=_at(minutes_day, 12), approved_by=secretariat, created_by=secretariat,
                      created_dt=_at(day - dt.timedelta(days=20)), updated_dt=_at(minutes_day, 12))
    db.session.add(meeting)
    db.session.flush()
    _agenda(meeting, spec['agenda'], cities, follow_up=spec['number'] > 1)
    for slug, city in sorted(cities.items()):
        if not city.is_member:
            continue
        status = spec['attendance'].get(slug, 'absent')
        db.session.add(Attendance(meeting=meeting, city=city, status=status,
                                  attendees=_representative(city, directors) if status == 'present' else ''))
    for slug in spec['signed']:
        city = cities.get(slug)
        user = directors.get(city.id) if city else None
        if user:
            db.session.add(MinutesSignoff(meeting_id=meeting.id, city_id=city.id, user=user,
                                          created_dt=_at(minutes_day + dt.timedelta(days=2), 11)))
    who = secretariat.id if secretariat else None
    for offset, action, detail in (
            (-20, 'created', f'نشست برای {format_jalali(day, "weekday")} برنامه‌ریزی شد.'),
            (0, 'status', 'وضعیت: برنامه‌ریزی‌شده ← برگزارشده'),
            (1, 'minutes', 'ویرایش صورتجلسه: متن صورتجلسه'),
            ((minutes_day - day).days, 'status', 'وضعیت: پیش‌نویس صورتجلسه ← صورتجلسه تأییدشده')):
        db.session.add(MeetingChange(meeting_id=meeting.id, user_id=who, action=action, detail=detail,
                                     created_dt=_at(day + dt.timedelta(days=offset), 9)))


def _upcoming_meeting(cities, directors, secretariat):
    from .services import create_meeting, save_agenda
    day = today_tehran() + dt.timedelta(days=UPCOMING_IN_DAYS)
    data = {'number': UPCOMING['number'], 'title': UPCOMING['title'], 'meeting_date': day,
            'start_time': UPCOMING['time'], 'duration_minutes': 150, 'host_city_id': cities['mashhad'].id,
            'venue': UPCOMING['venue']}
    meeting = create_meeting(data, author=secretariat)
    rows = [{'id': item.id, 'title': item.title, 'presenter': item.presenter,
             'presenter_city_id': item.presenter_city_id, 'note': item.note} for item in meeting.agenda_items]
    rows += [{'title': t, 'presenter': p, 'presenter_city_id': cities[s].id if s else None, 'note': n}
             for t, p, s, n in UPCOMING['agenda']]
    save_agenda(meeting, rows, user=secretariat)
    for slug in ('tehran', 'shiraz'):
        city, user = cities[slug], directors.get(cities[slug].id)
        attendance = meeting.attendance_for(city.id)
        if user and attendance:
            attendance.status = 'present'
            attendance.attendees = _representative(city, directors)
            attendance.confirmed_by = user
            attendance.confirmed_dt = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return meeting


def carry_forward():
    """After the resolutions' demo loads: the upcoming meeting's agenda lists the open resolutions."""
    from .services import follow_up_item, open_resolutions_text
    meeting = db.session.scalar(db.select(Meeting).where(Meeting.number == UPCOMING['number'],
                                                         Meeting.status == 'scheduled'))
    if meeting is None:
        return
    text = open_resolutions_text()
    item = next((i for i in meeting.agenda_items if i.is_follow_up), None)
    if not text or (item is not None and item.note):
        return
    follow_up_item(meeting).note = text
    db.session.flush()
