"""Dashboard and scorecard render time and SQL count at 100 resolutions × 20 cities × 10 reports per assignment.

Usage: .venv/bin/python bench/dashboard.py [--runs 20]
Builds a throwaway SQLite database in a temporary instance folder,
renders each page through the test client, prints median/p95 milliseconds and queries per render, and ends
with one line of JSON holding the figures.
"""
import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


from pagetiming import measure, sign_in  # noqa: E402

from commission import create_app  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=20)
    parser.add_argument('--resolutions', type=int, default=100)
    parser.add_argument('--cities', type=int, default=20)
    parser.add_argument('--reports', type=int, default=10)
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix='bench-dashboard-')
    app = create_app({'INSTANCE_PATH': instance, 'SQLALCHEMY_DATABASE_URI': f'sqlite:///{instance}/bench.db',
                      'SECRET_KEY': 'bench', 'MAIL_SERVER': None})
    logging_off()
    from flask_migrate import upgrade

    from commission.auth.services import create_user
    from commission.db import db
    from commission.resolutions.demo import load_volume

    with app.app_context():
        upgrade(directory=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'migrations'))
        start = time.perf_counter()
        load_volume(args.resolutions, args.cities, args.reports, prefix='bench')
        create_user(email='bench@example.org', full_name='دبیرخانه', role='secretariat', password='bench-pass')
        db.session.commit()
        build_s = time.perf_counter() - start
        engine = db.engine

    client = app.test_client()
    sign_in(client, 'bench@example.org', 'bench-pass')
    dashboard = measure(client, engine, '/resolutions/dashboard', args.runs)
    scorecard = measure(client, engine, '/resolutions/scorecard/bench-city-0', args.runs)
    size = f'{args.resolutions}x{args.cities}x{args.reports}'
    print(f'data {size} built in {build_s:.1f} s')
    for name, figures in (('dashboard', dashboard), ('scorecard', scorecard)):
        print(f"{name:10} median {figures['median_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  "
              f"{figures['queries']} SQL queries  {figures['bytes'] // 1024} KB")
    print(json.dumps({'size': size, 'runs': args.runs,
                      'dashboard_median_ms': dashboard['median_ms'], 'dashboard_p95_ms': dashboard['p95_ms'],
                      'dashboard_queries': dashboard['queries'],
                      'scorecard_median_ms': scorecard['median_ms'], 'scorecard_p95_ms': scorecard['p95_ms'],
                      'scorecard_queries': scorecard['queries']}))


def logging_off():
    import logging
    logging.getLogger().setLevel(logging.WARNING)


if __name__ == '__main__':
    main()
