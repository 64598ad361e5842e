"""Grow the demo data to the size bench/load.py measures: cities, practices, meetings, resolutions, accounts."""
import datetime as dt

from sqlalchemy import func, insert, select

PASSWORD = 'bench-load-pass'
#: the phrases bench/load.py searches for are among the topics and channels below
WORDS = ['پیوست رسانه‌ای', 'نظرسنجی', 'تولید محتوا', 'تلویزیون شهری', 'ملاقات مردمی', 'هفته‌نامه', 'بحران',
         'شبکه‌های اجتماعی', 'پوستر مناسبت‌ها', 'آموزش', 'پیام‌رسان', 'مستندسازی']

# -- text of the field, put together combinatorially --------------------------------------------------------------
# Real practices share the vocabulary of municipal communications but each is about its own project, place and
# channels, so most terms occur in tens or hundreds of documents, not in all of them.
TOPICS = WORDS + [
    'قطار شهری', 'خط دوم مترو', 'تفکیک پسماند از مبدا', 'بازیافت', 'فضای سبز', 'کاشت درخت', 'ترافیک', 'طرح زوج و فرد',
    'پارکینگ طبقاتی', 'آتش‌نشانی', 'زلزله', 'سیلاب', 'آلودگی هوا', 'حمل‌ونقل عمومی', 'اتوبوس برقی', 'دوچرخه‌سواری',
    'پیاده‌راه', 'بوستان محله', 'نوروز', 'ماه محرم', 'ماه رمضان', 'عوارض نوسازی', 'پروانه ساختمانی', 'سامانه ۱۳۷',
    'شورای شهر', 'سرمایه‌گذاری شهری', 'گردشگری', 'میراث فرهنگی', 'بافت تاریخی', 'بافت فرسوده', 'کودکان کار',
    'سالمندان', 'شهروندان دارای معلولیت', 'بانوان سرپرست خانوار', 'سرای محله', 'کتابخانه عمومی', 'ورزش همگانی',
    'جشنواره فرهنگی', 'نمایشگاه کتاب', 'آب‌گرفتگی معابر', 'روشنایی معابر', 'دیوارنگاره', 'تبلیغات محیطی',
    'پل عابر پیاده', 'تقاطع غیرهمسطح', 'تونل شهری', 'بودجه سالانه', 'درآمد پایدار', 'شفافیت قراردادها', 'شهر هوشمند',
    'پرداخت الکترونیک عوارض', 'تاکسی اینترنتی', 'ایستگاه دوچرخه', 'سد معبر', 'دستفروشان', 'حیوانات بلاتکلیف',
    'بهداشت محیط', 'گرمای تابستان', 'برف‌روبی', 'بارش سنگین', 'آب‌وفاضلاب', 'شیرینی‌پزی‌های سنتی', 'بازارچه محلی',
    'قرارگاه جهادی', 'اربعین', 'هفته دفاع مقدس', 'روز شهرداری', 'انتخابات شورایاری', 'مدارس', 'بیمارستان صحرایی']
CHANNELS = [
    'تلویزیون شهری', 'اینستاگرام', 'پیام‌رسان بله', 'ایتا', 'روبیکا', 'پیامک انبوه', 'وب‌سایت شهرداری', 'خبرنامه',
    'هفته‌نامه', 'بیلبورد', 'رادیو محلی', 'صداوسیمای استان', 'روزنامه محلی', 'پادکست', 'ویدئوی کوتاه', 'اینفوگرافیک',
    'پوستر', 'بروشور', 'نشست خبری', 'ملاقات مردمی', 'میز خدمت', 'تماس تلفنی', 'نظرسنجی برخط', 'کارگاه آموزشی',
    'مسابقه پیامکی', 'ایستگاه‌های اتوبوس', 'نمایشگر واگن‌ها', 'مساجد', 'مدارس', 'تریبون نماز جمعه']
ACTIONS = [
    'طراحی کمپین', 'تولید محتوا', 'برگزاری نشست خبری', 'اطلاع‌رسانی پیشاپیش', 'آموزش شهروندان', 'نظرسنجی',
    'پایش رسانه‌ها', 'پاسخ‌گویی به پرسش‌ها', 'مستندسازی', 'روایت‌گری', 'مشارکت‌دادن محله‌ها',
    'هماهنگی با خبرنگاران', 'تهیه گزارش تصویری', 'ساخت مستند کوتاه', 'طراحی نشانه', 'تدوین پیام‌های کلیدی',
    'آموزش سخنگویان', 'رصد شایعه‌ها', 'بازدید خبرنگاران', 'برگزاری مسابقه', 'چاپ بروشور', 'پخش زنده',
    'ارسال پیامک', 'نصب تابلو', 'دعوت از معتمدان محل', 'گفت‌وگو با کسبه', 'فراخوان ایده', 'انتشار گزارش عملکرد',
    'ساخت پویانمایی', 'پیوست رسانه‌ای']
