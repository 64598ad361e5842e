"""Meetings: the status workflow and the members' notifications (rules are in rules.py, the history in history.py).

Services flush and never commit; the view commits once.
"""
import logging
import re

from ..audit.services import record as audit
from ..cities.models import City
from ..cities.services import member_cities
from ..db import db
from ..jalali import format_jalali, jalali_year, persian_digits, to_latin_digits, today_tehran
from ..notifications.services import notify
from ..timeutil import utcnow
from .history import record_change, show_value
from .models import ATTENDANCE, AgendaItem, Attendance, Meeting, MinutesComment, MinutesSignoff
from .rules import can_sign_off, can_view_minutes

logger = logging.getLogger(__name__)

FOLLOW_UP_TITLE = 'پیگیری مصوبات باز'

#: the fields of a meeting's header, with the Persian names the change history uses
HEADER_FIELDS = {
    'number': 'شماره نشست', 'title': 'عنوان', 'meeting_date': 'تاریخ', 'start_time': 'ساعت شروع',
    'duration_minutes': 'مدت (دقیقه)', 'host_city_id': 'شهر میزبان', 'venue': 'محل برگزاری',
}


class MeetingError(ValueError):
    """A refused change to a meeting; the message is Persian and meant for the user."""


# --- notifications ------------------------------------------------------------------------------------

def members(exclude=None):
    """Who hears about meetings: active directors, observers and the secretariat."""
    from ..auth.models import User
    users = db.session.scalars(db.select(User).where(User.role.in_(('director', 'observer', 'secretariat')),
                                                     User.active.is_(True))).all()
    return [u for u in users if exclude is None or u.id != exclude.id]


def _when(meeting):
    text = format_jalali(meeting.meeting_date, 'weekday') if meeting.meeting_date else 'تاریخ نامشخص'
    if meeting.start_time:
        text += ' ساعت ' + persian_digits(meeting.start_time.strftime('%H:%M'))
    return text


# --- the workflow -------------------------------------------------------------------------------------

def next_meeting_number():
    return (db.session.scalar(db.select(db.func.max(Meeting.number))) or 0) + 1


def _check_number(number, meeting=None):
    if number is None:
        return
    query = db.select(Meeting.id).where(Meeting.number == number)
    if meeting is not None and meeting.id:
        query = query.where(Meeting.id != meeting.id)
    if db.session.scalar(query):
        raise MeetingError(f'نشست شماره {persian_digits(number)} پیش‌تر ثبت شده است.')


def create_meeting(data, *, author, notify_members=True):
    """Schedule a meeting: one attendance row per member city and the open resolutions carried forward."""
    _check_number(data.get('number'))
    meeting = Meeting(created_by=author, status='scheduled', guests='', minutes='',
                      **{k: data.get(k) for k in HEADER_FIELDS})
    meeting.venue = meeting.venue or ''
    db.session.add(meeting)
    db.session.flush()
    for city in member_cities():
        db.session.add(Attendance(meeting=meeting, city=city, attendees=''))
    follow_up = open_resolutions_text()
    if follow_up:
        db.session.add(AgendaItem(meeting=meeting, position=0, title=FOLLOW_UP_TITLE, presenter='دبیرخانه کمیسیون',
                                  note=follow_up, is_follow_up=True))
    record_change(meeting, author, 'created', f'{meeting.full_name} برای {_when(meeting)} برنامه‌ریزی شد.')
    db.session.flush()
    if notify_members:
        notify(members(exclude=author), 'meeting.scheduled',
               f'{meeting.full_name} برای {_when(meeting)} برنامه‌ریزی شد: {meeting.title}',
               f'/meetings/{meeting.id}')
    logger.info('Meeting %r created by %r', meeting, author)
    return meeting


def update_meeting(meeting, data, *, user):
    """Change the header; every changed field goes to the history, and a new date or time is announced."""
    if not meeting.is_open:
        raise MeetingError('صورتجلسه این نشست تأیید شده است؛ برای تغییر، ابتدا آن را بازگشایی کنید.')
    _check_number(data.get('number'), meeting)
    changed = []
    for field, label in HEADER_FIELDS.items():
        old, new = getattr(meeting, field), data.get(field)
        if field == 'venue':
            new = new or ''
        if old != new:
            changed.append((field, f'{label}: {show_value(field, old)} ← {show_value(field, new)}'))
            setattr(meeting, field, new)
    if not changed:
        return meeting
    rescheduled = bool({'meeting_date', 'start_time'} & {field for field, _ in changed})
    record_change(meeting, user, 'rescheduled' if rescheduled else 'edited', '\n'.join(text for _, text in changed))
    db.session.flush()
    if rescheduled and meeting.status == 'scheduled':
        notify(members(exclude=user), 'meeting.rescheduled',
               f'زمان {meeting.full_name} تغییر کرد: اکنون {_when(meeting)}', f'/meetings/{meeting.id}')
    return meeting


