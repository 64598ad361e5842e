"""The daily indicator reminders, run by the worker at INDICATOR_REMINDER_TIME (Tehran), once a day."""
import datetime as dt
import logging

from flask import current_app

from ..jobs import handler
from ..jobs.schedule import daily

logger = logging.getLogger(__name__)

daily('indicators.remind', 'indicators.remind', time_config='INDICATOR_REMINDER_TIME', default='09:00')


@handler('indicators.remind')
def remind(payload, job):
    """Notify directors of cities with missing values on each reminder day before an open period's deadline."""
    from .services import reminder_days, send_reminders
    today = dt.date.fromisoformat(payload['day']) if payload.get('day') else None
    notified = send_reminders(today, reminder_days(current_app.config.get('INDICATOR_REMINDER_DAYS')))
    logger.info('Reminded %s city(ies) of missing indicator values', notified)
