import datetime as dt

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from .. import query_args
from ..attachments.models import Attachment
from ..attachments.services import AttachmentError, attachments_for, check_uploads, register_owner
from ..cities.services import cities_member_first
from ..db import db
from ..jalali import persian_digits, today_tehran
from ..resolutions.models import code_order
from ..sections import register
from ..security import site_host, site_url
from ..submissions import already_sent, record_result
from ..templating import expose_rules
from . import queries, rules
from . import services as svc
from .forms import (
    AgendaForm,
    AttendanceForm,
    CancelForm,
    CommentForm,
    ConfirmAttendanceForm,
    FilesForm,
    MeetingForm,
    MinutesForm,
    ReasonForm,
)
from .ics import meeting_calendar
from .models import STATUSES, Attendance, Meeting, MeetingChange

bp = Blueprint('meetings', __name__, url_prefix='/meetings')

register_owner('meeting', rules.read_meeting_file)
expose_rules('meetings', rules)

BLANK_AGENDA_ROWS = 3


def _meeting(meeting_id, rule=None, *args, locked=None):
    """The meeting, or 404; with `rule`, 403 unless the current user passes it.

    With `locked` (a rules.*_lock_reason), a refusal that a state change would lift says why and links to the
    meeting page, still as 403: the address stays refused, and the page says what to do instead."""
    meeting = db.get_or_404(Meeting, meeting_id)
    if rule is not None and not rule(current_user, meeting, *args):
        reason = locked(current_user, meeting) if locked else None
        if reason:
            can_reopen = rules.can_reopen_minutes(current_user, meeting)
            abort(make_response(render_template('meetings/locked.html', meeting=meeting, reason=reason,
                                                can_reopen=can_reopen), 403))
        abort(403)
    return meeting


def _city_choices(blank='— انتخاب کنید —'):
    return [('', blank)] + [(c.id, c.name) for c in cities_member_first()]


def _back(meeting, anchor=''):
    return redirect(url_for('meetings.detail', meeting_id=meeting.id) + anchor)


def _act(meeting, action, done, anchor, category='success'):
    """Run one service action from a button: a refusal is flashed in Persian, success committed and flashed."""
    try:
        action()
    except svc.MeetingError as exc:
        flash(str(exc), 'danger')
        return _back(meeting, anchor)
    db.session.commit()
    flash(done, category)
    return _back(meeting, anchor)


def _required(form, message):
    if not form.validate_on_submit():
        raise svc.MeetingError(message)


@bp.get('/')
@login_required
def index():
    today = today_tehran()
    page = db.paginate(queries.past_meetings_query(today).options(db.joinedload(Meeting.host_city)),
                       page=query_args.page_number(request.args), per_page=20, error_out=False)
    return render_template('meetings/index.html', upcoming=queries.upcoming_meetings(today), past=page,
                           statuses=STATUSES, today_date=today)


@bp.route('/new', methods=['GET', 'POST'])
@login_required
def create():
    if not rules.can_create_meeting(current_user):
        abort(403)
    form = MeetingForm()
    form.host_city_id.choices = _city_choices()
    if request.method == 'GET':
        form.number.data = svc.next_meeting_number()
    if form.validate_on_submit():
        if sent := already_sent(url_for('meetings.index')):
            return sent
        try:
            meeting = svc.create_meeting(form.header_data(), author=current_user)
        except svc.MeetingError as exc:
            form.number.errors.append(str(exc))
        else:
            record_result(url_for('meetings.agenda', meeting_id=meeting.id))
            db.session.commit()
            flash('نشست برنامه‌ریزی شد و به اعضا اطلاع داده شد. اکنون بندهای دستور جلسه را بنویسید.', 'success')
            return redirect(url_for('meetings.agenda', meeting_id=meeting.id))
    return render_template('meetings/edit.html', form=form, meeting=None), 422 if form.errors else 200


