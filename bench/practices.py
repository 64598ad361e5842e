"""The practice list's render time and SQL count with 10,000 published practices.

Usage: .venv/bin/python bench/practices.py [--runs 30] [--practices 10000]
Builds a throwaway SQLite database in a temporary instance folder (migrated, then filled with a bulk
insert), signs in a director, renders the list page through the test client without and with filters,
prints the median and p95 milliseconds and the queries per render, and ends with one line of JSON.
"""
import argparse
import datetime as dt
import json
import logging
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pagetiming import measure, sign_in  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from commission import create_app  # noqa: E402

WORDS = ['پیوست رسانه‌ای', 'نظرسنجی', 'تولید محتوا', 'تلویزیون شهری', 'ملاقات مردمی', 'هفته‌نامه', 'بحران',
         'شبکه‌های اجتماعی', 'پوستر مناسبت‌ها', 'آموزش']


def _twenty_cards(response):
    assert response.get_data(as_text=True).count('class="card practice-card') == 20


def fill(db, count):
    """Cities, a director, tags and `count` published practices, inserted in bulk."""
    from commission.auth.models import User
    from commission.cities.models import City
    from commission.practices.models import Category, Practice, Tag, practice_tags

    cities = [City(name=f'شهر {i}', slug=f'city-{i}', province='استان') for i in range(20)]
    db.session.add_all(cities)
    tags = [Tag(name=w) for w in WORDS]
    db.session.add_all(tags)
    director = User(email='bench@example.org', full_name='مدیر آزمون', role='director', city=cities[0])
    director.set_password('bench-pass')
    db.session.add(director)
    db.session.flush()
    categories = db.session.scalars(db.select(Category.id)).all()
    start = dt.datetime(2020, 3, 20)
    rows = []
    for i in range(count):
        moment = start + dt.timedelta(hours=3 * i)
        rows.append({
            'city_id': cities[i % len(cities)].id, 'author_id': director.id if i % 20 == 0 else None,
            'contact_name': 'روابط عمومی', 'contact_info': '', 'title': f'{WORDS[i % len(WORDS)]}: تجربه شماره {i}',
            'summary': 'خلاصه‌ای یک‌بندی از آنچه شهر انجام داد و نتیجه‌ای که گرفت. ' * 3,
            'context': '', 'actions': '', 'resources': '', 'results': '', 'lessons': '',
            'category_id': categories[i % len(categories)], 'audience': '', 'channels': '',
            'year': 1399 + i % 6, 'quarter': 1 + i % 4, 'status': 'published', 'review_note': '',
            'is_selected': i % 40 == 0, 'useful_count': i % 13, 'adoption_count': i % 5, 'comment_count': i % 4,
            'created_dt': moment, 'updated_dt': moment, 'published_dt': moment})
    db.session.execute(insert(Practice), rows)
    ids = db.session.scalars(db.select(Practice.id)).all()
    links = [{'practice_id': pid, 'tag_id': tags[(k + j) % len(tags)].id} for k, pid in enumerate(ids) for j in (0, 3)]
    db.session.execute(insert(practice_tags), links)
    db.session.commit()
    return director, cities, categories


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=30)
    parser.add_argument('--practices', type=int, default=10_000)
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix='bench-practices-')
    app = create_app({'INSTANCE_PATH': instance, 'SQLALCHEMY_DATABASE_URI': f'sqlite:///{instance}/bench.db',
                      'SECRET_KEY': 'bench', 'MAIL_SERVER': None, 'WTF_CSRF_ENABLED': False})
    logging.disable(logging.WARNING)
    from flask_migrate import upgrade

    from commission.db import db
    try:
        with app.app_context():
            upgrade(directory=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'migrations'))
            started = time.perf_counter()
            director, cities, categories = fill(db, args.practices)
            fill_s = time.perf_counter() - started
            director_email, city_slug, category_id = director.email, cities[3].slug, categories[3]
        client = app.test_client()
        sign_in(client, director_email, 'bench-pass')
        pages = {
            'list': '/practices/',
            'list_filtered': f'/practices/?city={city_slug}&year=1402&sort=useful',
            'list_category_tag': f'/practices/?category={category_id}&tag=آموزش&page=2',
            'list_tag_page5': '/practices/?tag=نظرسنجی&sort=adopted&page=5',
        }
        with app.app_context():
            engine = db.engine
            results = {name: measure(client, engine, url, args.runs, check=_twenty_cards)
                       for name, url in pages.items()}
        for name, figures in results.items():
            print(f'{name:16} median {figures["median_ms"]:7.1f} ms   p95 {figures["p95_ms"]:7.1f} ms   '
                  f'{figures["queries"]} SQL queries   ({pages[name]})')
        print(f'filled {args.practices} practices in {fill_s:.1f} s')
        print(json.dumps({'practices': args.practices, 'runs': args.runs, **{
            f'{name}_{key}': value for name, figures in results.items() for key, value in figures.items()}},
            ensure_ascii=False))
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == '__main__':
    main()
