"""The daily resolution reminders, run by the worker at REMINDER_TIME (Tehran), once a day."""
import datetime as dt
import logging

from ..jobs import handler
from ..jobs.schedule import daily

logger = logging.getLogger(__name__)

daily('resolutions.remind', 'resolutions.remind', time_config='REMINDER_TIME', default='08:00')


@handler('resolutions.remind')
def remind(payload, job):
    """Notify directors of due and overdue assignments (their mail becomes a job of its own)."""
    from .services import send_reminders
    today = dt.date.fromisoformat(payload['day']) if payload.get('day') else None
    cities, reminded = send_reminders(int(payload.get('days', 7)), today)
    logger.info('Reminded %s assignment(s) in %s city(ies)', reminded, cities)
