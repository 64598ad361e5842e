"""A meeting's change history: who did what, and how a changed header field reads in it."""
from ..cities.models import City
from ..db import db
from ..jalali import format_jalali, persian_digits
from ..timeutil import utcnow
from .models import MeetingChange


def record_change(meeting, user, action, detail=''):
    """One line of the meeting's history: who did what, and when (now)."""
    change = MeetingChange(meeting_id=meeting.id, user_id=user.id if user else None, action=action, detail=detail)
    db.session.add(change)
    # the meeting itself changes too, so the search index picks up agenda and attendance edits
    meeting.updated_dt = utcnow()
    return change


def show_value(field, value):
    """A header field's value as the history writes it (Jalali dates, Persian digits, the city's name)."""
    if value is None or value == '':
        return '—'
    if field == 'meeting_date':
        return format_jalali(value)
    if field == 'start_time':
        return persian_digits(value.strftime('%H:%M'))
    if field == 'host_city_id':
        city = db.session.get(City, value)
        return city.name if city else '—'
    return persian_digits(value) if isinstance(value, int) else str(value)
