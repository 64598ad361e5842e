"""A city's own data as a zip readable without the platform: practices, progress reports (with their
resolutions' codes and titles) and their attachments, as JSON plus the files and a Persian README.txt."""
import json
import os
import tempfile
import zipfile

from sqlalchemy import select

from ..attachments.models import Attachment
from ..attachments.services import file_path
from ..db import db
from ..practices.models import Practice
from ..resolutions.models import Assignment

README = """خروجی داده‌های شهرداری {city}
ساخته‌شده در {created} (به وقت جهانی)

این بایگانی همهٔ داده‌های این شهر را بی‌نیاز از سامانه نگه می‌دارد:

- practices.json: تجربه‌های شهر (عنوان، خلاصه، شرح، دسته، برچسب‌ها، وضعیت و تاریخ‌ها).
- reports.json: مصوبه‌هایی که به این شهر سپرده شده (شماره و عنوان مصوبه، وضعیت و درصد پیشرفت)
  و گزارش‌های پیشرفت هر یک با یادداشت، وضعیت و نتیجهٔ بررسی دبیرخانه.
- files/: پیوست‌های تجربه‌ها و گزارش‌ها؛ در هر دو پرونده JSON فهرست «attachments» نام هر پیوست
  را در این پوشه («path») و نام اصلی آن را («name») می‌گوید.

پرونده‌های JSON با UTF-8 نوشته شده‌اند و با هر ویرایشگر متن یا صفحه‌گسترده‌ای باز می‌شوند.
تاریخ‌ها به قالب ISO 8601 و به وقت جهانی (UTC) هستند.
"""


def _when(value):
    return value.isoformat() if value else None


def _attachments(owner_type, owner_ids):
    if not owner_ids:
        return {}
    rows = db.session.scalars(select(Attachment).where(Attachment.owner_type == owner_type,
                                                       Attachment.owner_id.in_(owner_ids)).order_by(Attachment.id))
    found = {}
    for attachment in rows:
        found.setdefault(attachment.owner_id, []).append(attachment)
    return found


def _file_entry(attachment, files):
    safe = attachment.original_name.replace('/', '_').replace('\\', '_')
    path = f'files/{attachment.id}-{safe}'
    files.append((path, attachment))
    return {'name': attachment.original_name, 'path': path, 'content_type': attachment.content_type,
            'size': attachment.size, 'uploaded': _when(attachment.created_dt)}


def practices_data(city, files):
    practices = db.session.scalars(select(Practice).where(Practice.city_id == city.id).order_by(Practice.id)).all()
    attached = _attachments('practice', [p.id for p in practices])
    return [{
        'id': p.id, 'title': p.title, 'summary': p.summary, 'context': p.context, 'actions': p.actions,
        'resources': p.resources, 'results': p.results, 'lessons': p.lessons, 'audience': p.audience,
        'channels': p.channels, 'category': p.category.name if p.category else None, 'tags': [t.name for t in p.tags],
        'year': p.year, 'quarter': p.quarter, 'status': p.status, 'created': _when(p.created_dt),
        'published': _when(p.published_dt),
        'attachments': [_file_entry(a, files) for a in attached.get(p.id, [])],
    } for p in practices]


def reports_data(city, files):
    assignments = db.session.scalars(select(Assignment).where(Assignment.city_id == city.id)
                                     .order_by(Assignment.id)).all()
    attached = _attachments('report', [r.id for a in assignments for r in a.reports])
    return [{
        'resolution': {'id': a.resolution.id, 'code': a.resolution.code, 'title': a.resolution.title},
        'status': a.status, 'percent': a.percent, 'updated': _when(a.updated_dt),
        'deadline': _when(a.effective_deadline), 'own_deadline': _when(a.deadline),
        'responsible': a.responsible.full_name if a.responsible else None,
        'extension_requests': [{
            'requested': _when(x.requested_deadline), 'reason': x.reason, 'state': x.state,
            'granted': _when(x.granted_deadline), 'decision_note': x.decision_note, 'created': _when(x.created_dt),
        } for x in sorted(a.extension_requests, key=lambda x: x.id)],
        'reports': [{
            'id': r.id, 'status': r.status, 'percent': r.percent, 'note': r.note, 'evidence_url': r.evidence_url,
            'review': r.review,
            'review_note': r.review_note, 'created': _when(r.created_dt), 'reviewed': _when(r.reviewed_dt),
            'attachments': [_file_entry(att, files) for att in attached.get(r.id, [])],
        } for r in sorted(a.reports, key=lambda r: r.id)],
    } for a in assignments]


def _json(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1)


def build_city_zip(city, created):
    """The export as a temporary file (rewound); returns (file, counts)."""
    files = []
    practices, reports = practices_data(city, files), reports_data(city, files)
    out = tempfile.TemporaryFile()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as archive:
        archive.writestr('README.txt', README.format(city=city.name, created=created.strftime('%Y-%m-%d %H:%M')))
        archive.writestr('practices.json', _json({'city': city.name, 'practices': practices}))
        archive.writestr('reports.json', _json({'city': city.name, 'assignments': reports}))
        for path, attachment in files:
            if os.path.exists(file_path(attachment)):
                archive.write(file_path(attachment), path)
    out.seek(0)
    return out, {'practices': len(practices), 'assignments': len(reports), 'files': len(files)}
