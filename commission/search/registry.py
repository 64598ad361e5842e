"""Which types are searchable: each domain registers its own, and search/ names no domain.

A domain's `search.py` (imported by the app factory) calls `register_type(Model, ...)` for each
searchable model (a `Searchable` with `search_kind` and `search_document()`), `register_parent(Child,
keys)` for a child row whose change alters a parent's document (an agenda item re-indexes its
minutes), and may give `dependents` (a resolution's change re-indexes its progress reports).
Shared infrastructure registers the same way: attachments map an attachment to its owner's key with
`kind_of_owner` (from each type's `owner_type`), and `register_prefetcher` lets a rebuild read many
owners' attachment texts at once; cities name the city facet's values with `register_value_labels`.
"""
import dataclasses
from collections.abc import Callable

from sqlalchemy.orm import selectinload


@dataclasses.dataclass(frozen=True)
class SearchType:
    """One searchable kind, as its domain declares it."""
    kind: str
    model: type
    label: str
    plural: str
    icon: str = 'file-text'
    #: words a user may type after `kind:` / `نوع:` (compared after normalisation)
    words: tuple = ()
    #: relationship names loaded eagerly when a rebuild builds many documents of this kind
    eager: tuple = ()
    #: Attachment.owner_type of this kind's attached files, or None
    owner_type: str | None = None
    #: (session, id) -> keys of other documents that show this item's data
    dependents: Callable | None = None


_TYPES = {}
_BY_MODEL = {}
#: child class -> function(obj) -> parent keys
_PARENTS = {}
#: functions (session, search_type, ids) -> {key: data} a rebuild hands to `search_document()`
_PREFETCHERS = []
#: facet field -> function(values) -> {value: label}
_VALUE_LABELS = {}
#: functions (session) a rebuild calls once its index is committed, to queue work that reads the whole index
_AFTER_REBUILD = []

#: kind -> (singular label, plural label, bootstrap icon); filled by register_type
KINDS = {}
#: kind -> words a user may type after `kind:` / `نوع:`; filled by register_type
KIND_WORDS = {}
#: kind -> owner_type of its attachments; filled by register_type
OWNER_TYPES = {}
#: owner_type of an Attachment -> kind of the owning item
ATTACHMENT_OWNERS = {}


def register_type(model, *, label, plural, icon='file-text', words=(), eager=(), owner_type=None, dependents=None):
    """Make `model` (a Searchable with its `search_kind`) searchable; registering a kind again replaces it."""
    kind = getattr(model, 'search_kind', None)
    if not kind or not callable(getattr(model, 'search_document', None)):
        raise TypeError(f'{model.__name__} needs a search_kind and a search_document() (mix in Searchable)')
    previous = _TYPES.get(kind)
    if previous is not None:
        _BY_MODEL.pop(previous.model, None)
        ATTACHMENT_OWNERS.pop(previous.owner_type, None)
        OWNER_TYPES.pop(kind, None)
    search_type = SearchType(kind, model, label, plural, icon, tuple(words), tuple(eager), owner_type, dependents)
    _TYPES[kind] = search_type
    _BY_MODEL[model] = search_type
    KINDS[kind] = (label, plural, icon)
    KIND_WORDS[kind] = tuple(words)
    if owner_type:
        OWNER_TYPES[kind] = owner_type
        ATTACHMENT_OWNERS[owner_type] = kind
    return search_type


def register_parent(child, keys):
    """A change to a `child` row re-indexes the documents whose keys `keys(obj)` returns."""
    _PARENTS[child] = keys


def register_after_rebuild(fn):
    """`fn(session)` runs after each `rebuild`, in its session (which then commits): e.g. a domain queues a job
    that recomputes what it derived from the index."""
    if fn not in _AFTER_REBUILD:
        _AFTER_REBUILD.append(fn)


def after_rebuild():
    return list(_AFTER_REBUILD)


def register_prefetcher(prefetch):
    """`prefetch(session, search_type, ids)` -> {key: data} read once per rebuild batch (see documents.prefetched)."""
    if prefetch not in _PREFETCHERS:
        _PREFETCHERS.append(prefetch)


def register_value_labels(field, labels):
    """`labels(values)` -> {value: label} shown for a facet's values (city slugs as Persian names)."""
    _VALUE_LABELS[field] = labels


def value_labels(field, values):
    """{value: label} for a facet's values; a value without a label is shown as it is."""
    labels = _VALUE_LABELS.get(field)
    return labels(values) if labels and values else {}


def kind_label(kind, plural=False):
    labels = KINDS.get(kind)
    return labels[1 if plural else 0] if labels else kind


def kind_icon(kind):
    return KINDS.get(kind, ('', '', 'file-text'))[2]


def kind_of_owner(owner_type):
    """The kind whose attachments have this owner_type, or None."""
    return ATTACHMENT_OWNERS.get(owner_type)


def models():
    """{kind: model class} of every registered type."""
    return {kind: search_type.model for kind, search_type in _TYPES.items()}


def load_options(kind):
    """Eager loads for building many documents of a kind at once (rebuild)."""
    search_type = _TYPES[kind]
    return [selectinload(getattr(search_type.model, name)) for name in search_type.eager]


def prefetch(session, kind, ids):
    """What the registered prefetchers read at once for many items of a kind (rebuild)."""
    found = {}
    for prefetcher in _PREFETCHERS:
        found.update(prefetcher(session, _TYPES[kind], ids))
    return found


def keys_for(obj):
    """Index keys a changed object affects: its own, or its parent's for a child row."""
    search_type = _BY_MODEL.get(type(obj))
    if search_type is not None:
        return [f'{search_type.kind}:{obj.id}'] if getattr(obj, 'id', None) is not None else []
    parent = _PARENTS.get(type(obj))
    return list(parent(obj)) if parent else []


def dependent_keys(session, key):
    """Documents that show data of `key` (a resolution's title appears in its progress reports)."""
    kind, _, ident = key.partition(':')
    search_type = _TYPES.get(kind)
    if search_type is None or search_type.dependents is None or not ident.isdigit():
        return []
    return list(search_type.dependents(session, int(ident)))


def load(session, key):
    """The object behind an index key, or None when it no longer exists."""
    kind, _, ident = key.partition(':')
    search_type = _TYPES.get(kind)
    if search_type is None or not ident.isdigit():
        return None
    return session.get(search_type.model, int(ident))
