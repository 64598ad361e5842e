"""Persian analysis vs whoosh's StandardAnalyzer at index time, on bench/search.py's generated documents.

usage: .venv/bin/python bench/analyzer_speed.py [--docs 10000] [--rounds 5] [--index-docs 5000] [--against REF]

What "analysis" means here (the issue's target: at most 2x StandardAnalyzer):

* The same text for both analyzers, the text whoosh's indexer hands them: each document's title as is
  and its body as index.to_fields prepares it (Markdown removed, then persian/repair.py's PDF repair),
  title and body as two texts, as two fields are.
* The same call and the same consumption as indexing: the arguments fields.TEXT.index passes
  (positions and boosts, mode 'index'; no character offsets), through whoosh.formats.tokens, each
  token's position and boost gathered under its text as formats.Positions.word_values does.
* CPU time of this process (time.process_time), not wall time: the machine is shared. Rounds
  alternate StandardAnalyzer, the Persian analyzer from empty memos ("cold", what a rebuild of unseen
  text pays; hazm's lexicon stays loaded: its one-off loading per process is timed apart, in a fresh
  process, as lexicon_load_s) and again with the memos full ("warm", what a worker pays for text like
  what it has seen). ratio_cold and ratio_warm divide the best round of each; ratio_per_round gives
  the spread of the ratios within each round. --against REF also times git revision REF's analyzer
  (taken out of git as bench/analyzer_equal.py does) in the same rounds: ref_ratio_cold/warm.
* The PDF repair is not in ratio_cold/ratio_warm (StandardAnalyzer gets the repaired text too); it
  is run once, from empty caches, and ratio_cold_with_repair adds its time to the cold analysis.
* field_index_ratio_*: the same rounds through fields.TEXT.index(), what the writer calls per field,
  which also groups positions by term and encodes each distinct term (the joined pairs the Persian
  analyzer adds cost there too).

Also: the memory the Persian memos hold after one pass over the documents (tracemalloc), and a real
whoosh index of --index-docs documents built with each analyzer (best of two), with the writer
settings of bench/search.py (limitmb=256). Beyond about 6,000 documents whoosh spills the Persian
index's larger posting pool to disk and that ratio grows for reasons outside the analyzer.

Earlier figures measured other things: the README's 1.55x (2026-11-22) was bench/search.py's wall-time
ratio, title and body as one text with character offsets asked for, before the number, date and code
terms existed; this script's earlier ratio_cold/ratio_warm asked for character offsets too (which
StandardAnalyzer pays for and the Persian analyzer always computes) and did not read the tokens.

Ends with one line of JSON.
"""
import argparse
import gc
import importlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'bench'))
sys.path.insert(0, str(ROOT))

from search import Generator, corpus_texts  # noqa: E402  (bench/search.py)
from whoosh import fields  # noqa: E402
from whoosh.analysis import StandardAnalyzer  # noqa: E402
from whoosh.formats import tokens  # noqa: E402
from whoosh.index import create_in  # noqa: E402

from commission.search import persian  # noqa: E402
from commission.search.persian.repair import is_known, repair  # noqa: E402
from commission.search.text import plain  # noqa: E402

#: what whoosh's indexer passes to a field's analyzer (fields.TEXT.index -> formats.Positions.word_values:
#: positions and boosts, mode 'index'; character offsets are not asked for)
INDEX_KWARGS = {'positions': True, 'boosts': True, 'mode': 'index'}


def index_texts(docs):
    """The texts whoosh's indexer hands the analyzer for `docs`: the title as is, the body after
    index.to_fields' preparation (Markdown removed, then PDF repair), timed apart; [title, body] per doc."""
    texts = [plain(b) for _, b in docs]
    start = time.process_time()
    texts = [repair(b) for b in texts]
    return [[t, b] for (t, _), b in zip(docs, texts, strict=True)], time.process_time() - start


