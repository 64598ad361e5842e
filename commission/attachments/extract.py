"""Text extraction in a child process with limits, so a hostile PDF or Word file cannot hold a worker.

The parent checks office files' zip entries before anything is parsed (a 100 KB .docx may hold a 37 MB
document.xml), then reads the file in a child process under RLIMIT_AS and RLIMIT_CPU with a wall-clock timeout.
The child is forked from a fork server (multiprocessing's 'forkserver') that has this module, pypdf and
python-docx loaded: a fresh interpreter per file cost ~200 ms of CPU in start-up and imports, a forked one a few
ms, and the fork server is a single-threaded process of its own (the worker has threads: its lease keeper). The
child sends back one dict: {"text": …}, {"refused": reason} or {"memory": True}. Reasons are Persian: the owner
sees them beside the file.

`python -m commission.attachments.extract PATH TYPE MAX_PAGES MAX_TEXT` reads one file without limits (a check
by hand) and prints the same dict as JSON.
"""
import json
import multiprocessing
import os
import resource
import signal
import sys
import time
import zipfile

PDF = 'application/pdf'
DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
OFFICE_ZIPS = {DOCX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
               'application/vnd.openxmlformats-officedocument.presentationml.presentation'}
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
    deadline = time.monotonic() + limits.wall_seconds  # the whole call, the fork server's first start included
    parent, child = _CONTEXT.Pipe(duplex=False)
    proc = _CONTEXT.Process(target=_child, args=(child, path, content_type, limits), daemon=True)
    proc.start()
    child.close()
    try:
        # read before joining: a megabyte of text does not fit the pipe's buffer
        out = parent.recv() if parent.poll(max(deadline - time.monotonic(), 0)) else _TIMEOUT
    except EOFError:  # the child died without an answer: a limit, or a signal from outside
        out = None
    finally:
        parent.close()
    if out is _TIMEOUT:
        proc.kill()
    proc.join()
    if out is _TIMEOUT:
        return None, f'خواندن متن فایل بیش از {_fa(limits.wall_seconds)} ثانیه طول کشید.'
    if out is None:
        return None, _crash_reason(proc.exitcode, limits)
    if out.get('memory'):
        return None, _memory_reason(limits)
    return (out['text'], None) if 'text' in out else (None, out['refused'])


#: children are forked from a fork server started once per worker with the readers loaded (see the docstring)
_CONTEXT = multiprocessing.get_context('forkserver')
_CONTEXT.set_forkserver_preload(['commission.attachments.extract', 'pypdf', 'docx'])
_TIMEOUT = object()


def start_reader():
    """Start the fork server now (the worker's start), not at the first upload: it costs ~0.3 s of CPU once."""
    from multiprocessing import forkserver
    forkserver.ensure_running()


class Interrupted(RuntimeError):
    """The child was stopped from outside (not by a limit): the job is retried, the file not marked."""


def _crash_reason(exitcode, limits):
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):  # SIGXCPU, then SIGKILL past the hard limit
        return f'خواندن متن فایل بیش از {_fa(limits.cpu_seconds)} ثانیه پردازش می‌خواست.'
    if exitcode is not None and exitcode < 0:
        raise Interrupted(f'text extraction stopped by signal {-exitcode}')
    return 'متن فایل خوانده نشد (فایل آسیب دیده یا ناآشناست).'


def _memory_reason(limits):
    return f'خواندن متن فایل بیش از {_fa(limits.memory_mb)} مگابایت حافظه می‌خواست.'


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


def _read(path, content_type, max_pages, max_text):
    try:
        text = _pdf_text(path, max_pages, max_text) if content_type == PDF else _docx_text(path, max_text)
        return {'text': text}
    except _Refused as exc:
        return {'refused': str(exc)}
    except MemoryError:
        return {'memory': True}
    except Exception as exc:  # noqa: BLE001 - a broken file: not searchable, nothing more
        sys.stderr.write(repr(exc)[:500] + '\n')
        return {'refused': 'متن فایل خوانده نشد (فایل آسیب دیده یا ناآشناست).'}


def _child(conn, path, content_type, limits):
    """The forked child: a session of its own (Ctrl-C at the worker's terminal lets it finish, as it is bounded),
    the limits, the file, one answer."""
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    out = _read(path, content_type, limits.max_pages, limits.max_text)
    try:
        conn.send(out)
    except MemoryError:
        conn.send({'memory': True})
    conn.close()


def main(argv):
    path, content_type, max_pages, max_text = argv[1], argv[2], int(argv[3]), int(argv[4])
    sys.stdout.write(json.dumps(_read(path, content_type, max_pages, max_text), ensure_ascii=False))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