def save_agenda(meeting, items, *, user):
    """Replace the agenda by `items` (dicts with title, presenter, presenter_city_id, note, keep order)."""
    if not meeting.is_open:
        raise MeetingError('صورتجلسه این نشست تأیید شده است؛ دستور جلسه را نمی‌توان تغییر داد.')
    before = [item.title for item in meeting.agenda_items]
    existing = {item.id: item for item in meeting.agenda_items}
    kept = []
    for position, data in enumerate(items):
        item = existing.pop(data.get('id'), None) if data.get('id') else None
        if item is None:
            item = AgendaItem(meeting=meeting)
            db.session.add(item)
        item.position = position
        item.title = data['title'].strip()
        item.presenter = (data.get('presenter') or '').strip()
        item.presenter_city_id = data.get('presenter_city_id')
        item.note = data.get('note') or ''
        kept.append(item)
    meeting.agenda_items[:] = kept  # what is left in `existing` was removed from the form: orphans are deleted
    after = [item.title for item in kept]
    if before != after or existing:
        record_change(meeting, user, 'agenda', 'دستور جلسه: ' + ('، '.join(after) if after else 'خالی'))
    else:
        record_change(meeting, user, 'agenda', 'توضیحات یا ارائه‌دهندگان دستور جلسه ویرایش شد.')
    db.session.flush()
    _announce_agenda(meeting, before, after, user)
    return meeting


def _announce_agenda(meeting, before, after, user):
    """meeting.agenda: the members hear when a coming meeting's agenda is first published or its items change."""
    follow_up = {FOLLOW_UP_TITLE}
    own_before = [t for t in before if t not in follow_up]
    own_after = [t for t in after if t not in follow_up]
    if meeting.status != 'scheduled' or own_before == own_after or not own_after:
        return
    items = '، '.join(f'«{t}»' for t in own_after)
    if not own_before:
        text = f'دستور جلسه {meeting.full_name} ({_when(meeting)}) منتشر شد: {items}'
    else:
        added = [t for t in own_after if t not in own_before]
        removed = [t for t in own_before if t not in own_after]
        parts = []
        if added:
            parts.append('افزوده شد: ' + '، '.join(f'«{t}»' for t in added))
        if removed:
            parts.append('برداشته شد: ' + '، '.join(f'«{t}»' for t in removed))
        if not parts:
            parts.append('ترتیب بندها تغییر کرد')
        text = f'دستور جلسه {meeting.full_name} ({_when(meeting)}) تغییر کرد؛ ' + '؛ '.join(parts) + '.'
    notify(members(exclude=user), 'meeting.agenda', text, f'/meetings/{meeting.id}#agenda')


def follow_up_item(meeting):
    """The meeting's «پیگیری مصوبات باز» agenda item, created first in the agenda if missing."""
    item = next((i for i in meeting.agenda_items if i.is_follow_up), None)
    if item is None:
        for other in meeting.agenda_items:
            other.position += 1
        item = AgendaItem(meeting=meeting, position=0, title=FOLLOW_UP_TITLE, presenter='دبیرخانه کمیسیون',
                          is_follow_up=True)
        meeting.agenda_items.insert(0, item)
    return item


def refresh_follow_up(meeting, *, user):
    """Take a fresh snapshot of the open resolutions into the follow-up item (created first if missing)."""
    if meeting.status != 'scheduled':
        raise MeetingError('فهرست مصوبات باز فقط پیش از برگزاری نشست به‌روز می‌شود.')
    item = follow_up_item(meeting)
    item.note = open_resolutions_text() or 'در زمان تهیه این دستور جلسه، مصوبه بازی برای پیگیری وجود نداشت.'
    record_change(meeting, user, 'agenda', 'فهرست مصوبات باز در دستور جلسه به‌روز شد.')
    db.session.flush()
    return item


