"""A report's PDF, printed by headless Chromium from the same HTML as the print view.

The page is written to a private temporary folder with file:// links to the static files (fonts and styles),
so the browser needs neither the network nor a signed-in session. A PDF is kept in the instance folder under
the hash of its HTML: the same report asked for again is not printed twice.
"""
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile

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


def _cache_dir():
    path = os.path.join(current_app.instance_path, 'report-pdfs')
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def render_pdf(html):
    """PDF bytes of `html` (a full page whose assets are file:// URLs); raises PdfUnavailable."""
    browser = renderer()
    if browser is None:
        raise PdfUnavailable('no PDF renderer installed')
    digest = hashlib.sha256(html.encode('utf-8')).hexdigest()
    cached = os.path.join(_cache_dir(), f'{digest}.pdf')
    if os.path.exists(cached):
        with open(cached, 'rb') as f:
            return f.read()
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
            data = f.read()
    tmp = cached + '.part'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, cached)
    return data
