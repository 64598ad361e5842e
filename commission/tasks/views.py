"""«کارهای من» (/tasks/): everything waiting on the signed-in user, and the count in the navigation."""
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from ..jalali import persian_digits, today_tehran
from ..templating import expose_rules, register_nav_badge
from . import rules
from .registry import has_tasks_page, load_providers, remember_count, sections_for, task_count

bp = Blueprint('tasks', __name__, url_prefix='/tasks')

expose_rules('tasks', rules)
load_providers()


@bp.get('/')
@login_required
def index():
    if not rules.can_view_tasks(current_user):
        abort(403)
    today = today_tehran()
    sections = sections_for(current_user, today)
    total = sum(len(tasks) for _, tasks in sections)
    remember_count(current_user, total)  # the navigation's badge reuses this page's count
    return render_template('tasks/index.html', sections=sections, total=total, today_date=today)


def _badge(user):
    """The navigation's count: (number, its spoken label), or None when there is nothing for this user."""
    if not has_tasks_page(user):
        return None
    count = task_count(user)
    return count, 'کارهای من: ' + (f'{persian_digits(count)} کار در انتظار شما' if count else 'کاری در انتظار شما نیست')


register_nav_badge('tasks.index', _badge)
