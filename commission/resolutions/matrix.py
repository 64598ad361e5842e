"""The secretariat's matrix (resolutions × cities) and a city's scorecard, each in a fixed number of queries."""
import datetime as dt
from dataclasses import dataclass, field

import jdatetime
from sqlalchemy.orm import joinedload

from .. import query_args
from ..cities.models import City
from ..db import db
from ..jalali import MONTHS, DateParseError, parse_date, persian_digits, to_jalali
from .models import (
    DISPLAY_STATUSES,
    FINISHED,
    STATUSES,
    Assignment,
    ProgressReport,
    Resolution,
    code_sort_key,
    display_status,
    effective_deadline,
    is_overdue,
)
from .services import progress


@dataclass
class Filters:
    meeting_id: int | None = None
    category: str = ''
    status: str = ''
    overdue: bool = False
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None
    #: the resolutions' own status: 'active' (default), 'closed', 'withdrawn' or 'all'
    state: str = 'active'
    errors: list = field(default_factory=list)

    def args(self):
        """The filters as query arguments (for export links)."""
        from ..jalali import format_jalali
        out = {'meeting': self.meeting_id or '', 'category': self.category, 'status': self.status,
               'overdue': '1' if self.overdue else '', 'state': self.state,
               'from': format_jalali(self.deadline_from) if self.deadline_from else '',
               'to': format_jalali(self.deadline_to) if self.deadline_to else ''}
        return {k: v for k, v in out.items() if v}


def parse_filters(args):
    """Read the dashboard's GET filters; a bad value is ignored and explained in Persian."""
    f = Filters(meeting_id=query_args.number(args, 'meeting'), category=query_args.text(args, 'category'),
                status=query_args.choice(args, 'status', DISPLAY_STATUSES), overdue=query_args.flag(args, 'overdue'),
                state=query_args.choice(args, 'state', (*STATUSES, 'all'), 'active'))
    for key, attr, label in (('from', 'deadline_from', 'از تاریخ'), ('to', 'deadline_to', 'تا تاریخ')):
        raw = query_args.text(args, key)
        if raw:
            try:
                setattr(f, attr, parse_date(raw))
            except DateParseError as exc:
                f.errors.append(f'«{label}» نادیده گرفته شد: {exc}')
    return f


def _conditions(f):
    conds = []
    if f.state != 'all':
        conds.append(Resolution.status == f.state)
    if f.meeting_id:
        conds.append(Resolution.meeting_id == f.meeting_id)
    if f.category:
        conds.append(Resolution.category == f.category)
    if f.deadline_from or f.deadline_to:
        # a resolution with at least one city due in the range: each city's own deadline after an extension
        deadline, in_range = Assignment.effective_deadline_sql(), []
        if f.deadline_from:
            in_range.append(deadline >= f.deadline_from)
        if f.deadline_to:
            in_range.append(deadline <= f.deadline_to)
        conds.append(Resolution.id.in_(db.select(Assignment.resolution_id).join(Assignment.resolution)
                                       .where(*in_range)))
    return conds


def _in_range(f, deadline):
    """Whether one city's effective deadline is inside the dashboard's deadline range (no range: always)."""
    if not (f.deadline_from or f.deadline_to):
        return True
    if deadline is None:
        return False
    return not ((f.deadline_from and deadline < f.deadline_from) or (f.deadline_to and deadline > f.deadline_to))


@dataclass
class Cell:
    id: int
    status: str
    overdue: bool
    percent: int | None
    extended: bool = False
    dim: bool = False
    #: inside the deadline range of the filters (by this city's own deadline): only these are counted
    in_range: bool = True


def _totals(cells):
    cells = [c for c in cells if c is not None and c.in_range]
    done, applicable, percent = progress([('done' if c.status == 'done' else c.status, False) for c in cells])
    return {'done': done, 'applicable': applicable, 'percent': percent, 'count': len(cells),
            'overdue': sum(1 for c in cells if c.overdue),
            'pending': sum(1 for c in cells if c.status == 'done_pending'),
            'blocked': sum(1 for c in cells if c.status == 'blocked')}


