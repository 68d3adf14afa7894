// Quoting, TSV decoding and URL redaction, checked against hand-written expected strings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../server/src/engine/errors';
import { displayLocation, parseLocation, redactUrl } from '../../server/src/io/location';
import { parseTsvLine } from '../../server/src/io/sql/clickhouse';
import { CLICKHOUSE, DUCKDB, POSTGRES } from '../../server/src/io/sql/dialect';

test('standard SQL doubles the quote; ClickHouse escapes quote and backslash', () => {
  for (const dialect of [DUCKDB, POSTGRES]) {
    assert.equal(dialect.identifier(`a"; DROP TABLE t; --`), `"a""; DROP TABLE t; --"`);
    assert.equal(dialect.string(`O'Brien \\ x`), `'O''Brien \\ x'`);
  }
  assert.equal(CLICKHOUSE.identifier('a`b\\c'), '`a\\`b\\\\c`');
  assert.equal(CLICKHOUSE.string(`it's \\ here`), `'it\\'s \\\\ here'`);
  assert.equal(CLICKHOUSE.number(0.25), '0.25');
  assert.throws(() => POSTGRES.number(Number.NaN), InputError);
  assert.throws(() => DUCKDB.identifier('a\0b'), InputError);
});

test('ClickHouse TabSeparated: tabs split fields, escapes are undone, \\N is NULL', () => {
  assert.deepEqual(parseTsvLine("a\t\\N\tx\\ty\\nz\t\\\\N\tit\\'s"), ['a', null, 'x\ty\nz', '\\N', "it's"]);
  assert.deepEqual(parseTsvLine(''), ['']);
});

test('locations: extensions pick the reader, schemes the database', () => {
  assert.deepEqual(parseLocation('data/x.PARQUET'), { kind: 'file', format: 'parquet', path: 'data/x.PARQUET' });
  assert.deepEqual(parseLocation('x.ndjson'), { kind: 'file', format: 'jsonl', path: 'x.ndjson' });
  assert.deepEqual(parseLocation('x.feather'), { kind: 'file', format: 'arrow', path: 'x.feather' });
  assert.deepEqual(parseLocation('x.csv.gz'), { kind: 'file', format: 'csv', path: 'x.csv.gz' });
  assert.deepEqual(parseLocation('C:\\data\\x.csv'), { kind: 'file', format: 'csv', path: 'C:\\data\\x.csv' });
  assert.deepEqual(parseLocation('duckdb:/tmp/w.duckdb'), { kind: 'database', database: 'duckdb', target: '/tmp/w.duckdb' });
  assert.equal((parseLocation('postgresql://u@h/db') as { database: string }).database, 'postgres');
  assert.equal((parseLocation('clickhouse://u@h:8123/db') as { database: string }).database, 'clickhouse');
});

test('a URL is shown without its password or query parameters', () => {
  assert.equal(redactUrl('postgres://ann:s3cret@db:5432/w?password=s3cret&sslmode=require'), 'postgres://ann@db:5432/w');
  assert.equal(redactUrl('clickhouse://ann:p%40ss@h:8123/default'), 'clickhouse://ann@h:8123/default');
  assert.equal(displayLocation('postgres://ann:s3cret@db/w'), 'postgres://ann@db/w');
  assert.equal(displayLocation('data/x.csv'), 'data/x.csv');
  assert.ok(!redactUrl('postgres://ann:s3cret@[bad').includes('s3cret'));
});