def analyse_all(analyzer, docs):
    """CPU seconds and tokens for the token streams of every title and body, consumed as whoosh's
    Positions.word_values consumes them (through formats.tokens; each token's position and boost added
    to its text's entries), without whoosh's encoding of each distinct term."""
    start = time.process_time()
    n = 0
    for doc in docs:
        for text in doc:
            poses, weights = defaultdict(list), defaultdict(float)
            for t in tokens(text, analyzer, INDEX_KWARGS):
                poses[t.text].append(t.pos)
                weights[t.text] += t.boost
            n += sum(map(len, poses.values()))
    return time.process_time() - start, n


def field_index_all(field, docs):
    """CPU seconds for what the writer calls per field, fields.TEXT.index(): the stream above plus
    whoosh's grouping of positions by term and the encoding of each distinct term (more terms cost more)."""
    start = time.process_time()
    for doc in docs:
        for text in doc:
            for _ in field.index(text):
                pass
    return time.process_time() - start


def spread(values):
    return {'min': round(min(values), 2), 'median': round(statistics.median(values), 2), 'max': round(max(values), 2)}


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


def measure(docs, rounds, log=None, through_fields=True, reference=None):
    """Alternating rounds of StandardAnalyzer, the Persian analyzer from empty memos (cold) and again with
    them full (warm), as token streams and through fields.TEXT.index(); CPU seconds per round and kind.
    `reference`: another revision's persian package (--against), timed cold and warm in the same rounds."""
    standard, pa = StandardAnalyzer(), persian.persian_analyzer()
    std_field, pa_field = fields.TEXT(analyzer=standard, phrase=True), fields.TEXT(analyzer=pa, phrase=True)
    times = {k: [] for k in ('standard', 'cold', 'warm', 'field_standard', 'field_cold', 'field_warm')}
    if reference is not None:
        ref_analyzer = reference.persian_analyzer()
        times |= {'ref_cold': [], 'ref_warm': []}
    tokens = {}
    for r in range(rounds):
        gc.collect()
        s, tokens['standard'] = analyse_all(standard, docs)
        times['standard'].append(s)
        persian.clear_caches()
        s, tokens['persian'] = analyse_all(pa, docs)
        times['cold'].append(s)
        times['warm'].append(analyse_all(pa, docs)[0])
        if reference is not None:
            reference.clear_caches()
            times['ref_cold'].append(analyse_all(ref_analyzer, docs)[0])
            times['ref_warm'].append(analyse_all(ref_analyzer, docs)[0])
        if not through_fields:
            continue
        times['field_standard'].append(field_index_all(std_field, docs))
        persian.clear_caches()
        times['field_cold'].append(field_index_all(pa_field, docs))
        times['field_warm'].append(field_index_all(pa_field, docs))
        if log:
            log(f'  round {r + 1}: ' + ', '.join(f'{k} {v[-1]:.2f} s' for k, v in times.items()))
    return times, tokens


