from ..db import db
from .models import City


class CityError(ValueError):
    pass


def save_city(city, data):
    """Create (city=None) or update a city; names and slugs are unique."""
    city = city or City()
    for field in ('name', 'slug'):
        clash = db.session.scalar(db.select(City.id).where(getattr(City, field) == data[field].strip(),
                                                           City.id != (city.id or 0)))
        if clash:
            raise CityError('شهری با این نام یا نشانی کوتاه وجود دارد.')
    city.name, city.name_en, city.slug = data['name'].strip(), data['name_en'] or '', data['slug'].strip()
    city.province, city.is_member, city.joined_on = data['province'] or '', data['is_member'], data['joined_on']
    db.session.add(city)
    db.session.flush()
    return city


def member_cities():
    return db.session.scalars(db.select(City).where(City.is_member.is_(True)).order_by(City.name)).all()
