"""A report's PDF, printed by headless Chromium from the same HTML as the print view, in the worker.

The page is written to a private temporary folder with file:// links to the static files (fonts and styles),
so the browser needs neither the network nor a signed-in session. A PDF is kept in the instance folder under
the hash of its HTML (`instance/report-pdfs/<sha256>.pdf`): the web request only looks the file up, and when
it is missing records a 'reports.pdf' job (commission/reports/jobs.py) that prints it. The daily
'reports.pdf_cleanup' job removes PDFs older than REPORT_PDF_KEEP_DAYS.
"""
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time

from flask import current_app

logger = logging.getLogger(__name__)


class PdfUnavailable(RuntimeError):
    """No renderer installed, or it failed: the caller shows the print view instead."""


def renderer():
    """The configured Chromium when it is installed, else None."""
    path = current_app.config.get('PDF_BROWSER') or ''
    if not path:
        return None
    found = shutil.which(path)
    return found if found and os.access(found, os.X_OK) else None


def static_root():
    return os.path.abspath(current_app.static_folder)


def cache_dir():
    path = os.path.join(current_app.instance_path, 'report-pdfs')
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def digest_of(html):
    return hashlib.sha256(html.encode('utf-8')).hexdigest()


def cached(digest):
    """The kept PDF's path for this page's hash, or None (never prints anything)."""
    path = os.path.join(cache_dir(), f'{digest}.pdf')
    return path if os.path.exists(path) else None


def _print(browser, html):
    """PDF bytes of `html` printed by `browser` in a subprocess (PDF_TIMEOUT_SECONDS); raises PdfUnavailable."""
    with tempfile.TemporaryDirectory(prefix='report-pdf-') as work:
        page, out = os.path.join(work, 'report.html'), os.path.join(work, 'report.pdf')
        with open(page, 'w', encoding='utf-8') as f:
            f.write(html)
        command = [browser, '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                   '--no-first-run', '--disable-extensions', '--allow-file-access-from-files',
                   f'--user-data-dir={os.path.join(work, "profile")}', '--no-pdf-header-footer',
                   f'--print-to-pdf={out}', 'file://' + page]
        try:
            done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, cwd=work,
                                  timeout=current_app.config.get('PDF_TIMEOUT_SECONDS', 60))
        except (OSError, subprocess.TimeoutExpired) as exc:
            logger.warning('PDF rendering failed: %s', exc)
            raise PdfUnavailable(str(exc)) from exc
        if done.returncode != 0 or not os.path.exists(out) or os.path.getsize(out) == 0:
            logger.warning('PDF rendering failed (%s): %s', done.returncode, done.stderr[-500:])
            raise PdfUnavailable(f'renderer exited with {done.returncode}')
        with open(out, 'rb') as f:
            return f.read()


def render_to_cache(html):
    """Print `html` unless its PDF is kept already; returns the kept file's path. The worker's side only.

    The file appears whole or not at all: written to a temporary file in the same folder, then renamed.
    """
    digest = digest_of(html)
    path = cached(digest)
    if path:
        return path
    browser = renderer()
    if browser is None:
        raise PdfUnavailable('no PDF renderer installed')
    data = _print(browser, html)
    folder = cache_dir()
    fd, tmp = tempfile.mkstemp(prefix=f'{digest}.', suffix='.part', dir=folder)
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
        os.replace(tmp, os.path.join(folder, f'{digest}.pdf'))
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return os.path.join(folder, f'{digest}.pdf')


def remove_old(days, now=None):
    """Delete kept PDFs (and leftover partial files) last written more than `days` days ago; returns how many."""
    limit = (now or time.time()) - days * 86400
    folder = cache_dir()
    removed = 0
    for name in os.listdir(folder):
        if not (name.endswith('.pdf') or name.endswith('.part')):
            continue
        path = os.path.join(folder, name)
        try:
            if os.path.getmtime(path) < limit:
                os.unlink(path)
                removed += 1
        except FileNotFoundError:  # removed meanwhile (another worker)
            continue
    return removed
