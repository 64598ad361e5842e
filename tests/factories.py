"""The one factory system of the tests: the `make` fixture is a `Factories`.

Each domain's methods live in tests/<domain>/factories.py and are mixed in here, so `make.city()`,
`make.user(role=...)`, `make.practice(...)`, `make.meeting(...)` and `make.resolution(...)` work in every
test. Every method flushes, so the object has an id, and never commits.
"""
import itertools

from .auth.factories import UserFactories
from .cities.factories import CityFactories
from .indicators.factories import IndicatorFactories
from .meetings.factories import MeetingFactories
from .occasions.factories import OccasionFactories
from .practices.factories import PracticeFactories
from .reports.factories import ReportFactories
from .resolutions.factories import ResolutionFactories

_seq = itertools.count(1)


class Factories(CityFactories, UserFactories, PracticeFactories, MeetingFactories, ResolutionFactories,
                IndicatorFactories, ReportFactories, OccasionFactories):
    def __init__(self, db):
        self.db = db

    def _add(self, obj):
        self.db.session.add(obj)
        self.db.session.flush()
        return obj

    def _number(self):
        """A number no other object of this test run has: unique names, slugs, emails and codes."""
        return next(_seq)