def open_resolutions_text():
    """Markdown: every active resolution whose cities have not all finished, with the count of each status."""
    from ..resolutions.models import ASSIGNMENT_STATUSES, Resolution
    resolutions = db.session.scalars(db.select(Resolution).where(Resolution.status == 'active')
                                     .options(db.selectinload(Resolution.assignments))
                                     .order_by(Resolution.adopted_on, Resolution.id)).all()
    lines = []
    for resolution in resolutions:
        statuses = [a.status for a in resolution.assignments]
        if statuses and all(s in ('done', 'not_applicable') for s in statuses):
            continue
        counts = '، '.join(f'{label}: {persian_digits(statuses.count(key))}'
                           for key, label in ASSIGNMENT_STATUSES.items() if statuses.count(key))
        code = f'**مصوبه {persian_digits(resolution.code)}** ' if resolution.code else ''
        deadline = f' (مهلت {format_jalali(resolution.deadline)})' if resolution.deadline else ''
        lines.append(f'- {code}{resolution.title}{deadline} — {counts or "هنوز به شهری سپرده نشده"}')
    return '\n'.join(lines)


def save_attendance(meeting, rows, guests, *, user):
    """The secretariat records who came: `rows` maps city_id to (status, attendees)."""
    if not meeting.is_open:
        raise MeetingError('صورتجلسه این نشست تأیید شده است؛ حضور و غیاب را نمی‌توان تغییر داد.')
    changed = []
    for attendance in meeting.attendances:
        if attendance.city_id not in rows:
            continue
        status, attendees = rows[attendance.city_id]
        status = status or None
        attendees = (attendees or '').strip()
        if status is not None and status not in ATTENDANCE:
            raise MeetingError('وضعیت حضور نامعتبر است.')
        if (attendance.status, attendance.attendees) != (status, attendees):
            changed.append(f'{attendance.city.name}: {ATTENDANCE.get(status, "نامشخص")}')
            attendance.status, attendance.attendees = status, attendees
    guests = (guests or '').strip()
    if guests != (meeting.guests or ''):
        changed.append('فهرست مهمانان')
        meeting.guests = guests
    if changed:
        record_change(meeting, user, 'attendance', 'حضور و غیاب: ' + '؛ '.join(changed))
    db.session.flush()
    return meeting


def confirm_attendance(meeting, city_id, status, attendees, *, user):
    """A director says whether their city will attend, and who will come."""
    if status not in ATTENDANCE:
        raise MeetingError('وضعیت حضور را انتخاب کنید.')
    attendance = meeting.attendance_for(city_id)
    if attendance is None:
        attendance = Attendance(meeting=meeting, city_id=city_id)
        db.session.add(attendance)
    attendance.status = status
    attendance.attendees = (attendees or '').strip()
    attendance.confirmed_by = user
    attendance.confirmed_dt = utcnow()
    city = db.session.get(City, city_id)
    record_change(meeting, user, 'attendance_confirmed', f'{city.name}: {ATTENDANCE[status]} (تأیید شهر)')
    db.session.flush()
    return attendance


def mark_held(meeting, *, user, today=None):
    if meeting.status != 'scheduled':
        raise MeetingError('فقط نشست برنامه‌ریزی‌شده را می‌توان برگزارشده اعلام کرد.')
    today = today or today_tehran()
    if meeting.meeting_date is not None and meeting.meeting_date > today:
        raise MeetingError(f'تاریخ این نشست {format_jalali(meeting.meeting_date)} است و هنوز نرسیده؛ نشستی را که '
                           'برگزار نشده نمی‌توان «برگزارشده» اعلام کرد. اگر تاریخ تغییر کرده، ابتدا مشخصات نشست '
                           'را ویرایش کنید.')
    _set_status(meeting, 'held', user)
    return meeting


def cancel_meeting(meeting, reason, *, user):
    if meeting.status != 'scheduled':
        raise MeetingError('فقط نشستی که هنوز برگزار نشده لغو می‌شود.')
    _set_status(meeting, 'cancelled', user, reason)
    notify(members(exclude=user), 'meeting.cancelled', f'{meeting.full_name} ({_when(meeting)}) لغو شد.'
           + (f' {reason}' if reason else ''), f'/meetings/{meeting.id}')
    return meeting


def _set_status(meeting, status, user, detail=''):
    from .models import STATUSES
    old = meeting.status
    meeting.status = status
    text = f'وضعیت: {STATUSES.get(old, old)} ← {STATUSES[status]}'
    record_change(meeting, user, 'status', text + (f'\n{detail}' if detail else ''))
    db.session.flush()


