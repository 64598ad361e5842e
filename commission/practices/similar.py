"""Similar experiences computed ahead: the worker stores each published practice's list, the page reads it.

Finding the practices most like one is a more-like-this search of up to 60 term clauses (search/similar.py),
100-200 ms of CPU: too much for every view of a practice page. So it runs in the worker:

* when a published practice's text, city, category, tags or status change (a `practices.similar` job recorded
  at flush, in the change's own transaction, like the search queue); the job also recomputes the lists of the
  practices it found, so a newly published practice shows up beside its neighbours at once;
* for every published practice after `flask search rebuild` and once a day at SIMILAR_REFRESH_TIME (a
  `practices.similar_refresh` chain: CHUNK practices a job, each one waiting as long as the last one ran, so
  the refresh takes at most half a core and other jobs run in between);
* for all of them at once with `flask practices similar`.

The page reads the stored ids (one row) and shows those still published, of other cities. A practice with no
stored list yet shows its category's best instead. A page view never runs the similarity search.
"""
import contextlib
import datetime as dt
import logging
import time

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..db import SQLITE_IMMEDIATE, db
from ..jobs import enqueue
from ..timeutil import utcnow
from .models import Practice, SimilarPractices

logger = logging.getLogger(__name__)

#: ids stored per practice (the page shows 5; the spare ones stand in for those unpublished since)
STORED = 10
#: practices per refresh job, and the shortest pause between two of them
CHUNK = 25
PAUSE_SECONDS = 1.0
REFRESH = 'practices.similar_refresh'
#: a change to one of these attributes of a published practice recomputes its list
WATCHED = ('title', 'summary', 'context', 'actions', 'resources', 'results', 'lessons', 'audience', 'channels',
           'status', 'city_id', 'category_id', 'tags')


def _changed(obj, new):
    if obj.status != 'published':
        return False
    if new:
        return True
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in WATCHED)


@event.listens_for(Session, 'after_flush')
def _record_changes(session, _flush_context):
    # a practice created published (an import, the demo) gets its own list; one published or edited later also
    # refreshes its neighbours' lists (a bulk import would otherwise cost six searches a practice)
    ids = {obj.id: False for obj in session.new if isinstance(obj, Practice) and _changed(obj, True)}
    ids.update((obj.id, True) for obj in session.dirty if isinstance(obj, Practice) and _changed(obj, False))
    if ids:
        with session.no_autoflush:
            for practice_id in sorted(ids):
                payload = {'id': practice_id, 'neighbours': True} if ids[practice_id] else {'id': practice_id}
                enqueue('practices.similar', payload, dedup_key=f'practices.similar:{practice_id}', session=session)


# --- computing (the worker) --------------------------------------------------------------------------------------

def find(practice):
    """Ids of the practices most like `practice`, best first (None: no index to ask); writes nothing."""
    from ..search.similar import similar_practices
    ids = similar_practices(practice, limit=STORED)
    return None if ids is None else [i for i in ids if i != practice.id]


def store(practice_id, ids):
    row = db.session.get(SimilarPractices, practice_id)
    if row is None:
        row = SimilarPractices(practice_id=practice_id)
        db.session.add(row)
    row.similar_ids, row.computed_dt = ids, utcnow()
    db.session.flush()


def compute(practice):
    """Search the practices most like `practice` and store their ids; returns them (None: no index to ask)."""
    ids = find(practice)
    if ids is not None:
        store(practice.id, ids)
    return ids


@contextlib.contextmanager
def _reading():
    """The searches run in a read transaction: in the worker on SQLite a job's transaction holds the write lock,
    and seconds of searching must not keep the site's writes waiting. The rows are written afterwards."""
    db.session.rollback()
    token = SQLITE_IMMEDIATE.set(False)
    try:
        yield
    finally:
        db.session.rollback()
        SQLITE_IMMEDIATE.reset(token)


def _published(ids):
    return db.session.scalars(
        select(Practice).where(Practice.id.in_(ids), Practice.status == 'published').order_by(Practice.id)
        .options(joinedload(Practice.city), joinedload(Practice.category), selectinload(Practice.tags))).all()


def compute_one(practice_id, neighbours=True):
    """A practice's list, and (`neighbours`) the lists of the practices it found: they may now include it."""
    found = {}
    with _reading():
        practice = db.session.get(Practice, practice_id)
        if practice is None or not practice.is_published:
            return []
        ids = found[practice_id] = find(practice)
        if ids is None:
            logger.warning('No search index: similar practices of %r not computed (a rebuild recomputes them)',
                           practice)
            return []
        if neighbours:
            for other in _published(ids[:5]):
                found[other.id] = find(other)
    for pid, other_ids in found.items():
        if other_ids is not None:
            store(pid, other_ids)
    return found[practice_id]


def compute_after(after_id, limit):
    """Recompute the lists of up to `limit` published practices with an id above `after_id`; returns their ids."""
    found = {}
    with _reading():
        ids = db.session.scalars(select(Practice.id).where(Practice.status == 'published', Practice.id > after_id)
                                 .order_by(Practice.id).limit(limit)).all()
        for practice in _published(ids):
            found[practice.id] = find(practice)
            if found[practice.id] is None:
                logger.warning('No search index: similar practices not refreshed (a rebuild recomputes them)')
                return []
    for pid, other_ids in found.items():
        store(pid, other_ids)
    return ids


def refresh_chunk(after_id=0):
    """One job of the refresh chain; the next one waits as long as this one took (at least PAUSE_SECONDS), so
    the refresh takes at most half of the worker's core, until every list is done."""
    started = time.monotonic()
    ids = compute_after(after_id, CHUNK)
    if len(ids) == CHUNK:
        pause = max(PAUSE_SECONDS, time.monotonic() - started) if PAUSE_SECONDS else 0  # 0: no throttle
        enqueue(REFRESH, {'after': ids[-1]}, dedup_key=REFRESH, run_after=utcnow() + dt.timedelta(seconds=pause))
    return ids


def start_refresh(session=None):
    """Queue a refresh of every list from the first practice on (once: a waiting refresh is not doubled)."""
    return enqueue(REFRESH, {'after': 0}, dedup_key=REFRESH, session=session)


# --- reading (the page) ------------------------------------------------------------------------------------------

def stored_similar(practice, limit=5):
    """Other cities' published practices stored as most like `practice`, best first; None when none are stored."""
    ids = db.session.scalar(select(SimilarPractices.similar_ids).where(SimilarPractices.practice_id == practice.id))
    if ids is None:
        return None
    if not ids:
        return []
    rows = {p.id: p for p in db.session.scalars(
        select(Practice).where(Practice.id.in_(ids), Practice.status == 'published',
                               Practice.city_id != practice.city_id, Practice.id != practice.id)
        .options(joinedload(Practice.city), joinedload(Practice.category)))}
    return [rows[i] for i in ids if i in rows][:limit]
