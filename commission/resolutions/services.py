"""Resolution tracking: assignments per city, progress reports and their review, overdue (who may do what: rules.py).

Services flush and never commit; views commit once.
"""
import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from sqlalchemy.orm import joinedload

from .. import settings
from ..audit.services import record as audit
from ..cities.models import City
from ..cities.services import city_joined
from ..db import db
from ..jalali import TEHRAN, format_jalali, persian_digits, to_latin_digits, today_tehran
from ..timeutil import utcnow
from .models import (
    ASSIGNMENT_STATUSES,
    DISPLAY_STATUSES,
    FINISHED,
    NOTE_REQUIRED_MESSAGE,
    STATUSES,
    Assignment,
    ProgressReport,
    Resolution,
    is_overdue,
    note_missing,
)
from .rules import DASHBOARD_SETTING, can_report_on_behalf, can_review

logger = logging.getLogger(__name__)


class ResolutionError(ValueError):
    """A refused action; the message is Persian and meant for the user."""


# --- sharing the dashboard ---------------------------------------------------------------------------------

def share_dashboard(on, *, actor):
    """Open (or close) the dashboard to observers and directors; audited when it changes."""
    value = 'on' if on else 'off'
    if settings.set_(DASHBOARD_SETTING, value):
        audit('setting_changed', actor=actor, target=f'setting:{DASHBOARD_SETTING}',
              details={'key': DASHBOARD_SETTING, 'value': value})
        db.session.flush()


# --- dates -------------------------------------------------------------------------------------------------

def tehran_day(now=None):
    """The calendar day in Tehran at instant `now` (aware, or naive UTC); today when None."""
    if now is None:
        return today_tehran()
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    return now.astimezone(TEHRAN).date()


def normalize_code(code):
    """'۳/۲', '3 / 2', '٣/٢' -> '3/2' (stored with Latin digits, shown with Persian ones)."""
    text = to_latin_digits(code or '').replace('\\', '/').replace('／', '/')
    return re.sub(r'\s+', '', text)


# --- creating and changing resolutions ---------------------------------------------------------------------

@dataclass
class ScopeChange:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    #: cities left out of the scope that keep their assignment because reports exist
    kept: list = field(default_factory=list)

    def message(self):
        parts = []
        if self.added:
            parts.append('به ' + '، '.join(c.name for c in self.added) + ' واگذار شد')
        if self.removed:
            parts.append('از ' + '، '.join(c.name for c in self.removed) + ' برداشته شد')
        if self.kept:
            parts.append('برای ' + '، '.join(c.name for c in self.kept)
                         + ' باقی ماند، چون گزارش پیشرفت دارد و تاریخچه پاک نمی‌شود')
        return ('مصوبه ' + '؛ '.join(parts) + '.') if parts else ''


def scope_cities(scope, city_ids=()):
    """The cities a scope covers: every member city, or the chosen ones."""
    query = db.select(City).order_by(City.name)
    if scope == 'all':
        query = query.where(City.is_member.is_(True))
    else:
        ids = [int(i) for i in city_ids or ()]
        if not ids:
            return []
        query = query.where(City.id.in_(ids))
    return db.session.scalars(query).all()


def _apply_fields(resolution, data):
    resolution.code = normalize_code(data.get('code'))
    resolution.title = (data.get('title') or '').strip()
    resolution.text = data.get('text') or ''
    resolution.category = (data.get('category') or '').strip()
    resolution.meeting = data.get('meeting')
    resolution.adopted_on = data.get('adopted_on') or (resolution.meeting.meeting_date if resolution.meeting else None)
    resolution.deadline = data.get('deadline')
    resolution.scope = data.get('scope') or 'all'
    resolution.lead_city_id = data.get('lead_city_id') or None
    if 'public' in data:  # the transparency page's flag (commission/public); absent from imports
        resolution.public = bool(data['public'])


def _check_code(resolution):
    if not resolution.code:
        raise ResolutionError('شماره مصوبه را بنویسید، مثل ۳/۲.')
    query = db.select(Resolution.id).where(Resolution.code == resolution.code, Resolution.id != (resolution.id or 0))
    meeting_id = resolution.meeting.id if resolution.meeting else None
    query = query.where(Resolution.meeting_id == meeting_id if meeting_id else Resolution.meeting_id.is_(None))
    if db.session.scalar(query):
        raise ResolutionError(f'مصوبه‌ای با شماره {persian_digits(resolution.code)} در همین نشست ثبت شده است.')


