"""Practices in search and in `flask content import`: registered when the app is built (see create_app)."""
import datetime as dt

from ..content.importer import register_kind
from ..jalali import jalali_year
from ..search.registry import register_after_rebuild, register_parent, register_type
from .models import Practice, PracticeComment
from .similar import start_refresh

#: an imported body up to this many characters is the summary; a longer one is the "what was done" section
SUMMARY_MAX = 400

register_type(Practice, label='تجربه', plural='تجربه‌ها', icon='lightbulb',
              words=('practice', 'practices', 'تجربه', 'تجربه‌ها', 'اقدام', 'اقدام برتر'),
              eager=('city', 'category', 'tags', 'comments'), owner_type='practice')
# questions and answers on a practice are part of its document
register_parent(PracticeComment, lambda comment: [f'practice:{comment.practice_id}'] if comment.practice_id else [])
#: a new index may rank differently: every practice's similar experiences are recomputed (throttled, by the worker)
register_after_rebuild(start_refresh)


def import_values(line):
    """An archived practice is published, authorless, dated by its line."""
    published = dt.datetime.combine(line.date, dt.time(12)) if line.date else None
    short = len(line.body) <= SUMMARY_MAX
    return {'title': line.title, 'city_id': line.city.id, 'summary': line.body if short else '',
            'actions': '' if short else line.body, 'status': 'published',
            'year': jalali_year(line.date) if line.date else None, 'published_dt': published, 'submitted_dt': published}


register_kind('practice', Practice, import_values, city_required=True,
              on_create=lambda values: {'created_dt': values['published_dt']} if values['published_dt'] else {})