AUDIENCES = [
    'شهروندان', 'کسبه', 'دانش‌آموزان', 'رانندگان', 'ساکنان محله', 'خبرنگاران', 'کارکنان شهرداری', 'اعضای شورا',
    'گردشگران', 'خانواده‌ها', 'جوانان', 'سالمندان', 'مالکان', 'پیمانکاران', 'فعالان فضای مجازی', 'دانشجویان']
OUTCOMES = [
    'کاهش شکایت‌ها', 'افزایش مشارکت', 'رضایت بیشتر', 'بازدید گسترده', 'دنبال‌کنندگان تازه', 'کاهش تماس‌های اعتراضی',
    'اجرای بی‌دردسر', 'اعتماد عمومی', 'پوشش خبری مثبت', 'کاهش شایعه', 'صرفه‌جویی در هزینه', 'ثبت‌نام داوطلبان']
#: place names: a first part and a second part (نارون‌آباد, لاله‌دشت, ...), 40 x 16 = 640 names
PLACE_FIRST = ['نارون', 'سرو', 'لاله', 'نسترن', 'مهر', 'گلستان', 'بهار', 'شقایق', 'اقاقیا', 'چنار', 'کوهسار', 'آزادی',
               'فرهنگ', 'امید', 'نیلوفر', 'ارغوان', 'یاس', 'زیتون', 'انار', 'صنوبر', 'بیدستان', 'سپیدار', 'کاج', 'افرا',
               'مریم', 'سوسن', 'شبنم', 'آفتاب', 'ستاره', 'ماهتاب', 'دریا', 'رود', 'چشمه', 'باران', 'نسیم', 'سحر',
               'پونه', 'گلسار', 'سبزه', 'بلوط']
PLACE_SECOND = ['آباد', 'دشت', 'شهر', 'کوه', 'سرا', 'زار', 'ستان', 'بان', 'کده', 'گاه', 'وند', 'سار', 'ده', 'کنار',
                'باغ', 'رود']
PLACE_KIND = ['محله', 'خیابان', 'بلوار', 'میدان', 'منطقه', 'کوی', 'بوستان', 'شهرک']
#: the ordinary words around them, most frequent first (drawn with Zipf-like weights)
COMMON = (
    'شهرداری شهر برنامه مردم اجرای طرح پروژه روابط عمومی رسانه اطلاع‌رسانی گروه همکاری مدیریت ستاد معاونت واحد '
    'منطقه محله خدمات شهری جلسه هماهنگی مسئولان پیشنهاد نتیجه گزارش زمان هفته ماه سال روز هزینه بودجه پیمانکار '
    'مشکل راه‌حل پرسش پاسخ نگرانی درخواست تجربه نمونه الگو ابتکار ایده تیم کارشناس مشاور داوطلب سازمان اداره '
    'فرمانداری استانداری نیروی انتظامی آموزش‌وپرورش دانشگاه بسیج هلال‌احمر اورژانس پلیس‌راه دادستانی سازمان‌های مردم‌نهاد '
    'تصویر ویدئو متن صدا نقشه جدول نمودار آمار درصد نفر بار مرحله دوره فصل بهار تابستان پاییز زمستان صبح شب '
    'سریع دقیق ساده روشن کوتاه بلند تازه قدیمی بزرگ کوچک محلی ملی استانی عمومی خصوصی رایگان آنلاین حضوری '
    'ساختن رساندن شنیدن دیدن گفتن نوشتن خواندن پرسیدن سنجیدن بهبود تغییر توسعه نگهداری بازسازی ایمنی سلامت '
    'آرامش رفاه عدالت شفافیت پاسخ‌گویی اعتماد مشارکت همدلی انسجام هویت فرهنگ هنر ورزش تفریح گردش کار اشتغال '
    'درآمد مالیات عوارض پروانه نقشه‌برداری ساختمان خیابان کوچه پیاده‌رو پارک ایستگاه پایانه میدان بازار مسجد '
    'مدرسه کتابخانه فرهنگسرا ورزشگاه بیمارستان درمانگاه آتش‌نشانی انبار کارگاه کارخانه مزرعه باغ رودخانه کوه').split()
