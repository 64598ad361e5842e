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
    EVIDENCE_MESSAGE,
    FINISHED,
    LINK_MESSAGE,
    NOTE_REQUIRED_MESSAGE,
    STATUSES,
    Assignment,
    EscalationLog,
    ExtensionRequest,
    ProgressReport,
    ReminderLog,
    Resolution,
    ResolutionChange,
    evidence_missing,
    is_overdue,
    note_missing,
    valid_link,
)
from .rules import DASHBOARD_SETTING, can_decide_extension, can_report_on_behalf, can_review

logger = logging.getLogger(__name__)


class ResolutionError(ValueError):
    """A refused action; the message is Persian and meant for the user."""

    #: the form field the message belongs to, when it is about one
    field = None


class ReasonRequired(ResolutionError):
    field = 'reason'


REASON_MESSAGE = 'مهلت یا شهرهای مشمول تغییر کرده است: دلیل تغییر را بنویسید تا به شهرها گفته شود.'


def label(resolution):
    """'مصوبه ۳/۲ «title»', as the notifications name a resolution."""
    return f'مصوبه {persian_digits(resolution.code)} «{resolution.title}»'


def _deadline_text(day):
    return format_jalali(day) if day else 'بدون مهلت'


def assignment_url(assignment):
    return f'/resolutions/assignments/{assignment.id}'


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
                         + ' باقی ماند، چون گزارش پیشرفت یا درخواست تمدید دارد و تاریخچه پاک نمی‌شود')
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


def create_resolution(data, *, author, announce=True):
    """Record a resolution and give one assignment to every city in its scope (their directors are told)."""
    resolution = Resolution(created_by=author, status='active')
    with db.session.no_autoflush:  # the new resolution joins the session below, once it is known to be valid
        _apply_fields(resolution, data)
        _check_code(resolution)
        cities = scope_cities(resolution.scope, data.get('city_ids'))
    if not cities:
        raise ResolutionError('دست‌کم یک شهر را برای اجرای مصوبه انتخاب کنید.')
    db.session.add(resolution)
    for city in cities:
        resolution.assignments.append(Assignment(city=city))
    db.session.flush()
    if announce:
        for assignment in resolution.assignments:
            _announce_assignment(assignment)
    logger.info('Resolution %s created by %s for %d cities', resolution.code, author.email if author else 'import',
                len(cities))
    return resolution


def _announce_assignment(assignment, why=''):
    """resolution.assigned to the city's directors: what the city must now do, and by when."""
    from ..notifications.services import city_directors, notify
    resolution = assignment.resolution
    when = assignment.effective_deadline
    text = (f'{label(resolution)} به شهرداری {assignment.city.name} واگذار شد'
            + (f'؛ مهلت اجرا: {format_jalali(when)}' if when else '') + '.' + (f' {why}' if why else ''))
    notify(city_directors(assignment.city_id), 'resolution.assigned', text, assignment_url(assignment))


def _scope_text(scope, cities):
    if scope == 'all':
        return f'همه شهرهای عضو ({persian_digits(len(cities))} شهر)'
    return '، '.join(sorted(c.name for c in cities)) or '—'


