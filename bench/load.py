"""Load test of the site as `make run` serves it (gunicorn with 2 workers plus the job worker) on PostgreSQL.

usage: .venv/bin/python bench/load.py [--database-url postgresql://postgres@127.0.0.1:5432/commission_load]
       [--users 40] [--seconds 60] [--runs plain,rebuild] [--practices 10000] [--cities 20] [--meetings 50]
       [--resolutions 300] [--think 1.5] [--instance DIR [--build]] [--threads N]

Builds a fresh database (demo data grown by bench/loaddata.py, the index, the visited practices' similar
experiences as the worker keeps them; with --instance the folder is kept and a later run reuses the data set),
starts the server and the worker, then for each
run lets --users signed-in directors browse for --seconds with think time: home, practice lists and pages,
their resolutions, search, and about 20% writes (progress reports, a third with a small PDF; questions on other
cities' practices; practice drafts). The 'rebuild' run does the same while `flask search rebuild` runs in a
loop. It prints requests per second, p50/p95/p99 per request type and the errors, then checks that every
acknowledged write is in the database and (reports, drafts) found by search once the worker has caught up.
The last line is one JSON object.
"""
import argparse
import concurrent.futures
import http.cookiejar
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, 'bench'))
BIN = os.path.dirname(sys.executable)
FLASK = [os.path.join(BIN, 'flask'), '--app', 'wsgi']
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
QUERIES = ['پیوست رسانه‌ای', 'نظرسنجی شهروندان', 'تولید محتوا', 'تلویزیون شهری', 'شبکه های اجتماعی', 'بحران',
           'پوستر مناسبت', 'هفته نامه', 'آموزش', 'مستند سازی']
#: request type -> weight; writes are ~20% of the actions
MIX = {'home': 12, 'practice_list': 16, 'practice_page': 22, 'my_resolutions': 10, 'search': 20,
       'write_report': 5, 'write_report_pdf': 3, 'write_question': 6, 'write_draft': 6}
WRITES = {k for k in MIX if k.startswith('write_')}
#: published practices the users open and ask about (~350 practice pages a run; each has its similar experiences)
VISITED = 600


def tiny_pdf(text):
    stream = f'BT /F1 12 Tf 50 700 Td ({text}) Tj ET'.encode()
    objects = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
               b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R '
               b'/Resources << /Font << /F1 5 0 R >> >> >>',
               b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'\nendstream',
               b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
    out, offsets = bytearray(b'%PDF-1.4\n'), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f'{n} 0 obj\n'.encode() + body + b'\nendobj\n'
    xref = len(out)
    out += f'xref\n0 {len(objects) + 1}\n0000000000 65535 f \n'.encode()
    out += b''.join(f'{o:010d} 00000 n \n'.encode() for o in offsets)
    out += f'trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n'.encode()
    return bytes(out)


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data, ctype) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f'Content-Type: {ctype}\r\n\r\n'.encode() + data + b'\r\n')
    parts.append(f'--{boundary}--\r\n'.encode())
    return b''.join(parts), f'multipart/form-data; boundary={boundary}'


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = {k: [] for k in MIX}
        self.errors = []
        self.writes = []
        self.machine = {}

    def record(self, kind, ms, ok, detail=''):
        with self.lock:
            self.times[kind].append(ms)
            if not ok:
                self.errors.append(f'{kind}: {detail}'[:300])


