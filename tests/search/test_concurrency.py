"""Two processes committing and draining the search queue at the same moment (as two workers do): both wait
for whoosh's lock, none fails."""
import multiprocessing
import time

from tests.conftest import upgrade_database, worker_database_url

COMMITS = 4


def _config(tmp_path, url):
    return {'TESTING': True, 'INSTANCE_PATH': str(tmp_path / 'instance'), 'SQLALCHEMY_DATABASE_URI': url,
            'SECRET_KEY': 'test', 'SEARCH_INDEX_PATH': str(tmp_path / 'index'),
            'SEARCH_LOCK_TIMEOUT': 20}


def _writer(config, city_id, name, barrier, errors):
    """A separate process publishing practices and draining the queue after each commit, as a worker would."""
    import logging

    from commission import create_app
    from commission.db import db
    from commission.practices.models import Practice
    from commission.search import hooks

    failures = []

    class Catch(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING and record.name.startswith('commission.search'):
                failures.append(record.getMessage())

    logging.getLogger('commission.search').addHandler(Catch())
    app = create_app(config)
    with app.app_context():
        barrier.wait(timeout=60)
        try:
            for n in range(COMMITS):
                db.session.add(Practice(city_id=city_id, title=f'تجربه {name} شماره {n}', summary='کانال پیام رسان',
                                        status='published'))
                db.session.commit()
                hooks.drain(timeout=20)
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            failures.append(repr(exc))
    errors.put((name, failures))


def test_two_processes_write_at_once_without_lock_errors(tmp_path):
    from commission import create_app
    from commission.cities.models import City
    from commission.db import db
    from commission.search import index, services
    from commission.search.models import SearchQueue

    config = _config(tmp_path, worker_database_url('_search_mp'))
    app = create_app(config)
    upgrade_database(app)
    with app.app_context():
        city = City(name='شهر همزمانی', slug='concurrency')
        db.session.add(city)
        db.session.commit()
        city_id = city.id
        ix = index.create()

    ctx = multiprocessing.get_context('spawn')
    barrier = ctx.Barrier(3)
    errors = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(config, city_id, name, barrier, errors)) for name in ('الف', 'ب')]
    for p in procs:
        p.start()
    holder = ix.writer()  # a third writer holds the lock while both processes commit
    barrier.wait(timeout=60)
    time.sleep(1.0)
    holder.cancel()
    reports = [errors.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0

    assert [failures for _, failures in reports] == [[], []]  # no LockError, nothing left for later
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SearchQueue.id))) == 0
        titles = {hit['title'] for hit in services.run_query('کانال پیام‌رسان', limit=50)}
        db.engine.dispose()
    assert titles == {f'تجربه {name} شماره {n}' for name in ('الف', 'ب') for n in range(COMMITS)}
