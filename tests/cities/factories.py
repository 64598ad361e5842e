"""Factory methods for this domain, mixed into tests.factories.Factories (flush, never commit)."""


class CityFactories:
    def city(self, name=None, **kw):
        """A member city with a unique name and slug."""
        from commission.cities.models import City
        n = self._number()
        kw.setdefault('slug', f'city-{n}')
        kw.setdefault('province', 'استان آزمون')
        return self._add(City(name=name or f'شهر {n}', **kw))