def create_resolution(data, *, author):
    """Record a resolution and give one assignment to every city in its scope."""
    resolution = Resolution(created_by=author, status='active')
    with db.session.no_autoflush:
        _apply_fields(resolution, data)
        _check_code(resolution)
    cities = scope_cities(resolution.scope, data.get('city_ids'))
    if not cities:
        raise ResolutionError('دست‌کم یک شهر را برای اجرای مصوبه انتخاب کنید.')
    db.session.add(resolution)
    for city in cities:
        resolution.assignments.append(Assignment(city=city))
    db.session.flush()
    logger.info('Resolution %s created by %s for %d cities', resolution.code, author.email if author else 'import',
                len(cities))
    return resolution


def update_resolution(resolution, data, *, author):
    """Change a resolution; a new scope adds assignments and removes only those without any report."""
    old_deadline, old_scope = resolution.deadline, resolution.scope
    with db.session.no_autoflush:
        _apply_fields(resolution, data)
        _check_code(resolution)
    cities = scope_cities(resolution.scope, data.get('city_ids'))
    if not cities:
        raise ResolutionError('دست‌کم یک شهر را برای اجرای مصوبه انتخاب کنید.')
    change = _sync_assignments(resolution, cities)
    _audit_changes(resolution, change, old_deadline, old_scope, author)
    db.session.flush()
    logger.info('Resolution %s edited by %s', resolution.code, author.email)
    return change


def _audit_changes(resolution, change, old_deadline, old_scope, author):
    if old_deadline != resolution.deadline:
        audit('deadline_changed', actor=author, target=resolution, details={
            'code': resolution.code, 'from': format_jalali(old_deadline), 'to': format_jalali(resolution.deadline)})
    if old_scope != resolution.scope or change.added or change.removed:
        audit('scope_changed', actor=author, target=resolution, details={
            'code': resolution.code, 'from': old_scope, 'to': resolution.scope,
            'added': [c.name for c in change.added], 'removed': [c.name for c in change.removed]})


def _sync_assignments(resolution, cities):
    change = ScopeChange()
    wanted = {c.id: c for c in cities}
    current = {a.city_id: a for a in resolution.assignments}
    reported = set(db.session.scalars(db.select(ProgressReport.assignment_id).join(Assignment).where(
        Assignment.resolution_id == resolution.id))) if resolution.id else set()
    for city_id, city in wanted.items():
        if city_id not in current:
            resolution.assignments.append(Assignment(city=city))
            change.added.append(city)
    for city_id, assignment in current.items():
        if city_id in wanted:
            continue
        if assignment.id in reported:
            change.kept.append(assignment.city)
        else:
            resolution.assignments.remove(assignment)
            change.removed.append(assignment.city)
    return change


def set_resolution_status(resolution, status, *, user):
    """Close (tracking ends), withdraw (cancelled) or reopen a resolution."""
    if status not in STATUSES:
        raise ResolutionError('وضعیت نامعتبر است.')
    resolution.status = status
    db.session.flush()
    logger.info('Resolution %s set to %s by %s', resolution.code, status, user.email)


def take_on_active_resolutions(city):
    """A city that has just become a member takes on the active 'all cities' resolutions, never the closed ones."""
    with db.session.no_autoflush:
        resolutions = db.session.scalars(db.select(Resolution).where(Resolution.status == 'active',
                                                                     Resolution.scope == 'all')).all()
        have = set()
        if city.id is not None:
            have = set(db.session.scalars(db.select(Assignment.resolution_id).where(Assignment.city_id == city.id)))
        added = [Assignment(resolution=r, city=city) for r in resolutions if r.id not in have]
    db.session.add_all(added)
    db.session.flush()
    return added


@city_joined.connect
def _on_city_joined(city, **_):
    take_on_active_resolutions(city)


# --- progress reports and their review ---------------------------------------------------------------------

def report_progress(assignment, *, author, status, note='', percent=None, files=()):
    """Record a dated report on an assignment; a director's 'done' waits for the secretariat's acceptance.

    Earlier reports are never changed, except that a still-pending 'done' claim superseded by this report
    has its review closed as 'superseded'.
    """
    from ..attachments.services import check_upload, store_attachment

    if status not in ASSIGNMENT_STATUSES:
        raise ResolutionError('وضعیت گزارش نامعتبر است.')
    if note_missing(status, note):
        raise ResolutionError(NOTE_REQUIRED_MESSAGE)
    if assignment.resolution.status != 'active':
        raise ResolutionError('این مصوبه مختومه یا لغو شده است و گزارش تازه نمی‌پذیرد.')
    files = [f for f in files if f and getattr(f, 'filename', None)]
    for f in files:
        check_upload(f)  # AttachmentError before anything is written
    before = assignment.display_status
    now = utcnow()
    _supersede_pending_claims(assignment, now)
    on_behalf = can_report_on_behalf(author)
    report = ProgressReport(assignment=assignment, author=author, status=status, note=(note or '').strip(),
                            percent=percent, on_behalf=on_behalf, created_dt=now)
    if status == 'done':
        report.review = 'accepted' if on_behalf else 'pending'
        if on_behalf:
            report.reviewed_by, report.reviewed_dt = author, now
    db.session.add(report)
    assignment.status = status
    assignment.awaiting_confirmation = report.review == 'pending'
    assignment.percent = 100 if status == 'done' else percent if percent is not None else assignment.percent
    if report.note:
        assignment.last_note = report.note
    assignment.updated_dt = now
    db.session.flush()
    for f in files:
        store_attachment('report', report.id, f, user=author)
    if assignment.display_status != before:
        _notify_status_change(assignment, before, author)
    return report


