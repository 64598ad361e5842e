"""The reports' figures, read from the other domains' records, and the workflow of their introduction.

Every figure is computed for a set of cities at once (one query per kind of record), so the commission's
report of eighteen cities costs the same handful of queries as one city's report.
"""
import dataclasses
import datetime as dt
import logging

from sqlalchemy import and_, or_
from sqlalchemy.orm import joinedload

from ..audit.services import record as audit
from ..cities.models import City
from ..db import db
from ..indicators.city_rows import all_city_indicator_rows
from ..indicators.summary import city_indicator_rows
from ..jalali import today_tehran
from ..meetings.models import Attendance, Meeting
from ..notifications.services import city_directors, notify, staff_users
from ..practices.models import Practice, PracticeAdoption
from ..resolutions.models import FINISHED, Assignment, ProgressReport, Resolution, code_sort_key
from ..resolutions.services import progress
from ..timeutil import utcnow
from .models import CityReport
from .periods import Period

logger = logging.getLogger(__name__)

#: meetings that took place (a scheduled or cancelled one has no attendance to count)
HELD = ('held', 'minutes_draft', 'minutes_approved')


class ReportError(ValueError):
    """A Persian message for the person editing the report."""


# --- the rows people write -------------------------------------------------------------------------

def find_report(city, period):
    """The introduction/publication row of `city`'s (None: the commission's) report, or None."""
    query = db.select(CityReport).where(CityReport.year == period.year, CityReport.span == period.span)
    query = query.where(CityReport.city_id == city.id if city else CityReport.city_id.is_(None))
    return db.session.scalars(query.limit(1)).first()


def _report_for_change(city, period):
    report = find_report(city, period)
    if report is None:
        report = CityReport(city=city, year=period.year, span=period.span, introduction='', status='draft')
        db.session.add(report)
    return report


def save_introduction(city, period, introduction, *, author):
    """Keep the introduction of a draft; a published report is withdrawn first (readers would see it change)."""
    report = _report_for_change(city, period)
    if report.is_published:
        raise ReportError('این گزارش منتشر شده است؛ برای ویرایش مقدمه نخست انتشار آن را لغو کنید.')
    report.introduction = (introduction or '').strip()
    report.updated_by = author
    report.updated_dt = utcnow()
    db.session.flush()
    return report


def publish(city, period, *, author):
    report = _report_for_change(city, period)
    if report.is_published:
        raise ReportError('این گزارش پیش‌تر منتشر شده است.')
    if not period.is_over(today_tehran()):
        # a published report must not change under its readers: a finished period's figures are its history
        raise ReportError('این دوره هنوز تمام نشده است؛ گزارش را پس از پایان دوره منتشر کنید (پیش‌نویس ذخیره شد).')
    report.status = 'published'
    report.published_dt = utcnow()
    report.published_by = author
    db.session.flush()
    audit('report_published', actor=author, target=report, details={'title': report.title})
    notify([u for u in _readers_to_tell(city) if u.id != author.id], 'report.published',
           f'{report.title} منتشر شد.', report.url)
    logger.info('Report %s published by %s', report.title, author.email)
    return report


def _readers_to_tell(city):
    """Who hears of a publication: a city's report, its directors and the secretariat; the commission's report,
    every member of the commission (directors, observers, the secretariat), as a meeting is announced."""
    from ..auth.models import User
    if city is not None:
        return [*city_directors(city.id), *staff_users()]
    return db.session.scalars(db.select(User).where(User.role.in_(('director', 'observer', 'secretariat')),
                                                    User.active.is_(True))).all()


def unpublish(city, period, *, author):
    report = find_report(city, period)
    if report is None or not report.is_published:
        raise ReportError('این گزارش منتشر نشده است.')
    report.status = 'draft'
    report.published_dt = None
    db.session.flush()
    audit('unpublished', actor=author, target=report, details={'title': report.title})
    return report


def published_reports(limit=30):
    """The latest published reports, newest first, for the reports' index page."""
    return db.session.scalars(db.select(CityReport).where(CityReport.status == 'published')
                              .options(joinedload(CityReport.city))
                              .order_by(CityReport.published_dt.desc()).limit(limit)).all()


def reports_of(period):
    """{city_id or None: CityReport} of one period (the index page marks which are published)."""
    rows = db.session.scalars(db.select(CityReport).where(CityReport.year == period.year,
                                                          CityReport.span == period.span))
    return {r.city_id: r for r in rows}


def member_cities():
    return db.session.scalars(db.select(City).where(City.is_member.is_(True)).order_by(City.name)).all()


# --- resolutions: each assignment's state at the end of the period ---------------------------------

@dataclasses.dataclass
class ResolutionLine:
    resolution: Resolution
    city_id: int
    #: a display status (models.DISPLAY_STATUSES): 'done_pending' is a claim not yet accepted
    status: str
    percent: int | None
    overdue: bool
    #: progress reports the city sent during the period
    reports: int


def _as_of(period, today):
    """The day the figures describe: the period's last day, or today while the period runs."""
    return min(period.end - dt.timedelta(days=1), today)


