"""The worker's side of similar experiences (practices/similar.py): one practice's list, and the refresh chain."""
from ..jobs import handler
from ..jobs.schedule import daily
from . import similar

daily(similar.REFRESH, similar.REFRESH, time_config='SIMILAR_REFRESH_TIME', default='04:30')


@handler('practices.similar')
def similar_one(payload, job):
    similar.compute_one(int(payload['id']), neighbours=bool(payload.get('neighbours')))


@handler(similar.REFRESH)
def similar_refresh(payload, job):
    similar.refresh_chunk(int(payload.get('after') or 0))
