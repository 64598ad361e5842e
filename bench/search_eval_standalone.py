"""Score the Persian analyzer and query builder on a search-eval set, without Flask or a database.

usage: python bench/search_eval_standalone.py EVAL_DIR [--run RUN.jsonl] [--show N]

Loads EVAL_DIR/corpus.jsonl into a whoosh RAM index (title, body, city, kind; bodies repaired and
without Markdown as the product indexes them), runs EVAL_DIR/queries.jsonl through
commission.search.query.build_query with the index's vocabulary and the shipped word lists, BM25F and the
best-passage re-ranking, writes a run file and prints score.py's table. The product's own path (with the
secretariat's edited lists and the reader's permissions) is `flask content import` + `flask search batch`.
--show N also prints the N worst queries with their top results.
"""

import argparse
import json
import subprocess
import sys
import uuid
from pathlib import Path

from whoosh import fields, scoring
from whoosh.filedb.filestore import RamStorage

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from commission.search import passages  # noqa: E402
from commission.search.persian import edits, persian_analyzer  # noqa: E402
from commission.search.persian.repair import repair  # noqa: E402
from commission.search.query import Vocabulary, build_query  # noqa: E402
from commission.search.text import plain  # noqa: E402


class SearcherVocabulary(Vocabulary):
    """query.Vocabulary over a plain whoosh searcher (the product's is index.WhooshVocabulary, per reader)."""

    def __init__(self, searcher, fields=('title', 'body')):
        self.searcher, self.reader, self.fields = searcher, searcher.reader(), fields

    def frequency(self, term, cap=None):
        return sum(self.reader.doc_frequency(field, term) for field in self.fields)

    def has_prefix(self, prefix):
        return any(next(iter(self.reader.expand_prefix(field, prefix)), None) is not None for field in self.fields)

    def near(self, term, maxdist):
        found = {}
        for field in self.fields:
            for k, start in enumerate(term[:1] + edits.FIRST_LETTER_SWAPS.get(term[:1], '')):
                limit = maxdist if k == 0 else 1
                for raw in self.reader.expand_prefix(field, start):
                    other = raw.decode('utf-8') if isinstance(raw, bytes) else raw
                    if other != term and abs(len(other) - len(term)) <= limit \
                            and (d := edits.distance(term, other, limit)) <= limit:
                        found[other] = min(d, found.get(other, d))
        return sorted(found.items(), key=lambda x: (x[1], -self.frequency(x[0]), x[0]))


def make_schema():
    analyzer = persian_analyzer()
    return fields.Schema(
        ref=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analyzer, stored=True, phrase=True),
        body=fields.TEXT(analyzer=analyzer, stored=True, phrase=True),
        city=fields.TEXT(analyzer=analyzer, stored=True, phrase=True),
        kind=fields.ID(stored=True),
    )


def build_index(corpus_path):
    # a scratch folder of its own (/tmp/<indexname>.tmp), not MAIN.tmp shared with other processes
    ix = RamStorage().create_index(make_schema(), indexname=f'eval-{uuid.uuid4().hex}')
    with ix.writer() as writer, open(corpus_path, encoding='utf-8') as fh:
        for line in fh:
            doc = json.loads(line)
            writer.add_document(ref=doc['ref'], title=doc['title'], body=repair(plain(doc['body'])),
                                city=doc['city'], kind=doc['kind'].lower())
    return ix


def run_queries(ix, queries_path, limit=10):
    """Yield (query dict, [(ref, score)]) or (query dict, error string)."""
    with ix.searcher(weighting=scoring.BM25F()) as searcher, open(queries_path, encoding='utf-8') as fh:
        for line in fh:
            q = json.loads(line)
            try:
                query = build_query(q['q'], vocabulary=SearcherVocabulary(searcher))
                hits = searcher.search(query, limit=max(limit, passages.CANDIDATES))
                ranked = passages.rerank(searcher, query, [(hit.score, hit.docnum) for hit in hits])[:limit]
                yield q, [(searcher.stored_fields(d)['ref'], score) for score, d in ranked]
            except Exception as exc:  # noqa: BLE001 - a failing query is reported, not fatal
                yield q, f'{type(exc).__name__}: {exc}'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('eval_dir', type=Path, help='folder of corpus.jsonl, queries.jsonl, qrels.json and score.py')
    ap.add_argument('--run', type=Path, default=Path('/tmp/search_eval_run.jsonl'))
    ap.add_argument('--show', type=int, default=0, help='print results of queries below full nDCG')
    args = ap.parse_args(argv)

    ix = build_index(args.eval_dir / 'corpus.jsonl')
    qrels = json.loads((args.eval_dir / 'qrels.json').read_text(encoding='utf-8'))
    with args.run.open('w', encoding='utf-8') as out:
        for q, result in run_queries(ix, args.eval_dir / 'queries.jsonl'):
            if isinstance(result, str):
                out.write(json.dumps({'id': q['id'], 'error': result}) + '\n')
                continue
            out.write(json.dumps({'id': q['id'], 'results': [{'ref': r} for r, _ in result]}) + '\n')
            rel = qrels.get(q['id'], {})
            if args.show and (not result or any(r not in rel for r, _ in result[:len(rel)])):
                print(q['id'], q['cat'], q['q'], 'relevant:', rel)
                print('   ', ' '.join(f'{r}({rel.get(r, 0)}):{s:.1f}' for r, s in result))
    cmd = [sys.executable, str(args.eval_dir / 'score.py'), str(args.eval_dir / 'qrels.json'), str(args.run),
           '--queries', str(args.eval_dir / 'queries.jsonl')]
    return subprocess.call(cmd)


if __name__ == '__main__':
    sys.exit(main())
