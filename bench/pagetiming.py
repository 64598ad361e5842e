"""Timing one page through the test client: median and p95 render time and the SQL statements it runs."""
import re
import statistics
import time

from sqlalchemy import event


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(client, engine, url, runs, check=None):
    """GET `url` `runs` times after one warm-up; `check(response)` may assert what the page must show."""
    times, counts, statements = [], [], []
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(engine, 'before_cursor_execute', listener)
    try:
        client.get(url)  # warm-up: templates compiled, caches filled
        for _ in range(runs):
            statements.clear()
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            counts.append(len(statements))
            assert response.status_code == 200, response.status_code
            if check:
                check(response)
    finally:
        event.remove(engine, 'before_cursor_execute', listener)
    return {'median_ms': round(statistics.median(times), 1), 'p95_ms': round(percentile(times, 95), 1),
            'queries': max(counts), 'bytes': len(response.data)}


def sign_in(client, email, password):
    """Sign in through the login form, as a person does (the session then carries what the app expects)."""
    page = client.get('/login').get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {'email': email, 'password': password, **({'csrf_token': token.group(1)} if token else {})}
    response = client.post('/login', data=data)
    assert response.status_code == 302, f'sign-in of {email} failed: {response.status_code}'
