"""The index follows the database.

* after_flush: the keys of new, changed and deleted searchable objects (and the owning item's key for
  a changed attachment or agenda item) are INSERTed into `search_queue` on the flush's own
  connection, so they commit or roll back together with the content.
* the worker (`flask worker`, commission/jobs/worker.py) drains the queue, polling every 0.5 s: a web
  request never waits for the index lock. Holding the index write lock, it reads the queued keys,
  loads those objects fresh, writes their documents, commits the index and only then deletes the
  rows it handled. Any failure (lock held by a rebuild, missing index, a crash) leaves the rows for
  the next drain: the worker's next round, `flask search drain` or `flask search rebuild`. Reading
  the keys under the lock means the last writer always loads the latest committed state.
"""
import logging
import os

from flask import current_app
from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from whoosh.writing import CLEAR

from ..timeutil import utcnow
from . import index, registry
from .documents import indexing_session
from .models import SearchQueue

logger = logging.getLogger(__name__)

_DRAINING = 'search_draining'
#: keys handled per index commit
BATCH = 500
#: a rebuild of more documents than this uses two processes
PARALLEL_FROM = 5000


@event.listens_for(Session, 'after_flush')
def _record_changes(session, _flush_context):
    if session.info.get(_DRAINING):
        return
    keys = set()
    for obj in session.new:
        keys.update(registry.keys_for(obj))
    for obj in session.dirty:
        if session.is_modified(obj):
            keys.update(registry.keys_for(obj))
    for obj in session.deleted:
        keys.update(registry.keys_for(obj))
    if keys:
        now = utcnow()
        rows = [{'key': k, 'created_dt': now} for k in sorted(keys)]
        session.connection().execute(insert(SearchQueue.__table__), rows)


def _session(bind=None):
    """A session of its own for reading fresh objects (inside the tests' outer transaction if there is one)."""
    if bind is None:
        from ..db import db
        bind = db.session.get_bind(mapper=SearchQueue)
    if isinstance(bind, Connection):
        session = Session(bind=bind, join_transaction_mode='create_savepoint')
    else:
        session = Session(bind=bind)
    session.info[_DRAINING] = True
    return session


def pending_count(bind=None):
    with _session(bind) as session:
        return session.scalar(select(func.count(SearchQueue.id)))


def drain(bind=None, limit=None, timeout=None):
    """Index the queued changes; returns how many queue rows were handled.

    Raises SearchUnavailable (no readable index) or IndexBusy (lock held longer than `timeout`);
    in both cases the queue is left as it was.
    """
    postgres = index.is_postgres_backend()
    ix = None if postgres else index.open_index()
    done = 0
    with _session(bind) as session:
        if postgres and not _pg_tables(session):
            raise index.SearchUnavailable('no search tables in the database; run `flask search rebuild`')
        while limit is None or done < limit:
            size = BATCH if limit is None else min(BATCH, limit - done)
            handled = (_drain_batch_pg if postgres else _drain_batch)(ix, session, size, timeout)
            if not handled:
                break
            done += handled
    return done


def _drain_batch(ix, session, batch, timeout):
    writer = index.writer(ix, timeout)
    try:
        rows = session.execute(select(SearchQueue.id, SearchQueue.key).order_by(SearchQueue.id).limit(batch)).all()
        if not rows:
            writer.cancel()
            session.rollback()
            return 0
        keys = _with_dependents(session, rows)
        with indexing_session(session):
            for key in keys:
                _write(writer, session, key)
        writer.commit()
    except BaseException:
        writer.cancel()
        session.rollback()
        raise
    # End the read transaction first: SQLite (WAL) refuses at once, without waiting, to turn a read
    # snapshot into a write once another process has committed since it began.
    session.rollback()
    session.execute(delete(SearchQueue).where(SearchQueue.id.in_([row.id for row in rows])))
    session.commit()
    session.expunge_all()
    return len(rows)


def _pg_tables(session):
    from . import pgindex
    found = pgindex.available(session.connection())
    session.rollback()
    return found


def _drain_batch_pg(_ix, session, batch, timeout):
    """One batch into the PostgreSQL tables, in the same transaction as the deletion of its queue rows.

    Queue rows are claimed with SKIP LOCKED (two workers take different rows); each key is written under an
    advisory lock taken in key order, after which its object is loaded, so the later writer loads the later state.
    """
    from . import pgindex
    if timeout is None:
        timeout = current_app.config.get('SEARCH_LOCK_TIMEOUT') or 10.0
    try:
        writer = pgindex.Writer(session.connection(), timeout)
        rows = session.execute(select(SearchQueue.id, SearchQueue.key).order_by(SearchQueue.id).limit(batch)
                               .with_for_update(skip_locked=True)).all()
        if not rows:
            session.rollback()
            return 0
        keys = _with_dependents(session, rows)
        writer.lock_keys(keys)
        updates, deletes = [], []
        with indexing_session(session):
            for key in keys:
                found = _document(session, key)
                if found is None:
                    continue
                doc, = found
                if doc is None:
                    deletes.append(key)
                else:
                    updates.append(index.to_fields(doc))
        writer.write(updates, deletes)
        writer.finish()
        session.execute(delete(SearchQueue).where(SearchQueue.id.in_([row.id for row in rows])))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    session.expunge_all()
    return len(rows)


