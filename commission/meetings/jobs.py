"""The meetings' daily notices (reminders.py), run by the worker at MEETING_REMINDER_TIME (Tehran), once a day."""
import datetime as dt
import logging

from ..jalali import today_tehran
from ..jobs import handler
from ..jobs.schedule import daily

logger = logging.getLogger(__name__)

daily('meetings.reminders', 'meetings.reminders', time_config='MEETING_REMINDER_TIME', default='08:30')


@handler('meetings.reminders')
def remind(payload, job):
    from .reminders import send_all
    today = dt.date.fromisoformat(payload['day']) if payload.get('day') else today_tehran()
    logger.info('Meeting notices for %s: %s', today, send_all(today))