def update_resolution(resolution, data, *, author):
    """Change a resolution; a new scope adds assignments and removes only those without any report.

    A change of deadline or scope needs a reason (`data['reason']`): it goes into the resolution's history and
    to every city concerned (added cities are told they were assigned, removed ones that they no longer are).
    """
    old_deadline, old_scope = resolution.deadline, resolution.scope
    old_cities = [a.city for a in resolution.assignments]
    reason = (data.get('reason') or '').strip()
    with db.session.no_autoflush:
        _apply_fields(resolution, data)
        _check_code(resolution)
        cities = scope_cities(resolution.scope, data.get('city_ids'))
    if not cities:
        raise ResolutionError('دست‌کم یک شهر را برای اجرای مصوبه انتخاب کنید.')
    deadline_changed = old_deadline != resolution.deadline
    scope_changed = old_scope != resolution.scope or {c.id for c in cities} != {c.id for c in old_cities}
    if (deadline_changed or scope_changed) and not reason:
        raise ReasonRequired(REASON_MESSAGE)
    change = _sync_assignments(resolution, cities)
    _audit_changes(resolution, change, old_deadline, old_scope, author, reason)
    new_cities = [a.city for a in resolution.assignments]
    if deadline_changed:
        db.session.add(ResolutionChange(resolution=resolution, kind='deadline', old_value=_deadline_text(old_deadline),
                                        new_value=_deadline_text(resolution.deadline), reason=reason, actor=author))
    scope_changed = scope_changed and (old_scope != resolution.scope or change.added or change.removed)
    if scope_changed:
        db.session.add(ResolutionChange(resolution=resolution, kind='scope',
                                        old_value=_scope_text(old_scope, old_cities),
                                        new_value=_scope_text(resolution.scope, new_cities), reason=reason,
                                        actor=author))
    db.session.flush()
    _tell_cities(resolution, change, old_deadline if deadline_changed else None, deadline_changed, scope_changed,
                 _scope_text(old_scope, old_cities), reason)
    logger.info('Resolution %s edited by %s', resolution.code, author.email)
    return change


def _tell_cities(resolution, change, old_deadline, deadline_changed, scope_changed, old_scope_text, reason):
    """resolution.changed to the cities that keep the resolution, and to those it was taken from."""
    from ..notifications.services import city_directors, notify
    added = {c.id for c in change.added}
    new_scope_text = _scope_text(resolution.scope, [a.city for a in resolution.assignments])
    for assignment in resolution.assignments:
        if assignment.city_id in added:
            _announce_assignment(assignment, f'دلیل: {reason}' if reason else '')
            continue
        lines = []
        if deadline_changed:
            line = (f'مهلت {label(resolution)} از {_deadline_text(old_deadline)} '
                    f'به {_deadline_text(resolution.deadline)} تغییر کرد.')
            if assignment.deadline and resolution.deadline and resolution.deadline >= assignment.deadline:
                assignment.deadline = None  # the new deadline gives at least the time the city's extension gave
            elif assignment.deadline:
                line += f' مهلت ویژه شهر شما ({format_jalali(assignment.deadline)}) به قوت خود باقی است.'
            lines.append(line)
        if scope_changed:
            lines.append(f'شهرهای مشمول {label(resolution)} از «{old_scope_text}» به «{new_scope_text}» تغییر کرد.')
        if lines:
            notify(city_directors(assignment.city_id), 'resolution.changed',
                   ' '.join(lines) + (f' دلیل: {reason}' if reason else ''), assignment_url(assignment))
    for city in change.removed:
        notify(city_directors(city.id), 'resolution.changed',
               f'{label(resolution)} دیگر به شهرداری {city.name} واگذار نیست.' + (f' دلیل: {reason}' if reason else ''),
               f'/resolutions/{resolution.id}')
    db.session.flush()


def _audit_changes(resolution, change, old_deadline, old_scope, author, reason=''):
    if old_deadline != resolution.deadline:
        audit('deadline_changed', actor=author, target=resolution, details={
            'code': resolution.code, 'from': format_jalali(old_deadline), 'to': format_jalali(resolution.deadline),
            'reason': reason})
    if old_scope != resolution.scope or change.added or change.removed:
        audit('scope_changed', actor=author, target=resolution, details={
            'code': resolution.code, 'from': old_scope, 'to': resolution.scope,
            'added': [c.name for c in change.added], 'removed': [c.name for c in change.removed], 'reason': reason})


def _sync_assignments(resolution, cities):
    change = ScopeChange()
    wanted = {c.id: c for c in cities}
    current = {a.city_id: a for a in resolution.assignments}
    reported = set()
    if resolution.id:  # reports and extension requests are history: their assignment stays
        for model in (ProgressReport, ExtensionRequest):
            reported |= set(db.session.scalars(db.select(model.assignment_id).join(Assignment).where(
                Assignment.resolution_id == resolution.id)))
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
    for assignment in added:
        _announce_assignment(assignment, 'این مصوبه همه شهرهای عضو را در بر می‌گیرد و با عضویت شهر به آن رسید.')
    return added


@city_joined.connect
def _on_city_joined(city, **_):
    take_on_active_resolutions(city)


