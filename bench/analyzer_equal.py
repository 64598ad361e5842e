"""Token-by-token check that this checkout's Persian analyzer gives the same output as another revision's.

usage: .venv/bin/python bench/analyzer_equal.py [--ref main] [--docs 20000] [--fuzz 20000]

The other revision's ``commission/search/persian/`` is taken out of git (``git archive``) into a
temporary folder and imported beside this checkout's, and both analyse the same texts:

* the golden lines (tests/search/golden/persian_lines.txt);
* the demo content (every searchable document of ``load_demo()``, in a throwaway SQLite database);
* bench/loaddata.py's generated practices and minutes (the load test's text);
* bench/search.py's generated documents (the speed bench's text: the development corpus with its words
  swapped for Zipf-ranked variants);
* the development corpora's documents and the seed texts when /work/shared is beside the checkout
  (corpus.jsonl only; the query files are not read);
* --fuzz lines of random words of all of the above with the spellings the analyzer folds: Arabic letters,
  Persian and Arabic digits, ZWNJ, detached affixes, kashida and harakat, punctuation, numbers, dates
  and Latin.

Compared per text: every index token (text, pos, startchar, endchar, boost, stopped) as whoosh's indexer asks
for them, with offsets and positions shifted, with ``keeporiginal`` and with ``tokenize=False``; the query
side's ``analyze_words``; ``repair()`` of the text. This checkout's analyzer runs every text twice, first from
empty memos and then with them full (its memos rotate during the run), so memo state cannot change a token.

Ends with one line of JSON; exits 1 on the first difference (printed).
"""
import argparse
import importlib
import json
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'bench'))
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / 'shared'

from commission.search import persian as new  # noqa: E402


def load_old(ref):
    """The package ``commission/search/persian`` of git revision `ref`, imported as ``old_persian``."""
    folder = Path(tempfile.mkdtemp(prefix='analyzer-equal-'))
    archive = subprocess.run(['git', 'archive', ref, 'commission/search/persian'], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=__import__('io').BytesIO(archive)) as tar:
        tar.extractall(folder, filter='data')
    (folder / 'commission' / 'search' / 'persian').rename(folder / 'old_persian')
    sys.path.insert(0, str(folder))
    module = importlib.import_module('old_persian')
    return module, folder


def golden_lines():
    path = ROOT / 'tests' / 'search' / 'golden' / 'persian_lines.txt'
    return [line for line in path.read_text(encoding='utf-8').splitlines() if line.strip()]


def demo_texts():
    from commission import create_app
    from commission.db import db
    from commission.demo import load_demo
    from commission.search import registry
    tmp = tempfile.mkdtemp()
    try:
        app = create_app({'INSTANCE_PATH': tmp, 'SQLALCHEMY_DATABASE_URI': f'sqlite:///{tmp}/x.db'})
        with app.app_context():
            db.create_all()
            load_demo()
            docs = [o.search_document() for m in registry.models().values() for o in db.session.scalars(db.select(m))]
        return [t for d in docs if d for t in (d.get('title') or '', d.get('body') or '',
                                               d.get('attachments_text') or '', d.get('city') or '') if t]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def loaddata_texts(n):
    import loaddata
    out = []
    for i in range(n):
        p = loaddata.practice_text(i)
        out += [p['title'], ' '.join(p[k] for k in ('summary', 'context', 'actions', 'results', 'lessons')),
                p['audience'], p['channels']]
        if i % 10 == 0:
            out.append(loaddata.prose(i, sentences=30))
    return out


def generated_texts(n):
    from search import Generator, corpus_texts
    titles, bodies, _ = corpus_texts()
    gen = Generator(titles, bodies)
    return [t for _ in range(n) for t in gen.document()]


def shared_texts():
    out = []
    for name in ('search-eval', 'search-eval2'):
        path = SHARED / name / 'corpus.jsonl'
        if path.exists():
            for line in path.read_text(encoding='utf-8').splitlines():
                if line.strip():
                    row = json.loads(line)
                    out += [row.get('title') or '', row.get('body') or '']
    out += [p.read_text(encoding='utf-8') for p in sorted((SHARED / 'seeds').glob('*.txt'))]
    return [t for t in out if t]


_NOISE = {'ی': 'ي', 'ک': 'ك', 'ه': 'ة', 'ا': 'آ', '۱': '1', '۲': '٢', '0': '۰', '5': '٥'}
_AFFIXES = ['ها', 'های', 'ی', 'ای', 'تر', 'ترین', 'می', 'نمی', 'ام', 'اش', 'هایشان', 'ان', 'ات', 'و']
_EXTRAS = ['و', '.', '،', '؟', '!', '(', ')', '«', '»', ':', '-', '/', '۱۴۰۳/۰۲/۱۵', '1403-2-15', '۲۴۰ هزار',
           '45,000', '۴۵٬۰۰۰', 'شصت و ششم', 'بیست و دومین', 'QR12', 'ک-۱۲۳', 'BRT', 'Instagram', 'podcast',
           '۱۵ اردیبهشت ۱۴۰۳', 'اردیبهشت‌ماه', 'سی ام', '10.5', '۱۰٫۵', 'ـــ', '\u064e', '\u0651', '\n', '\t']


