from blinker import Namespace

from ..db import db
from .models import City

#: sent with the city when it becomes a member (created as one, or turned into one); the resolutions domain
#: hands it the active resolutions. Every place a city joins sends it: save_city, the importer, the demo data.
city_joined = Namespace().signal('city-joined')


class CityError(ValueError):
    pass


def can_manage_cities(user):
    """Adding a city or changing one (membership included) is the site admin's."""
    return user.is_authenticated and user.role == 'admin'


def can_export_city(user, city):
    """A city's own data (its zip export) leaves with its directors and the secretariat (admin included)."""
    return user.is_authenticated and (user.is_staff or (user.role == 'director' and user.city_id == city.id))


def save_city(city, data):
    """Create (city=None) or update a city; names and slugs are unique. A city that joins is announced."""
    city = city or City()
    was_member = bool(city.id and city.is_member)
    for field in ('name', 'slug'):
        clash = db.session.scalar(db.select(City.id).where(getattr(City, field) == data[field].strip(),
                                                           City.id != (city.id or 0)))
        if clash:
            raise CityError('شهری با این نام یا نشانی کوتاه وجود دارد.')
    city.name, city.name_en, city.slug = data['name'].strip(), data['name_en'] or '', data['slug'].strip()
    city.province, city.is_member, city.joined_on = data['province'] or '', data['is_member'], data['joined_on']
    db.session.add(city)
    db.session.flush()
    if city.is_member and not was_member:
        city_joined.send(city)
    return city


def member_cities():
    """The member cities by name: those a meeting expects and an 'all cities' resolution goes to."""
    return db.session.scalars(db.select(City).where(City.is_member.is_(True)).order_by(City.name)).all()


def cities_member_first():
    """Every city, the members first, each group by name (the order of every city picker)."""
    return db.session.scalars(db.select(City).order_by(City.is_member.desc(), City.name)).all()