def _document(session, key):
    """(the search document of `key` or None when it must leave the index,), or None when it could not be built."""
    try:
        obj = registry.load(session, key)
        return (obj.search_document() if obj is not None else None),
    except Exception:  # noqa: BLE001 - one broken document must not block the queue behind it
        logger.exception('Could not build the search document of %s; left as it was', key)
        return None


def _with_dependents(session, rows):
    """The queued keys of `rows` and the keys each one's change re-indexes, in order, once each."""
    keys = dict.fromkeys(key for _, key in rows)
    for key in list(keys):
        keys.update(dict.fromkeys(registry.dependent_keys(session, key)))
    return keys


def _write(writer, session, key):
    found = _document(session, key)
    if found is None:
        return
    doc, = found
    if doc is None:
        writer.delete_by_term('key', key)
    else:
        writer.update_document(**index.to_fields(doc))


def rebuild(bind=None, batch=BATCH, progress=None, parallel=True):
    """Recreate the index from the database in batches; returns the number of documents.

    The write lock is held throughout, so writers from other processes wait (their changes stay
    queued and are drained at the end); readers keep the old index until the final commit.
    `progress(n)` is called after each batch. `parallel=False` keeps a large rebuild in this one process (so a
    caller pacing its CPU, as `flask search rebuild --cpu` does, measures all of it).
    """
    if index.is_postgres_backend():
        return _rebuild_pg(bind, batch, progress)
    path = index.index_path()
    try:
        ix = index.open_index(path)
        if not index.is_current(ix):
            ix = index.create(path)
    except index.SearchUnavailable:
        ix = index.create(path)
    count = 0
    with _session(bind) as session:
        # a large rebuild analyses in two processes (whoosh's MpWriter), leaving a few segments unmerged
        big = parallel and (os.cpu_count() or 1) > 1 and \
            sum(session.scalar(select(func.count(m.id))) for m in registry.models().values()) > PARALLEL_FROM
        extra = {'procs': 2, 'multisegment': True, 'limitmb': 128} if big else {'limitmb': 256}
        writer = index.writer(ix, timeout=120, **extra)
        try:
            high = session.scalar(select(func.max(SearchQueue.id))) or 0
            for docs in _documents(session, batch, progress):
                for doc in docs:
                    writer.add_document(**index.to_fields(doc))
                count += len(docs)
            writer.commit(mergetype=CLEAR)
        except BaseException:
            writer.cancel()
            raise
        session.execute(delete(SearchQueue).where(SearchQueue.id <= high))
        for fn in registry.after_rebuild():
            fn(session)
        session.commit()
    drain(bind)
    return count


def _rebuild_pg(bind, batch, progress):
    """The PostgreSQL tables rebuilt in one transaction (readers see the old rows until it commits)."""
    from . import pgindex
    count = 0
    with _session(bind) as session:
        try:
            pgindex.create_tables(session.connection())
            writer = pgindex.Writer(session.connection(), timeout=120, rebuild=True)
            high = session.scalar(select(func.max(SearchQueue.id))) or 0
            for docs in _documents(session, batch, progress):
                writer.write([index.to_fields(doc) for doc in docs])
                count += len(docs)
            writer.finish()
            session.execute(delete(SearchQueue).where(SearchQueue.id <= high))
            for fn in registry.after_rebuild():
                fn(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise
        pgindex.after_rebuild(session.connection())
        session.commit()
    drain(bind)
    return count


def _documents(session, batch, progress):
    """Every registered object's search document, a batch (a list) at a time, each batch's rows loaded with their
    prefetched relations and let go afterwards; `progress(n)` is told how many objects each batch visited."""
    for kind, model in registry.models().items():
        last = 0
        while True:
            objs = session.scalars(select(model).options(*registry.load_options(kind))
                                   .where(model.id > last).order_by(model.id).limit(batch)).all()
            if not objs:
                break
            prefetched = registry.prefetch(session, kind, [o.id for o in objs])
            with indexing_session(session, prefetched):
                docs = [doc for obj in objs if (doc := obj.search_document()) is not None]
            yield docs
            last = objs[-1].id
            session.expunge_all()
            if progress:
                progress(len(objs))


def total_items(bind=None):
    """How many objects a rebuild will visit (for the progress bar)."""
    with _session(bind) as session:
        return sum(session.scalar(select(func.count(model.id))) for model in registry.models().values())
