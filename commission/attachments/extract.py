"""Text extraction in a child process with limits, so a hostile PDF or Word file cannot hold a worker.

The parent checks office files' zip entries before anything is parsed (a 100 KB .docx may hold a 37 MB
document.xml), then runs `python -m commission.attachments.extract PATH TYPE MAX_PAGES MAX_TEXT` under
RLIMIT_AS and RLIMIT_CPU with a wall-clock timeout. The child prints one JSON object: {"text": …} or
{"refused": reason}. Reasons are Persian: the owner sees them beside the file.
"""
import json
import os
import resource
import subprocess
import sys
import zipfile

PDF = 'application/pdf'
DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
OFFICE_ZIPS = {DOCX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
               'application/vnd.openxmlformats-officedocument.presentationml.presentation'}
#: the folder holding the `commission` package, so the child finds it whatever the worker's directory
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
#: an entry expanding more than this many times its stored size is taken for a zip bomb
MAX_RATIO = 100


def _fa(number):
    return str(int(number)).translate(str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹'))


class Limits:
    def __init__(self, memory_mb=512, cpu_seconds=20, wall_seconds=30, max_pages=200, max_text=1024 * 1024,
                 max_unzipped_mb=100):
        self.memory_mb, self.cpu_seconds, self.wall_seconds = memory_mb, cpu_seconds, wall_seconds
        self.max_pages, self.max_text, self.max_unzipped_mb = max_pages, max_text, max_unzipped_mb

    @classmethod
    def from_config(cls, config):
        return cls(config['EXTRACT_MEMORY_MB'], config['EXTRACT_CPU_SECONDS'], config['EXTRACT_WALL_SECONDS'],
                   config['EXTRACT_MAX_PAGES'], config['EXTRACT_MAX_TEXT'], config['EXTRACT_MAX_UNZIPPED_MB'])


def zip_refusal(path, limits):
    """Why an office file must not be opened (a zip bomb, a broken zip), or None; reads only the directory."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError):
        return 'فایل آسیب دیده است و خوانده نشد.'
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_mb * 1024 * 1024:
        return f'محتوای فشردهٔ فایل از {_fa(limits.max_unzipped_mb)} مگابایت بیشتر می‌شود.'
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return 'فایل به شکل غیرعادی فشرده شده است (بمب فشرده‌سازی) و باز نشد.'
    return None


def extract(path, content_type, limits):
    """(text, None) or (None, Persian reason): the text of a PDF or Word file within the limits."""
    if content_type in OFFICE_ZIPS:
        refusal = zip_refusal(path, limits)
        if refusal:
            return None, refusal
    if content_type not in (PDF, DOCX):
        return '', None
    try:
        proc = subprocess.run([sys.executable, '-m', 'commission.attachments.extract', path, content_type,
                               str(limits.max_pages), str(limits.max_text)],
                              capture_output=True, timeout=limits.wall_seconds, preexec_fn=_child_limits(limits),
                              env=dict(os.environ, PYTHONPATH=ROOT), stdin=subprocess.DEVNULL,
                              start_new_session=True)  # Ctrl-C or SIGTERM to the worker lets the child finish
    except subprocess.TimeoutExpired:
        return None, f'خواندن متن فایل بیش از {_fa(limits.wall_seconds)} ثانیه طول کشید.'
    if proc.returncode != 0:
        return None, _crash_reason(proc, limits)
    try:
        result = json.loads(proc.stdout.decode('utf-8'))
    except ValueError:
        return None, 'متن فایل خوانده نشد.'
    return (result['text'], None) if 'text' in result else (None, result['refused'])


def _child_limits(limits):
    def apply():
        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    return apply


class Interrupted(RuntimeError):
    """The child was stopped from outside (not by a limit): the job is retried, the file not marked."""


def _crash_reason(proc, limits):
    if proc.returncode < 0 and proc.returncode not in (-24, -9):
        raise Interrupted(f'text extraction stopped by signal {-proc.returncode}')
    if proc.returncode in (-24, -9):  # SIGXCPU, then SIGKILL past the hard limit
        return f'خواندن متن فایل بیش از {_fa(limits.cpu_seconds)} ثانیه پردازش می‌خواست.'
    if b'MemoryError' in proc.stderr:
        return f'خواندن متن فایل بیش از {_fa(limits.memory_mb)} مگابایت حافظه می‌خواست.'
    return 'متن فایل خوانده نشد (فایل آسیب دیده یا ناآشناست).'


# -- the child ----------------------------------------------------------------------------------------------------

def _pdf_text(path, max_pages, max_text):
    from pypdf import PdfReader
    reader = PdfReader(path)
    if len(reader.pages) > max_pages:
        raise _Refused(f'فایل بیش از {_fa(max_pages)} صفحه دارد.')
    parts, size = [], 0
    for page in reader.pages:
        text = page.extract_text() or ''
        size += len(text)
        if size > max_text:
            raise _Refused(f'متن فایل از {_fa(max_text // 1024)} کیلوبایت بیشتر است.')
        parts.append(text)
    return '\n'.join(parts)


def _docx_text(path, max_text):
    import docx
    text = '\n'.join(p.text for p in docx.Document(path).paragraphs)
    if len(text) > max_text:
        raise _Refused(f'متن فایل از {_fa(max_text // 1024)} کیلوبایت بیشتر است.')
    return text


class _Refused(Exception):
    pass


def main(argv):
    path, content_type, max_pages, max_text = argv[1], argv[2], int(argv[3]), int(argv[4])
    try:
        text = _pdf_text(path, max_pages, max_text) if content_type == PDF else _docx_text(path, max_text)
        out = {'text': text}
    except _Refused as exc:
        out = {'refused': str(exc)}
    except MemoryError:
        sys.stderr.write('MemoryError\n')
        return 1
    except Exception as exc:  # noqa: BLE001 - a broken file: not searchable, nothing more
        out = {'refused': 'متن فایل خوانده نشد (فایل آسیب دیده یا ناآشناست).'}
        sys.stderr.write(repr(exc)[:500] + '\n')
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