TEMPLATES = {
    'summary': ['شهرداری برای {topic} در {place} با {channel} و {channel2} به {audience} خبر داد '
                'و {outcome} به دست آمد.',
                'در {place} {action} درباره {topic} با همراهی {audience} انجام شد.',
                '{action} برای {topic}: {channel} پیش از شروع کار و {channel2} در طول اجرا.'],
    'context': ['پیش از {topic} در {place} {audience} نگران {common} و {common} بودند و {common} {common} نداشتند.',
                'سال گذشته {topic} بی اطلاع‌رسانی شروع شد و {common} {common} به {audience} رسید.',
                'ستاد {topic} از روابط عمومی خواست {common} {common} را برای {audience} روشن کند.'],
    'actions': ['{action} با {channel} برای {audience} در {place}.', '{action} و {action2} پیش از {topic}.',
                'هر هفته {channel} از پیشرفت {topic} و {common} {common} گزارش داد.',
                'گروهی از {audience} در {place} با {common} {common} آشنا شدند.',
                '{channel2} پرسش‌های {audience} را درباره {common} جمع کرد و {action2} پاسخ داد.'],
    'results': ['{outcome} در {place} و {outcome2} میان {audience}.',
                '{number} درصد {audience} از {topic} باخبر بودند.'],
    'lessons': ['{action} باید پیش از {topic} آغاز شود.', '{channel} برای {audience} از {channel2} اثر بیشتری داشت.'],
}
PERSIAN_DIGITS = str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹')
_WEIGHTS = [1 / (rank + 1) for rank in range(len(COMMON))]


def place(rng):
    return f'{rng.choice(PLACE_KIND)} {rng.choice(PLACE_FIRST)}\u200c{rng.choice(PLACE_SECOND)}'


def _fill(rng, template, topic, places):
    pick = {'topic': topic, 'place': rng.choice(places), 'channel': rng.choice(CHANNELS),
            'channel2': rng.choice(CHANNELS), 'action': rng.choice(ACTIONS), 'action2': rng.choice(ACTIONS),
            'audience': rng.choice(AUDIENCES), 'outcome': rng.choice(OUTCOMES), 'outcome2': rng.choice(OUTCOMES),
            'number': str(rng.randint(20, 95)).translate(PERSIAN_DIGITS)}
    out = template
    while '{common}' in out:
        out = out.replace('{common}', rng.choices(COMMON, _WEIGHTS)[0], 1)
    return out.format(**pick)


def practice_text(i):
    """Title and sections of generated practice `i` (the same every time): one or two topics, its own places."""
    import random
    rng = random.Random(i)
    topic = rng.choice(TOPICS)
    second = rng.choice(TOPICS)
    places = [place(rng) for _ in range(2)]
    topics = [topic, topic, second]

    def section(name, sentences):
        return ' '.join(_fill(rng, rng.choice(TEMPLATES[name]), rng.choice(topics), places) for _ in range(sentences))
    return {'title': f'{rng.choice(ACTIONS)} برای {topic} در {places[0]}',
            'summary': section('summary', 2), 'context': section('context', 3), 'actions': section('actions', 8),
            'results': section('results', 3), 'lessons': section('lessons', 2),
            'audience': '، '.join(rng.sample(AUDIENCES, 2)), 'channels': '، '.join(rng.sample(CHANNELS, 3))}


def prose(seed, sentences=10, topic=None):
    """Text of a meeting's minutes or a resolution, drawn from the same vocabulary."""
    import random
    rng = random.Random(seed)
    topic = topic or rng.choice(TOPICS)
    places = [place(rng) for _ in range(2)]
    kinds = list(TEMPLATES)
    return ' '.join(_fill(rng, rng.choice(TEMPLATES[rng.choice(kinds)]), topic, places) for _ in range(sentences))


def grow(cities=20, practices=10_000, meetings=50, resolutions=300, users=40):
    """Top the demo data up to these counts (bulk inserts) and return the accounts the simulated users use."""
    from commission.db import db
    city_ids = _cities(db, cities)
    _practices(db, practices, city_ids)
    _meetings(db, meetings, city_ids)
    _resolutions(db, resolutions, city_ids)
    accounts = _accounts(db, users, city_ids)
    db.session.commit()
    return accounts


def _count(db, model):
    return db.session.scalar(select(func.count(model.id)))


def _cities(db, wanted):
    from commission.cities.models import City
    missing = wanted - _count(db, City)
    if missing > 0:
        db.session.execute(insert(City), [dict(name=f'شهر سنجش {i}', name_en='', slug=f'load-city-{i}',
                                               province='استان سنجش', is_member=True) for i in range(missing)])
    return db.session.scalars(select(City.id).order_by(City.id).limit(wanted)).all()


