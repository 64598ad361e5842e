"""The dashboard and a scorecard run a fixed number of SQL queries, whatever the volume."""
import contextlib

from sqlalchemy import event

from commission.resolutions.demo import load_volume


@contextlib.contextmanager
def count_queries(engine):
    statements = []

    def _count(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(('SAVEPOINT', 'RELEASE', 'ROLLBACK')):
            statements.append(statement)
    event.listen(engine, 'before_cursor_execute', _count)
    try:
        yield statements
    finally:
        event.remove(engine, 'before_cursor_execute', _count)


def _queries(client, db, url):
    with count_queries(db.engine) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def test_dashboard_and_scorecard_queries_do_not_grow_with_volume(client, make, login, db):
    login(make.user(role='secretariat'))
    load_volume(resolutions=3, cities=2, reports=1, prefix='small')
    client.get('/resolutions/dashboard')  # the first request also loads the user
    small, _ = _queries(client, db, '/resolutions/dashboard')
    small_card, _ = _queries(client, db, '/resolutions/scorecard/small-city-0')

    load_volume(resolutions=100, cities=20, reports=10, prefix='big')
    big, page = _queries(client, db, '/resolutions/dashboard')
    big_card, _ = _queries(client, db, '/resolutions/scorecard/big-city-0')

    assert page.count('class="rs-cell') == 103 * 22  # every resolution × every city, all rendered
    assert big == small <= 13  # the matrix, the open extension requests, the navigation's task count
    assert big_card == small_card <= 10
