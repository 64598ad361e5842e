"""Demo occasions: what a municipal communications unit marks in a year (the seeds speak of 67), and a few
kit items from the member cities for the nearest occasions.

Solar occasions are fixed Jalali dates; lunar ones are Hijri dates converted each year with hijridate (the
Umm al-Qura calendar). Iran's official calendar can fall a day later; the secretariat records that per year.
"""
import io

from werkzeug.datastructures import FileStorage

from ..auth.models import User
from ..cities.models import City
from ..db import db
from .models import KitItem, Occasion

#: (name, kind, calendar, month, day, days ahead, city slug or None, description)
OCCASIONS = [
    # --- solar, national ---
    ('نوروز و آغاز سال نو', 'national', 'solar', 1, 1, 30, None, 'آذین‌بندی شهر، پیام نوروزی شهردار و پویش‌های نوروزی؛ بیشترین طرح‌های سال.'),
    ('روز جمهوری اسلامی', 'national', 'solar', 1, 12, 10, None, 'سالروز همه‌پرسی ۱۳۵۸.'),
    ('روز طبیعت', 'national', 'solar', 1, 13, 10, None, 'پیام‌های پاکیزگی بوستان‌ها و حفظ فضای سبز در سیزده‌به‌در.'),
    ('روز ارتش', 'national', 'solar', 1, 29, 7, None, ''),
    ('روز بزرگداشت سعدی', 'national', 'solar', 2, 1, 7, None, ''),
    ('روز ملی خلیج فارس', 'national', 'solar', 2, 10, 10, None, ''),
    ('روز جهانی کار و کارگر', 'national', 'solar', 2, 11, 7, None, 'قدردانی از کارگران خدمات شهری.'),
    ('روز معلم', 'national', 'solar', 2, 12, 7, None, ''),
    ('روز بزرگداشت فردوسی', 'national', 'solar', 2, 25, 7, None, ''),
    ('روز ارتباطات و روابط عمومی (هفتهٔ روابط عمومی)', 'national', 'solar', 2, 27, 10, None, 'روز روابط عمومی‌ها: گزارش سالانه واحدها، تقدیر از همکاران و نشست‌های تخصصی.'),
    ('روز بزرگداشت خیام', 'national', 'solar', 2, 28, 7, None, ''),
    ('سالروز آزادسازی خرمشهر', 'national', 'solar', 3, 3, 10, None, 'روز مقاومت، ایثار و پیروزی.'),
    ('سالروز رحلت امام خمینی', 'national', 'solar', 3, 14, 10, None, 'تعطیل رسمی؛ طرح‌ها با رنگ‌های سوگواری.'),
    ('قیام ۱۵ خرداد', 'national', 'solar', 3, 15, 10, None, 'تعطیل رسمی.'),
    ('روز قوه قضاییه', 'national', 'solar', 4, 7, 7, None, ''),
    ('روز ملی خبرنگار', 'national', 'solar', 5, 17, 10, None, 'قدردانی از خبرنگاران حوزهٔ شهری.'),
    ('روز پزشک و بزرگداشت ابن‌سینا', 'national', 'solar', 6, 1, 7, None, ''),
    ('هفتهٔ دولت', 'national', 'solar', 6, 2, 10, None, 'معرفی طرح‌های افتتاحی هفتهٔ دولت.'),
    ('روز کارمند', 'national', 'solar', 6, 4, 7, None, ''),
    ('روز سینما', 'national', 'solar', 6, 21, 7, None, ''),
    ('روز شعر و ادب فارسی (بزرگداشت شهریار)', 'national', 'solar', 6, 27, 7, None, ''),
    ('هفتهٔ دفاع مقدس', 'national', 'solar', 6, 31, 15, None, 'آغاز هفتهٔ دفاع مقدس؛ نمایشگاه‌ها و آذین شهری یادمان شهیدان.'),
    ('آغاز سال تحصیلی', 'national', 'solar', 7, 1, 10, None, 'ایمنی مسیر مدارس و حمل‌ونقل عمومی در روزهای بازگشایی.'),
    ('روز بزرگداشت حافظ', 'national', 'solar', 7, 20, 7, None, ''),
    ('روز تربیت بدنی و ورزش', 'national', 'solar', 7, 26, 7, None, ''),
    ('روز دانش‌آموز', 'national', 'solar', 8, 13, 7, None, ''),
    ('روز کتاب و کتاب‌خوانی', 'national', 'solar', 8, 24, 10, None, 'هفتهٔ کتاب؛ کتاب‌خانه‌ها و فرهنگ‌سراهای شهرداری.'),
    ('روز بسیج', 'national', 'solar', 9, 5, 7, None, ''),
    ('روز دانشجو', 'national', 'solar', 9, 16, 7, None, ''),
    ('شب یلدا', 'national', 'solar', 9, 30, 15, None, 'برنامه‌های شب یلدا در محله‌ها و فرهنگ‌سراها.'),
    ('روز بصیرت (۹ دی)', 'national', 'solar', 10, 9, 7, None, ''),
    ('سالروز شهادت سردار سلیمانی', 'national', 'solar', 10, 13, 10, None, ''),
    ('آغاز دههٔ فجر', 'national', 'solar', 11, 12, 15, None, 'آذین‌بندی دههٔ فجر و افتتاح طرح‌های شهری.'),
    ('پیروزی انقلاب اسلامی (۲۲ بهمن)', 'national', 'solar', 11, 22, 20, None, 'تعطیل رسمی؛ راهپیمایی و آذین شهری.'),
    ('روز مهندس', 'national', 'solar', 12, 5, 7, None, 'بزرگداشت خواجه نصیرالدین طوسی.'),
    ('روز ملی شدن صنعت نفت', 'national', 'solar', 12, 29, 7, None, 'تعطیل رسمی.'),
    # --- solar, municipal and city days ---
    ('روز شوراها', 'city', 'solar', 2, 9, 10, None, 'روز شوراهای اسلامی شهر و روستا.'),
    ('روز شهرداری و دهیاری', 'city', 'solar', 4, 14, 15, None, 'روز خود شهرداری‌ها: گزارش خدمات، قدردانی از کارکنان و پویش‌های شهروندی.'),
    ('روز ملی هوای پاک', 'city', 'solar', 4, 29, 10, None, 'حمل‌ونقل عمومی، دوچرخه و پیاده‌روی.'),
    ('روز آتش‌نشانی و ایمنی', 'city', 'solar', 7, 7, 10, None, 'آموزش ایمنی شهروندان و قدردانی از آتش‌نشانان.'),
    ('روز درختکاری', 'city', 'solar', 12, 15, 10, None, 'هفتهٔ منابع طبیعی؛ توزیع نهال و پویش کاشت درخت.'),
    ('روز شیراز', 'city', 'solar', 2, 15, 10, 'shiraz', 'روز شهر شیراز.'),
    ('روز اصفهان', 'city', 'solar', 9, 1, 10, 'isfahan', 'روز شهر اصفهان.'),
    # --- lunar, religious ---
    ('آغاز ماه محرم', 'religious', 'lunar', 1, 1, 20, None, 'سیاه‌پوشی شهر و آماده‌سازی ایستگاه‌های صلواتی و موکب‌ها.'),
    ('تاسوعای حسینی', 'religious', 'lunar', 1, 9, 20, None, 'تعطیل رسمی.'),
    ('عاشورای حسینی', 'religious', 'lunar', 1, 10, 20, None, 'تعطیل رسمی؛ خدمات شهری به هیئت‌ها و پاکسازی پس از مراسم.'),
    ('اربعین حسینی', 'religious', 'lunar', 2, 20, 20, None, 'تعطیل رسمی؛ خدمات شهرداری‌ها به زائران و موکب‌ها.'),
    ('رحلت پیامبر اکرم و شهادت امام حسن مجتبی', 'religious', 'lunar', 2, 28, 10, None, 'تعطیل رسمی.'),
    ('شهادت امام رضا', 'religious', 'lunar', 2, 30, 10, None, 'آخر صفر (در ماه ۲۹ روزه، روز ۲۹)؛ تعطیل رسمی.'),
    ('میلاد پیامبر اکرم و امام صادق (هفتهٔ وحدت)', 'religious', 'lunar', 3, 17, 10, None, 'تعطیل رسمی.'),
    ('شهادت حضرت فاطمه زهرا', 'religious', 'lunar', 6, 3, 10, None, 'تعطیل رسمی.'),
    ('میلاد حضرت فاطمه زهرا و روز زن', 'religious', 'lunar', 6, 20, 10, None, 'روز مادر؛ قدردانی از بانوان کارکنان شهرداری.'),
    ('میلاد امام علی و روز پدر', 'religious', 'lunar', 7, 13, 10, None, 'تعطیل رسمی.'),
    ('مبعث پیامبر اکرم', 'religious', 'lunar', 7, 27, 10, None, 'تعطیل رسمی.'),
    ('میلاد امام حسین و روز پاسدار', 'religious', 'lunar', 8, 3, 7, None, 'آغاز اعیاد شعبانیه.'),
    ('میلاد حضرت ابوالفضل و روز جانباز', 'religious', 'lunar', 8, 4, 7, None, ''),
    ('میلاد حضرت علی‌اکبر و روز جوان', 'religious', 'lunar', 8, 11, 7, None, ''),
    ('نیمهٔ شعبان', 'religious', 'lunar', 8, 15, 15, None, 'تعطیل رسمی؛ جشن‌های محله‌ای و آذین‌بندی شهر.'),
    ('آغاز ماه رمضان', 'religious', 'lunar', 9, 1, 20, None, 'ساعت کار خدمات شهری، سفره‌های افطار و برنامه‌های ماه رمضان.'),
    ('میلاد امام حسن مجتبی', 'religious', 'lunar', 9, 15, 7, None, ''),
    ('شب قدر (نوزدهم رمضان)', 'religious', 'lunar', 9, 19, 10, None, 'شب پیش از این روز، نخستین شب قدر است.'),
    ('شهادت امام علی (بیست‌ویکم رمضان)', 'religious', 'lunar', 9, 21, 10, None, 'تعطیل رسمی.'),
    ('شب قدر (بیست‌وسوم رمضان)', 'religious', 'lunar', 9, 23, 10, None, ''),
    ('عید سعید فطر', 'religious', 'lunar', 10, 1, 15, None, 'تعطیل رسمی (دو روز).'),
    ('شهادت امام جعفر صادق', 'religious', 'lunar', 10, 25, 7, None, 'تعطیل رسمی.'),
    ('میلاد حضرت معصومه و روز دختر', 'religious', 'lunar', 11, 1, 7, None, 'آغاز دههٔ کرامت.'),
    ('میلاد امام رضا', 'religious', 'lunar', 11, 11, 10, None, 'پایان دههٔ کرامت.'),
    ('روز عرفه', 'religious', 'lunar', 12, 9, 7, None, ''),
    ('عید سعید قربان', 'religious', 'lunar', 12, 10, 10, None, 'تعطیل رسمی.'),
    ('عید سعید غدیر خم', 'religious', 'lunar', 12, 18, 10, None, 'تعطیل رسمی؛ جشن‌های خیابانی غدیر.'),
]