@bp.get('/<int:meeting_id>')
@login_required
def detail(meeting_id):
    meeting = _meeting(meeting_id, rules.can_view_meeting)
    user = current_user
    files = attachments_for('meeting', [meeting.id])[meeting.id] if rules.can_read_meeting_files(user, meeting) else []
    confirm_form = None
    if user.is_director and rules.can_confirm_attendance(user, meeting, user.city_id):
        own = meeting.attendance_for(user.city_id)
        confirm_form = ConfirmAttendanceForm(
            status=(own.status if own and own.status else 'present'),
            attendees=(own.attendees if own and own.attendees else _default_attendee(user)))
    history = []
    if rules.can_view_history(user, meeting):
        history = db.session.scalars(db.select(MeetingChange).where(MeetingChange.meeting_id == meeting.id)
                                     .options(db.joinedload(MeetingChange.user))
                                     .order_by(MeetingChange.id.desc())).all()
    resolutions = _resolutions(meeting)
    return render_template('meetings/detail.html', meeting=meeting, files=files, history=history,
                           confirm_form=confirm_form, comment_form=CommentForm(), reopen_form=ReasonForm(),
                           cancel_form=CancelForm(), files_form=FilesForm(), resolutions=resolutions,
                           attendances=_sorted_attendance(meeting))


def _default_attendee(user):
    return f'{user.full_name}، {user.position}' if user.position else user.full_name


def _sorted_attendance(meeting):
    order = {'present': 0, 'excused': 1, 'absent': 2, None: 3}
    return sorted(meeting.attendances, key=lambda a: (order.get(a.status, 3), a.city.name))


@bp.route('/<int:meeting_id>/edit', methods=['GET', 'POST'])
@login_required
def edit(meeting_id):
    meeting = _meeting(meeting_id, rules.can_edit_meeting, locked=rules.meeting_lock_reason)
    form = MeetingForm(obj=meeting)
    form.host_city_id.choices = _city_choices()
    if form.validate_on_submit():
        try:
            svc.update_meeting(meeting, form.header_data(), user=current_user)
        except svc.MeetingError as exc:
            form.number.errors.append(str(exc))
        else:
            db.session.commit()
            flash('مشخصات نشست ذخیره شد.', 'success')
            return _back(meeting)
    return render_template('meetings/edit.html', form=form, meeting=meeting), 422 if form.errors else 200


@bp.route('/<int:meeting_id>/agenda', methods=['GET', 'POST'])
@login_required
def agenda(meeting_id):
    meeting = _meeting(meeting_id, rules.can_edit_meeting, locked=rules.meeting_lock_reason)
    form = AgendaForm()
    if request.method == 'GET':
        for item in meeting.agenda_items:
            form.items.append_entry({'item_id': item.id, 'title': item.title, 'presenter': item.presenter,
                                     'presenter_city_id': item.presenter_city_id, 'note': item.note})
        for _ in range(BLANK_AGENDA_ROWS):
            form.items.append_entry()
    choices = _city_choices('— بدون شهر —')
    for entry in form.items:
        entry.form.presenter_city_id.choices = choices
    if form.validate_on_submit():
        svc.save_agenda(meeting, form.agenda_data(), user=current_user)
        db.session.commit()
        flash('دستور جلسه ذخیره شد.', 'success')
        return _back(meeting, '#agenda')
    return render_template('meetings/agenda.html', form=form, meeting=meeting), 422 if form.errors else 200


@bp.post('/<int:meeting_id>/agenda/follow-up')
@login_required
def refresh_follow_up(meeting_id):
    meeting = _meeting(meeting_id, rules.can_edit_meeting)
    return _act(meeting, lambda: svc.refresh_follow_up(meeting, user=current_user),
                'فهرست مصوبات باز در دستور جلسه به‌روز شد.', '#agenda')