def _supersede_pending_claims(assignment, now):
    for claim in db.session.scalars(db.select(ProgressReport).where(ProgressReport.assignment_id == assignment.id,
                                                                    ProgressReport.review == 'pending')):
        claim.review, claim.reviewed_dt = 'superseded', now


def _notify_status_change(assignment, before, author):
    from ..notifications.services import city_directors, notify, staff_users

    resolution, city = assignment.resolution, assignment.city
    recipients = list(staff_users())
    if resolution.lead_city_id:
        recipients += city_directors(resolution.lead_city_id)
    recipients = [u for u in recipients if u.id != author.id]
    text = (f'{city.name}: وضعیت مصوبه {persian_digits(resolution.code)} «{resolution.title}» '
            f'از «{DISPLAY_STATUSES[before]}» '
            f'به «{DISPLAY_STATUSES[assignment.display_status]}» تغییر کرد.')
    notify(recipients, 'resolution.status', text, f'/resolutions/assignments/{assignment.id}')


def accept_report(report, *, reviewer):
    """The secretariat accepts a 'done' claim: the assignment counts as done."""
    if not can_review(reviewer, report):
        raise ResolutionError('این گزارش در انتظار تأیید نیست.')
    from ..notifications.services import city_directors, notify

    report.review, report.reviewed_by, report.reviewed_dt = 'accepted', reviewer, utcnow()
    assignment = report.assignment
    assignment.awaiting_confirmation = False
    assignment.updated_dt = report.reviewed_dt
    db.session.flush()
    resolution = assignment.resolution
    notify(city_directors(assignment.city_id), 'resolution.accepted',
           f'دبیرخانه انجام مصوبه {persian_digits(resolution.code)} «{resolution.title}» '
           f'را در {assignment.city.name} تأیید کرد.',
           f'/resolutions/assignments/{assignment.id}')


def return_report(report, *, reviewer, note):
    """The secretariat sends a 'done' claim back for more evidence, with a note to the city's directors."""
    if not can_review(reviewer, report):
        raise ResolutionError('این گزارش در انتظار تأیید نیست.')
    note = (note or '').strip()
    if not note:
        raise ResolutionError('بنویسید چه مستندی کم است تا شهر بداند چه کند.')
    from ..notifications.services import city_directors, notify

    report.review, report.review_note = 'returned', note
    report.reviewed_by, report.reviewed_dt = reviewer, utcnow()
    assignment = report.assignment
    assignment.status, assignment.awaiting_confirmation = 'in_progress', False
    assignment.updated_dt = report.reviewed_dt
    db.session.flush()
    resolution = assignment.resolution
    notify(city_directors(assignment.city_id), 'resolution.returned',
           f'دبیرخانه گزارش انجام مصوبه {persian_digits(resolution.code)} «{resolution.title}» را برای تکمیل مستندات '
           f'برگرداند: {note}', f'/resolutions/assignments/{assignment.id}')


def pending_claims(limit=None):
    """'Done' claims waiting for the secretariat, oldest first, with their assignment, city and resolution."""
    query = (db.select(ProgressReport).join(ProgressReport.assignment)
             .where(ProgressReport.review == 'pending', Assignment.awaiting_confirmation.is_(True))
             .options(joinedload(ProgressReport.assignment).joinedload(Assignment.city),
                      joinedload(ProgressReport.assignment).joinedload(Assignment.resolution),
                      joinedload(ProgressReport.author))
             .order_by(ProgressReport.created_dt))
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).unique().all()


# --- progress, overdue and the views' data -----------------------------------------------------------------

def progress(statuses):
    """(done, applicable, percent) for a list of (status, awaiting_confirmation) pairs."""
    applicable = [s for s in statuses if s[0] != 'not_applicable']
    done = sum(1 for status, awaiting in applicable if status == 'done' and not awaiting)
    percent = round(100 * done / len(applicable)) if applicable else 0
    return done, len(applicable), percent


