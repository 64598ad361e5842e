"""Who may read, write and publish a generated report: one `can_*` per rule (views 403, templates hide)."""


def can_use_reports(user):
    """The reports pages are for signed-in users; which report each may open is the next rules' business."""
    return bool(user and user.is_authenticated)


def can_edit_city_report(user, city):
    """Write the introduction and publish: the city's own directors, and the secretariat for any city."""
    if not (user and user.is_authenticated):
        return False
    return user.is_staff or (user.is_director and city is not None and user.city_id == city.id)


def can_view_city_report(user, city, report=None):
    """A published report is for every signed-in user; a draft only for those who may edit it."""
    if not (user and user.is_authenticated):
        return False
    return can_edit_city_report(user, city) or bool(report and report.is_published)


def can_edit_commission_report(user):
    """The commission's report (every city, ranked) is the secretariat's."""
    return bool(user and user.is_authenticated and user.is_staff)


def can_view_commission_report(user, report=None):
    if not (user and user.is_authenticated):
        return False
    return can_edit_commission_report(user) or bool(report and report.is_published)