def _practices(db, wanted, city_ids):
    from commission.practices.models import Category, Practice
    missing = wanted - _count(db, Practice)
    categories = db.session.scalars(select(Category.id)).all()
    start = dt.datetime(2020, 3, 20)
    for first in range(0, max(missing, 0), 1000):
        rows = []
        for i in range(first, min(first + 1000, missing)):
            moment = start + dt.timedelta(hours=3 * i)
            rows.append({
                'city_id': city_ids[i % len(city_ids)], 'contact_name': 'روابط عمومی', 'contact_info': '',
                **practice_text(i), 'resources': '', 'category_id': categories[i % len(categories)],
                'year': 1399 + i % 6, 'quarter': 1 + i % 4, 'status': 'published',
                'review_note': '', 'is_selected': i % 40 == 0, 'useful_count': i % 13, 'adoption_count': i % 5,
                'comment_count': 0, 'created_dt': moment, 'updated_dt': moment, 'published_dt': moment})
        db.session.execute(insert(Practice), rows)


def _meetings(db, wanted, city_ids):
    from commission.meetings.models import Meeting
    missing = wanted - _count(db, Meeting)
    if missing > 0:
        top = db.session.scalar(select(func.max(Meeting.number))) or 0
        db.session.execute(insert(Meeting), [dict(
            number=top + 1 + i, title=f'نشست سنجش {i}', meeting_date=dt.date(2021, 1, 10) + dt.timedelta(days=20 * i),
            host_city_id=city_ids[i % len(city_ids)], venue='تالار شهر', status='minutes_approved',
            minutes=f'صورتجلسه نشست {i}: ' + prose(f'meeting-{i}', 25), guests='',
            minutes_number='', duration_minutes=120) for i in range(missing)])


def _resolutions(db, wanted, city_ids):
    from commission.jalali import today_tehran
    from commission.resolutions.models import Assignment, Resolution
    missing = wanted - _count(db, Resolution)
    if missing <= 0:
        return
    today = today_tehran()
    now = dt.datetime.combine(today, dt.time(8, 0))
    db.session.execute(insert(Resolution), [dict(
        ref=f'load:{i}', code=f'{200 + i // 10}/{i % 10 + 1}', title=f'مصوبه سنجش {i} درباره {TOPICS[i % len(TOPICS)]}',
        text=prose(f'resolution-{i}', 4, TOPICS[i % len(TOPICS)]),
        category=['پیوست رسانه‌ای', 'تولید محتوا', 'ارتباطات بحران'][i % 3],
        deadline=today + dt.timedelta(days=(i % 60) - 20), scope='all', status='active', created_dt=now,
        updated_dt=now) for i in range(missing)])
    ids = db.session.scalars(select(Resolution.id).where(Resolution.ref.like('load:%'))).all()
    rows = [dict(resolution_id=rid, city_id=cid, status='not_started', awaiting_confirmation=False, last_note='',
                 updated_dt=now) for rid in ids for cid in city_ids]
    for first in range(0, len(rows), 2000):
        db.session.execute(insert(Assignment), rows[first:first + 2000])


def _accounts(db, wanted, city_ids):
    """`wanted` directors spread over the cities (created once), plus one secretariat account."""
    from commission.auth.models import User
    template = User(email='template@example.org', full_name='t', role='director')
    template.set_password(PASSWORD)
    existing = set(db.session.scalars(select(User.email).where(User.email.like('load-%@example.org'))))
    rows = [dict(email=f'load-{i}@example.org', full_name=f'مدیر ارتباطات {i}', role='director',
                 city_id=city_ids[i % len(city_ids)], active=True, password_hash=template.password_hash, position='')
            for i in range(wanted) if f'load-{i}@example.org' not in existing]
    if 'load-staff@example.org' not in existing:
        rows.append(dict(email='load-staff@example.org', full_name='دبیرخانه سنجش', role='secretariat', city_id=None,
                         active=True, password_hash=template.password_hash, position=''))
    if rows:
        db.session.execute(insert(User), rows)
    return [(f'load-{i}@example.org', city_ids[i % len(city_ids)]) for i in range(wanted)]


def assignments_by_city(db):
    from commission.resolutions.models import Assignment
    result = {}
    for aid, cid in db.session.execute(select(Assignment.id, Assignment.city_id)):
        result.setdefault(cid, []).append(aid)
    return result


def practice_ids(db, limit=2000):
    from commission.practices.models import Practice
    return db.session.scalars(select(Practice.id).where(Practice.status == 'published').order_by(Practice.id)
                              .limit(limit)).all()
