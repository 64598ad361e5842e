"""The worker's side of reports: printing a report's PDF ('reports.pdf') and the daily cleanup of kept PDFs.

The web request records 'reports.pdf' with the report's identity (city slug or None, Jalali year, span); the
handler renders the same print page in a request context of the reports blueprint and prints it with Chromium.
A failed print raises: the worker retries it with backoff, then keeps it failed (the PDF link says so).
"""
import logging

from flask import current_app
from sqlalchemy import select

from ..db import db
from ..jobs import handler
from ..jobs.queue import JobError
from ..jobs.schedule import daily
from . import pdf

logger = logging.getLogger(__name__)

daily('reports.pdf_cleanup', 'reports.pdf_cleanup', time_config='REPORT_PDF_CLEANUP_TIME', default='03:30')


@handler('reports.pdf')
def print_pdf(payload, job):
    from ..cities.models import City
    from .periods import SPANS, Period
    from .views import pdf_html
    city = None
    if payload.get('city'):
        city = db.session.scalar(select(City).where(City.slug == payload['city']))
        if city is None:
            raise JobError(f'no city {payload["city"]!r}')
    year, span = int(payload.get('year') or 0), int(payload.get('span') or 0)
    if span not in SPANS or not 1300 <= year <= 1500:
        raise JobError(f'no report period {year}/{span}')
    if pdf.renderer() is None:
        raise JobError('no PDF renderer installed (PDF_BROWSER)')
    with current_app.test_request_context('/reports/'):  # the blueprint's template helpers
        html = pdf_html(city, Period(year, span))
    digest = pdf.digest_of(html)
    if payload.get('digest') and payload['digest'] != digest:
        logger.info('Report %s/%s/%s changed since its PDF was asked for; printing the current page',
                    payload.get('city') or 'commission', year, span)
    path = pdf.render_to_cache(html)  # PdfUnavailable: retried by the worker
    job.progress = {'digest': digest}
    logger.info('Printed %s', path)


@handler('reports.pdf_cleanup')
def cleanup(payload, job):
    days = float(current_app.config.get('REPORT_PDF_KEEP_DAYS', 30))
    removed = pdf.remove_old(days)
    logger.info('Removed %s kept report PDF(s) older than %s day(s)', removed, days)