def cold_times(raw_docs, rounds=3):
    """Best CPU seconds of StandardAnalyzer and of the cold Persian analyzer on (title, body) `raw_docs`
    prepared as index_texts does (bench/search.py's analysis_ratio divides them)."""
    persian.warm_up()
    times, _ = measure(index_texts(raw_docs)[0], rounds, through_fields=False)
    return {'standard': min(times['standard']), 'persian': min(times['cold'])}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--docs', type=int, default=10_000)
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--index-docs', type=int, default=5_000)
    ap.add_argument('--against', metavar='REF', help="also time git revision REF's analyzer in the same rounds")
    args = ap.parse_args(argv)

    def log(message):
        print(message, file=sys.stderr)

    titles, bodies, source = corpus_texts()
    gen = Generator(titles, bodies)
    raw_docs = [gen.document() for _ in range(args.docs)]
    lexicon_s = float(subprocess.check_output(
        [sys.executable, '-c', 'import time; from commission.search import persian as a; '
         't = time.process_time(); a.warm_up(); print(time.process_time() - t)'], cwd=ROOT))
    persian.warm_up()
    persian.clear_caches()
    is_known.cache_clear()
    docs, repair_s = index_texts(raw_docs)
    repaired = sum(b != pb for (_, b), (_, pb) in zip(raw_docs, docs, strict=True))
    mb = sum(len(t) + len(b) for t, b in docs) / 1e6
    log(f'{len(docs)} documents ({mb:.1f} M characters) from the {source}; repair {repair_s:.2f} s '
        f'(changed {repaired} bodies)')

    reference = None
    if args.against:
        from analyzer_equal import load_old  # bench/analyzer_equal.py
        reference = load_old(args.against)[0]
        reference.warm_up()
        ref_repair = importlib.import_module(reference.__name__ + '.repair')
        bodies = [plain(b) for _, b in raw_docs]
        ref_repair.is_known.cache_clear()
        start = time.process_time()
        for b in bodies:
            ref_repair.repair(b)
        ref_repair_s = time.process_time() - start
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times, tokens = measure(docs, args.rounds, log, reference=reference)
    best = {k: min(v) for k, v in times.items()}
    per_round = {
        'cold': [c / s for c, s in zip(times['cold'], times['standard'], strict=True)],
        'warm': [w / s for w, s in zip(times['warm'], times['standard'], strict=True)],
        'field_cold': [c / s for c, s in zip(times['field_cold'], times['field_standard'], strict=True)],
        'field_warm': [w / s for w, s in zip(times['field_warm'], times['field_standard'], strict=True)],
    }
    if reference is not None:
        per_round |= {kind: [r / s for r, s in zip(times[kind], times['standard'], strict=True)]
                      for kind in ('ref_cold', 'ref_warm')}
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # memory the memos take after analysing all documents once from empty (tracemalloc: Python objects)
    pa = persian.persian_analyzer()
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
        build['standard'].append(build_index(StandardAnalyzer(), sub))
        persian.clear_caches()
        build['persian'].append(build_index(pa, sub))
    best_build = {k: min(v) for k, v in build.items()}

    result = {
        'documents': len(docs), 'mchars': round(mb, 2), 'rounds': args.rounds,
        'load_average': round(os.getloadavg()[0], 1),
        'ratio_cold': round(best['cold'] / best['standard'], 2),
        'ratio_warm': round(best['warm'] / best['standard'], 2),
        **({'against': args.against, 'ref_ratio_cold': round(best['ref_cold'] / best['standard'], 2),
            'ref_ratio_warm': round(best['ref_warm'] / best['standard'], 2),
            'ref_repair_s': round(ref_repair_s, 2)} if reference is not None else {}),
        'ratio_cold_with_repair': round((best['cold'] + repair_s) / best['standard'], 2),
        'ratio_per_round': {k: spread(v) for k, v in per_round.items()},
        'field_index_ratio_cold': round(best['field_cold'] / best['field_standard'], 2),
        'field_index_ratio_warm': round(best['field_warm'] / best['field_standard'], 2),
        'standard_s': round(best['standard'], 2), 'persian_cold_s': round(best['cold'], 2),
        'persian_warm_s': round(best['warm'], 2), 'repair_s': round(repair_s, 2), 'bodies_repaired': repaired,
        'seconds': {k: spread(v) for k, v in times.items()},
        'lexicon_load_s': round(lexicon_s, 2),
        'tokens_standard': tokens['standard'], 'tokens_persian': tokens['persian'],
        'index_docs': len(sub), 'index_standard_s': round(best_build['standard'], 2),
        'index_persian_s': round(best_build['persian'], 2),
        'index_build_ratio': round(best_build['persian'] / best_build['standard'], 2),
        'max_rss_mb_before': round(rss0), 'max_rss_mb_after': round(rss1),
        'memo_mb': round(memo_mb, 1), 'memo_entries': cache_entries,
    }
    log(f'analysis: standard {best["standard"]:.2f} s, persian {best["cold"]:.2f} s cold ({result["ratio_cold"]}x, '
        f'rounds {per_round_text(per_round["cold"])}), {best["warm"]:.2f} s warm ({result["ratio_warm"]}x, rounds '
        f'{per_round_text(per_round["warm"])}); with repair {result["ratio_cold_with_repair"]}x; through '
        f'TEXT.index {result["field_index_ratio_cold"]}x cold, {result["field_index_ratio_warm"]}x warm; '
        f'index of {len(sub)}: {result["index_build_ratio"]}x')
    print(json.dumps(result))


def per_round_text(values):
    return f'{min(values):.2f}-{max(values):.2f}'


if __name__ == '__main__':
    main()
