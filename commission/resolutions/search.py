"""Resolutions and progress reports in search, resolutions in `flask content import` (registered by create_app)."""
from sqlalchemy import select

from ..content.importer import register_kind
from ..search.registry import register_type
from .models import Assignment, ProgressReport, Resolution


def _report_keys(session, resolution_id):
    """A report's document shows its resolution's title: a changed resolution re-indexes its reports."""
    ids = session.scalars(select(ProgressReport.id).join(Assignment, Assignment.id == ProgressReport.assignment_id)
                          .where(Assignment.resolution_id == resolution_id))
    return [f'report:{i}' for i in ids]


register_type(Resolution, label='مصوبه', plural='مصوبه‌ها', icon='journal-text',
              words=('resolution', 'resolutions', 'مصوبه', 'مصوبات', 'مصوبه‌ها'),
              eager=('lead_city', 'meeting'), dependents=_report_keys)
register_type(ProgressReport, label='گزارش پیشرفت', plural='گزارش‌های پیشرفت', icon='clipboard-check',
              words=('report', 'reports', 'گزارش', 'گزارش پیشرفت', 'گزارش‌ها'),
              eager=('assignment',), owner_type='report')


def import_values(line):
    """An archived resolution has no code and applies to the cities chosen later."""
    return {'title': line.title, 'text': line.body, 'adopted_on': line.date,
            'lead_city_id': line.city.id if line.city else None, 'scope': 'selected', 'code': ''}


register_kind('resolution', Resolution, import_values)