@bp.route('/<int:meeting_id>/attendance', methods=['GET', 'POST'])
@login_required
def attendance(meeting_id):
    meeting = _meeting(meeting_id, rules.can_edit_meeting, locked=rules.meeting_lock_reason)
    rows = _sorted_by_city(meeting)
    form = AttendanceForm()
    if request.method == 'GET':
        form.guests.data = meeting.guests
        for row in rows:
            form.rows.append_entry({'city_id': row.city_id, 'status': row.status or '', 'attendees': row.attendees})
    if form.validate_on_submit():
        data = {_int(e.form.city_id.data): (e.form.status.data, e.form.attendees.data)
                for e in form.rows if _int(e.form.city_id.data) is not None}
        svc.save_attendance(meeting, data, form.guests.data, user=current_user)
        db.session.commit()
        flash('حضور و غیاب ذخیره شد.', 'success')
        return _back(meeting, '#attendance')
    by_city = {a.city_id: a for a in rows}
    entries = [(e, by_city.get(_int(e.form.city_id.data))) for e in form.rows]
    return render_template('meetings/attendance.html', form=form, meeting=meeting, entries=entries), \
        422 if form.errors else 200


def _int(value):
    """A hidden id field's value as an int, or None when it is missing or tampered with."""
    return int(value) if str(value or '').isdigit() else None


def _sorted_by_city(meeting):
    return sorted(meeting.attendances, key=lambda a: a.city.name)


@bp.post('/<int:meeting_id>/attendance/<int:city_id>/confirm')
@login_required
def confirm_attendance(meeting_id, city_id):
    meeting = _meeting(meeting_id, rules.can_confirm_attendance, city_id)
    form = ConfirmAttendanceForm()
    if not form.validate_on_submit():
        flash('حضور شهر ثبت نشد: ' + ' '.join(e for errors in form.errors.values() for e in errors), 'danger')
        return _back(meeting, '#attendance')
    svc.confirm_attendance(meeting, city_id, form.status.data, form.attendees.data, user=current_user)
    db.session.commit()
    flash('وضعیت حضور شهر شما ثبت شد. سپاس!', 'success')
    return _back(meeting, '#attendance')


@bp.post('/<int:meeting_id>/held')
@login_required
def mark_held(meeting_id):
    meeting = _meeting(meeting_id, rules.can_mark_held)
    return _act(meeting, lambda: svc.mark_held(meeting, user=current_user),
                'نشست برگزارشده اعلام شد؛ حضور و غیاب را کامل کنید و صورتجلسه را بنویسید.', '')


@bp.post('/<int:meeting_id>/cancel')
@login_required
def cancel(meeting_id):
    meeting = _meeting(meeting_id, rules.can_cancel_meeting)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    svc.cancel_meeting(meeting, (form.reason.data or '').strip(), user=current_user)
    db.session.commit()
    flash('نشست لغو شد و به اعضا اطلاع داده شد.', 'warning')
    return _back(meeting)


@bp.route('/<int:meeting_id>/minutes', methods=['GET', 'POST'])
@login_required
def minutes(meeting_id):
    meeting = _meeting(meeting_id, rules.can_edit_minutes, locked=rules.minutes_lock_reason)
    form = MinutesForm(obj=meeting)
    suggestion = svc.suggest_minutes_number(meeting)
    form.minutes_number.description = f'پیشنهاد بر پایه شماره‌های امسال: {persian_digits(suggestion)}'
    if request.method == 'GET' and not meeting.minutes:
        form.minutes.data = _minutes_outline(meeting)
    if request.method == 'GET' and not meeting.minutes_number:
        form.minutes_number.data = persian_digits(suggestion)
    if form.validate_on_submit():
        errors = check_uploads(form.files.data or [])
        if errors:
            form.files.errors.extend(errors)
        else:
            try:
                with db.session.begin_nested():  # the uploads folder may refuse a file: then nothing is kept
                    svc.save_minutes(meeting, form.data, user=current_user)
                    svc.store_files(meeting, form.files.data or [], user=current_user)
            except AttachmentError as exc:
                form.files.errors.append(str(exc))
            except svc.MeetingError as exc:
                form.minutes_number.errors.append(str(exc))
            else:
                db.session.commit()
                flash('صورتجلسه ذخیره شد (پیش‌نویس). پس از بررسی، آن را تأیید کنید.', 'success')
                return _back(meeting, '#minutes')
    return render_template('meetings/minutes_edit.html', form=form, meeting=meeting), 422 if form.errors else 200


