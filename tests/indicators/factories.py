"""Factory methods for this domain, mixed into tests.factories.Factories (flush, never commit)."""


class IndicatorFactories:
    def indicator(self, name=None, **kw):
        from commission.indicators.models import Indicator
        kw.setdefault('unit', 'خبر')
        kw.setdefault('frequency', 'quarterly')
        kw.setdefault('aggregate', 'sum')
        return self._add(Indicator(name=name or f'شاخص آزمایشی {self._number()}', **kw))

    def period(self, year=1404, quarter=1, **kw):
        """The (year, quarter) period, made once (periods are unique per year and quarter)."""
        from commission.indicators.models import IndicatorPeriod
        found = self.db.session.scalar(self.db.select(IndicatorPeriod).where(IndicatorPeriod.year == year,
                                                                             IndicatorPeriod.quarter == quarter))
        if found is not None:
            for key, value in kw.items():
                setattr(found, key, value)
            self.db.session.flush()
            return found
        return self._add(IndicatorPeriod(year=year, quarter=quarter, **kw))

    def value(self, indicator, city, period, value, **kw):
        from commission.indicators.models import IndicatorValue
        return self._add(IndicatorValue(indicator=indicator, city=city, period=period, value=value, **kw))
