"""What the occasions domain counts for the city indicators (registered in views.py with indicators.sources).

«Occasions covered» in a period: the occasion occurrences whose date (after the secretariat's shift) fell in
the period and for which the city shared at least one media-kit item. A kit item names its occasion and the
Jalali year of the occurrence it was made for, so an occurrence is (occasion, Jalali year): two items for the
same occurrence count once, and when the item was uploaded does not matter (a poster shared a week early
counts in the quarter of the occasion). A lunar occasion that falls twice in one Jalali year is one
occurrence per year here, since an item cannot say which of the two it was made for.
"""
import jdatetime

from ..db import db
from . import dates
from .models import KitItem, Occasion


def occasions_covered(city_id, start_date, end_date):
    """How many occasions falling from `start_date` to `end_date` (inclusive) the city shared a kit item for."""
    shared = set(db.session.execute(db.select(KitItem.occasion_id, KitItem.jalali_year).distinct()
                                    .where(KitItem.city_id == city_id)).tuples())
    if not shared:
        return 0
    occasions = db.session.scalars(db.select(Occasion).where(Occasion.id.in_({o for o, _ in shared}))).all()
    covered = {(o.occasion_id, jdatetime.date.fromgregorian(date=o.date).year)
               for o in dates.occurrences_between(occasions, start_date, end_date)}
    return len(covered & shared)
