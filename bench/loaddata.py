"""Grow the demo data to the size bench/load.py measures: cities, practices, meetings, resolutions, accounts."""
import datetime as dt

from sqlalchemy import func, insert, select

PASSWORD = 'bench-load-pass'
WORDS = ['پیوست رسانه‌ای', 'نظرسنجی', 'تولید محتوا', 'تلویزیون شهری', 'ملاقات مردمی', 'هفته‌نامه', 'بحران',
         'شبکه‌های اجتماعی', 'پوستر مناسبت‌ها', 'آموزش', 'پیام‌رسان', 'مستندسازی']


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
            word = WORDS[i % len(WORDS)]
            rows.append({
                'city_id': city_ids[i % len(city_ids)], 'contact_name': 'روابط عمومی', 'contact_info': '',
                'title': f'{word}: تجربه شماره {i}',
                'summary': f'خلاصه‌ای از آنچه شهر در {word} انجام داد و نتیجه‌ای که گرفت. ' * 2,
                'context': 'زمینه و مسئله ' * 20, 'actions': f'اقدام‌ها در {word} ' * 30, 'resources': '',
                'results': 'نتیجه‌ها ' * 10, 'lessons': '', 'category_id': categories[i % len(categories)],
                'audience': '', 'channels': '', 'year': 1399 + i % 6, 'quarter': 1 + i % 4, 'status': 'published',
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
            minutes=f'صورتجلسه نشست {i}: گزارش شهرها درباره {WORDS[i % len(WORDS)]}. ' * 20, guests='',
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
        ref=f'load:{i}', code=f'{200 + i // 10}/{i % 10 + 1}', title=f'مصوبه سنجش {i} درباره {WORDS[i % len(WORDS)]}',
        text='متن مصوبه ' * 20, category=['پیوست رسانه‌ای', 'تولید محتوا', 'ارتباطات بحران'][i % 3],
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
    return db.session.scalars(select(Practice.id).where(Practice.status == 'published').limit(limit)).all()
