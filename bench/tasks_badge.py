"""What the navigation's «کارهای من» count costs per page, on the demo data: SQL statements and CPU time.

usage: .venv/bin/python bench/tasks_badge.py [--n 50]

Builds a fresh SQLite demo in a temporary instance folder, then for each demo role requests /cities/ with and
without the badge (the badge function swapped out) and reports the difference. Ends with one JSON line.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

ROLES = {'director': 'karaj@example.org', 'secretariat': 'secretariat@example.org',
         'observer': 'observer@example.org'}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--n', type=int, default=50)
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix='tasks-bench-')
    os.environ['COMMISSION_INSTANCE_PATH'] = instance
    from flask_migrate import upgrade
    from sqlalchemy import event

    from commission import create_app, templating
    from commission.db import db
    from commission.demo import load_demo
    app = create_app({'WTF_CSRF_ENABLED': False, 'MAIL_SERVER': None})
    with app.app_context():
        upgrade(directory=os.path.join(ROOT, 'migrations'))
        load_demo()
        db.session.commit()
    statements = []
    with app.app_context():
        event.listen(db.engine, 'before_cursor_execute', lambda *a, **k: statements.append(1))
    real = templating.NAV_BADGES['tasks.index']
    result = {}
    for role, email in ROLES.items():
        client = app.test_client()
        client.post('/login', data={'email': email, 'password': app.config['DEMO_PASSWORD']})
        client.get('/cities/')

        def measure(client=client):
            del statements[:]
            start = time.process_time()
            assert client.get('/cities/').status_code == 200
            return len(statements), (time.process_time() - start) * 1000
        runs = {}
        for name, badge in (('with', real), ('without', lambda user: None)):
            templating.NAV_BADGES['tasks.index'] = badge
            samples = [measure() for _ in range(args.n)]
            runs[name] = (samples[-1][0], statistics.median(s[1] for s in samples))
        templating.NAV_BADGES['tasks.index'] = real
        result[role] = {'badge_sql_statements': runs['with'][0] - runs['without'][0],
                        'badge_cpu_ms_median': round(runs['with'][1] - runs['without'][1], 2),
                        'page_cpu_ms_median': round(runs['with'][1], 2)}
    print(json.dumps({'bench': 'tasks_badge', 'n': args.n, 'roles': result}, ensure_ascii=False))


if __name__ == '__main__':
    main()