# --- progress reports and their review ---------------------------------------------------------------------

def report_progress(assignment, *, author, status, note='', percent=None, files=(), link=''):
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
    link = (link or '').strip()
    if not valid_link(link):
        raise ResolutionError(LINK_MESSAGE)
    files = [f for f in files if f and getattr(f, 'filename', None)]
    on_behalf = can_report_on_behalf(author)
    if not on_behalf and evidence_missing(status, note, link, bool(files)):
        raise ResolutionError(EVIDENCE_MESSAGE)  # the secretariat's own 'done' is its acceptance
    for f in files:
        check_upload(f)  # AttachmentError before anything is written
    before = assignment.display_status
    now = utcnow()
    _supersede_pending_claims(assignment, now)
    report = ProgressReport(assignment=assignment, author=author, status=status, note=(note or '').strip(),
                            percent=percent, on_behalf=on_behalf, created_dt=now, evidence_url=link)
    if status == 'done':
        report.review = 'accepted' if on_behalf else 'pending'
        if on_behalf:
            report.reviewed_by, report.reviewed_dt = author, now
    db.session.add(report)
    assignment.status = status
    assignment.awaiting_confirmation = report.review == 'pending'
    assignment.claim_returned = False
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
    assignment.claim_returned = True
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
        .where(Resolution.status == 'active', Assignment.effective_deadline_sql() < today,
               Assignment.status.not_in(FINISHED)))


def summaries(resolution_ids, today):
    """{resolution_id: dict(done, applicable, percent, overdue, total)} in one query."""
    result = {rid: [] for rid in resolution_ids}
    if not result:
        return {}
    rows = db.session.execute(db.select(Assignment.resolution_id, Assignment.status, Assignment.awaiting_confirmation,
                                        Assignment.effective_deadline_sql(), Resolution.status)
                              .join(Assignment.resolution).where(Assignment.resolution_id.in_(list(result))))
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
        .options(joinedload(Assignment.resolution).joinedload(Resolution.meeting), joinedload(Assignment.responsible))
        .order_by(Assignment.effective_deadline_sql().is_(None), Assignment.effective_deadline_sql(),
                  Resolution.id)).all()
    groups = {'overdue': [], 'soon': [], 'open': [], 'waiting': [], 'finished': []}
    soon = today + dt.timedelta(days=soon_days)
    for a in assignments:
        groups[_city_group(a.status, a.awaiting_confirmation, a.effective_deadline, today, soon)].append(a)
    return groups


def my_city_counts(user, today=None, soon_days=30):
    """How many assignments my_city_items would put in each group, from a few columns a row (no objects loaded):
    what the navigation's task count needs on every page."""
    counts = dict.fromkeys(('overdue', 'soon', 'open', 'waiting', 'finished'), 0)
    for _id, group in _city_groups(user, today, soon_days):
        counts[group] += 1
    return counts


def my_city_urgent(user, today=None, soon_days=30, limit=6):
    """The home page's card: my_city_counts, the first `limit` of my_city_items' overdue then soon assignments
    (loaded as objects, with their resolutions) and the ids of the overdue ones."""
    counts = dict.fromkeys(('overdue', 'soon', 'open', 'waiting', 'finished'), 0)
    overdue, soon = [], []
    for assignment_id, group in _city_groups(user, today, soon_days):
        counts[group] += 1
        if group in ('overdue', 'soon'):
            (overdue if group == 'overdue' else soon).append(assignment_id)
    first = (overdue + soon)[:limit]
    loaded = {a.id: a for a in db.session.scalars(
        db.select(Assignment).where(Assignment.id.in_(first)).options(joinedload(Assignment.resolution)))}
    return counts, [loaded[i] for i in first if i in loaded], set(overdue)


def _city_groups(user, today, soon_days):
    """[(assignment id, group)] of my_city_items, in its order, from four columns a row."""
    today = today or today_tehran()
    deadline = Assignment.effective_deadline_sql()
    rows = db.session.execute(
        db.select(Assignment.id, Assignment.status, Assignment.awaiting_confirmation, deadline)
        .join(Assignment.resolution)
        .where(Assignment.city_id == user.city_id, Resolution.status == 'active')
        .order_by(deadline.is_(None), deadline, Resolution.id)).all()
    soon = today + dt.timedelta(days=soon_days)
    return [(assignment_id, _city_group(status, awaiting, day, today, soon))
            for assignment_id, status, awaiting, day in rows]