def save_minutes(meeting, data, *, user):
    """Write the minutes (Markdown) and their letter number and date; the meeting becomes a draft."""
    if meeting.status == 'minutes_approved':
        raise MeetingError('صورتجلسه تأیید شده است و فقط با «بازگشایی» دبیرخانه قابل ویرایش است.')
    if meeting.status not in ('held', 'minutes_draft'):
        raise MeetingError('صورتجلسه را پس از برگزاری نشست بنویسید.')
    parts = []
    body = (data.get('minutes') or '').strip()
    if body != (meeting.minutes or '').strip():
        parts.append(f'متن صورتجلسه ({persian_digits(len(body))} نویسه)')
        meeting.minutes = body
    number = (data.get('minutes_number') or '').strip()
    _check_minutes_number(normalize_minutes_number(number), meeting)
    if number != meeting.minutes_number:
        parts.append(f'شماره صورتجلسه: {persian_digits(number) or "—"}')
        meeting.minutes_number = number
    if data.get('minutes_date') != meeting.minutes_date:
        parts.append(f'تاریخ صورتجلسه: {show_value("meeting_date", data.get("minutes_date"))}')
        meeting.minutes_date = data.get('minutes_date')
    opened = meeting.status == 'held'
    if opened:
        _set_status(meeting, 'minutes_draft', user)
    if parts:
        record_change(meeting, user, 'minutes', 'ویرایش صورتجلسه: ' + '، '.join(parts))
    db.session.flush()
    if opened:
        notify([u for u in members(exclude=user) if can_view_minutes(u, meeting)], 'meeting.minutes_draft',
               f'پیش‌نویس صورتجلسه {meeting.full_name} برای اصلاحیه باز است؛ آن را بخوانید و اگر اصلاحی لازم است '
               'در صفحه نشست بنویسید.', f'/meetings/{meeting.id}#minutes')
    return meeting


# --- the minutes' letter number: a yearly (Jalali) sequence, unique ----------------------------------------

_NUMBER = re.compile(r'^(\d{4})(.*?)(\d+)$')


def normalize_minutes_number(value):
    """Latin digits, no spaces: «۱۴۰۵ / ک / ۱۲» and «1405/ک/12» are the same number."""
    return re.sub(r'\s+', '', to_latin_digits(value or ''))


def suggest_minutes_number(meeting):
    """The next number of the Jalali year of the minutes (or the meeting): the year's highest sequence plus one,
    written like the latest number on record (e.g. 1405/ک/207 -> 1405/ک/208; the first of a year: 1406/ک/1)."""
    year = jalali_year(meeting.minutes_date or meeting.meeting_date or today_tehran())
    rows = db.session.execute(db.select(Meeting.id, Meeting.minutes_number)
                              .where(Meeting.minutes_number != '', Meeting.id != (meeting.id or 0))
                              .order_by(Meeting.minutes_date.desc().nulls_last(), Meeting.id.desc())).all()
    middle, highest = None, 0
    for _, number in rows:
        match = _NUMBER.match(normalize_minutes_number(number))
        if not match:
            continue
        if middle is None:
            middle = match.group(2)
        if int(match.group(1)) == year:
            highest = max(highest, int(match.group(3)))
    return f'{year}{middle if middle is not None else "/"}{highest + 1}'


def _check_minutes_number(number, meeting):
    if not number:
        return
    others = db.session.execute(db.select(Meeting.id, Meeting.number, Meeting.title, Meeting.minutes_number)
                                .where(Meeting.minutes_number != '', Meeting.id != meeting.id)).all()
    for _, other_number, title, other in others:
        if normalize_minutes_number(other) == number:
            name = f'نشست {persian_digits(other_number)}' if other_number else f'«{title}»'
            raise MeetingError(f'شماره صورتجلسه {persian_digits(number)} پیش‌تر برای {name} ثبت شده است؛ '
                               'شماره دیگری بنویسید.')


def approve_minutes(meeting, *, user):
    """Approve the draft: it needs a text, a letter number and a date; members are told."""
    if meeting.status != 'minutes_draft':
        raise MeetingError('فقط پیش‌نویس صورتجلسه را می‌توان تأیید کرد.')
    missing = [label for label, value in (('متن صورتجلسه', meeting.minutes.strip()),
                                          ('شماره صورتجلسه', meeting.minutes_number),
                                          ('تاریخ صورتجلسه', meeting.minutes_date)) if not value]
    if missing:
        raise MeetingError('پیش از تأیید، این موارد را کامل کنید: ' + '، '.join(missing) + '.')
    _set_status(meeting, 'minutes_approved', user)
    meeting.minutes_approved_dt = utcnow()
    meeting.approved_by = user
    db.session.flush()
    notify(members(exclude=user), 'meeting.minutes_approved',
           f'صورتجلسه {meeting.full_name} به شماره {persian_digits(meeting.minutes_number)} تأیید شد.',
           f'/meetings/{meeting.id}')
    return meeting