def resolution_progress(resolution):
    return progress([(a.status, a.awaiting_confirmation) for a in resolution.assignments])


def overdue_count(today=None):
    today = today or today_tehran()
    return db.session.scalar(
        db.select(db.func.count(Assignment.id)).join(Assignment.resolution)
        .where(Resolution.status == 'active', Resolution.deadline < today, Assignment.status.not_in(FINISHED)))


def summaries(resolution_ids, today):
    """{resolution_id: dict(done, applicable, percent, overdue, total)} in one query."""
    result = {rid: [] for rid in resolution_ids}
    if not result:
        return {}
    rows = db.session.execute(db.select(Assignment.resolution_id, Assignment.status, Assignment.awaiting_confirmation,
                                        Resolution.deadline, Resolution.status).join(Assignment.resolution)
                              .where(Assignment.resolution_id.in_(list(result))))
    for rid, status, awaiting, deadline, rstatus in rows:
        result[rid].append((status, awaiting, rstatus == 'active' and is_overdue(status, deadline, today)))
    out = {}
    for rid, items in result.items():
        done, applicable, percent = progress([(s, a) for s, a, _ in items])
        out[rid] = dict(done=done, applicable=applicable, percent=percent, total=len(items),
                        overdue=sum(1 for *_, o in items if o),
                        pending=sum(1 for s, a, _ in items if s == 'done' and a))
    return out


def my_city_items(user, today=None, soon_days=30):
    """A director's view: their city's assignments of active resolutions, grouped by urgency."""
    today = today or today_tehran()
    assignments = db.session.scalars(
        db.select(Assignment).join(Assignment.resolution)
        .where(Assignment.city_id == user.city_id, Resolution.status == 'active')
        .options(joinedload(Assignment.resolution).joinedload(Resolution.meeting))
        .order_by(Resolution.deadline.is_(None), Resolution.deadline, Resolution.id)).all()
    groups = {'overdue': [], 'soon': [], 'open': [], 'waiting': [], 'finished': []}
    soon = today + dt.timedelta(days=soon_days)
    for a in assignments:
        if a.is_overdue(today):
            groups['overdue'].append(a)
        elif a.status == 'done' and a.awaiting_confirmation:
            groups['waiting'].append(a)
        elif a.status in FINISHED:
            groups['finished'].append(a)
        elif a.resolution.deadline and a.resolution.deadline <= soon:
            groups['soon'].append(a)
        else:
            groups['open'].append(a)
    return groups


# --- reminders ---------------------------------------------------------------------------------------------

def due_assignments(days, today):
    """Open assignments of active resolutions due within `days` days, or overdue (a 'done' claim is not open)."""
    return db.session.scalars(
        db.select(Assignment).join(Assignment.resolution)
        .where(Resolution.status == 'active', Resolution.deadline.is_not(None),
               Resolution.deadline <= today + dt.timedelta(days=days), Assignment.status.not_in(FINISHED))
        .options(joinedload(Assignment.resolution), joinedload(Assignment.city))
        .order_by(Assignment.city_id, Resolution.deadline)).all()


def send_reminders(days=7, today=None):
    """Remind each city's directors of what is due soon or overdue, at most once per assignment per day.

    Returns (cities notified, assignments reminded). Safe to run from cron as often as wanted.
    """
    from ..notifications.services import city_directors, notify
    from .models import ReminderLog

    today = today or today_tehran()
    already = set(db.session.scalars(db.select(ReminderLog.assignment_id).where(ReminderLog.sent_on == today)))
    by_city = {}
    for assignment in due_assignments(days, today):
        if assignment.id not in already:
            by_city.setdefault(assignment.city_id, []).append(assignment)
    cities = reminded = 0
    for city_id, items in by_city.items():
        directors = city_directors(city_id)
        if not directors:
            continue  # nobody to tell yet; try again once the city has a director
        lines = []
        for a in items:
            left = (a.resolution.deadline - today).days
            when = f'{persian_digits(-left)} روز از مهلت گذشته' if left < 0 else (
                'مهلت امروز است' if left == 0 else f'{persian_digits(left)} روز تا مهلت')
            lines.append(f'مصوبه {persian_digits(a.resolution.code)} «{a.resolution.title}»: {when}')
            db.session.add(ReminderLog(assignment_id=a.id, sent_on=today))
        city = items[0].city
        text = f'یادآوری پیگیری مصوبه‌ها برای {city.name}:\n' + '\n'.join(lines)
        notify(directors, 'resolution.reminder', text, '/resolutions/mine')
        cities += 1
        reminded += len(items)
    db.session.flush()
    return cities, reminded