class Director(threading.Thread):
    """One signed-in director clicking around with think time until the run's deadline."""

    def __init__(self, base, email, city_id, data, stats, deadline, think, seed):
        super().__init__(daemon=True)
        self.base, self.email, self.city_id, self.data = base, email, city_id, data
        self.stats, self.deadline, self.think = stats, deadline, think
        self.rng = random.Random(seed)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect)
        self.csrf = ''

    def http(self, method, path, body=None, ctype=None):
        request = urllib.request.Request(self.base + path, data=body, method=method)
        if ctype:
            request.add_header('Content-Type', ctype)
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode('utf-8', 'replace')
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode('utf-8', 'replace')
        match = CSRF.search(text)
        if match:
            self.csrf = match.group(1) or match.group(2)
        return status, text

    def form(self, path, fields, files=None):
        fields = dict(fields, csrf_token=self.csrf)
        if files:
            body, ctype = multipart(fields, files)
        else:
            body, ctype = urllib.parse.urlencode(fields).encode(), 'application/x-www-form-urlencoded'
        return self.http('POST', path, body, ctype)

    def login(self):
        self.http('GET', '/login')
        from loaddata import PASSWORD
        status, _ = self.form('/login', {'email': self.email, 'password': PASSWORD})
        if status != 302:
            raise RuntimeError(f'login of {self.email} failed: {status}')
        self.http('GET', '/')  # a page with the signed-in session's CSRF token

    def sign_in(self):
        """Before the clock starts: the run measures signed-in users, not 40 password checks at once."""
        try:
            self.login()
            return True
        except Exception as exc:  # noqa: BLE001 - counted as an error of the run
            self.stats.record('home', 0, False, repr(exc))
            return False

    def run(self):
        kinds, weights = list(MIX), list(MIX.values())
        while time.monotonic() < self.deadline:
            kind = self.rng.choices(kinds, weights)[0]
            started = time.perf_counter()
            try:
                ok, detail, ack = getattr(self, kind)()
            except Exception as exc:  # noqa: BLE001
                ok, detail, ack = False, repr(exc), None
            self.stats.record(kind, (time.perf_counter() - started) * 1000, ok, detail)
            if ack:
                with self.stats.lock:
                    self.stats.writes.append(ack)
            time.sleep(min(self.rng.expovariate(1 / self.think), 4 * self.think))

    def _get(self, path):
        status, _ = self.http('GET', path)
        return status == 200, f'GET {path} -> {status}', None

    def home(self):
        return self._get('/')

    def practice_list(self):
        page = self.rng.randint(1, 20)
        return self._get(f'/practices/?page={page}' if self.rng.random() < 0.6 else f'/practices/?year=140{page % 4}')

    def practice_page(self):
        return self._get(f'/practices/{self.rng.choice(self.data["practices"])[0]}')

    def my_resolutions(self):
        return self._get('/resolutions/mine')

    def search(self):
        return self._get('/search?' + urllib.parse.urlencode({'q': self.rng.choice(QUERIES)}))

    def _marker(self):
        return 'zq' + uuid.uuid4().hex[:12]

    def write_report(self, pdf=False):
        marker = self._marker()
        assignment = self.rng.choice(self.data['assignments'][self.city_id])
        files = {'files': (f'{marker}.pdf', tiny_pdf(f'evidence {marker}'), 'application/pdf')} if pdf else None
        status, _ = self.form(f'/resolutions/assignments/{assignment}/report',
                              {'status': 'in_progress', 'percent': str(self.rng.randint(1, 99)),
                               'note': f'گزارش پیشرفت سنجش {marker}'}, files)
        return status == 302, f'report -> {status}', ('report', marker) if status == 302 else None

    def write_report_pdf(self):
        return self.write_report(pdf=True)

    def write_question(self):
        marker = self._marker()
        others = [p for p in self.data['practices'] if p[1] != self.city_id]
        practice = self.rng.choice(others)[0]
        status, _ = self.form(f'/practices/{practice}/comments', {'body': f'پرسش سنجش درباره این تجربه {marker}'})
        return status == 302, f'question -> {status}', ('question', marker) if status == 302 else None

    def write_draft(self):
        marker = self._marker()
        status, _ = self.form('/practices/new', {'title': f'پیش‌نویس سنجش {marker}', 'summary': 'خلاصه پیش‌نویس',
                                                 'category_id': str(self.data['category']), 'year': '1403'})
        return status == 302, f'draft -> {status}', ('draft', marker) if status == 302 else None