def _city_group(status, awaiting_confirmation, deadline, today, soon):
    """The group of one assignment of an active resolution, by its status and its effective deadline."""
    if is_overdue(status, deadline, today):
        return 'overdue'
    if status == 'done' and awaiting_confirmation:
        return 'waiting'
    if status in FINISHED:
        return 'finished'
    if deadline and deadline <= soon:
        return 'soon'
    return 'open'


# --- reminders ---------------------------------------------------------------------------------------------

def due_assignments(days, today):
    """Open assignments of active resolutions due within `days` days, or overdue (a 'done' claim is not open)."""
    deadline = Assignment.effective_deadline_sql()
    return db.session.scalars(
        db.select(Assignment).join(Assignment.resolution)
        .where(Resolution.status == 'active', deadline.is_not(None),
               deadline <= today + dt.timedelta(days=days), Assignment.status.not_in(FINISHED))
        .options(joinedload(Assignment.resolution), joinedload(Assignment.city), joinedload(Assignment.responsible))
        .order_by(Assignment.city_id, deadline, Assignment.id)).all()


def _when(deadline, today):
    left = (deadline - today).days
    return f'{persian_digits(-left)} روز از مهلت گذشته' if left < 0 else (
        'مهلت امروز است' if left == 0 else f'{persian_digits(left)} روز تا مهلت')


def _responsible_or_directors(assignment, directors):
    """Who hears about one assignment: its responsible person while they are an active director, else all."""
    person = assignment.responsible
    if person is not None and person.active and person.is_director and person.city_id == assignment.city_id:
        return [person]
    return directors


def send_reminders(days=7, today=None):
    """Remind of what is due soon or overdue, at most once per assignment per day.

    Each assignment's reminder goes to its responsible person, or to all the city's directors when none is
    named; each person gets one notification listing their items. Returns (cities notified, assignments
    reminded). Safe to run from cron as often as wanted.
    """
    from ..notifications.services import city_directors, notify

    today = today or today_tehran()
    already = set(db.session.scalars(db.select(ReminderLog.assignment_id).where(ReminderLog.sent_on == today)))
    by_city = {}
    for assignment in due_assignments(days, today):
        if assignment.id not in already:
            by_city.setdefault(assignment.city_id, []).append(assignment)
    cities = reminded = 0
    for city_id, items in by_city.items():
        directors = city_directors(city_id)
        per_person, people = {}, {}
        for a in items:
            for person in _responsible_or_directors(a, directors):
                people[person.id] = person
                per_person.setdefault(person.id, []).append(a)
        if not per_person:
            continue  # nobody to tell yet; try again once the city has a director
        city = items[0].city
        for person_id, mine in per_person.items():
            lines = [f'{label(a.resolution)}: {_when(a.effective_deadline, today)}' for a in mine]
            text = f'یادآوری پیگیری مصوبه‌ها برای {city.name}:\n' + '\n'.join(lines)
            notify([people[person_id]], 'resolution.reminder', text, '/resolutions/mine')
        for a in items:
            db.session.add(ReminderLog(assignment_id=a.id, sent_on=today))
        cities += 1
        reminded += len(items)
    db.session.flush()
    return cities, reminded


# --- escalation --------------------------------------------------------------------------------------------

#: an assignment is escalated again at most once in this many days
ESCALATION_INTERVAL_DAYS = 7


def city_observers(city_id):
    """The city's observer accounts (the mayor's office): they hear when the city falls well behind."""
    from ..auth.models import User
    return db.session.scalars(db.select(User).where(User.city_id == city_id, User.role == 'observer',
                                                    User.active.is_(True))).all()


