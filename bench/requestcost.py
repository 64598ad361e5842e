"""CPU time and SQL statements per request type of bench/load.py's mix, in-process, one signed-in director.

usage: .venv/bin/python bench/requestcost.py [--database-url URL] [--instance PATH] [--build] [--n 20]
       [--gzip] [--profile KIND] [--statements KIND|all] [--path PATH ...] [--practices 10000] ...

--profile counts CPU time (time.process_time, a system call per event: a profiled request costs several times its
real CPU, compare shares, not figures); BENCH_SORT (cumulative) and BENCH_LINES (45) shape it. --statements prints
one request's SQL (BENCH_SQL_WIDTH characters a statement, 160) and measures only that type. On a shared machine
compare two versions by running them alternately on the same data set (e.g. `git archive main` into a folder and
its bench/requestcost.py with this --database-url and --instance).
Runs alone: the first time (or with --build) it builds the database and the instance folder (search index) the way
bench/load.py does (its `build`: demo data grown by bench/loaddata.py, the index rebuilt) and keeps them, with the
accounts and ids the simulated user needs in INSTANCE/data.json; later runs reuse them. CPU time
(time.process_time) is robust on a loaded machine, wall time is not. The last line is one JSON object.
"""
import argparse
import cProfile
import json
import logging
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, 'bench'))

from load import MIX, Director, Stats  # noqa: E402


class InProcessDirector(Director):
    """bench/load.py's director, sending its requests through the Flask test client."""

    def __init__(self, client, email, city_id, data, gzip):
        super().__init__('', email, city_id, data, Stats(), 0, 0, seed=1)
        self.client, self.gzip = client, gzip

    def http(self, method, path, body=None, ctype=None):
        headers = {'Accept-Encoding': 'gzip'} if self.gzip else {}
        response = self.client.open(path, method=method, data=body, content_type=ctype, headers=headers)
        text = response.get_data(as_text=not self.gzip) if not self.gzip else ''
        match = self.CSRF.search(text) if text else None
        if match:
            self.csrf = match.group(1) or match.group(2)
        return response.status_code, text


def prepare(args):
    """The data set: reused from INSTANCE/data.json, or built as bench/load.py builds it (its `prepare`)."""
    import load
    if args.build:
        shutil.rmtree(args.instance, ignore_errors=True)
    os.makedirs(args.instance, exist_ok=True)
    env = dict(os.environ, COMMISSION_INSTANCE_PATH=args.instance, DATABASE_URL=args.database_url,
               SECRET_KEY='bench-load')
    env.pop('MAIL_SERVER', None)
    app, accounts, data = load.prepare(args, env)
    from commission.db import db
    with app.app_context():
        db.engine.dispose()
    return accounts, data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--database-url', default='postgresql://postgres@127.0.0.1:5432/commission_cost')
    parser.add_argument('--instance', default=os.path.join(tempfile.gettempdir(), 'commission-bench-cost'),
                        help='instance folder (search index, data.json); kept between runs')
    parser.add_argument('--build', action='store_true', help='build the data set again even if one exists')
    parser.add_argument('--users', type=int, default=40, help='accounts created (only the first is used)')
    parser.add_argument('--practices', type=int, default=10_000)
    parser.add_argument('--cities', type=int, default=20)
    parser.add_argument('--meetings', type=int, default=50)
    parser.add_argument('--resolutions', type=int, default=300)
    parser.add_argument('--n', type=int, default=20)
    parser.add_argument('--gzip', action='store_true')
    parser.add_argument('--profile', help='a request type to profile with cProfile')
    parser.add_argument('--path', action='append', default=[],
                        help='also measure GET PATH (repeatable), e.g. a 404 for the cost every page shares')
    parser.add_argument('--statements', help="a request type (or 'all') whose SQL statements are printed, one request")
    args = parser.parse_args()
    accounts, data = prepare(args)
    import load
    InProcessDirector.CSRF = load.CSRF
    from sqlalchemy import event

    from commission import create_app
    from commission.db import db
    app = create_app({'SQLALCHEMY_DATABASE_URI': args.database_url, 'INSTANCE_PATH': args.instance,
                      'SECRET_KEY': 'bench-load', 'SEARCH_LIMIT': '100000 per minute',
                      'UPLOAD_LIMIT': '100000 per minute'})
    for name in ('commission', 'commission.requests'):  # no request log lines between the figures
        logging.getLogger(name).setLevel(logging.WARNING)
    statements, shown = [0], []

    def count(_conn, _cursor, sql, *_args):
        statements[0] += 1
        if shown:
            print('  SQL', ' '.join(sql.split())[:shown[0]])

    with app.app_context():
        event.listen(db.engine, 'before_cursor_execute', count)
    email, city_id = accounts[0]
    user = InProcessDirector(app.test_client(), email, city_id, data, args.gzip)
    user.gzip = False
    user.login()
    user.gzip = args.gzip
    kinds = {kind: getattr(user, kind) for kind in MIX}
    for path in args.path:
        kinds[path] = lambda path=path: (user.http('GET', path)[0] < 500, f'GET {path}', None)
    for request in kinds.values():  # warm: analyzer, templates, caches
        request()
    if args.statements:
        shown.append(int(os.environ.get('BENCH_SQL_WIDTH', 160)))
        for kind in (kinds if args.statements == 'all' else [args.statements]):
            print(f'{kind}:')
            kinds[kind]()
        shown.clear()
    rows = {}
    only = args.profile or (args.statements if args.statements != 'all' else None)
    for kind, request in kinds.items():
        if only and kind != only:
            continue
        cpu, wall, sql = [], [], []
        profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, as the figures
        for _ in range(args.n):
            before_sql, started, started_wall = statements[0], time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            ok, detail, _ = request()
            if profiler:
                profiler.disable()
            cpu.append((time.process_time() - started) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
            sql.append(statements[0] - before_sql)
            if not ok:
                print('  failed:', detail)
        rows[kind] = (statistics.median(cpu), statistics.mean(cpu), statistics.median(wall), statistics.median(sql))
        print(f'{kind:18} cpu p50 {rows[kind][0]:6.1f} ms  mean {rows[kind][1]:6.1f} ms'
              f'  wall p50 {rows[kind][2]:6.1f} ms  sql {rows[kind][3]:4.0f}', flush=True)
        if profiler:
            lines = int(os.environ.get('BENCH_LINES', 45))
            pstats.Stats(profiler).sort_stats(os.environ.get('BENCH_SORT', 'cumulative')).print_stats(lines)
    mixed = [k for k in rows if k in MIX]
    mix_cpu = sum(MIX[k] * rows[k][1] for k in mixed) / sum(MIX[k] for k in mixed) if mixed else 0
    print(f'weighted mean CPU per request of the mix: {mix_cpu:.1f} ms')
    print(json.dumps({'n': args.n, 'gzip': args.gzip, 'mix_cpu_ms': round(mix_cpu, 1),
                      'cpu_p50_ms': {k: round(v[0], 1) for k, v in rows.items()},
                      'cpu_mean_ms': {k: round(v[1], 1) for k, v in rows.items()},
                      'sql': {k: v[3] for k, v in rows.items()}}))


if __name__ == '__main__':
    main()