def dashboard(f, today):
    """Rows of (resolution, cells aligned with `cities`, totals), column totals and the grand total.

    Three queries whatever the size: resolutions with their meeting, assignments as plain rows, cities.
    """
    conds = _conditions(f)
    resolutions = db.session.scalars(db.select(Resolution).where(*conds)
                                     .options(joinedload(Resolution.meeting))).all()
    resolutions.sort(key=code_sort_key)
    rows = db.session.execute(
        db.select(Assignment.id, Assignment.resolution_id, Assignment.city_id, Assignment.status,
                  Assignment.awaiting_confirmation, Assignment.percent, Assignment.claim_returned, Assignment.deadline)
        .where(Assignment.resolution_id.in_(db.select(Resolution.id).where(*conds)))).all()
    city_ids = {r.city_id for r in rows}
    cities = (db.session.scalars(db.select(City).where(City.id.in_(city_ids)).order_by(City.name)).all()
              if city_ids else [])
    by_id = {r.id: r for r in resolutions}
    grid = {}
    for aid, rid, cid, status, awaiting, percent, returned, own_deadline in rows:
        resolution = by_id.get(rid)
        if resolution is None:
            continue
        deadline = effective_deadline(own_deadline, resolution.deadline)
        overdue = resolution.status == 'active' and is_overdue(status, deadline, today)
        cell = Cell(aid, display_status(status, awaiting, returned), overdue, percent,
                    extended=own_deadline is not None, in_range=_in_range(f, deadline))
        cell.dim = bool((f.status and cell.status != f.status) or (f.overdue and not overdue) or not cell.in_range)
        grid[rid, cid] = cell
    matrix_rows = []
    for resolution in resolutions:
        cells = [grid.get((resolution.id, city.id)) for city in cities]
        counted = [c for c in cells if c is not None and c.in_range]
        if not counted:
            continue
        if f.status and not any(c.status == f.status for c in counted):
            continue
        if f.overdue and not any(c.overdue for c in counted):
            continue
        matrix_rows.append((resolution, cells, _totals(cells)))
    columns = [_totals([row[1][i] for row in matrix_rows]) for i in range(len(cities))]
    grand = _totals([c for row in matrix_rows for c in row[1]])
    return {'rows': matrix_rows, 'cities': cities, 'columns': columns, 'grand': grand}


def filter_choices():
    """Meetings and categories that resolutions use, for the filter bar (two queries)."""
    from ..meetings.models import Meeting
    meetings = db.session.scalars(db.select(Meeting).where(Meeting.id.in_(
        db.select(Resolution.meeting_id).where(Resolution.meeting_id.is_not(None))))
        .order_by(Meeting.number, Meeting.id)).all()
    categories = db.session.scalars(db.select(Resolution.category).where(Resolution.category != '')
                                    .distinct().order_by(Resolution.category)).all()
    return meetings, categories


# --- the city scorecard ------------------------------------------------------------------------------------

def city_rates():
    """{city_id: (done, applicable, percent)} over resolutions not withdrawn, in one grouped query."""
    rows = db.session.execute(
        db.select(Assignment.city_id, Assignment.status, Assignment.awaiting_confirmation, db.func.count())
        .join(Assignment.resolution).where(Resolution.status != 'withdrawn')
        .group_by(Assignment.city_id, Assignment.status, Assignment.awaiting_confirmation))
    per_city = {}
    for city_id, status, awaiting, count in rows:
        per_city.setdefault(city_id, []).extend([(status, awaiting)] * count)
    return {cid: progress(items) for cid, items in per_city.items()}