def escalate_overdue(today=None, days=None):
    """Report assignments overdue by `days` days or more (RESOLUTION_ESCALATION_DAYS) to the secretariat and to
    the city's observers, at most once a week per assignment. Returns (cities reported, assignments reported).
    """
    from flask import current_app

    from ..notifications.services import notify, staff_users

    today = today or today_tehran()
    if days is None:
        days = int(current_app.config.get('RESOLUTION_ESCALATION_DAYS') or 14)
    deadline = Assignment.effective_deadline_sql()
    recent = db.select(EscalationLog.assignment_id).where(
        EscalationLog.sent_on > today - dt.timedelta(days=ESCALATION_INTERVAL_DAYS))
    items = db.session.scalars(
        db.select(Assignment).join(Assignment.resolution)
        .where(Resolution.status == 'active', deadline.is_not(None), deadline <= today - dt.timedelta(days=days),
               Assignment.status.not_in(FINISHED), Assignment.id.not_in(recent))
        .options(joinedload(Assignment.resolution), joinedload(Assignment.city))
        .order_by(Assignment.city_id, deadline, Assignment.id)).all()
    by_city = {}
    for a in items:
        by_city.setdefault(a.city_id, []).append(a)
    secretariat = staff_users()
    for city_id, mine in by_city.items():
        city = mine[0].city
        lines = [f'{label(a.resolution)}: {_when(a.effective_deadline, today)}' for a in mine]
        text = (f'گزارش دیرکرد شهرداری {city.name}: {persian_digits(len(mine))} مصوبه بیش از '
                f'{persian_digits(days)} روز از مهلت گذشته و هنوز انجام نشده است:\n' + '\n'.join(lines))
        notify(list(secretariat) + list(city_observers(city_id)), 'resolution.escalated', text,
               f'/resolutions/scorecard/{city.slug}')
        for a in mine:
            db.session.add(EscalationLog(assignment_id=a.id, sent_on=today))
    db.session.flush()
    return len(by_city), len(items)


# --- per-city deadlines: extension requests ----------------------------------------------------------------

def open_extension(assignment):
    return db.session.scalar(db.select(ExtensionRequest).where(ExtensionRequest.assignment_id == assignment.id,
                                                               ExtensionRequest.state == 'open'))


def open_extension_requests(limit=None):
    """Requests waiting for the secretariat, oldest first."""
    query = (db.select(ExtensionRequest).where(ExtensionRequest.state == 'open')
             .options(joinedload(ExtensionRequest.assignment).joinedload(Assignment.city),
                      joinedload(ExtensionRequest.assignment).joinedload(Assignment.resolution),
                      joinedload(ExtensionRequest.requested_by))
             .order_by(ExtensionRequest.created_dt, ExtensionRequest.id))
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).unique().all()


def request_extension(assignment, *, user, new_deadline, reason):
    """A city's director asks for a later deadline; the secretariat is told. One open request at a time."""
    from ..notifications.services import notify, staff_users

    reason = (reason or '').strip()
    if open_extension(assignment):
        raise ResolutionError('درخواست تمدیدی برای این شهر هنوز در انتظار تصمیم دبیرخانه است؛ '
                              'تا تصمیم آن، درخواست تازه پذیرفته نمی‌شود.')
    if not reason:
        raise ResolutionError('بنویسید چرا مهلت بیشتری لازم است.')
    current = assignment.effective_deadline
    if new_deadline is None or (current and new_deadline <= current):
        raise ResolutionError(f'مهلت تازه باید پس از مهلت کنونی ({_deadline_text(current)}) باشد.')
    request = ExtensionRequest(assignment=assignment, requested_by=user, current_deadline=current,
                               requested_deadline=new_deadline, reason=reason)
    db.session.add(request)
    db.session.add(ResolutionChange(resolution=assignment.resolution, assignment=assignment,
                                    kind='extension_requested', old_value=_deadline_text(current),
                                    new_value=_deadline_text(new_deadline), reason=reason, actor=user))
    db.session.flush()
    audit('extension_requested', actor=user, target=assignment.resolution, details={
        'code': assignment.resolution.code, 'city': assignment.city.name,
        'from': _deadline_text(current), 'to': _deadline_text(new_deadline)})
    notify(staff_users(), 'resolution.extension_requested',
           f'شهرداری {assignment.city.name} برای {label(assignment.resolution)} تمدید مهلت از '
           f'{_deadline_text(current)} تا {_deadline_text(new_deadline)} خواسته است. دلیل: {reason}',
           assignment_url(assignment) + '#extension')
    return request


