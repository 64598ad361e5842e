"""Command-line contracts (docs/ARCHITECTURE.md): search batch, rebuild, drain, query; content import: tests/content."""
import json

import pytest

from tests.content.archive import LINES, write


@pytest.fixture
def cli(app, db, search_index):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def test_batch_prints_one_json_line_per_query_and_never_crashes(cli, db, tmp_path, make):
    cli('content', 'import', write(tmp_path, LINES), '--create-cities')
    own = make.practice(title='تجربه بدون مرجع درباره گاه نامه')
    db.session.commit()
    queries = [{'id': 'q1', 'q': 'گاهنامه'}, {'id': 'q2', 'q': '"پیوست رسانه‌ای'}, 'oops', {'id': 'q4'},
               {'id': 'q5', 'q': 'AND ( : -'}, {'id': 'q6', 'q': '59 مصوبه'}]
    result = cli('search', 'batch', write(tmp_path, queries, 'queries.jsonl'), '--limit', '5')
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o['id'] for o in out] == ['q1', 'q2', 'line-3', 'q4', 'q5', 'q6']
    assert [r['ref'] for r in out[0]['results']] == ['a-1', f'practice:{own.id}']
    assert set(out[0]['results'][0]) == {'ref', 'kind', 'title', 'city', 'score'}
    assert out[0]['results'][0]['kind'] == 'practice' and out[0]['results'][0]['city'] == 'کرج'
    assert out[0]['results'][0]['score'] >= out[0]['results'][1]['score']
    assert out[1]['results'][0]['ref'] == 'a-2'
    assert 'error' in out[2] and 'error' in out[3]
    assert 'results' in out[4]
    assert out[5]['results'][0]['ref'] == 'a-3'


def test_batch_on_a_fresh_instance_builds_the_index(cli, db, tmp_path, search_index):
    import shutil
    cli('content', 'import', write(tmp_path, LINES), '--create-cities')
    shutil.rmtree(search_index)
    result = cli('search', 'batch', write(tmp_path, [{'id': 'q', 'q': 'تاکسی'}], 'q.jsonl'))
    assert json.loads(result.stdout.splitlines()[-1])['results'][0]['ref'] == 'a-3'


def test_query_and_drain_commands(cli, db, tmp_path):
    cli('content', 'import', write(tmp_path, LINES), '--create-cities')
    result = cli('search', 'query', 'رضایت‌سنجی')
    assert result.exit_code == 0 and 'a-3' in result.output and '[رضایت سنجی]' in result.output
    assert cli('search', 'drain').exit_code == 0
