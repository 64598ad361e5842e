"""Factory methods for this domain, mixed into tests.factories.Factories (flush, never commit)."""
import datetime as dt


class ReportFactories:
    def city_report(self, city=None, year=1404, span=2, *, status='draft', introduction='مقدمه آزمایشی گزارش', **kw):
        """The stored part of a report (introduction, status) of `city` (None: the commission's)."""
        from commission.reports.models import CityReport
        if status == 'published':
            kw.setdefault('published_dt', dt.datetime(2025, 10, 1, 9))
        return self._add(CityReport(city=city, year=year, span=span, status=status, introduction=introduction, **kw))

    def adoption(self, practice, city, *, user=None, created_dt=None, **kw):
        """`city` adopted `practice` (on `created_dt`)."""
        from commission.practices.models import PracticeAdoption
        user = user or self.user(role='director', city=city)
        if created_dt is not None:
            kw['created_dt'] = kw.setdefault('updated_dt', created_dt)
        return self._add(PracticeAdoption(practice=practice, city=city, user=user, **kw))
