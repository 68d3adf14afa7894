// The streaming CSV reader against real fixture files (test/fixtures/csv/, written byte by byte)
// and the shared datasets. Expected values are read off the fixtures by hand.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openCsv } from '../../server/src/engine/csv/reader';
import type { CsvOptions, Field } from '../../server/src/engine/csv/types';
import { CancelledError, InputError } from '../../server/src/engine/errors';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/csv');
const data = path.resolve(__dirname, '../../../../shared/data');
const fixture = (name: string) => path.join(fixtures, name);

async function readAll(file: string, options?: CsvOptions) {
  const source = await openCsv(file, options);
  const rows: Field[][] = [];
  const lines: number[] = [];
  let batches = 0;
  let expectedIndex = 0;
  for await (const batch of source.batches()) {
    assert.equal(batch.firstRowIndex, expectedIndex, 'row indices are contiguous across batches');
    assert.equal(batch.lines.length, batch.rows.length);
    expectedIndex += batch.rows.length;
    rows.push(...batch.rows);
    lines.push(...batch.lines);
    batches++;
  }
  return { source, rows, lines, batches };
}

async function inputError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
}

describe('CSV reader: formats', () => {
  it('reads a comma-separated file with its header', async () => {
    const { source, rows, lines } = await readAll(fixture('plain.csv'));
    assert.deepEqual(source.columns, ['name', 'group', 'score']);
    assert.equal(source.delimiter, ',');
    assert.equal(source.headerLine, 1);
    assert.equal(source.compressed, false);
    assert.deepEqual(rows, [['ada', 'A', '0.5'], ['bob', 'B', '0.25']]);
    assert.deepEqual(lines, [2, 3]);
    assert.equal(source.bytesRead(), source.byteSize);
  });

  it('detects semicolon and tab delimiters', async () => {
    const semicolon = await readAll(fixture('semicolon.csv'));
    assert.equal(semicolon.source.delimiter, ';');
    assert.deepEqual(semicolon.rows[0], ['ada', 'A', '0,5']);
    const tab = await readAll(fixture('tab.tsv'));
    assert.equal(tab.source.delimiter, '\t');
    assert.deepEqual(tab.rows[1], ['bob', 'B', '0.25']);
  });

  it('takes an explicit delimiter over detection', async () => {
    const { source, rows } = await readAll(fixture('plain.csv'), { delimiter: ';' });
    assert.equal(source.delimiter, ';');
    assert.deepEqual(source.columns, ['name,group,score']);
    assert.deepEqual(rows, [['ada,A,0.5'], ['bob,B,0.25']]);
  });

  it('handles quoted delimiters, doubled quotes and embedded newlines, with exact line numbers', async () => {
    const { rows, lines } = await readAll(fixture('quoted.csv'));
    assert.deepEqual(rows, [
      ['1', 'hello, world', 'A'],
      ['2', 'she said "hi"', 'B'],
      ['3', 'first line\nsecond line\nthird line', 'A'],
      ['4', 'after', 'B'],
    ]);
    assert.deepEqual(lines, [2, 3, 4, 7]);
  });

  it('handles CRLF line endings, also inside a quoted field', async () => {
    const { rows, lines } = await readAll(fixture('crlf.csv'));
    assert.deepEqual(rows, [['1', 'two\r\nlines', 'A'], ['2', 'plain', 'B']]);
    assert.deepEqual(lines, [2, 4]);
  });

  it('strips a UTF-8 byte-order mark', async () => {
    const { source, rows } = await readAll(fixture('bom.csv'));
    assert.deepEqual(source.columns, ['sex', 'label']);
    assert.deepEqual(rows, [['F', '1'], ['M', '0']]);
  });

  it('reads gzip input, detected by its magic bytes', async () => {
    const { source, rows } = await readAll(fixture('small.csv.gz'));
    assert.equal(source.compressed, true);
    assert.deepEqual(source.columns, ['sex', 'label', 'score']);
    assert.deepEqual(rows, [['F', '1', '0.9'], ['M', '0', '0.1'], ['F', '0', '0.4']]);
  });

  it('reads a headerless file with the column names given', async () => {
    const { source, rows, lines } = await readAll(fixture('headerless.csv'), { header: false, columnNames: ['sex', 'label', 'score'] });
    assert.deepEqual(source.columns, ['sex', 'label', 'score']);
    assert.equal(source.headerLine, 0);
    assert.deepEqual(rows, [['F', '1', '0.9'], ['M', '0', '0.1']]);
    assert.deepEqual(lines, [1, 2]);
    await inputError(openCsv(fixture('headerless.csv'), { header: false, columnNames: ['a', 'b'] }), /headerless\.csv, line 1: 2 column names were given, but the rows have 3 fields/);
    await inputError(openCsv(fixture('headerless.csv'), { header: false }), /needs the column names/);
  });

  it('maps missing-value markers to null after trimming', async () => {
    const defaults = await readAll(fixture('missing.csv'));
    assert.deepEqual(defaults.rows, [['1', null, 'x'], ['2', null, null], ['3', null, null], ['4', '-', 'y']]);
    const custom = await readAll(fixture('missing.csv'), { missingMarkers: ['-'] });
    assert.deepEqual(custom.rows, [['1', '', 'x'], ['2', 'NA', '?'], ['3', '?', 'NA'], ['4', null, 'y']]);
    const untrimmed = await readAll(fixture('missing.csv'), { trim: false, missingMarkers: [] });
    assert.deepEqual(untrimmed.rows[2], ['3', ' ? ', ' NA ']);
  });

  it('renames repeated and empty header names, with warnings', async () => {
    const { source } = await readAll(fixture('duplicates.csv'));
    assert.deepEqual(source.columns, ['x', 'y', 'x.1', 'column_4', 'y.1']);
    assert.equal(source.warnings.length, 3);
  });

  it('skips comment and blank lines but counts them', async () => {
    const { source, rows, lines } = await readAll(fixture('comments.csv'), { comments: '|' });
    assert.equal(source.headerLine, 2);
    assert.deepEqual(rows, [['F', '1'], ['M', '0']]);
    assert.deepEqual(lines, [3, 5]);
  });
});

