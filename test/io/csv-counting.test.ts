// DuckDB counting a CSV file (--csv-counting duckdb; `auto` does it from 64 MiB) must give the
// reader's audit: expected values are the same audit with --csv-counting reader, figure by figure
// to 1e-9 with intervals. Files are variations of the bundled COMPAS sample written here: other
// delimiters, quoting, blank lines, CRLF, a byte-order mark, no header, hostile header names.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import { COMPAS_CSV, README_AUDIT } from '../support/compas-formats';
import { assertSameReport } from '../support/same-report';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'parity-csv-counting-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const compas = readFileSync(COMPAS_CSV, 'utf8').trimEnd().split('\n');
const header = compas[0]!.split(',');

function write(name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function run(file: string, args: readonly string[]) {
  return spawnSync(process.execPath, [cli, 'audit', file, ...args, '--format', 'json'], { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });
}

interface Report {
  rows: number;
  counting: { by: string; recordsRead: number };
}

function audit(file: string, args: readonly string[]): Report {
  const result = run(file, args);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Report;
}

/** Audits the file both ways; DuckDB must have counted it, and the figures must agree. */
function assertCountedAlike(file: string, args: readonly string[], rows: number): void {
  const expected = audit(file, [...args, '--csv-counting', 'reader']);
  assert.deepEqual(expected.counting, { by: 'parity', recordsRead: rows });
  const counted = audit(file, [...args, '--csv-counting', 'duckdb']);
  assert.equal(counted.counting.by, 'duckdb', path.basename(file));
  assert.ok(counted.counting.recordsRead < rows, `${path.basename(file)}: ${counted.counting.recordsRead} records`);
  assert.ok(assertSameReport(counted, expected) > 100, path.basename(file));
}

const PROBABILITY = ['--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--sensitive', 'race,age', '--bootstrap', '50', '--seed', '3'];

test('the bundled sample: the README audit, binned ages with intervals, and a weighted audit', () => {
  assertCountedAlike(COMPAS_CSV, README_AUDIT, 7214);
  assertCountedAlike(COMPAS_CSV, PROBABILITY, 7214);
  assertCountedAlike(COMPAS_CSV, [...README_AUDIT, '--weight', 'priors_count'], 7214);
});

test('semicolons, CRLF line ends, a byte-order mark, blank lines and quoted fields with delimiters, quotes and line breaks', () => {
  const race = header.indexOf('race');
  const quoted = compas.map((line, i) => {
    if (i === 0) return line.replaceAll(',', ';');
    const fields = line.split(',');
    // Every tenth row's race is quoted and holds the delimiter, a doubled quote and a line break.
    if (i % 10 === 0) fields[race] = `"${fields[race]}; ""x""\nnext"`;
    return fields.join(';');
  });
  const withBlanks = quoted.flatMap((line, i) => (i > 0 && i % 1000 === 0 ? ['', line] : [line]));
  const file = write('semicolons.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(withBlanks.join('\r\n') + '\r\n')]));
  assertCountedAlike(file, README_AUDIT, 7214);
});

test('a headerless file with --no-header --columns, and header names with quotes and a backslash', () => {
  const headerless = write('headerless.csv', compas.slice(1).join('\n') + '\n');
  assertCountedAlike(headerless, [...README_AUDIT, '--no-header', '--columns', header.join(',')], 7214);

  const hostile = header.map((name) => (name === 'race' ? `race"); DROP TABLE t; -- \\` : name));
  const renamed = write('hostile-header.csv', [hostile.map((name) => `"${name.replaceAll('"', '""')}"`).join(','), ...compas.slice(1)].join('\n') + '\n');
  const args = ['--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--sensitive', `race"); DROP TABLE t; -- \\,sex`];
  assertCountedAlike(renamed, args, 7214);
});

test('missing-value markers: NA and ? in the audited columns are missing either way', () => {
  const sex = header.indexOf('sex');
  const lines = compas.map((line, i) => {
    if (i === 0 || i % 7 !== 0) return line;
    const fields = line.split(',');
    fields[sex] = i % 2 ? 'NA' : ' ? ';
    return fields.join(',');
  });
  assertCountedAlike(write('markers.csv', lines.join('\n') + '\n'), README_AUDIT, 7214);
});

test("a malformed file or a bad value gets the reader's own message, with its line", () => {
  const cases: [string, string[]][] = [
    ['unclosed-quote.csv', [...compas.slice(0, 5000), compas[5000]!.replace(',', ',"'), ...compas.slice(5001)]],
    ['extra-field.csv', [...compas.slice(0, 6000), `${compas[6000]},extra`, ...compas.slice(6001)]],
    // Past the first 10,000 lines the columns' types are already decided: the value fails while counting.
    ['bad-score.csv', [...compas, ...compas.slice(1, 4000), compas[1]!.replace(/,(\d+),(Low|Medium|High),/, ',high,$2,')]],
  ];
  for (const [name, lines] of cases) {
    const file = write(name, lines.join('\n') + '\n');
    const reader = run(file, [...README_AUDIT, '--csv-counting', 'reader']);
    const counted = run(file, [...README_AUDIT, '--csv-counting', 'duckdb']);
    assert.equal(reader.status, 2, `${name}: ${reader.stderr}`);
    assert.match(reader.stderr, /line \d+/, name);
    assert.equal(counted.status, reader.status, name);
    assert.equal(counted.stderr, reader.stderr, name);
  }
});

test('files DuckDB would read differently stay with the reader; auto leaves a small file to the reader', () => {
  const gzipped = write('compas.csv.gz', gzipSync(readFileSync(COMPAS_CSV)));
  assert.equal(audit(gzipped, [...README_AUDIT, '--csv-counting', 'duckdb']).counting.by, 'parity');
  assert.equal(audit(COMPAS_CSV, [...README_AUDIT, '--csv-counting', 'duckdb', '--missing', 'NA']).counting.by, 'parity');
  assert.equal(audit(COMPAS_CSV, [...README_AUDIT, '--csv-counting', 'duckdb', '--comments', '#']).counting.by, 'parity');
  assert.ok(statSync(COMPAS_CSV).size < 64 * 2 ** 20);
  assert.equal(audit(COMPAS_CSV, README_AUDIT).counting.by, 'parity');
});
