"""Demo data: the member cities, one account per role, and (from each domain) example content.

Loading is idempotent: every loader looks for what it would create before creating it.
"""
import datetime as dt

from flask import current_app

from .auth.models import User
from .auth.services import create_user
from .cities.members import MEMBER_CITIES
from .cities.models import City
from .cities.services import city_joined
from .db import db

#: (Persian name, English name, slug, province) of the member cities (kept in cities; named here for callers)
CITIES = MEMBER_CITIES

#: (email, full name, role, city slug, position)
ACCOUNTS = [
    ('admin@example.org', 'مدیر سامانه', 'admin', None, 'راهبر فنی سامانه'),
    ('secretariat@example.org', 'فاطمه رضایی', 'secretariat', None, 'دبیر کمیسیون ارتباطات'),
    ('observer@example.org', 'علی موسوی', 'observer', None, 'کارشناس دفتر شهردار'),
    ('karaj@example.org', 'محمدجلال سبزی', 'director', 'karaj', 'مدیرکل ارتباطات و امور بین‌الملل شهرداری کرج'),
    ('tehran@example.org', 'مریم احمدی', 'director', 'tehran', 'مدیرکل ارتباطات و امور بین‌الملل شهرداری تهران'),
    ('shiraz@example.org', 'حسین کاظمی', 'director', 'shiraz', 'مدیر ارتباطات و امور بین‌الملل شهرداری شیراز'),
    ('mashhad@example.org', 'زهرا حسینی', 'director', 'mashhad', 'مدیرکل ارتباطات و امور بین‌الملل شهرداری مشهد'),
]

def load_cities():
    existing = {c.slug for c in db.session.scalars(db.select(City))}
    joined = [City(name=name, name_en=name_en, slug=slug, province=province, is_member=True,
                   joined_on=dt.date(2023, 5, 18)) for name, name_en, slug, province in CITIES if slug not in existing]
    db.session.add_all(joined)
    db.session.flush()
    for city in joined:
        city_joined.send(city)


def load_accounts():
    password = current_app.config['DEMO_PASSWORD']
    for email, full_name, role, slug, position in ACCOUNTS:
        if db.session.scalar(db.select(User.id).where(User.email == email)):
            continue
        city = db.session.scalar(db.select(City).where(City.slug == slug)) if slug else None
        create_user(email=email, full_name=full_name, role=role, password=password, city=city, position=position)


def load_demo():
    """Load everything; safe to run again (each loader skips what exists)."""
    load_cities()
    load_accounts()
    from .indicators import demo as indicators_demo
    from .meetings import demo as meetings_demo
    from .occasions import demo as occasions_demo
    from .practices import demo as practices_demo
    from .reports import demo as reports_demo
    from .resolutions import demo as resolutions_demo
    for domain in (practices_demo, meetings_demo, resolutions_demo, indicators_demo, reports_demo, occasions_demo):
        domain.load()
    meetings_demo.carry_forward()  # the upcoming meeting's agenda lists the resolutions loaded just above
    db.session.flush()


def demo_accounts_text(password):
    lines = ['حساب‌های نمایشی (Demo accounts), password: ' + password]
    for email, _full_name, role, _, _ in ACCOUNTS:
        lines.append(f'  {email:28} {role}')
    return '\n'.join(lines)