def _minutes_outline(meeting):
    """A starting text with one heading per agenda item, so the secretariat fills rather than types the frame."""
    return '\n\n'.join(f'## {i}. {item.title}\n' for i, item in enumerate(meeting.agenda_items, 1))


@bp.post('/<int:meeting_id>/minutes/approve')
@login_required
def approve(meeting_id):
    meeting = _meeting(meeting_id, rules.can_approve_minutes)
    return _act(meeting, lambda: svc.approve_minutes(meeting, user=current_user),
                'صورتجلسه تأیید شد و به اعضا اطلاع داده شد.', '#minutes')


@bp.post('/<int:meeting_id>/minutes/reopen')
@login_required
def reopen(meeting_id):
    meeting = _meeting(meeting_id, rules.can_reopen_minutes)
    form = ReasonForm()

    def reopen_minutes():
        _required(form, 'دلیل بازگشایی صورتجلسه را بنویسید.')
        svc.reopen_minutes(meeting, form.reason.data, user=current_user)
    return _act(meeting, reopen_minutes, 'صورتجلسه برای اصلاح بازگشایی شد؛ تأییدهای ثبت‌شده شهرها برداشته شد و '
                'بازگشایی با دلیل آن به اعضا اطلاع داده شد و در تاریخچه نشست ثبت شد.',
                '#minutes', 'warning')


@bp.post('/<int:meeting_id>/minutes/comments')
@login_required
def comment(meeting_id):
    meeting = _meeting(meeting_id, rules.can_comment_minutes)
    form = CommentForm()

    def add_comment():
        _required(form, 'متن اصلاحیه را بنویسید.')
        svc.add_comment(meeting, form.body.data, user=current_user)
        record_result(url_for('meetings.detail', meeting_id=meeting.id) + '#comments')
    if form.is_submitted() and (sent := already_sent(url_for('meetings.detail', meeting_id=meeting.id) + '#comments')):
        return sent
    return _act(meeting, add_comment, 'اصلاحیه شما برای دبیرخانه ثبت شد.', '#comments')


@bp.post('/<int:meeting_id>/minutes/signoff')
@login_required
def signoff(meeting_id):
    meeting = _meeting(meeting_id, rules.can_sign_off)
    svc.sign_off(meeting, user=current_user)
    db.session.commit()
    flash(f'صورتجلسه از سوی {current_user.city.name} تأیید شد.', 'success')
    return _back(meeting, '#signoffs')


@bp.get('/<int:meeting_id>/minutes/print')
@login_required
def print_minutes(meeting_id):
    meeting = _meeting(meeting_id, rules.can_view_minutes)
    present = [a for a in _sorted_by_city(meeting) if a.status == 'present']
    end_time = ''
    if meeting.start_time:
        end_time = (meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes or 120)).strftime('%H:%M')
    return render_template('meetings/print.html', meeting=meeting, attendances=_sorted_attendance(meeting),
                           present=present, end_time=end_time, resolutions=_resolutions(meeting),
                           has_files=bool(attachments_for('meeting', [meeting.id])[meeting.id]))


def _resolutions(meeting):
    """The meeting's resolutions in code order (۳/۲ before ۳/۱۰)."""
    return sorted(getattr(meeting, 'resolutions', []), key=lambda r: (code_order(r.code), r.id))