def resolution_lines(city_ids, period, today=None):
    """{city_id: [ResolutionLine]} for resolutions adopted before the period ended (withdrawn ones left out).

    A finished period reads each assignment's history up to its end (a later report does not rewrite it);
    the running period shows the current state.
    """
    today = today or today_tehran()
    as_of = _as_of(period, today)
    adopted_before_end = or_(Resolution.adopted_on < period.end,
                             and_(Resolution.adopted_on.is_(None), Resolution.created_dt < period.end_dt))
    assignments = db.session.scalars(
        db.select(Assignment).join(Assignment.resolution)
        .where(Assignment.city_id.in_(city_ids), Resolution.status != 'withdrawn', adopted_before_end)
        .options(joinedload(Assignment.resolution).joinedload(Resolution.meeting))).all()
    history = {}
    rows = db.session.execute(
        db.select(ProgressReport.assignment_id, ProgressReport.status, ProgressReport.review,
                  ProgressReport.reviewed_dt, ProgressReport.percent, ProgressReport.created_dt)
        .join(Assignment, Assignment.id == ProgressReport.assignment_id)
        .where(Assignment.city_id.in_(city_ids), ProgressReport.created_dt < period.end_dt)
        .order_by(ProgressReport.created_dt, ProgressReport.id))
    for assignment_id, status, review, reviewed, percent, created in rows:
        entry = history.setdefault(assignment_id, {'reports': 0, 'last': None})
        # a 'done' claim counts as done once accepted, and only if accepted before the period ended
        accepted = review == 'accepted' and (reviewed is None or reviewed < period.end_dt)
        entry['last'] = ('done_pending' if status == 'done' and not accepted else status, percent)
        if created >= period.start_dt:
            entry['reports'] += 1
    running = not period.is_over(today)
    lines = {city_id: [] for city_id in city_ids}
    for a in assignments:
        entry = history.get(a.id, {'reports': 0, 'last': None})
        if running:
            status, percent = a.display_status, a.percent
        else:
            status, percent = entry['last'] or ('not_started', None)
        if status == 'done':
            percent = 100
        deadline = a.effective_deadline  # the city's own (extended) deadline when it has one
        # a 'done' claim waiting for review is not overdue: the wait is the secretariat's (resolutions.models)
        overdue = deadline is not None and deadline < as_of and status not in (*FINISHED, 'done_pending')
        lines[a.city_id].append(ResolutionLine(a.resolution, a.city_id, status, percent, overdue, entry['reports']))
    for items in lines.values():
        items.sort(key=lambda line: _resolution_order(line.resolution))
    return lines


def _resolution_order(resolution):
    return code_sort_key(resolution)


def progress_of(lines):
    """dict(done, applicable, percent, overdue, pending, reports) of a city's lines."""
    pairs = [('done', True) if line.status == 'done_pending' else (line.status, False) for line in lines]
    done, applicable, percent = progress(pairs)
    return dict(done=done, applicable=applicable, percent=percent, total=len(lines),
                overdue=sum(line.overdue for line in lines),
                pending=sum(line.status == 'done_pending' for line in lines),
                reports=sum(line.reports for line in lines))


# --- meetings and practices ------------------------------------------------------------------------

def attendance(city_ids, period):
    """(meetings held in the period, {city_id: {meeting_id: status or None}})."""
    meetings = db.session.scalars(
        db.select(Meeting).where(Meeting.status.in_(HELD), Meeting.meeting_date >= period.start,
                                 Meeting.meeting_date < period.end)
        .order_by(Meeting.meeting_date, Meeting.id)).all()
    by_city = {city_id: {} for city_id in city_ids}
    if meetings:
        rows = db.session.execute(db.select(Attendance.city_id, Attendance.meeting_id, Attendance.status)
                                  .where(Attendance.meeting_id.in_([m.id for m in meetings]),
                                         Attendance.city_id.in_(city_ids)))
        for city_id, meeting_id, status in rows:
            by_city[city_id][meeting_id] = status
    return meetings, by_city


def attendance_totals(meetings, statuses):
    counts = {'present': 0, 'absent': 0, 'excused': 0, 'unknown': 0}
    for meeting in meetings:
        counts[statuses.get(meeting.id) or 'unknown'] += 1
    counts['meetings'] = len(meetings)
    counts['percent'] = round(100 * counts['present'] / len(meetings)) if meetings else None
    return counts


def practices_shared(city_ids, period):
    """{city_id: [Practice]} published during the period."""
    found = {city_id: [] for city_id in city_ids}
    rows = db.session.scalars(
        db.select(Practice).where(Practice.city_id.in_(city_ids), Practice.status == 'published',
                                  Practice.published_dt >= period.start_dt, Practice.published_dt < period.end_dt)
        .options(joinedload(Practice.category)).order_by(Practice.published_dt))
    for practice in rows:
        found[practice.city_id].append(practice)
    return found


