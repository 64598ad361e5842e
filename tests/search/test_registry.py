"""The search registry: a domain declares a searchable type from its own search.py, and search picks it up."""
import pytest

from commission.search import registry, services
from commission.search.documents import Searchable


class Probe(Searchable):
    """A throwaway searchable type (no table): what a new domain's model would be."""
    search_kind = 'probe'

    def __init__(self, id=None):
        self.id = id

    def search_document(self):
        return {'kind': 'probe', 'id': self.id, 'title': 'آزمونه'}


class ProbeNote:
    """A child row of a probe, shown in the probe's document."""

    def __init__(self, probe_id):
        self.probe_id = probe_id


class FakeSession:
    def get(self, model, ident):
        return model(ident)


@pytest.fixture
def scratch_registry(monkeypatch):
    """Registrations made in a test are forgotten after it."""
    for name in ('_TYPES', '_BY_MODEL', '_PARENTS', '_VALUE_LABELS', 'KINDS', 'KIND_WORDS', 'OWNER_TYPES',
                 'ATTACHMENT_OWNERS'):
        monkeypatch.setattr(registry, name, dict(getattr(registry, name)))
    monkeypatch.setattr(registry, '_PREFETCHERS', list(registry._PREFETCHERS))
    return registry


def register_probe(reg, **kw):
    return reg.register_type(Probe, label='آزمونه', plural='آزمونه‌ها', icon='flask', words=('probe', 'آزمونه'),
                             owner_type='probe-file', **kw)


def test_a_registered_type_gets_its_labels_keys_and_kind_words(scratch_registry):
    register_probe(scratch_registry, dependents=lambda session, ident: [f'practice:{ident * 10}'])
    scratch_registry.register_parent(ProbeNote, lambda note: [f'probe:{note.probe_id}'])

    assert scratch_registry.kind_label('probe') == 'آزمونه'
    assert scratch_registry.kind_label('probe', plural=True) == 'آزمونه‌ها'
    assert scratch_registry.kind_icon('probe') == 'flask'
    assert scratch_registry.models()['probe'] is Probe
    assert scratch_registry.keys_for(Probe(3)) == ['probe:3']
    assert scratch_registry.keys_for(Probe()) == []  # not flushed yet: nothing to index
    assert scratch_registry.keys_for(ProbeNote(7)) == ['probe:7']
    assert scratch_registry.dependent_keys(None, 'probe:2') == ['practice:20']
    assert isinstance(scratch_registry.load(FakeSession(), 'probe:5'), Probe)
    assert scratch_registry.load(FakeSession(), 'probe:x') is None
    # the query language knows the new kind's words without any change in search/
    assert services.translate_shortcuts('نوع:آزمونه گاهنامه') == 'kind:probe گاهنامه'
    assert services.facet_labels('kind', {'probe': 2}) == [('probe', 'آزمونه‌ها', 2)]


def test_an_attachment_of_a_registered_owner_type_reindexes_its_owner(app, scratch_registry):
    from commission.attachments.models import Attachment
    assert scratch_registry.keys_for(Attachment(owner_type='probe-file', owner_id=5)) == []
    register_probe(scratch_registry)
    assert scratch_registry.keys_for(Attachment(owner_type='probe-file', owner_id=5)) == ['probe:5']


def test_registering_a_kind_again_replaces_it(scratch_registry):
    register_probe(scratch_registry)
    scratch_registry.register_type(Probe, label='نمونه', plural='نمونه‌ها', words=('sample',))
    assert scratch_registry.kind_label('probe') == 'نمونه'
    assert services.translate_shortcuts('kind:probe') == 'probe'
    assert 'probe' not in scratch_registry.OWNER_TYPES and 'probe-file' not in scratch_registry.ATTACHMENT_OWNERS


def test_a_model_that_is_not_searchable_is_refused(scratch_registry):
    with pytest.raises(TypeError):
        scratch_registry.register_type(ProbeNote, label='یادداشت', plural='یادداشت‌ها')


def test_every_searchable_model_of_the_app_is_registered_in_the_kinds_order(app):
    """A domain that mixes in Searchable but forgets its search.py would silently stay out of the index."""
    found, stack = set(), list(Searchable.__subclasses__())
    while stack:
        cls = stack.pop()
        if getattr(cls, '__tablename__', None):
            found.add(cls)
        stack.extend(cls.__subclasses__())
    assert found == set(registry.models().values())
    assert list(registry.KINDS) == ['practice', 'minutes', 'resolution', 'report', 'indicator', 'city_report',
                                    'kit_item']
    assert registry.OWNER_TYPES == {'practice': 'practice', 'minutes': 'meeting', 'report': 'report'}
