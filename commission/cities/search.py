"""Cities in search: the city facet shows each city's Persian name (registered when the app is built)."""
from ..db import db
from ..search.registry import register_value_labels
from .models import City


def city_names(slugs):
    """{slug: Persian name} of the cities with these slugs."""
    return dict(db.session.execute(db.select(City.slug, City.name).where(City.slug.in_(list(slugs)))).all())


register_value_labels('city_slug', city_names)