def adoptions(city_ids, period):
    """({city_id: others' adoptions of its practices}, {city_id: its adoptions of others' practices}) in the period."""
    received = {city_id: [] for city_id in city_ids}
    made = {city_id: [] for city_id in city_ids}
    rows = db.session.scalars(
        db.select(PracticeAdoption).join(Practice, Practice.id == PracticeAdoption.practice_id)
        .where(Practice.status == 'published', PracticeAdoption.city_id != Practice.city_id,
               or_(Practice.city_id.in_(city_ids), PracticeAdoption.city_id.in_(city_ids)),
               PracticeAdoption.created_dt >= period.start_dt, PracticeAdoption.created_dt < period.end_dt)
        .options(joinedload(PracticeAdoption.practice).joinedload(Practice.city), joinedload(PracticeAdoption.city))
        .order_by(PracticeAdoption.created_dt))
    for adoption in rows:
        if adoption.practice.city_id in received:
            received[adoption.practice.city_id].append(adoption)
        if adoption.city_id in made:
            made[adoption.city_id].append(adoption)
    return received, made


# --- indicators (the indicators domain's summary) --------------------------------------------------

def indicator_rows(city_id, period):
    """The city's indicators over the period: value, commission median, previous span, rank (indicators.summary)."""
    return city_indicator_rows(city_id, period.year, period.quarters)


# --- the two reports -------------------------------------------------------------------------------

@dataclasses.dataclass
class CityReportData:
    city: City
    period: Period
    report: CityReport | None
    as_of: dt.date
    indicators: list
    resolutions: list
    progress: dict
    meetings: list
    attendance: dict
    attendance_totals: dict
    practices: list
    adopted_by_others: list
    adopted_from_others: list

    @property
    def title(self):
        return f'گزارش عملکرد {self.period.label} شهرداری {self.city.name}'


def city_report(city, period, today=None):
    """Everything a city's report shows for `period`."""
    today = today or today_tehran()
    ids = [city.id]
    lines = resolution_lines(ids, period, today)[city.id]
    meetings, statuses = attendance(ids, period)
    received, made = adoptions(ids, period)
    return CityReportData(
        city=city, period=period, report=find_report(city, period), as_of=_as_of(period, today),
        indicators=indicator_rows(city.id, period), resolutions=lines, progress=progress_of(lines),
        meetings=meetings, attendance=statuses[city.id],
        attendance_totals=attendance_totals(meetings, statuses[city.id]),
        practices=practices_shared(ids, period)[city.id], adopted_by_others=received[city.id],
        adopted_from_others=made[city.id])


@dataclasses.dataclass
class CityRow:
    """One city's line in the commission's ranking."""
    city: City
    progress: dict
    attendance: dict
    practices: int
    adopted_by_others: int
    rank: int = 0


@dataclasses.dataclass
class CommissionReportData:
    period: Period
    report: CityReport | None
    as_of: dt.date
    cities: list
    resolutions: list
    meetings: list
    totals: dict
    indicators: list

    @property
    def title(self):
        return f'گزارش عملکرد {self.period.label} کمیسیون ارتباطات'


def rank_key(row):
    """The commission's order: resolution progress, then meeting attendance, then practices shared."""
    return (row.progress['percent'], row.attendance['percent'] or 0, row.practices)


def competition_ranks(rows, key):
    """1, 2, 2, 4: equal keys share a rank. `rows` must already be sorted by `key`, best first."""
    previous, rank = object(), 0
    for position, row in enumerate(rows, 1):
        value = key(row)
        if value != previous:
            rank, previous = position, value
        row.rank = rank
    return rows


def commission_report(period, today=None):
    """Every member city side by side, ranked, with each resolution's progress across the cities."""
    today = today or today_tehran()
    cities = member_cities()
    ids = [c.id for c in cities]
    lines = resolution_lines(ids, period, today)
    meetings, statuses = attendance(ids, period)
    shared = practices_shared(ids, period)
    received, _made = adoptions(ids, period)
    rows = [CityRow(city=c, progress=progress_of(lines[c.id]), attendance=attendance_totals(meetings, statuses[c.id]),
                    practices=len(shared[c.id]), adopted_by_others=len(received[c.id])) for c in cities]
    rows.sort(key=lambda r: (tuple(-v for v in rank_key(r)), r.city.name))
    competition_ranks(rows, rank_key)
    by_resolution = {}
    for city_lines in lines.values():
        for line in city_lines:
            by_resolution.setdefault(line.resolution.id, (line.resolution, []))[1].append(line)
    resolutions = [(resolution, progress_of(items))
                   for resolution, items in sorted(by_resolution.values(), key=lambda v: _resolution_order(v[0]))]
    totals = progress_of([line for items in lines.values() for line in items])
    totals.update(practices=sum(r.practices for r in rows), adoptions=sum(r.adopted_by_others for r in rows),
                  meetings=len(meetings), cities=len(cities))
    return CommissionReportData(period=period, report=find_report(None, period), as_of=_as_of(period, today),
                                cities=rows, resolutions=resolutions, meetings=meetings, totals=totals,
                                indicators=commission_indicator_rows(cities, period))


def commission_indicator_rows(cities, period):
    """[(city, its indicator rows)] for every member city: each row carries the city's rank in that indicator."""
    rows = all_city_indicator_rows([c.id for c in cities], period.year, period.quarters)
    return [(city, rows[city.id]) for city in cities]
