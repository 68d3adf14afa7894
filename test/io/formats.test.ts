// The same data as CSV, Parquet, JSON Lines and Arrow (file and stream) gives the same audit,
// figure by figure (1e-9), bootstrap intervals included. The expected report is the CSV reader's
// own, on the bundled CSV and on the CSV DuckDB writes from the same table as the other files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { SHARED_DATA } from '../support/adult';
import { compasColumns, compasDuckDb, compasRows, COMPAS_CSV, PROBABILITY_AUDIT, README_AUDIT } from '../support/compas-formats';
import { assertSameReport } from '../support/same-report';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'parity-formats-'));
const files = {
  csv: path.join(dir, 'compas.csv'),
  parquet: path.join(dir, 'compas.parquet'),
  jsonl: path.join(dir, 'compas.jsonl'),
  ndjson: path.join(dir, 'compas.ndjson'),
  arrow: path.join(dir, 'compas.arrow'),
  arrowStream: path.join(dir, 'compas.arrows'),
};

/** Four audits that between them use every role, a double score, a binned numeric sensitive column and bootstrap intervals. */
const AUDITS: Record<string, string[]> = {
  'decile score, race and sex (the README example)': README_AUDIT,
  'double probability, race and binned age': PROBABILITY_AUDIT,
  'inferred label and sensitive columns': ['--score', 'probability', '--bootstrap', '40'],
  // The weight column plays no role, so a columnar reader must still read it.
  'weighted by priors count': [
    '--label',
    'two_year_recid',
    '--score',
    'decile_score',
    '--threshold',
    '5',
    '--sensitive',
    'sex',
    '--weight',
    'priors_count',
    '--bootstrap',
    '30',
  ],
};

before(async () => {
  const { instance, connection } = await compasDuckDb();
  for (const [format, file] of [
    ['csv', files.csv],
    ['parquet', files.parquet],
    ['json', files.jsonl],
    ['json', files.ndjson],
  ] as const) {
    await connection.run(`COPY compas TO '${file}' (FORMAT ${format})`);
  }
  const columns = await compasColumns(connection);
  const rows = await compasRows(connection);
  const arrays = Object.fromEntries(
    columns.map((column, c) => {
      const values = rows.map((row) => row[c]);
      if (column.kind === 'integer') return [column.name, BigInt64Array.from(values, (v) => BigInt(v as number))];
      if (column.kind === 'double') return [column.name, Float64Array.from(values as number[])];
      return [column.name, values as string[]];
    }),
  );
  const table = tableFromArrays(arrays);
  writeFileSync(files.arrow, tableToIPC(table, 'file'));
  writeFileSync(files.arrowStream, tableToIPC(table, 'stream'));
  connection.closeSync();
  instance.closeSync();
});

after(() => rmSync(dir, { recursive: true, force: true }));