#: (city slug, director e-mail, title, kind, licence, credit, colour) of the demo kit items for the next occasions
ITEMS = [
    ('karaj', 'karaj@example.org', 'پوستر عمودی ویژهٔ {name}', 'poster', 'free_credit', 'ادارهٔ کل ارتباطات شهرداری کرج', (15, 95, 115)),
    ('tehran', 'tehran@example.org', 'بنر بزرگراهی {name}', 'banner', 'free_credit', 'ادارهٔ کل ارتباطات شهرداری تهران', (178, 106, 0)),
    ('mashhad', 'mashhad@example.org', 'پوستر شبکه‌های اجتماعی {name}', 'poster', 'ask_first', 'ارتباطات شهرداری مشهد', (47, 125, 50)),
]


def load():
    if db.session.scalar(db.select(Occasion.id).limit(1)) is None:
        cities = {c.slug: c for c in db.session.scalars(db.select(City))}
        for name, kind, calendar, month, day, ahead, slug, description in OCCASIONS:
            db.session.add(Occasion(name=name, kind=kind, calendar=calendar, month=month, day=day, days_ahead=ahead,
                                    description=description, city=cities.get(slug) if slug else None))
        db.session.flush()
    if db.session.scalar(db.select(KitItem.id).limit(1)) is None:
        load_items()


