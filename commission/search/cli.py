"""`flask search rebuild | drain | query | batch` (contracts in docs/ARCHITECTURE.md)."""
import html as html_lib
import json
import re
import sys
import time

import click
from flask.cli import AppGroup

search_cli = AppGroup('search', help='The search index.')


def _out(obj):
    click.echo(json.dumps(obj, ensure_ascii=False))


class Pacer:
    """Keeps a rebuild's average CPU at `share` of one core: after each batch it sleeps as long as needed for the
    CPU time used so far to be at most `share` of the time elapsed. `share` 0 (or 1 and more) sets no limit."""

    def __init__(self, share, cpu=time.process_time, clock=time.monotonic, sleep=time.sleep):
        self.share, self.cpu, self.clock, self.sleep = share, cpu, clock, sleep
        self.cpu0, self.start = cpu(), clock()

    @property
    def limits(self):
        return 0 < self.share < 1

    def __call__(self, _count=0):
        if not self.limits:
            return
        behind = (self.cpu() - self.cpu0) / self.share - (self.clock() - self.start)
        if behind > 0:
            self.sleep(behind)


def _rebuild(quiet=False, share=0):
    from . import hooks
    pacer = Pacer(share)
    total = hooks.total_items()
    if quiet or total == 0:
        return hooks.rebuild(progress=pacer, parallel=not pacer.limits)
    with click.progressbar(length=total, label='Indexing', file=sys.stderr) as bar:
        def progress(count):
            bar.update(count)
            pacer(count)
        return hooks.rebuild(progress=progress, parallel=not pacer.limits)


@search_cli.command('rebuild')
@click.option('--quiet', is_flag=True, help='No progress bar.')
@click.option('--nice', 'niceness', default=10, show_default=True,
              help='CPU priority given up (its analysing processes inherit it), so the site keeps serving.')
@click.option('--cpu', 'share', default=0.5, show_default=True, type=click.FloatRange(0, 1),
              help='Average share of one CPU core the rebuild may use, so a live site keeps its speed '
                   '(0: no limit, all cores, as before the site is served).')
def rebuild_command(quiet, niceness, share):
    """Recreate the index from the database (the database is the source of truth)."""
    import os
    if niceness > os.nice(0):
        os.nice(niceness - os.nice(0))
    start = time.monotonic()
    count = _rebuild(quiet, share)
    click.echo(f'Indexed {count} documents in {time.monotonic() - start:.1f} s.', err=True)


@search_cli.command('drain')
def drain_command():
    """Index the changes still waiting in the queue (after a crash or a busy index)."""
    from . import hooks, index
    try:
        done = hooks.drain(timeout=120)
    except index.SearchUnavailable as exc:
        raise click.ClickException(f'{exc}; run `flask search rebuild`') from None
    except index.IndexBusy as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f'Indexed {done} queued changes; {hooks.pending_count()} left.', err=True)


@search_cli.command('query')
@click.argument('text')
@click.option('--limit', default=10, show_default=True)
def query_command(text, limit):
    """Search as the staff would, and print the hits with their snippets."""
    from . import index, services
    try:
        hits = services.run_query(text, limit=limit, highlights=True)
    except index.SearchUnavailable as exc:
        raise click.ClickException(f'{exc}; run `flask search rebuild`') from None
    if not hits:
        click.echo('Nothing found.')
    def plain(html):  # highlights shown as [brackets] in a terminal
        return html_lib.unescape(re.sub(r'<mark[^>]*>', '[', str(html)).replace('</mark>', ']'))

    for n, hit in enumerate(hits, 1):
        click.echo(f"{n:2}. ({hit['kind_label']}) {plain(hit['title_html'])} · {hit['city']} · {hit['ref']} · "
                   f"{hit['score']}")
        click.echo(f"    {hit['url']}  {' '.join(plain(hit['snippet']).split())[:300]}")


def ensure_index():
    """Rebuild when the index is missing or unreadable (a fresh instance), otherwise drain the queue."""
    from . import hooks, index
    if not index.ready():
        click.echo('No readable search index; building it from the database.', err=True)
        _rebuild(quiet=True)
        return
    hooks.drain(timeout=120)


@search_cli.command('batch')
@click.argument('file', type=click.File('r', encoding='utf-8'))
@click.option('--limit', default=10, show_default=True, help='Results per query.')
def batch_command(file, limit):
    """Run {"id", "q"} lines; print {"id", "results": [{"ref", "kind", "title", "city", "score"}]} or {"id", "error"}.

    One JSON line per query, best first; a query that fails prints its error and the batch goes on.
    """
    from . import services
    try:
        ensure_index()
    except Exception as exc:  # noqa: BLE001 - every query then reports the error below
        click.echo(f'Search index not ready: {exc}', err=True)
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        qid = f'line-{number}'
        try:
            record = json.loads(line)
            if isinstance(record, dict) and record.get('id') is not None:
                qid = record['id']
            if not isinstance(record, dict) or not isinstance(record.get('q'), str):
                raise ValueError('expected an object with a text "q"')
            hits = services.run_query(record['q'], limit=max(1, limit))
            _out({'id': qid, 'results': [{'ref': h['ref'], 'kind': h['kind'], 'title': h['title'], 'city': h['city'],
                                          'score': h['score']} for h in hits]})
        except Exception as exc:  # noqa: BLE001 - never crash on a query: report it and go on
            _out({'id': qid, 'error': f'{type(exc).__name__}: {exc}'})

