"""What the analyzer makes of one text, on both paths, as plain JSON values (for the golden tests)."""
import hashlib
import json
from pathlib import Path

from commission.search.persian import analyze_terms, analyze_words, joined_pair_terms, normalize_text, persian_analyzer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
#: The development material kept beside the checkout (absent in a user's clone: those goldens skip).
SHARED = ROOT.parent / 'shared'
SHARED_FILES = ('seeds/*.txt', 'search-eval/corpus.jsonl', 'search-eval/queries.jsonl',
                'search-eval2/corpus.jsonl', 'search-eval2/queries.jsonl')


def index_tokens(text, **options):
    """(text, pos, startchar, endchar) per token, as whoosh's indexer asks for them."""
    return [[t.text, t.pos, t.startchar, t.endchar]
            for t in persian_analyzer()(text, positions=True, chars=True, mode='index', **options)]


def record(text):
    """Index tokens, query words and normalised text of `text`."""
    return {'index': index_tokens(text), 'words': [list(w) for w in analyze_words(text)],
            'normalize': normalize_text(text)}


def query_record(text):
    """The derived query functions, checked beside :func:`record` in the shared golden."""
    return {'terms': analyze_terms(text), 'content': analyze_terms(text, drop_stopwords=True),
            'pairs': joined_pair_terms(text)}


def digest(value):
    data = json.dumps(value, ensure_ascii=False, separators=(',', ':'), sort_keys=True)
    return hashlib.sha256(data.encode('utf-8')).hexdigest()[:20]


def line_texts(path):
    """The texts of each line of a shared file: the line itself, or title and body (or q) of a JSON line."""
    for line in path.read_text(encoding='utf-8').split('\n'):
        if path.suffix != '.jsonl':
            yield [line]
        elif line.strip():
            row = json.loads(line)
            yield [row['q']] if 'q' in row else [row['title'], row['body']]


def shared_digests(shared=SHARED):
    """{file name relative to the shared folder: [digest of each line's analyses]}."""
    out = {}
    for pattern in SHARED_FILES:
        for path in sorted(shared.glob(pattern)):
            out[str(path.relative_to(shared))] = [
                digest([[record(t), query_record(t)] for t in texts]) for texts in line_texts(path)]
    return out
