"""The resolutions' part of «کارهای من»: a city's reports due; the secretariat's claims and extension requests."""
from ..jalali import format_jalali, persian_digits
from ..tasks.registry import Task, provider
from .rules import can_decide_extension, can_review, can_view_my_city
from .services import my_city_counts, my_city_items, open_extension_requests, pending_claims

#: a director is asked for a report when the deadline is this close (or past)
SOON_DAYS = 30


def deadline_of(assignment):
    """The deadline that counts for this city: the assignment's own when it has one, else the resolution's."""
    return assignment.effective_deadline


def _code(resolution):
    return f'مصوبه {persian_digits(resolution.code)} ' if resolution.code else 'مصوبه '


def _reports_due_count(user, today):
    """len(reports_due(user, today)) without loading the city's assignments as objects (the navigation's count)."""
    counts = my_city_counts(user, today, soon_days=SOON_DAYS)
    return counts['overdue'] + counts['soon']


@provider('resolutions.reports', title='گزارش پیشرفت مصوبه‌ها', icon='clipboard-check', order=10,
          applies=can_view_my_city, count=_reports_due_count)
def reports_due(user, today):
    """Assignments of my city not finished whose deadline is past or within SOON_DAYS days.

    The grouping (and so which deadline counts, and what 'overdue' means) is my_city_items', the one place.
    """
    groups = my_city_items(user, today, soon_days=SOON_DAYS)
    tasks = []
    for overdue, assignment in [(True, a) for a in groups['overdue']] + [(False, a) for a in groups['soon']]:
        resolution, deadline = assignment.resolution, deadline_of(assignment)
        left = (deadline - today).days if deadline else None
        if overdue:
            ago = f' {persian_digits(-left)} روز پیش' if left is not None and left < 0 else ''
            why = f'مهلت{ago} گذشته و انجام مصوبه در شهر شما هنوز گزارش نشده است.'
        elif left == 0:
            why = 'مهلت امروز است؛ وضعیت اجرای مصوبه را در شهر خود گزارش کنید.'
        else:
            why = f'{persian_digits(left)} روز تا مهلت ({format_jalali(deadline)}) مانده است؛ وضعیت اجرا را گزارش کنید.'
        tasks.append(Task(what=f'گزارش {_code(resolution)}«{resolution.title}»', why=why,
                          url=f'/resolutions/assignments/{assignment.id}', due=deadline,
                          urgent=bool(overdue or (left is not None and left <= 3))))
    return tasks


def _is_staff(user):
    return user.is_authenticated and user.is_staff


@provider('resolutions.claims', title='ادعاهای انجام برای بررسی', icon='hourglass-split', order=10,
          applies=_is_staff)
def claims_to_review(user, today):
    tasks = []
    for report in pending_claims():
        if not can_review(user, report):
            continue
        assignment = report.assignment
        resolution = assignment.resolution
        tasks.append(Task(
            what=f'{assignment.city.name}: انجام {_code(resolution)}«{resolution.title}»',
            why=f'شهر در {format_jalali(report.created_dt)} اعلام کرده مصوبه را انجام داده است؛ '
                'مستندات را ببینید و بپذیرید یا برگردانید.',
            url=f'/resolutions/assignments/{assignment.id}#report-{report.id}', due=None))
    return tasks


@provider('resolutions.extensions', title='درخواست‌های تمدید مهلت', icon='calendar-plus', order=11,
          applies=_is_staff)
def extensions_to_decide(user, today):
    tasks = []
    for request in open_extension_requests():
        if not can_decide_extension(user, request):
            continue
        assignment = request.assignment
        resolution = assignment.resolution
        tasks.append(Task(
            what=f'{assignment.city.name}: تمدید مهلت {_code(resolution)}«{resolution.title}»',
            why=f'شهر تا {format_jalali(request.requested_deadline)} مهلت خواسته است؛ بپذیرید یا با ذکر دلیل رد کنید.',
            url=f'/resolutions/assignments/{assignment.id}', due=request.current_deadline,
            urgent=bool(request.current_deadline and request.current_deadline <= today)))
    return tasks