def scorecard(city, today, months=12):
    """Counts, completion against the commission's average, open assignments by deadline, and a monthly chart."""
    assignments = db.session.scalars(
        db.select(Assignment).join(Assignment.resolution)
        .where(Assignment.city_id == city.id, Resolution.status != 'withdrawn')
        .options(joinedload(Assignment.resolution).joinedload(Resolution.meeting))
        .order_by(Assignment.effective_deadline_sql().is_(None), Assignment.effective_deadline_sql(),
                  Resolution.id)).all()
    counts = dict.fromkeys(DISPLAY_STATUSES, 0)
    overdue = []
    for a in assignments:
        counts[a.display_status] += 1
        if a.is_overdue(today):
            overdue.append(a)
    done, applicable, percent = progress([(a.status, a.awaiting_confirmation) for a in assignments])
    rates = city_rates()
    measured = [p for d, n, p in rates.values() if n]
    average = round(sum(measured) / len(measured)) if measured else 0
    ranking = sorted((p for d, n, p in rates.values() if n), reverse=True)
    rank = ranking.index(percent) + 1 if applicable and percent in ranking else None
    open_items = [a for a in assignments if a.resolution.status == 'active' and a.status not in FINISHED]
    return {
        'city': city, 'assignments': assignments, 'counts': counts, 'overdue': overdue,
        'overdue_ids': {a.id for a in overdue},
        'done': done, 'applicable': applicable, 'percent': percent, 'average': average,
        'rank': rank, 'ranked': len(ranking), 'open': open_items,
        'chart': done_by_month(city, today, months),
    }


def _month_back(year, month, steps):
    index = year * 12 + (month - 1) - steps
    return index // 12, index % 12 + 1


def done_by_month(city, today, months=12):
    """Accepted completions per Jalali month over the last `months` months, and the running total."""
    rows = db.session.execute(
        db.select(Assignment.id, db.func.max(ProgressReport.reviewed_dt))
        .join(ProgressReport, ProgressReport.assignment_id == Assignment.id)
        .join(Assignment.resolution)
        .where(Assignment.city_id == city.id, Resolution.status != 'withdrawn', Assignment.status == 'done',
               Assignment.awaiting_confirmation.is_(False), ProgressReport.status == 'done',
               ProgressReport.review == 'accepted')
        .group_by(Assignment.id)).all()
    now = jdatetime.date.fromgregorian(date=today)
    keys = [_month_back(now.year, now.month, steps) for steps in range(months - 1, -1, -1)]
    per_month = dict.fromkeys(keys, 0)
    before = 0
    for _, when in rows:
        if when is None:
            continue
        j = to_jalali(when)
        key = (j.year, j.month)
        if key in per_month:
            per_month[key] += 1
        elif key < keys[0]:
            before += 1
    points, running = [], before
    for year, month in keys:
        running += per_month[(year, month)]
        points.append({'year': year, 'month': month, 'label': MONTHS[month - 1],
                       'year_label': persian_digits(year), 'count': per_month[(year, month)], 'total': running})
    return chart_geometry(points)


def chart_geometry(points, width=640, height=240, pad_x=34, pad_top=18, pad_bottom=46):
    """Coordinates for a server-drawn SVG: one bar per month, a line for the running total."""
    top = max([p['total'] for p in points] + [1])
    step = (width - 2 * pad_x) / max(len(points), 1)
    plot_h = height - pad_top - pad_bottom
    bar_w = step * 0.5
    ticks = sorted({0, top, round(top / 2)})
    for i, p in enumerate(points):
        # right to left: the earliest month at the right edge, as a Persian reader scans time
        x_center = width - pad_x - step * (i + 0.5)
        p['x'] = round(x_center, 1)
        p['bar_x'] = round(x_center - bar_w / 2, 1)
        p['bar_w'] = round(bar_w, 1)
        p['bar_h'] = round(plot_h * p['count'] / top, 1)
        p['bar_y'] = round(pad_top + plot_h - p['bar_h'], 1)
        p['y'] = round(pad_top + plot_h - plot_h * p['total'] / top, 1)
    return {
        'points': points, 'width': width, 'height': height, 'base_y': pad_top + plot_h, 'pad_x': pad_x,
        'line': ' '.join(f"{p['x']},{p['y']}" for p in points),
        'ticks': [{'value': t, 'y': round(pad_top + plot_h - plot_h * t / top, 1)} for t in ticks],
        'total': points[-1]['total'] if points else 0,
    }
