"""The daily resolution reminders and escalations, run by the worker at REMINDER_TIME (Tehran), once a day."""
import datetime as dt
import logging

from ..jobs import handler
from ..jobs.schedule import daily

logger = logging.getLogger(__name__)

daily('resolutions.remind', 'resolutions.remind', time_config='REMINDER_TIME', default='08:00')
#: the escalation of long-overdue assignments runs at the same Tehran time, once a day
daily('resolutions.escalate', 'resolutions.escalate', time_config='REMINDER_TIME', default='08:00')


@handler('resolutions.remind')
def remind(payload, job):
    """Notify directors of due and overdue assignments (their mail becomes a job of its own)."""
    from .services import send_reminders
    today = dt.date.fromisoformat(payload['day']) if payload.get('day') else None
    cities, reminded = send_reminders(int(payload.get('days', 7)), today)
    logger.info('Reminded %s assignment(s) in %s city(ies)', reminded, cities)


@handler('resolutions.escalate')
def escalate(payload, job):
    """Report assignments overdue by RESOLUTION_ESCALATION_DAYS to the secretariat and the cities' observers."""
    from .services import escalate_overdue
    today = dt.date.fromisoformat(payload['day']) if payload.get('day') else None
    cities, items = escalate_overdue(today)
    logger.info('Escalated %s assignment(s) in %s city(ies)', items, cities)