@bp.get('/<int:meeting_id>.ics')
@login_required
def ics(meeting_id):
    meeting = _meeting(meeting_id, rules.can_download_ics)
    url = site_url('meetings.detail', meeting_id=meeting.id)  # from SITE_URL, never the request's Host
    # each new date or time is a new version of the event for calendars that imported an earlier one
    reschedules = db.session.scalar(db.select(db.func.count(MeetingChange.id)).where(
        MeetingChange.meeting_id == meeting.id, MeetingChange.action == 'rescheduled'))
    agenda = '\n'.join(f'{i}. {item.title}' for i, item in enumerate(meeting.agenda_items, 1))
    description = f'{meeting.full_name}\n' + (f'دستور جلسه:\n{agenda}\n' if agenda else '') + url
    body = meeting_calendar(meeting, url=url, host=site_host(), sequence=reschedules,
                            description=description)
    return Response(body, mimetype='text/calendar', headers={
        'Content-Disposition': f'attachment; filename="meeting-{meeting.number or meeting.id}.ics"'})


@bp.post('/<int:meeting_id>/files')
@login_required
def upload(meeting_id):
    meeting = _meeting(meeting_id, rules.can_manage_files)
    form = FilesForm()
    errors = check_uploads(form.files.data or []) if form.validate_on_submit() else ['فایلی انتخاب نکرده‌اید.']
    if errors:
        for error in errors:
            flash(error, 'danger')
        return _back(meeting, '#files')
    try:
        with db.session.begin_nested():
            names = svc.store_files(meeting, form.files.data, user=current_user)
    except AttachmentError as exc:
        flash(str(exc), 'danger')
        return _back(meeting, '#files')
    db.session.commit()
    flash(f'{len(names)} پیوست افزوده شد.', 'success')
    return _back(meeting, '#files')


@bp.post('/<int:meeting_id>/files/<int:attachment_id>/delete')
@login_required
def delete_file(meeting_id, attachment_id):
    meeting = _meeting(meeting_id, rules.can_delete_file)
    attachment = db.get_or_404(Attachment, attachment_id)
    if attachment.owner_type != 'meeting' or attachment.owner_id != meeting.id:
        abort(404)
    svc.remove_file(meeting, attachment, user=current_user)
    db.session.commit()
    flash('پیوست حذف شد.', 'success')
    return _back(meeting, '#files')


# --- sections of the home page and the city page ------------------------------------------------------

def _home_section(user, **_):
    today = today_tehran()
    upcoming = queries.next_meeting(today)
    own = upcoming.attendance_for(user.city_id) if upcoming is not None and user.city_id else None
    to_sign = []
    if user.is_director:
        # attendances and sign-offs in two queries, not two per meeting (can_sign_off reads both); the first of
        # them is the latest approved minutes
        approved = db.session.scalars(queries.approved_latest_first(10).options(
            selectinload(Meeting.attendances), selectinload(Meeting.signoffs))).all()
        to_sign = [m for m in approved if rules.can_sign_off(user, m)]
        latest = approved[0] if approved else None
    else:
        latest = queries.latest_approved()
    return Markup(render_template('meetings/_home.html', upcoming=upcoming, latest=latest, own=own, to_sign=to_sign,
                                  days_left=(upcoming.meeting_date - today).days if upcoming else None))


def _city_section(city, user, **_):
    hosted = db.session.scalars(db.select(Meeting).where(Meeting.host_city_id == city.id)
                                .order_by(Meeting.meeting_date.desc())).all()
    records = db.session.execute(
        db.select(Meeting, Attendance.status).join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(Attendance.city_id == city.id, Meeting.status.in_(('held', 'minutes_draft', 'minutes_approved')))
        .order_by(Meeting.meeting_date.desc())).all()
    counts = {key: sum(1 for _, status in records if status == key) for key in ('present', 'excused', 'absent')}
    return Markup(render_template('meetings/_city.html', city=city, hosted=hosted, records=records[:8],
                                  total=len(records), counts=counts))


register('home', 20, _home_section, stylesheet='css/meetings.css')
register('city', 30, _city_section, stylesheet='css/meetings.css')
