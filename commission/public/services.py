"""What the transparency page may show, read in a fixed handful of queries whatever the number of rows.

Only what the commission chose to publish: resolutions the secretariat marked public (and whose minutes are
approved), with each city's status and percent (never a note, a report's text or an evidence file);
published practices (title, city, summary); and the indicators the secretariat made public.
"""
import dataclasses
import datetime as dt

from sqlalchemy.orm import joinedload

from ..cities.models import City
from ..db import db
from ..indicators.public_rows import public_rows
from ..jalali import today_tehran
from ..meetings.models import Meeting
from ..practices.models import Practice
from ..resolutions.models import Assignment, Resolution, code_sort_key, effective_deadline, is_overdue
from ..resolutions.services import progress

#: how many of the latest published practices the page lists
PRACTICES_SHOWN = 12


@dataclasses.dataclass
class CityState:
    """One city's line under a public resolution: the status label's key and the percent, nothing else."""
    city_name: str
    status: str
    percent: int | None
    overdue: bool


@dataclasses.dataclass
class PublicResolution:
    id: int
    code: str
    title: str
    text: str
    category: str
    adopted_on: dt.date | None
    deadline: dt.date | None
    status: str
    updated_dt: dt.datetime
    meeting_name: str
    cities: list
    done: int = 0
    applicable: int = 0
    percent: int = 0


def public_resolutions(today=None):
    """Resolutions marked public, not withdrawn, from a meeting whose minutes are approved (or from no meeting)."""
    today = today or today_tehran()
    rows = db.session.scalars(
        db.select(Resolution).outerjoin(Meeting, Meeting.id == Resolution.meeting_id)
        .where(Resolution.public.is_(True), Resolution.status.in_(('active', 'closed')),
               (Resolution.meeting_id.is_(None)) | (Meeting.status == 'minutes_approved'))
        .options(joinedload(Resolution.meeting))).all()
    rows.sort(key=code_sort_key)
    items = {r.id: PublicResolution(
        id=r.id, code=r.code, title=r.title, text=r.text, category=r.category, adopted_on=r.adopted_on,
        deadline=r.deadline, status=r.status, updated_dt=r.updated_dt,
        meeting_name=r.meeting.name if r.meeting else '', cities=[]) for r in rows}
    if not items:
        return []
    states = db.session.execute(
        db.select(Assignment.resolution_id, City.name, Assignment.status, Assignment.awaiting_confirmation,
                  Assignment.percent, Assignment.updated_dt, Assignment.deadline)
        .join(City, City.id == Assignment.city_id)
        .where(Assignment.resolution_id.in_(list(items))).order_by(City.name))
    pairs = {rid: [] for rid in items}
    for rid, city_name, status, awaiting, percent, updated, own_deadline in states:
        item = items[rid]
        shown = 'done_pending' if status == 'done' and awaiting else status
        # the city's own deadline after an extension, as «overdue» is everywhere (resolutions.models)
        overdue = item.status == 'active' and is_overdue(status, effective_deadline(own_deadline, item.deadline), today)
        item.cities.append(CityState(city_name, shown, 100 if shown == 'done' else percent, overdue))
        pairs[rid].append((status, awaiting))
        item.updated_dt = max(item.updated_dt, updated)
    for rid, item in items.items():
        item.done, item.applicable, item.percent = progress(pairs[rid])
    return list(items.values())


def published_practices(limit=PRACTICES_SHOWN):
    return db.session.scalars(
        db.select(Practice).where(Practice.status == 'published')
        .options(joinedload(Practice.city), joinedload(Practice.category))
        .order_by(Practice.published_dt.desc(), Practice.id.desc()).limit(limit)).all()


def public_indicators():
    """The indicators the secretariat made public, each for its latest locked period (indicators.public_rows)."""
    rows = public_rows()
    for row in rows:
        top = max((abs(v['value']) for v in row['values']), default=0)
        for v in row['values']:
            v['bar'] = round(20 * abs(v['value']) / top) * 5 if top else 0  # a 5% step: a CSS class, no style=""
    return rows


@dataclasses.dataclass
class PublicPage:
    resolutions: list
    practices: list
    indicators: list

    @property
    def updated(self):
        """The latest change of anything shown: the feed's <updated> and the page's footer."""
        stamps = [r.updated_dt for r in self.resolutions]
        stamps += [p.updated_dt for p in self.practices] + [p.published_dt for p in self.practices if p.published_dt]
        return max(stamps, default=dt.datetime(2020, 1, 1))


def page():
    return PublicPage(resolutions=public_resolutions(), practices=published_practices(),
                      indicators=public_indicators())