# -- the site ------------------------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def fresh_database(url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from commission.config import _database_url
    parsed = make_url(_database_url(url))
    admin = create_engine(parsed.set(database='postgres'), isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def _app(env):
    from commission import create_app
    return create_app({'SQLALCHEMY_DATABASE_URI': env['DATABASE_URL'],
                       'INSTANCE_PATH': env['COMMISSION_INSTANCE_PATH']})


def build(args, env):
    """Migrate, load the demo, grow it, rebuild the index, compute the visited practices' similar experiences;
    returns what the simulated users need."""
    fresh_database(args.database_url)
    for command in (['db', 'upgrade'], ['demo', 'load']):
        subprocess.run(FLASK + command, cwd=ROOT, env=env, check=True, capture_output=True)
    from loaddata import assignments_by_city, grow, practice_ids

    from commission.db import db
    app = _app(env)
    with app.app_context():
        accounts = grow(args.cities, args.practices, args.meetings, args.resolutions, args.users)
        from commission.practices.models import Category, Practice
        data = {'assignments': assignments_by_city(db),
                'practices': [list(row) for row in db.session.execute(
                    db.select(Practice.id, Practice.city_id).where(Practice.id.in_(practice_ids(db, VISITED)))).all()],
                'category': db.session.scalar(db.select(Category.id))}
    started = time.monotonic()
    subprocess.run(FLASK + ['search', 'rebuild', '--quiet', '--cpu', '0'], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    indexed = time.monotonic()
    with app.app_context():
        cpu = similar_experiences(db, [pid for pid, _city in data['practices']])
    print(f'built: {args.practices} practices, {args.resolutions} resolutions, index rebuilt in '
          f'{indexed - started:.0f} s; similar experiences of the {len(data["practices"])} visited practices computed '
          f'in {time.monotonic() - indexed:.0f} s ({cpu / len(data["practices"]) * 1000:.0f} ms CPU each)', flush=True)
    return app, accounts, data


def similar_experiences(db, ids):
    """What the worker keeps for a running site (practices/similar.py), for the practices the users visit: the
    whole library (`flask practices similar`) would take ~25 CPU minutes at ~150 ms a practice. The refresh chain
    the rebuild queued is dropped, as `flask practices similar` drops it: the plain run measures a site at rest."""
    from commission.jobs.models import Job
    from commission.practices.models import Practice
    from commission.practices.similar import REFRESH, compute
    cpu = time.process_time()
    for first in range(0, len(ids), 100):
        for practice in db.session.scalars(db.select(Practice).where(Practice.id.in_(ids[first:first + 100]))):
            compute(practice)
        db.session.commit()
        db.session.expunge_all()
    db.session.execute(db.delete(Job).where(Job.kind == REFRESH, Job.status == 'pending'))
    db.session.commit()
    return time.process_time() - cpu


def prepare(args, env):
    """The data set: reused from INSTANCE/data.json when --instance names a folder that has one (and no --build),
    else built (and saved there)."""
    path = os.path.join(env['COMMISSION_INSTANCE_PATH'], 'data.json')
    if os.path.exists(path) and not args.build:
        with open(path) as saved_file:
            saved = json.load(saved_file)
        data = dict(saved['data'], assignments={int(k): v for k, v in saved['data']['assignments'].items()})
        print(f'reusing the data set of {path}', flush=True)
        return _app(env), [tuple(a) for a in saved['accounts']], data
    app, accounts, data = build(args, env)
    with open(path, 'w') as out:
        json.dump({'accounts': accounts, 'data': data}, out)
    return app, accounts, data


def start_site(env, port, log, threads=1):
    """gunicorn with 2 workers as `make run` starts it (sync; with threads > 1 the gthread worker class, to compare)
    and the job worker."""
    threaded = ['--worker-class', 'gthread', '--threads', str(threads)] if threads > 1 else []
    web = subprocess.Popen([os.path.join(BIN, 'gunicorn'), '--workers', '2', *threaded, '--bind', f'127.0.0.1:{port}',
                            'wsgi:app'], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker = subprocess.Popen(FLASK + ['worker'], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(150):
        try:
            urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=1)
            return web, worker
        except OSError:
            time.sleep(0.2)
    raise RuntimeError('the server did not start')


def _proc_stat(pid):
    """(user + system CPU seconds, reaped children's CPU seconds, parent pid) of a live process (Linux /proc), or
    None when it is gone."""
    try:
        with open(f'/proc/{pid}/stat') as stat:
            fields = stat.read().rsplit(')', 1)[1].split()
    except OSError:
        return None
    tick = os.sysconf('SC_CLK_TCK')
    return (int(fields[11]) + int(fields[12])) / tick, (int(fields[13]) + int(fields[14])) / tick, int(fields[1])


def _cmdline(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as cmdline:
            return cmdline.read().replace(b'\0', b' ').decode('utf-8', 'replace')
    except OSError:
        return ''


class CpuMeter(threading.Thread):
    """CPU seconds per process group, sampled from /proc every second while a run lasts.

    web: gunicorn's master and workers; worker: `flask worker` and its descendants (the text extraction's fork
    server and the children it forks), live or reaped; postgres: the server processes serving this run's
    database (not the other databases' of a shared server; a connection that lives less than a second is
    missed); generator: this process (the simulated browsers) without the meter's own thread; rebuild: the
    `flask search rebuild` processes (Rebuilder)."""

    def __init__(self, web, worker, database):
        super().__init__(daemon=True)
        self.web, self.worker, self.database = web, worker, database
        self.stop, self.lock = threading.Event(), threading.Lock()
        self.postmaster = None
        self.seen = {}  # postgres backend pid -> (first CPU seen, last CPU seen)
        self.groups = {}
        self.own = 0.0

    def _postgres_backends(self):
        if self.postmaster is None:
            self.postmaster = next((int(e) for e in os.listdir('/proc') if e.isdigit()
                                    and _cmdline(int(e)).split(' ', 1)[0].endswith('/postgres')), 0)
        tag = f' {self.database} '
        for entry in os.listdir('/proc'):
            if not entry.isdigit():
                continue
            stat = _proc_stat(int(entry))
            if stat and stat[2] == self.postmaster:
                pid = int(entry)
                if pid in self.seen or tag in _cmdline(pid) + ' ':
                    first = self.seen.get(pid, (stat[0], 0))[0]
                    self.seen[pid] = (first, stat[0])

    def sample(self):
        """The groups' CPU seconds so far."""
        stats = {int(e): _proc_stat(int(e)) for e in os.listdir('/proc') if e.isdigit()}
        children = {}
        for pid, stat in stats.items():
            if stat:
                children.setdefault(stat[2], []).append(pid)

        def tree(pid):  # a process and its live descendants, each with the children it reaped
            stat, todo = stats.get(pid), list(children.get(pid, ()))
            total = stat[0] + stat[1] if stat else 0.0
            while todo:
                child = todo.pop()
                total += stats[child][0] + stats[child][1]
                todo += children.get(child, ())
            return total
        self._postgres_backends()
        with self.lock:
            postgres = sum(last - first for first, last in self.seen.values())
        # the worker's tree holds the text extraction's fork server, which reaps the extraction children
        return {'web': tree(self.web.pid), 'worker': tree(self.worker.pid), 'postgres': postgres}

    def run(self):
        while not self.stop.wait(1.0):
            self._postgres_backends()
            self.own = time.thread_time()


class Rebuilder(threading.Thread):
    """`flask search rebuild` again and again until stopped (the 'rebuild' run)."""

    def __init__(self, env):
        super().__init__(daemon=True)
        self.env, self.stop, self.count, self.cpu = env, threading.Event(), 0, 0.0

    def run(self):
        while not self.stop.is_set():
            proc = subprocess.Popen(FLASK + ['search', 'rebuild', '--quiet'], cwd=ROOT, env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _pid, _status, usage = os.wait4(proc.pid, 0)
            proc.returncode = 0
            self.cpu += usage.ru_utime + usage.ru_stime
            self.count += 1


def warm_up(base, accounts, data, rounds=6):
    """Load each gunicorn worker's analyzer and caches first: the figures are of a running site, not a cold one."""
    stats = Stats()
    user = Director(base, accounts[0][0], accounts[0][1], data, stats, 0, 0, seed=-1)
    user.login()
    for _ in range(rounds):
        for kind in ('home', 'practice_list', 'practice_page', 'my_resolutions', 'search'):
            getattr(user, kind)()


def run_load(args, base, accounts, data, env, mode, meter):
    stats = Stats()
    users = [Director(base, email, city_id, data, stats, 0, args.think, seed=n)
             for n, (email, city_id) in enumerate(accounts[:args.users])]
    signing = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:  # two at a time, like the two gunicorn workers
        users = [user for user, ok in zip(users, pool.map(Director.sign_in, users), strict=True) if ok]
    print(f'{len(users)} users signed in in {time.monotonic() - signing:.0f} s', flush=True)
    rebuilder = Rebuilder(env) if mode == 'rebuild' else None
    if rebuilder:
        rebuilder.start()
        time.sleep(2)
    deadline = time.monotonic() + args.seconds
    started, cpu, own = time.monotonic(), time.process_time(), meter.own
    before, load_before, rebuild_before = meter.sample(), os.getloadavg()[0], rebuilder.cpu if rebuilder else 0
    for user in users:
        user.deadline = deadline
        user.start()
        time.sleep(0.05)
    for user in users:
        user.join(args.seconds + 60)
    elapsed = time.monotonic() - started
    used = {k: v - before[k] for k, v in meter.sample().items()}
    used['generator'] = time.process_time() - cpu - (meter.own - own)
    if rebuilder:
        rebuilder.stop.set()
        rebuilder.join(600)
        used['rebuild'] = rebuilder.cpu - rebuild_before  # the whole of the last rebuild, past the run's end too
    stats.machine = {'cpu_s': {k: round(v, 1) for k, v in used.items()},
                     'loadavg_1min': [round(load_before, 1), round(os.getloadavg()[0], 1)], 'cores': os.cpu_count()}
    print(f'CPU seconds over {elapsed:.0f} s: {stats.machine["cpu_s"]}; machine load average '
          f'{stats.machine["loadavg_1min"]} on {os.cpu_count()} cores', flush=True)
    return stats, elapsed, (rebuilder.count if rebuilder else 0)


def settle(app, env):
    """Start from a site at rest: the schema of this checkout (a reused data set is migrated), today's daily work
    counted as done (it runs at night, not at the busy hour; a fresh database would otherwise start all of it
    with the worker), no refresh chain waiting (the visited practices' lists are computed), the jobs the build or
    an earlier run left run now, before the clock, and the tables vacuumed and analysed as autovacuum keeps them
    on a running server (a server with autovacuum off would plan every query on a freshly loaded table blind)."""
    from sqlalchemy import text

    from commission.db import db
    from commission.jalali import now_tehran
    from commission.jobs import schedule
    from commission.jobs.models import Job, JobSchedule
    from commission.practices.similar import REFRESH
    started = time.monotonic()
    subprocess.run(FLASK + ['db', 'upgrade'], cwd=ROOT, env=env, check=True, capture_output=True)
    with app.app_context():
        today = now_tehran().date()
        done = set(db.session.scalars(db.select(JobSchedule.name).where(JobSchedule.run_on == today)))
        db.session.add_all(JobSchedule(name=name, run_on=today) for name in schedule.SCHEDULES if name not in done)
        db.session.execute(db.delete(Job).where(Job.kind == REFRESH, Job.status == 'pending'))
        db.session.commit()
        db.engine.dispose()
    subprocess.run(FLASK + ['worker', '--once'], cwd=ROOT, env=env, check=True, capture_output=True)
    with app.app_context(), db.engine.connect().execution_options(isolation_level='AUTOCOMMIT') as conn:
        conn.execute(text('VACUUM ANALYZE'))
    print(f'settled (pending jobs run, tables vacuumed and analysed) in {time.monotonic() - started:.0f} s',
          flush=True)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def summarise(mode, stats, elapsed):
    total = sum(len(v) for v in stats.times.values())
    figures = {'mode': mode, 'requests': total, 'rps': round(total / elapsed, 1), 'errors': len(stats.errors)}
    print(f'\n== {mode}: {total} requests in {elapsed:.0f} s = {figures["rps"]} req/s, {len(stats.errors)} errors')
    for kind, values in stats.times.items():
        row = {q: round(percentile(values, q), 1) for q in (50, 95, 99)}
        figures[kind] = dict(n=len(values), p50=row[50], p95=row[95], p99=row[99])
        print(f'{kind:18} n={len(values):5}  p50 {row[50]:7.1f} ms  p95 {row[95]:7.1f} ms  p99 {row[99]:7.1f} ms')
    pages = [v for k, vs in stats.times.items() if k not in WRITES for v in vs]
    writes = [v for k, vs in stats.times.items() if k in WRITES for v in vs]
    figures['pages_p95'], figures['writes_p95'] = round(percentile(pages, 95), 1), round(percentile(writes, 95), 1)
    print(f'all pages p95 {figures["pages_p95"]} ms, all writes p95 {figures["writes_p95"]} ms')
    for error in stats.errors[:10]:
        print('  error:', error)
    return figures


def verify(app, writes, timeout=180):
    """Every acknowledged write is in the database, and reports and drafts are found by search."""
    from commission.db import db
    from commission.jobs.models import Job
    from commission.practices.models import Practice, PracticeComment
    from commission.resolutions.models import ProgressReport
    from commission.search import index, services
    from commission.search.models import SearchQueue
    with app.app_context():
        waited = time.monotonic()
        while time.monotonic() - waited < timeout:
            # (a rebuild's refresh of similar experiences is a long background chain, not a write to wait for)
            busy = db.session.scalar(db.select(db.func.count(SearchQueue.id))) + db.session.scalar(
                db.select(db.func.count(Job.id)).where(Job.status.in_(['pending', 'running']),
                                                       Job.kind != 'practices.similar_refresh'))
            db.session.rollback()
            if not busy:
                break
            time.sleep(0.5)
        caught_up_s = time.monotonic() - waited
        columns = {'report': ProgressReport.note, 'question': PracticeComment.body, 'draft': Practice.title}
        from commission.auth.models import User
        staff = db.session.scalar(db.select(User).where(User.email == 'load-staff@example.org'))
        index.reset()
        missing_db, missing_search = [], []
        for kind, marker in writes:
            if not db.session.scalar(db.select(db.func.count()).where(columns[kind].contains(marker))):
                missing_db.append(marker)
            elif kind != 'question' and not services.run_query(marker, user=staff):  # questions are not indexed
                missing_search.append(marker)
    return {'acknowledged': len(writes), 'missing_in_db': len(missing_db), 'missing_in_search': len(missing_search),
            'caught_up_s': round(caught_up_s, 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--database-url', default='postgresql://postgres@127.0.0.1:5432/commission_load')
    parser.add_argument('--users', type=int, default=40)
    parser.add_argument('--seconds', type=int, default=60)
    parser.add_argument('--runs', default='plain,rebuild')
    parser.add_argument('--practices', type=int, default=10_000)
    parser.add_argument('--cities', type=int, default=20)
    parser.add_argument('--meetings', type=int, default=50)
    parser.add_argument('--resolutions', type=int, default=300)
    parser.add_argument('--think', type=float, default=1.5, help='mean think time between clicks, seconds')
    parser.add_argument('--instance', help='instance folder to keep: a second run reuses its database and index')
    parser.add_argument('--build', action='store_true', help='with --instance: build the data set again')
    parser.add_argument('--threads', type=int, default=1,
                        help='threads per gunicorn worker (gthread) instead of the sync workers of `make run`')
    args = parser.parse_args()

    keep = bool(args.instance)
    instance = args.instance or tempfile.mkdtemp(prefix='bench-load-')
    if args.build and keep:
        shutil.rmtree(instance, ignore_errors=True)
    os.makedirs(instance, exist_ok=True)
    env = dict(os.environ, COMMISSION_INSTANCE_PATH=instance, DATABASE_URL=args.database_url, SECRET_KEY='bench-load')
    env.pop('MAIL_SERVER', None)
    log = open(os.path.join(instance, 'site.log'), 'w')
    web = worker = meter = None
    try:
        app, accounts, data = prepare(args, env)
        settle(app, env)
        port = free_port()
        web, worker = start_site(env, port, log, args.threads)
        warm_up(f'http://127.0.0.1:{port}', accounts, data)
        result = {'users': args.users, 'seconds': args.seconds, 'practices': args.practices, 'threads': args.threads}
        from sqlalchemy.engine import make_url
        meter = CpuMeter(web, worker, make_url(args.database_url).database)
        meter.start()
        for mode in args.runs.split(','):
            stats, elapsed, rebuilds = run_load(args, f'http://127.0.0.1:{port}', accounts, data, env, mode, meter)
            figures = summarise(mode, stats, elapsed)
            figures['rebuilds'] = rebuilds
            figures.update(stats.machine)
            requests = max(figures['requests'], 1)
            cpu = stats.machine['cpu_s']
            # CPU per request of each process group; 2 cores give at most 2 × elapsed seconds in all
            figures['cpu_ms_per_request'] = {k: round(v / requests * 1000, 1) for k, v in cpu.items()}
            figures['cpu_share'] = {k: round(v / max(sum(cpu.values()), 0.001), 2) for k, v in cpu.items()}
            figures['web_cpu_ms_per_request'] = figures['cpu_ms_per_request']['web']
            figures['web_cores_used'] = round(cpu.get('web', 0) / elapsed, 2)
            print(f'CPU ms per request {figures["cpu_ms_per_request"]}; share of the measured CPU '
                  f'{figures["cpu_share"]}; web cores used {figures["web_cores_used"]} of 2')
            figures['verify'] = verify(app, stats.writes)
            print(f'writes: {figures["verify"]}')
            result[mode] = figures
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if meter is not None:
            meter.stop.set()
        for proc in (web, worker):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=60)
        log.close()
        if not keep:
            shutil.rmtree(instance, ignore_errors=True)


if __name__ == '__main__':
    main()