function audit(file: string, args: readonly string[]): unknown {
  const result = spawnSync(process.execPath, [cli, 'audit', file, ...args, '--format', 'json'], { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

for (const [name, args] of Object.entries(AUDITS)) {
  test(`${name}: Parquet, JSON Lines and Arrow give the CSV's audit`, () => {
    const expected = audit(files.csv, args) as { rows: number };
    assert.equal(expected.rows, 7214);
    // The DuckDB-written CSV adds the probability column to the bundled file; without it, the two agree.
    if (!args.includes('probability')) assertSameReport(expected, audit(COMPAS_CSV, args));
    for (const file of [files.parquet, files.jsonl, files.ndjson, files.arrow, files.arrowStream]) {
      const report = audit(file, args) as { counting: { by: string; recordsRead: number } };
      const figures = assertSameReport(report, expected);
      assert.ok(figures > 200, `${path.basename(file)}: only ${figures} numbers compared`);
      // DuckDB reads Parquet and JSON Lines and counts them (GROUP BY); Arrow files are read row by row.
      const byDuckDb = !file.endsWith('.arrow') && !file.endsWith('.arrows');
      assert.equal(report.counting.by, byDuckDb ? 'duckdb' : 'parity', path.basename(file));
      assert.ok(byDuckDb ? report.counting.recordsRead < 7214 : report.counting.recordsRead === 7214, path.basename(file));
    }
  });
}

test('role inference on a Parquet file (which reads only the candidate columns) matches the CSV', async () => {
  // Role inference sees the same candidates: the inferred roles and warnings match the CSV's.
  const args = AUDITS['inferred label and sensitive columns']!;
  const csv = audit(files.csv, args) as { columns: { inferred: unknown[] }; warnings: unknown[] };
  const parquet = audit(files.parquet, args) as { columns: { inferred: unknown[] }; warnings: unknown[] };
  assert.ok(csv.columns.inferred.length >= 3);
  assert.deepEqual(parquet.columns.inferred, csv.columns.inferred);
  assert.deepEqual(parquet.warnings, csv.warnings);
});

test('a missing Parquet file and a damaged one are one-line input errors', () => {
  const missing = spawnSync(process.execPath, [cli, 'audit', path.join(dir, 'nope.parquet'), '--sensitive', 'race'], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^parity: error: .*nope\.parquet: cannot read file: ENOENT/);
  const damaged = path.join(dir, 'damaged.parquet');
  writeFileSync(damaged, 'this is not parquet\n');
  const result = spawnSync(process.execPath, [cli, 'audit', damaged, '--sensitive', 'race'], { encoding: 'utf8' });
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /damaged\.parquet: .*(parquet|magic)/i);
});

test('a bad value past the first rows, met while the database counts, is a one-line error naming the value', () => {
  // 10,001 rows: the first 10,000 (the rows that decide the columns' types) are clean.
  const lines = Array.from({ length: 10_001 }, (_, i) =>
    JSON.stringify({ group: i % 2 ? 'a' : 'b', label: String(i % 3 === 0 ? 1 : 0), score: i < 10_000 ? String((i % 10) / 10) : 'high' }),
  );
  const file = path.join(dir, 'late-bad-score.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const result = spawnSync(process.execPath, [cli, 'audit', file, '--label', 'label', '--score', 'score', '--sensitive', 'group'], { encoding: 'utf8' });
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /late-bad-score\.jsonl, column "score": score "high" is not a number$/m);
});

test('source mistakes are one-line errors (exit 2) before any connection', () => {
  const cases: [string[], RegExp][] = [
    [[files.csv, '--table', 'compas'], /--table and --query apply to databases/],
    [
      ['postgres://ann:s3cret@127.0.0.1:1/db', '--sensitive', 'race'],
      /^parity: error: postgres:\/\/ann@127\.0\.0\.1:1\/db: a database source needs --table T or --query/,
    ],
    [['duckdb:x.duckdb', '--table', 't', '--query', 'SELECT 1'], /give --table or --query, not both/],
  ];
  for (const [args, message] of cases) {
    const result = spawnSync(process.execPath, [cli, 'audit', ...args], { encoding: 'utf8' });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.ok(!result.stderr.includes('s3cret'));
  }
});

test('parity leakage gives the same figures on Parquet, JSON Lines and Arrow as on the CSV', () => {
  const leakage = (file: string) => {
    const result = spawnSync(process.execPath, [cli, 'leakage', file, '--sensitive', 'race,sex', '--label', 'two_year_recid', '--format', 'json'], {
      encoding: 'utf8',
      cwd: root,
    });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as unknown;
  };
  const expected = leakage(files.csv);
  for (const file of [files.parquet, files.jsonl, files.arrow]) {
    const figures = assertSameReport(leakage(file), expected);
    assert.ok(figures > 50, `${path.basename(file)}: only ${figures} numbers compared`);
  }
});

test('a numeric label (Law School ZFYA by race and sex): Parquet and a DuckDB table give the CSV audit, counted by DuckDB', async () => {
  // The label's sums per cell are the same whether rows are read one by one or come as GROUP BY records with counts.
  const law = path.join(SHARED_DATA, 'law_data.csv');
  const parquet = path.join(dir, 'law.parquet');
  const database = path.join(dir, 'law.duckdb');
  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE law AS SELECT * FROM read_csv('${law}')`);
  await connection.run(`COPY law TO '${parquet}' (FORMAT PARQUET)`);
  connection.closeSync();
  instance.closeSync();
  const args = ['--label', 'ZFYA', '--sensitive', 'race,sex', '--bootstrap', '50'];
  type Counted = { counting: { by: string; recordsRead: number }; groupings: unknown };
  const expected = audit(law, args) as Counted;
  assert.equal(expected.counting.by, 'parity');
  for (const [source, extra] of [
    [parquet, []],
    [`duckdb:${database}`, ['--table', 'law']],
  ] as const) {
    const report = audit(source, [...args, ...extra]) as Counted;
    assert.equal(report.counting.by, 'duckdb', source);
    assert.ok(report.counting.recordsRead < 21791, source);
    assert.ok(assertSameReport(report.groupings, expected.groupings) > 300, source);
  }
});
