"""What a report and the transparency page cost on the demo data: time and SQL queries per request.

usage: .venv/bin/python bench/reports.py [--rounds 5]

Builds a fresh SQLite instance with the demo data (18 cities, their indicators, resolutions, meetings and
practices), then asks, as the secretariat through the test client, for a city's report page, the commission's
report page (every city ranked), their DOCX, one PDF (Chromium, when installed: the request that records the
job, the worker's print, then the kept copy), and /public/ with its feed anonymously. Best of --rounds in wall
time. Ends with one line of JSON.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--rounds', type=int, default=5)
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix='bench-reports-')
    os.environ['COMMISSION_INSTANCE_PATH'] = instance
    from flask_migrate import upgrade
    from sqlalchemy import event

    from commission import create_app
    from commission.db import db
    from commission.demo import load_demo
    from commission.jalali import today_tehran
    from commission.reports.periods import latest_finished

    app = create_app({'WTF_CSRF_ENABLED': False, 'EXPORT_LIMIT': '10000 per minute'})
    with app.app_context():
        upgrade(directory=str(ROOT / 'migrations'))
        load_demo()
        db.session.commit()
    period = latest_finished(today_tehran())
    base = f'{period.year}/{period.span}'
    queries = []
    with app.app_context():
        event.listen(db.engine, 'before_cursor_execute', lambda *a: queries.append(1))

    def measure(client, path):
        best, count = None, 0
        for _ in range(args.rounds):
            queries.clear()
            start = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - start
            assert response.status_code == 200, (path, response.status_code)
            best, count = min(best or elapsed, elapsed), len(queries)
        return {'ms': round(best * 1000, 1), 'queries': count}

    results = {}
    anonymous = app.test_client()
    results['public'] = measure(anonymous, '/public/')
    results['public_feed'] = measure(anonymous, '/public/feed.atom')
    staff = app.test_client()
    staff.post('/login', data={'email': 'secretariat@example.org', 'password': app.config['DEMO_PASSWORD']})
    results['city_report'] = measure(staff, f'/reports/city/karaj/{base}')
    results['commission_report'] = measure(staff, f'/reports/commission/{base}')
    results['city_docx'] = measure(staff, f'/reports/city/karaj/{base}/report.docx')
    results['commission_docx'] = measure(staff, f'/reports/commission/{base}/report.docx')
    with app.app_context():
        from commission.reports.pdf import renderer
        has_pdf = renderer() is not None
    if has_pdf:
        from commission.jobs.worker import run_pending
        start = time.perf_counter()
        assert staff.get(f'/reports/commission/{base}/report.pdf').status_code == 202  # a job, no print
        results['commission_pdf_request_ms'] = round((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        with app.app_context():
            run_pending(app)
        results['commission_pdf_worker_ms'] = round((time.perf_counter() - start) * 1000)
        results['commission_pdf_kept'] = measure(staff, f'/reports/commission/{base}/report.pdf')
    shutil.rmtree(instance, ignore_errors=True)
    print(json.dumps({'bench': 'reports', 'period': base, 'rounds': args.rounds, **results}, ensure_ascii=False))


if __name__ == '__main__':
    main()