def reopen_minutes(meeting, reason, *, user):
    """Reopen approved minutes for correction: the reason is recorded and the cities' sign-offs are withdrawn."""
    if meeting.status != 'minutes_approved':
        raise MeetingError('فقط صورتجلسه تأییدشده بازگشایی می‌شود.')
    reason = (reason or '').strip()
    if not reason:
        raise MeetingError('دلیل بازگشایی صورتجلسه را بنویسید.')
    withdrawn = [s.city.name for s in meeting.signoffs]
    meeting.signoffs.clear()
    meeting.status = 'minutes_draft'
    meeting.minutes_approved_dt = None
    meeting.approved_by = None
    detail = f'صورتجلسه تأییدشده بازگشایی شد. دلیل: {reason}'
    if withdrawn:
        detail += '\nتأیید این شهرها برداشته شد و پس از تأیید دوباره باید تکرار شود: ' + '، '.join(withdrawn)
    record_change(meeting, user, 'minutes_reopened', detail)
    details = {'reason': reason}
    if withdrawn:
        details['signoffs_reset'] = withdrawn
    audit('minutes_reopened', actor=user, target=meeting, details=details)
    db.session.flush()
    if withdrawn:
        reset = ('تأییدهای ثبت‌شده شهرها (' + '، '.join(withdrawn) + ') برداشته شد و پس از تأیید دوباره '
                 'صورتجلسه باید تکرار شود.')
    else:
        reset = 'هنوز شهری آن را تأیید نکرده بود.'
    notify(members(exclude=user), 'meeting.minutes_reopened',
           f'صورتجلسه تأییدشده {meeting.full_name} برای اصلاح بازگشایی شد. دلیل: {reason} {reset}',
           f'/meetings/{meeting.id}#minutes')
    return meeting


def add_comment(meeting, body, *, user):
    if meeting.status != 'minutes_draft':
        raise MeetingError('فقط روی پیش‌نویس صورتجلسه می‌توان اصلاحیه نوشت.')
    body = (body or '').strip()
    if not body:
        raise MeetingError('متن اصلاحیه را بنویسید.')
    comment = MinutesComment(meeting_id=meeting.id, author=user, body=body)
    db.session.add(comment)
    meeting.comments.append(comment)
    db.session.flush()
    notify([u for u in members() if u.is_staff and u.id != user.id], 'meeting.minutes_comment',
           f'{user.full_name} روی پیش‌نویس صورتجلسه {meeting.full_name} اصلاحیه نوشت.',
           f'/meetings/{meeting.id}#comments')
    return comment


def sign_off(meeting, *, user):
    """The director confirms the approved minutes for their city."""
    if not can_sign_off(user, meeting):
        raise MeetingError('امکان تأیید صورتجلسه برای شهر شما نیست.')
    signoff = MinutesSignoff(meeting_id=meeting.id, city_id=user.city_id, user=user)
    db.session.add(signoff)
    meeting.signoffs.append(signoff)
    record_change(meeting, user, 'signoff', f'{user.city.name} صورتجلسه را تأیید کرد.')
    db.session.flush()
    return signoff


def store_files(meeting, files, *, user):
    """Attach uploaded files (already checked with check_uploads) to the meeting."""
    from ..attachments.services import store_attachment
    names = []
    for f in files:
        if f and f.filename:
            names.append(store_attachment('meeting', meeting.id, f, user=user).original_name)
    if names:
        record_change(meeting, user, 'files', 'پیوست افزوده شد: ' + '، '.join(names))
    db.session.flush()
    return names


def remove_file(meeting, attachment, *, user):
    from ..attachments.services import delete_attachment
    if not meeting.is_open:
        raise MeetingError('پیوست‌های صورتجلسه تأییدشده حذف نمی‌شوند.')
    record_change(meeting, user, 'files', f'پیوست حذف شد: {attachment.original_name}')
    audit('deleted', actor=user, target=attachment, details={'name': attachment.original_name, 'meeting': meeting.id})
    delete_attachment(attachment)
    db.session.flush()