describe('CSV reader: errors', () => {
  it('names the line of a ragged row', async () => {
    await inputError(readAll(fixture('ragged.csv')), /ragged\.csv, line 4: expected 3 fields, found 2$/);
  });

  it('names the line where an unterminated quote opens', async () => {
    await inputError(readAll(fixture('unterminated.csv')), /unterminated\.csv, line 3: a quoted field is never closed/);
  });

  it('rejects an empty file, a missing file and a directory', async () => {
    await inputError(openCsv(fixture('empty.csv')), /empty\.csv: the file is empty/);
    await inputError(openCsv(fixture('nope.csv')), /nope\.csv: cannot read file: no such file/);
    await inputError(openCsv(fixtures), /cannot read file: it is a directory/);
  });

  it('rejects a corrupt gzip file', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-csv-')), 'broken.csv.gz');
    writeFileSync(file, Buffer.concat([readFileSync(fixture('small.csv.gz')).subarray(0, 20)]));
    await inputError(readAll(file), /broken\.csv\.gz.*cannot read file/);
  });
});

describe('CSV reader: streaming', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'parity-csv-'));
  const big = path.join(directory, 'big.csv');
  const rowCount = 200_000;
  writeFileSync(big, 'id,name,city\n' + Array.from({ length: rowCount }, (_, i) => `${i},é${i}日本,Zürich`).join('\n') + '\n');

  it('streams many batches with contiguous rows, multibyte characters intact across chunks, without modifying the file', async () => {
    const before = createHash('sha256').update(readFileSync(big)).digest('hex');
    const { rows, lines, batches, source } = await readAll(big);
    assert.ok(batches > 10, `${batches} batches`);
    assert.equal(rows.length, rowCount);
    assert.ok(rows.every((row, i) => row[1] === `é${i}日本` && row[2] === 'Zürich'));
    assert.equal(lines[rowCount - 1], rowCount + 1);
    assert.equal(source.bytesRead(), source.byteSize);
    assert.equal(createHash('sha256').update(readFileSync(big)).digest('hex'), before);
  });

  it('stops with CancelledError when the signal aborts', async () => {
    const source = await openCsv(big);
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const batch of source.batches(controller.signal)) {
          seen += batch.rows.length;
          controller.abort();
        }
      })(),
      CancelledError,
    );
    assert.ok(seen > 0 && seen < rowCount, `${seen} rows before the cancel`);
  });
});

describe('CSV reader: shared datasets', () => {
  it('COMPAS (gzip, CRLF, repeated names): 7214 rows of 53 fields', async () => {
    const { source, rows } = await readAll(path.join(data, 'compas-scores-two-years.csv.gz'));
    assert.equal(rows.length, 7214);
    assert.equal(source.columns.length, 53);
    assert.equal(source.delimiter, ',');
    assert.ok(source.columns.includes('decile_score.1') && source.columns.includes('priors_count.1'));
    assert.ok(rows.every((row) => row[52] === '0' || row[52] === '1'));
  });

  it('Bank marketing (gzip, semicolons, quoted): 45211 rows of 17 fields', async () => {
    const { source, rows } = await readAll(path.join(data, 'bank-full.csv.gz'));
    assert.equal(source.delimiter, ';');
    assert.equal(source.columns.length, 17);
    assert.equal(source.columns[0], 'age');
    assert.equal(rows.length, 45211);
  });

  it('UCI adult.test (headerless, comment line, trailing blank line): 16281 rows', async () => {
    const names = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income'];
    const { rows, lines } = await readAll(path.join(data, 'adult.test.gz'), { header: false, columnNames: names, comments: '|' });
    assert.equal(rows.length, 16281);
    assert.equal(rows[0]![14], '<=50K.');
    assert.equal(lines[0], 2);
  });
});
