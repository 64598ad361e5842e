"""Rewrite the golden files from the analyzer as it is now: only when a change of terms is intended.

usage: .venv/bin/python -m tests.search.golden.make
"""
import json

from tests.search.golden.record import HERE, SHARED, record, shared_digests

OWN_LINES = HERE / 'persian_lines.txt'
OWN_EXPECTED = HERE / 'persian_expected.jsonl'
SHARED_DIGESTS = HERE / 'terms.json'


def own_lines():
    return OWN_LINES.read_text(encoding='utf-8').split('\n')[:-1]


def main():
    with OWN_EXPECTED.open('w', encoding='utf-8') as fh:
        for line in own_lines():
            fh.write(json.dumps(record(line), ensure_ascii=False, separators=(',', ':')) + '\n')
    if SHARED.is_dir():
        SHARED_DIGESTS.write_text(json.dumps(shared_digests(), indent=1) + '\n', encoding='utf-8')


if __name__ == '__main__':
    main()