def _png(colour, size=(900, 1200)):
    """A plain poster-sized image (the demo has no designer): a colour field with a lighter band."""
    from PIL import Image, ImageDraw
    image = Image.new('RGB', size, colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 90) for c in colour)
    draw.rectangle((0, size[1] * 2 // 3, size[0], size[1] * 2 // 3 + 120), fill=light)
    draw.ellipse((size[0] // 4, size[1] // 6, size[0] * 3 // 4, size[1] // 6 + size[0] // 2), outline=light, width=18)
    out = io.BytesIO()
    image.save(out, 'PNG')
    out.seek(0)
    return out


def load_items():
    """Three cities' designs for each of the next two occasions (thumbnails are made by the worker)."""
    from .services import add_item, all_occasions, coming
    cities = {c.slug: c for c in db.session.scalars(db.select(City))}
    users = {u.email: u for u in db.session.scalars(db.select(User).where(User.role == 'director'))}
    upcoming = coming(days=120, occasions=all_occasions())[:2]
    for occurrence, occasion, _left in upcoming:
        for slug, email, title, kind, licence, credit, colour in ITEMS:
            if slug not in cities or email not in users:
                continue
            upload = FileStorage(stream=_png(colour), filename=f'{kind}-{slug}.png', content_type='image/png')
            add_item(occasion, upload, year=occurrence.jalali.year, title=title.format(name=occasion.name),
                     item_kind=kind, licence=licence, credit=credit, city=cities[slug], user=users[email])
