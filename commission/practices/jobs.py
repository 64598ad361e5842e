"""The worker's side of practices: adoption follow-ups (ADOPTION_FOLLOWUP_MONTHS after a city adopted a practice
without writing its result, its directors are asked what came of it; once per adoption, daily at
ADOPTION_FOLLOWUP_TIME) and similar experiences (practices/similar.py: one practice's list, and the refresh chain)."""
import datetime as dt
import logging

from flask import current_app
from sqlalchemy.orm import joinedload

from ..db import db
from ..jalali import format_jalali, persian_digits, today_tehran
from ..jobs import handler
from ..jobs.schedule import daily
from ..notifications.services import city_directors, notify
from ..tasks.followups import first_time, months_before
from . import similar
from .models import PracticeAdoption

logger = logging.getLogger(__name__)

daily('practices.adoption_followup', 'practices.adoption_followup', time_config='ADOPTION_FOLLOWUP_TIME',
      default='09:00')


def send_adoption_followups(today, months=None):
    months = months if months is not None else int(current_app.config.get('ADOPTION_FOLLOWUP_MONTHS') or 3)
    cutoff = dt.datetime.combine(months_before(today, months), dt.time.max)
    adoptions = db.session.scalars(
        db.select(PracticeAdoption).where(PracticeAdoption.created_dt <= cutoff, PracticeAdoption.result == '')
        .options(joinedload(PracticeAdoption.practice), joinedload(PracticeAdoption.city))).all()
    sent = 0
    for adoption in adoptions:
        directors = city_directors(adoption.city_id)
        if not directors or not first_time('practice.adoption_followup', f'adoption:{adoption.id}'):
            continue
        practice = adoption.practice
        notify(directors, 'practice.adoption_followup',
               f'{adoption.city.name} در {format_jalali(adoption.created_dt)} تجربه «{practice.title}» را به کار '
               f'گرفت. پس از {persian_digits(months)} ماه نتیجه‌اش چه بود؟ نتیجه را در صفحه تجربه بنویسید تا '
               'شهرهای دیگر هم بدانند.', f'/practices/{practice.id}#adoptions')  # no request here: a plain path
        sent += 1
    return sent


@handler('practices.adoption_followup')
def adoption_followup(payload, job):
    today = dt.date.fromisoformat(payload['day']) if payload.get('day') else today_tehran()
    logger.info('Adoption follow-ups sent: %s', send_adoption_followups(today))


daily(similar.REFRESH, similar.REFRESH, time_config='SIMILAR_REFRESH_TIME', default='04:30')


@handler('practices.similar')
def similar_one(payload, job):
    similar.compute_one(int(payload['id']), neighbours=bool(payload.get('neighbours')))


@handler(similar.REFRESH)
def similar_refresh(payload, job):
    similar.refresh_chunk(int(payload.get('after') or 0))
