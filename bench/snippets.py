"""Highlighting speed: the product's snippets against whoosh's highlighter on the same texts; ends with JSON.

usage: .venv/bin/python bench/snippets.py [--docs 2000] [--rounds 3]

Texts are bench/search.py's generated documents (a title and 4 to 8 sentences each). Each query word
is one the documents hold, so every body has something to mark, as on a results page. Both sides get
the same terms and analyse with the product's analyser; whoosh's side is the pipeline the search page
used before snippets.py (set_matched_filter, merged tokens, ContextFragmenter(220, 70),
BasicFragmentScorer, HtmlFormatter). Timed twice: with the analyser's memos cold (cleared before
every round, as for a worker's first queries) and warm.
"""
import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.search import Generator, corpus_texts  # noqa: E402
from commission.search import snippets  # noqa: E402
from commission.search.persian import analyze_terms, clear_caches, persian_analyzer  # noqa: E402


def whoosh_highlight(text, words):
    from whoosh import highlight
    tokens = persian_analyzer()(text, positions=True, chars=True, mode='index', removestops=False)
    tokens = highlight.Highlighter._merge_matched_tokens(highlight.set_matched_filter(tokens, words))
    fragmenter = highlight.ContextFragmenter(maxchars=220, surround=70)
    fragments = highlight.top_fragments(fragmenter.fragment_tokens(text, tokens), 2,
                                        highlight.BasicFragmentScorer(), highlight.FIRST, minscore=1)
    return highlight.HtmlFormatter(tagname='mark', classname='hl', between=' … ').format(fragments)


def timed(fn, cases, rounds, cold):
    best = float('inf')
    for _ in range(rounds):
        if cold:
            clear_caches()
        start = time.perf_counter()
        for text, words in cases:
            fn(text, words)
        best = min(best, time.perf_counter() - start)
    return best / len(cases) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--docs', type=int, default=2000)
    ap.add_argument('--rounds', type=int, default=3)
    args = ap.parse_args()
    titles, bodies, source = corpus_texts()
    gen = Generator(titles, bodies)
    rng = random.Random(3)
    cases = []
    for _ in range(args.docs):
        _, body = gen.document()
        words = body.split()
        query = ' '.join(rng.sample(words, min(2, len(words))))
        cases.append((body, frozenset(analyze_terms(query))))
    chars = sum(len(t) for t, _ in cases) / len(cases)
    print(f'{len(cases)} bodies from the {source}, {chars:.0f} characters on average')
    figures = {'docs': len(cases), 'mean_chars': round(chars)}
    for memo in ('cold', 'warm'):
        ours = timed(snippets.highlight, cases, args.rounds, memo == 'cold')
        theirs = timed(whoosh_highlight, cases, args.rounds, memo == 'cold')
        print(f'{memo}: snippets {ours:.3f} ms a body, whoosh {theirs:.3f} ms (ratio {ours / theirs:.2f})')
        figures |= {f'{memo}_snippets_ms': round(ours, 4), f'{memo}_whoosh_ms': round(theirs, 4),
                    f'{memo}_ratio': round(ours / theirs, 3)}
    print(json.dumps(figures))


if __name__ == '__main__':
    main()
