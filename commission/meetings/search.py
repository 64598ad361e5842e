"""Minutes in search and in `flask content import`: registered when the app is built (see create_app)."""
import datetime as dt

from ..content.importer import register_kind
from ..search.registry import register_parent, register_type
from .models import AgendaItem, Meeting

register_type(Meeting, label='صورتجلسه', plural='صورتجلسه‌ها', icon='calendar-event',
              words=('minutes', 'meeting', 'meetings', 'صورتجلسه', 'صورت‌جلسه', 'صورتجلسه‌ها', 'نشست', 'جلسه'),
              eager=('host_city', 'agenda_items'), owner_type='meeting')
# the agenda is part of the minutes' document
register_parent(AgendaItem, lambda item: [f'minutes:{item.meeting_id}'] if item.meeting_id else [])


def import_values(line):
    """Archived minutes are approved, unnumbered, dated by their line."""
    approved = dt.datetime.combine(line.date, dt.time(12)) if line.date else None
    return {'title': line.title, 'meeting_date': line.date, 'host_city_id': line.city.id if line.city else None,
            'minutes': line.body, 'status': 'minutes_approved', 'number': None, 'minutes_approved_dt': approved}


register_kind('minutes', Meeting, import_values)
