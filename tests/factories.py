"""Object factories for tests: each flushes so the object has an id, and never commits.

Each domain's methods live in tests/<domain>/factories.py and are mixed in here.
"""
import itertools

from .meetings.factories import MeetingFactories
from .practices.factories import PracticeFactories
from .resolutions.factories import ResolutionFactories

_seq = itertools.count(1)


def next_number():
    return next(_seq)


class Factories(PracticeFactories, MeetingFactories, ResolutionFactories):
    def __init__(self, db):
        self.db = db

    def _add(self, obj):
        self.db.session.add(obj)
        self.db.session.flush()
        return obj

    def city(self, name=None, **kw):
        from commission.cities.models import City
        n = next(_seq)
        kw.setdefault('slug', f'city-{n}')
        kw.setdefault('province', 'استان آزمون')
        return self._add(City(name=name or f'شهر {n}', **kw))

    def user(self, role='director', city=None, password='secret-pass', **kw):
        from commission.auth.models import User
        n = next(_seq)
        if role == 'director' and city is None:
            city = self.city()
        kw.setdefault('email', f'user{n}@example.org')
        kw.setdefault('full_name', f'کاربر {n}')
        user = User(role=role, city=city, **kw)
        user.set_password(password)
        return self._add(user)
