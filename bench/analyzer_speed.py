"""Persian analysis vs whoosh's StandardAnalyzer at index time, on bench/search.py's generated documents.

usage: .venv/bin/python bench/analyzer_speed.py [--docs 10000] [--rounds 5] [--index-docs 5000]

1. Once, as bench/search.py's own figure does it: wall time, one pass of each analyzer over title and
   body as one text, in a process that loads hazm's lexicon during the Persian pass.
2. Rounds that alternate the analyzers over the same documents, title and body tokenised separately
   with positions and character offsets on, as whoosh's indexer does; the best round of each counts,
   in CPU time of this process so that other work on the machine does not skew it. "cold" clears the
   Persian analyzer's memos before its round (the lexicon stays loaded: its loading is timed
   separately, in a fresh process); "warm" repeats the round with them filled.
3. The memory the Persian memos hold after one pass over the documents (tracemalloc).
4. A real whoosh index of --index-docs documents built with each analyzer (best of two), with the
   writer settings of bench/search.py (limitmb=256). Beyond about 6,000 documents whoosh spills the
   Persian index's larger posting pool to disk and the ratio grows for reasons outside the analyzer.

Ends with one line of JSON.
"""
import argparse
import gc
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'bench'))
sys.path.insert(0, str(ROOT))

from search import Generator, analysis_ratio, corpus_texts  # noqa: E402  (bench/search.py)
from whoosh import fields  # noqa: E402
from whoosh.analysis import StandardAnalyzer  # noqa: E402
from whoosh.index import create_in  # noqa: E402

from commission.search import persian  # noqa: E402


def analyse_all(analyzer, docs):
    start = time.process_time()
    n = 0
    for title, body in docs:
        for text in (title, body):
            for _ in analyzer(text, positions=True, chars=True, boosts=True, mode='index'):
                n += 1
    return time.process_time() - start, n


def build_index(analyzer, docs):
    folder = tempfile.mkdtemp(prefix='analyzer-speed-')
    try:
        schema = fields.Schema(title=fields.TEXT(analyzer=analyzer, stored=True, phrase=True),
                               body=fields.TEXT(analyzer=analyzer, stored=True, phrase=True))
        ix = create_in(folder, schema)
        start = time.process_time()
        with ix.writer(limitmb=256) as w:
            for title, body in docs:
                w.add_document(title=title, body=body)
        return time.process_time() - start
    finally:
        shutil.rmtree(folder)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--docs', type=int, default=10_000)
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--index-docs', type=int, default=5_000)
    args = ap.parse_args(argv)

    titles, bodies, source = corpus_texts()
    gen = Generator(titles, bodies)
    docs = [gen.document() for _ in range(args.docs)]
    mb = sum(len(t) + len(b) for t, b in docs) / 1e6
    print(f'{len(docs)} documents ({mb:.1f} M characters) from the {source}', file=sys.stderr)

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # First, as bench/search.py measures it: one pass each, wall time, title and body as one text, in a
    # process that has not loaded hazm's lexicon yet (so its loading is counted).
    as_search_py = analysis_ratio([t + '\n' + b for t, b in docs])
    print(f'  as bench/search.py: standard {as_search_py["standard"]:.2f} s, persian {as_search_py["persian"]:.2f} s '
          '(lexicon loading included)', file=sys.stderr)
    lexicon_s = float(subprocess.check_output(
        [sys.executable, '-c', 'import time; from commission.search import persian as a; '
         't = time.process_time(); a.warm_up(); print(time.process_time() - t)'], cwd=ROOT))
    standard, pa = StandardAnalyzer(), persian.persian_analyzer()
    times = {'standard': [], 'cold': [], 'warm': []}
    tokens = {}
    gc.collect()
    for r in range(args.rounds):
        s, tokens['standard'] = analyse_all(standard, docs)
        times['standard'].append(s)
        persian.clear_caches()
        s, tokens['persian'] = analyse_all(pa, docs)
        times['cold'].append(s)
        s, _ = analyse_all(pa, docs)
        times['warm'].append(s)
        print(f'  round {r + 1}: standard {times["standard"][-1]:.2f} s, persian cold {times["cold"][-1]:.2f} s, '
              f'warm {times["warm"][-1]:.2f} s', file=sys.stderr)
    best = {k: min(v) for k, v in times.items()}
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # memory the memos take after analysing all documents once from empty (tracemalloc: Python objects)
    persian.clear_caches()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    analyse_all(pa, docs)
    gc.collect()
    memo_mb = (tracemalloc.get_traced_memory()[0] - base) / 1e6
    tracemalloc.stop()
    cache_entries = persian.cache_sizes()

    sub = docs[:args.index_docs]
    build = {'standard': [], 'persian': []}
    for _ in range(2):
        build['standard'].append(build_index(standard, sub))
        persian.clear_caches()
        build['persian'].append(build_index(pa, sub))
    best_build = {k: min(v) for k, v in build.items()}

    result = {
        'documents': len(docs), 'mchars': round(mb, 2), 'rounds': args.rounds,
        'search_py_ratio': round(as_search_py['persian'] / as_search_py['standard'], 2),
        'lexicon_load_s': round(lexicon_s, 2),
        'standard_s': round(best['standard'], 2), 'persian_cold_s': round(best['cold'], 2),
        'persian_warm_s': round(best['warm'], 2),
        'tokens_standard': tokens['standard'], 'tokens_persian': tokens['persian'],
        'ratio_cold': round(best['cold'] / best['standard'], 2),
        'ratio_warm': round(best['warm'] / best['standard'], 2),
        'index_docs': len(sub), 'index_standard_s': round(best_build['standard'], 2),
        'index_persian_s': round(best_build['persian'], 2),
        'index_build_ratio': round(best_build['persian'] / best_build['standard'], 2),
        'max_rss_mb_before': round(rss0), 'max_rss_mb_after': round(rss1),
        'memo_mb': round(memo_mb, 1), 'memo_entries': cache_entries,
    }
    print(f'analysis: standard {best["standard"]:.2f} s, persian {best["cold"]:.2f} s cold '
          f'({result["ratio_cold"]}x), {best["warm"]:.2f} s warm ({result["ratio_warm"]}x); '
          f'index of {len(sub)}: {result["index_build_ratio"]}x', file=sys.stderr)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