def decide_extension(request, *, user, grant, deadline=None, note=''):
    """The secretariat grants (the city's own deadline becomes `deadline`, by default the requested one) or
    refuses (a note is required) an open request; the city's directors are told."""
    from ..notifications.services import city_directors, notify

    if not can_decide_extension(user, request):
        raise ResolutionError('این درخواست دیگر در انتظار تصمیم نیست.')
    note = (note or '').strip()
    assignment = request.assignment
    current = assignment.effective_deadline
    if grant:
        deadline = deadline or request.requested_deadline
        if current and deadline <= current:
            raise ResolutionError(f'مهلت تازه باید پس از مهلت کنونی ({_deadline_text(current)}) باشد.')
        request.state, request.granted_deadline = 'granted', deadline
        assignment.deadline = deadline
        change = ResolutionChange(kind='extension_granted', old_value=_deadline_text(current),
                                  new_value=_deadline_text(deadline), reason=note)
        text = (f'دبیرخانه مهلت {label(assignment.resolution)} را برای شهرداری {assignment.city.name} تا '
                f'{_deadline_text(deadline)} تمدید کرد.')
    else:
        if not note:
            raise ResolutionError('بنویسید چرا تمدید پذیرفته نشد تا شهر بداند.')
        request.state = 'refused'
        change = ResolutionChange(kind='extension_refused', old_value=_deadline_text(current),
                                  new_value=_deadline_text(request.requested_deadline), reason=note)
        text = (f'دبیرخانه درخواست تمدید مهلت {label(assignment.resolution)} را برای شهرداری '
                f'{assignment.city.name} نپذیرفت؛ مهلت همان {_deadline_text(current)} است.')
    request.decision_note, request.decided_by, request.decided_dt = note, user, utcnow()
    change.resolution, change.assignment, change.actor = assignment.resolution, assignment, user
    db.session.add(change)
    db.session.flush()
    audit('extension_decided', actor=user, target=assignment.resolution, details={
        'code': assignment.resolution.code, 'city': assignment.city.name, 'decision': request.state,
        'to': _deadline_text(assignment.effective_deadline)})
    notify(city_directors(assignment.city_id) + [request.requested_by], 'resolution.extension_decided',
           text + (f' توضیح دبیرخانه: {note}' if note else ''), assignment_url(assignment) + '#extension')
    return request


def history(resolution):
    """The resolution's changes (deadline, scope, extensions), newest first."""
    return db.session.scalars(
        db.select(ResolutionChange).where(ResolutionChange.resolution_id == resolution.id)
        .options(joinedload(ResolutionChange.actor),
                 joinedload(ResolutionChange.assignment).joinedload(Assignment.city))
        .order_by(ResolutionChange.created_dt.desc(), ResolutionChange.id.desc())).all()


# --- the responsible person --------------------------------------------------------------------------------

def responsible_choices(assignment):
    """The active directors of the assignment's city: the people who may answer for it."""
    from ..notifications.services import city_directors
    return sorted(city_directors(assignment.city_id), key=lambda u: u.full_name)


def set_responsible(assignment, person, *, actor):
    """Name (or clear, with None) the director of the city who answers for this assignment."""
    from ..notifications.services import notify

    if person is not None and person.id not in {u.id for u in responsible_choices(assignment)}:
        raise ResolutionError('مسئول پیگیری باید یکی از مدیران فعال همین شهر باشد.')
    if (person.id if person else None) == assignment.responsible_id:
        return assignment
    assignment.responsible = person
    db.session.flush()
    audit('responsible_set', actor=actor, target=assignment.resolution, details={
        'code': assignment.resolution.code, 'city': assignment.city.name,
        'responsible': person.full_name if person else ''})
    if person is not None and person.id != actor.id:
        notify([person], 'resolution.assigned',
               f'شما مسئول پیگیری {label(assignment.resolution)} در شهرداری {assignment.city.name} شدید.',
               assignment_url(assignment))
    return assignment
