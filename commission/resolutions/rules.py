"""Who may do what with resolutions: one `can_*` function per rule; views abort(403), templates hide the button."""
from .. import settings

#: the setting that opens the dashboard to these roles (see commission/settings.py)
DASHBOARD_SETTING = 'dashboard_for_members'
MEMBER_DASHBOARD_ROLES = ('observer', 'director')


def can_manage_resolutions(user):
    """Create, edit, close and withdraw resolutions; see the dashboard; bulk updates and imports."""
    return user.is_authenticated and user.is_staff


def can_view_dashboard(user):
    """The matrix of every resolution in every city: staff always; observers and directors when the secretariat
    has turned it on (read-only: no export, bulk update, import or review queue for them)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return user.role in MEMBER_DASHBOARD_ROLES and settings.is_on(DASHBOARD_SETTING)


def can_share_dashboard(user):
    """Turn the members' view of the dashboard on or off."""
    return can_manage_resolutions(user)


def can_report(user, assignment):
    """Staff report on any city (on its behalf); a director only on their own city's assignments."""
    if not user.is_authenticated or assignment.resolution.status != 'active':
        return False
    return user.is_staff or (user.is_director and user.city_id == assignment.city_id)


def can_report_on_behalf(user):
    """Staff report for a city (shown as the secretariat's entry) and their 'done' needs no review."""
    return user.is_authenticated and user.is_staff


def can_review(user, report):
    """The secretariat accepts or returns a 'done' claim that is still the assignment's open claim."""
    return (user.is_authenticated and user.is_staff and report.review == 'pending'
            and report.assignment.awaiting_confirmation)


def can_view_my_city(user):
    return user.is_authenticated and user.is_director and user.city_id is not None


def can_read_report_files(user, report_id):
    """Evidence is part of the commission's shared record: every signed-in user may read it (observers too)."""
    return bool(user and user.is_authenticated)


def _own_city_director(user, assignment):
    return user.is_authenticated and user.is_director and user.city_id == assignment.city_id


def can_request_extension(user, assignment):
    """A director of the assignment's city asks for more time on an open assignment of an active resolution."""
    from .models import FINISHED
    return (_own_city_director(user, assignment) and assignment.resolution.status == 'active'
            and assignment.status not in FINISHED and assignment.effective_deadline is not None)


def can_decide_extension(user, request):
    """The secretariat grants or refuses a city's open extension request."""
    return user.is_authenticated and user.is_staff and request.state == 'open'


def can_set_responsible(user, assignment):
    """The secretariat, or a director of that city, names the director who answers for an assignment."""
    return user.is_authenticated and (user.is_staff or _own_city_director(user, assignment))
