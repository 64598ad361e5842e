"""Which models are searchable, what their kinds are called, and which child rows re-index a parent.

A content type plugs in by mixing `Searchable` into its model (kind and `search_document()`); it is
found here automatically. A child row whose change alters a parent's document (an attachment, an
agenda item) is mapped to the parent's key in `_PARENTS`.
"""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .documents import Searchable

#: kind -> (singular label, plural label, bootstrap icon)
KINDS = {
    'practice': ('تجربه', 'تجربه‌ها', 'lightbulb'),
    'minutes': ('صورتجلسه', 'صورتجلسه‌ها', 'calendar-event'),
    'resolution': ('مصوبه', 'مصوبه‌ها', 'journal-text'),
    'report': ('گزارش پیشرفت', 'گزارش‌های پیشرفت', 'clipboard-check'),
}

#: words a user may type after `kind:` / `نوع:` for each kind (compared after normalisation)
KIND_WORDS = {
    'practice': ('practice', 'practices', 'تجربه', 'تجربه‌ها', 'اقدام', 'اقدام برتر'),
    'minutes': ('minutes', 'meeting', 'meetings', 'صورتجلسه', 'صورت‌جلسه', 'صورتجلسه‌ها', 'نشست', 'جلسه'),
    'resolution': ('resolution', 'resolutions', 'مصوبه', 'مصوبات', 'مصوبه‌ها'),
    'report': ('report', 'reports', 'گزارش', 'گزارش پیشرفت', 'گزارش‌ها'),
}

#: owner_type of an Attachment -> kind of the owning item
ATTACHMENT_OWNERS = {'practice': 'practice', 'meeting': 'minutes', 'report': 'report'}
#: kind -> owner_type of its attachments
OWNER_TYPES = {kind: owner for owner, kind in ATTACHMENT_OWNERS.items()}


def kind_label(kind, plural=False):
    labels = KINDS.get(kind)
    return labels[1 if plural else 0] if labels else kind


def kind_icon(kind):
    return KINDS.get(kind, ('', '', 'file-text'))[2]


def models():
    """{kind: model class} of every Searchable model."""
    from .. import models as _all  # noqa: F401  (make sure every model class is defined)
    found = {}
    stack = list(Searchable.__subclasses__())
    while stack:
        cls = stack.pop()
        if getattr(cls, '__tablename__', None) and cls.search_kind:
            found[cls.search_kind] = cls
        stack.extend(cls.__subclasses__())
    return found


def load_options(kind):
    """Eager loads for building many documents of a kind at once (rebuild)."""
    model = models()[kind]
    names = {'practice': ('city', 'category', 'tags'), 'minutes': ('host_city', 'agenda_items'),
             'resolution': ('lead_city', 'meeting'), 'report': ('assignment',)}.get(kind, ())
    return [selectinload(getattr(model, name)) for name in names if hasattr(model, name)]


def _attachment_keys(obj):
    kind = ATTACHMENT_OWNERS.get(obj.owner_type)
    return [f'{kind}:{obj.owner_id}'] if kind and obj.owner_id else []


def _agenda_item_keys(obj):
    return [f'minutes:{obj.meeting_id}'] if obj.meeting_id else []


_PARENTS = {'Attachment': _attachment_keys, 'AgendaItem': _agenda_item_keys}


def keys_for(obj):
    """Index keys a changed object affects: its own, or its parent's for a child row."""
    if isinstance(obj, Searchable):
        return [obj.search_key] if getattr(obj, 'id', None) is not None else []
    parent = _PARENTS.get(type(obj).__name__)
    return parent(obj) if parent else []


def dependent_keys(session, key):
    """Documents that show data of `key` (a resolution's title appears in its progress reports)."""
    kind, _, ident = key.partition(':')
    if kind != 'resolution' or not ident.isdigit():
        return []
    all_models = models()
    report = all_models.get('report')
    if report is None:
        return []
    from ..resolutions.models import Assignment
    ids = session.scalars(select(report.id).join(Assignment, Assignment.id == report.assignment_id)
                          .where(Assignment.resolution_id == int(ident)))
    return [f'report:{i}' for i in ids]


def load(session, key):
    """The object behind an index key, or None when it no longer exists."""
    kind, _, ident = key.partition(':')
    model = models().get(kind)
    if model is None or not ident.isdigit():
        return None
    return session.get(model, int(ident))