def fuzz_texts(words, n, seed=11):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 40)):
            r = rng.random()
            if r < 0.6:
                w = rng.choice(words)
            elif r < 0.8:
                w = rng.choice(_AFFIXES)
            else:
                w = rng.choice(_EXTRAS)
            if rng.random() < 0.15:
                w = ''.join(_NOISE.get(c, c) if rng.random() < 0.5 else c for c in w)
            parts.append(w)
            parts.append(rng.choice([' ', ' ', ' ', '\u200c', '', '  ', '\u00a0', '، ', '\n']))
        out.append(''.join(parts))
    return out


def stream(analyzer, text, **options):
    return [(t.text, t.pos, t.startchar, t.endchar, t.boost, t.stopped, getattr(t, 'original', None))
            for t in analyzer(text, positions=True, chars=True, boosts=True, mode='index', **options)]


def outputs(pkg, analyzer, text):
    return (stream(analyzer, text), stream(analyzer, text, start_pos=3, start_char=10),
            stream(analyzer, text, keeporiginal=True), stream(analyzer, text, tokenize=False),
            [tuple(w) for w in pkg.analyze_words(text)])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--ref', default='main', help='git revision whose analyzer is the reference')
    ap.add_argument('--docs', type=int, default=20_000, help="bench/search.py's generated documents")
    ap.add_argument('--practices', type=int, default=3_000, help="bench/loaddata.py's generated practices")
    ap.add_argument('--fuzz', type=int, default=20_000, help='random lines of mixed words and spellings')
    args = ap.parse_args(argv)

    old, folder = load_old(args.ref)
    old_repair = importlib.import_module('old_persian.repair').repair
    new_repair = importlib.import_module('commission.search.persian.repair').repair
    try:
        sources = {'golden': golden_lines(), 'demo': demo_texts(), 'loaddata': loaddata_texts(args.practices),
                   'generated': generated_texts(args.docs), 'shared': shared_texts()}
        vocabulary = sorted({w for texts in sources.values() for t in texts for w in t.split()})
        sources['fuzz'] = fuzz_texts(vocabulary, args.fuzz)
        texts = [(name, i, t) for name, ts in sources.items() for i, t in enumerate(ts)]
        print(', '.join(f'{name} {len(ts)}' for name, ts in sources.items()), f'texts ({len(texts)});',
              f'{sum(len(t) for _, _, t in texts) / 1e6:.1f} M characters', file=sys.stderr)

        old.clear_caches()
        new.clear_caches()
        old_an, new_an = old.persian_analyzer(), new.persian_analyzer()
        start = time.process_time()
        expected = [outputs(old, old_an, t) for _, _, t in texts]
        old_s = time.process_time() - start
        tokens = sum(len(e[0]) for e in expected)
        timings = []
        for run in ('cold', 'warm'):
            start = time.process_time()
            for (name, i, text), want in zip(texts, expected, strict=True):
                got = outputs(new, new_an, text)
                if got != want:
                    for label, g, w in zip(('index', 'shifted', 'keeporiginal', 'whole', 'words'), got, want,
                                           strict=True):
                        if g != w:
                            at = next((k for k, (a, b) in enumerate(zip(g, w, strict=False)) if a != b),
                                      min(len(g), len(w)))
                            print(f'DIFFERENT ({run}) {name} #{i} {label} at token {at}: '
                                  f'new {g[at:at + 3]} old {w[at:at + 3]}\n  text: {text[:300]!r}', file=sys.stderr)
                    sys.exit(1)
            timings.append(time.process_time() - start)
        repaired = 0
        for name, i, text in texts:
            if (r := new_repair(text)) != old_repair(text):
                print(f'DIFFERENT repair {name} #{i}: {text[:300]!r}', file=sys.stderr)
                sys.exit(1)
            repaired += r != text
        result = {'ref': args.ref, 'texts': len(texts), 'tokens': tokens, 'identical': True,
                  'sources': {name: len(ts) for name, ts in sources.items()}, 'texts_repaired': repaired,
                  'old_s': round(old_s, 2), 'new_cold_s': round(timings[0], 2), 'new_warm_s': round(timings[1], 2)}
        print(f'identical: {len(texts)} texts, {tokens} index tokens each way, both runs', file=sys.stderr)
        print(json.dumps(result))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
