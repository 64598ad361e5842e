"""Small indexes built by hand, and a look at what the real index holds (read straight from disk)."""
import os
import uuid

import pytest
from whoosh import fields
from whoosh.filedb.filestore import RamStorage

from commission.search import index
from commission.search.persian import persian_analyzer


def make_index(*texts):
    schema = fields.Schema(ref=fields.ID(stored=True), body=fields.TEXT(analyzer=persian_analyzer(), stored=True))
    # whoosh's RamStorage keeps its scratch files in /tmp/<indexname>.tmp: a name of its own per index,
    # or test processes running at once delete each other's (FileNotFoundError, flaky)
    ix = RamStorage().create_index(schema, indexname=f'test-{uuid.uuid4().hex}')
    with ix.writer() as writer:
        for i, text in enumerate(texts):
            writer.add_document(ref=str(i), body=text)
    return ix


def search_refs(ix, q):
    with ix.searcher() as searcher:
        return sorted(hit['ref'] for hit in searcher.search(q, limit=None))


def keys_in_index(path=None):
    """Every document key in the index (read straight from disk, bypassing the cached searcher)."""
    ix = index.open_index(path)
    with ix.searcher() as s:
        return {fields['key'] for fields in s.all_stored_fields()}


#: `@both_backends` on a test using `search_index` runs it on whoosh and on PostgreSQL (when the tests run on it)
both_backends = pytest.mark.parametrize('search_index', [
    'whoosh',
    pytest.param('postgres', marks=pytest.mark.skipif(not os.environ.get('TEST_DATABASE_URL'),
                                                        reason='the PostgreSQL backend needs TEST_DATABASE_URL')),
], indirect=True)
