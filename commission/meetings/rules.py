"""Who may do what with a meeting: one `can_*` function per rule; views abort(403), templates hide the button."""
from ..db import db
from .models import Meeting


def _staff(user):
    return user.is_authenticated and user.is_staff


def can_view_meeting(user, meeting):
    """Every signed-in member reads every meeting's page (what the page shows of the minutes is a separate rule)."""
    return user.is_authenticated


def can_create_meeting(user):
    return _staff(user)


def can_edit_meeting(user, meeting):
    """Header, agenda and attendance: the secretariat, while the minutes are not approved and not cancelled."""
    return _staff(user) and meeting.is_open


def can_mark_held(user, meeting):
    return _staff(user) and meeting.status == 'scheduled'


def can_cancel_meeting(user, meeting):
    return _staff(user) and meeting.status == 'scheduled'


def can_confirm_attendance(user, meeting, city_id):
    """A director confirms their own city's attendance, while the meeting is still ahead."""
    return (user.is_authenticated and user.is_director and user.city_id is not None
            and user.city_id == city_id and meeting.status == 'scheduled')


def can_view_minutes(user, meeting):
    """Staff always; directors from the draft on (to correct it); observers only approved minutes."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if user.is_director:
        return meeting.status in ('minutes_draft', 'minutes_approved')
    return meeting.status == 'minutes_approved'


def can_edit_minutes(user, meeting):
    """Minutes are written once the meeting is held; approved minutes are read-only until reopened."""
    return _staff(user) and meeting.status in ('held', 'minutes_draft')


def can_comment_minutes(user, meeting):
    """Directors (and staff) leave correction comments on a draft."""
    return (user.is_authenticated and (user.is_director or user.is_staff)
            and meeting.status == 'minutes_draft')


def can_read_comments(user, meeting):
    """The correction comments are the members' working notes: staff and directors, not observers."""
    return can_view_minutes(user, meeting) and (user.is_staff or user.is_director)


def can_approve_minutes(user, meeting):
    return _staff(user) and meeting.status == 'minutes_draft'


def can_reopen_minutes(user, meeting):
    return _staff(user) and meeting.status == 'minutes_approved'


def can_sign_off(user, meeting):
    """After approval, a director of a city that attended confirms the minutes once for the city."""
    if not (user.is_authenticated and user.is_director and user.city_id and meeting.status == 'minutes_approved'):
        return False
    attendance = meeting.attendance_for(user.city_id)
    return attendance is not None and attendance.status == 'present' and meeting.signoff_for(user.city_id) is None


def can_view_history(user, meeting):
    return _staff(user)


def can_read_meeting_files(user, meeting):
    """The files belong to the minutes (signed PDF, photos, slides): observers get them once approved."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_director:
        return True
    return meeting.status == 'minutes_approved'


def can_manage_files(user, meeting):
    """Staff add files at any time (the signed PDF comes after approval); see can_delete_file."""
    return _staff(user) and meeting.status != 'cancelled'


def can_delete_file(user, meeting):
    return _staff(user) and meeting.is_open


def can_record_resolution(user, meeting):
    """The resolutions pages record what a meeting adopted; offered to staff once it is held."""
    return _staff(user) and meeting.status in ('held', 'minutes_draft', 'minutes_approved')


def can_download_ics(user, meeting):
    return can_view_meeting(user, meeting) and meeting.meeting_date is not None


def read_meeting_file(user, meeting_id):
    """register_owner's check for attachments of owner_type 'meeting'."""
    meeting = db.session.get(Meeting, meeting_id)
    return meeting is not None and can_read_meeting_files(user, meeting)


# Why an edit page is refused, in Persian, for the secretariat (who could edit once the lock is lifted); None
# for everyone else, whose refusal is the plain 403 (the page is not theirs whatever the state).

def minutes_lock_reason(user, meeting):
    """Why the minutes cannot be edited now, and what to do about it."""
    if not _staff(user) or can_edit_minutes(user, meeting):
        return None
    return {
        'minutes_approved': 'صورتجلسه تأیید شده است؛ برای ویرایش ابتدا آن را بازگشایی کنید.',
        'scheduled': 'این نشست هنوز برگزار نشده است؛ صورتجلسه پس از ثبت «برگزار شد» در صفحه نشست نوشته می‌شود.',
        'cancelled': 'این نشست لغو شده است و صورتجلسه‌ای ندارد.',
    }.get(meeting.status)


def meeting_lock_reason(user, meeting):
    """Why the header, agenda or attendance cannot be edited now, and what to do about it."""
    if not _staff(user) or can_edit_meeting(user, meeting):
        return None
    return {
        'minutes_approved': 'صورتجلسه این نشست تأیید شده است؛ برای ویرایش مشخصات، دستور جلسه یا حضور و غیاب '
                            'ابتدا صورتجلسه را بازگشایی کنید.',
        'cancelled': 'این نشست لغو شده است و دیگر ویرایش نمی‌شود.',
    }.get(meeting.status)
