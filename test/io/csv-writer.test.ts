// The CSV writer (server/src/io/outputs/csv.ts) fills one 64 KiB buffer field by field. Expected
// values: papaparse's own reading of the written file (an independent parser) must give back every
// field, and papaparse's `unparse` of the same rows, with its line ending set to \n, must be the
// same bytes (the writer promises papaparse's quoting, one \n per line).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { FORMULA_CELL, writeCsvFile } from '../../server/src/io/outputs/csv';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-csv-writer-'));

/** Awkward fields: quotes, delimiters, line breaks, spaces at either end, a byte-order mark, non-ASCII text, formulas, numbers. */
const AWKWARD: (string | number)[] = [
  'plain',
  'a,b',
  'say "hi"',
  'two\nlines',
  'cr\r\nlf',
  ' leading',
  'trailing ',
  '\uFEFFmark',
  'Zürich – 東京 😀',
  '=1+1',
  '@SUM(A1)',
  '-0.5',
  '',
  0.1 + 0.2,
  -0,
  1e21,
  5e-7,
];

async function written(name: string, columns: string[], rows: (string | number)[][], safeCsv: boolean): Promise<string> {
  const file = path.join(dir, name);
  await writeCsvFile(file, { columns, rowCount: rows.length, field: (row, column) => rows[row]![column]! }, { safeCsv });
  return readFileSync(file, 'utf8');
}

describe('writeCsvFile', () => {
  it('writes papaparse-quoted fields, every line ending in \\n, across many buffer fills', async () => {
    // 20,000 rows of 17 fields (~2.6 MB): the buffer is written about 40 times, rows straddle its end.
    const rows = Array.from({ length: 20_000 }, (_, i) => AWKWARD.map((field, j) => ((i + j) % 3 === 0 ? field : `${i}:${String(field)}`)));
    const columns = AWKWARD.map((_, j) => `c${j}`);
    for (const safeCsv of [false, true]) {
      const text = await written(`awkward-${safeCsv}.csv`, columns, rows, safeCsv);
      const asText = rows.map((row) => row.map(String));
      const expected = Papa.unparse([columns, ...asText], { newline: '\n', escapeFormulae: safeCsv ? FORMULA_CELL : false }) + '\n';
      assert.equal(text, expected, `safeCsv ${safeCsv}`);
      // Line breaks outside quoted fields are all \n: papaparse reads the rows back as they were (unsafe form).
      if (!safeCsv) assert.deepEqual(Papa.parse<string[]>(text, { newline: '\n', skipEmptyLines: true }).data, [columns, ...asText]);
    }
  });

  it('writes a field longer than its buffer whole', async () => {
    const long = 'x'.repeat(200_000) + ',"' + 'ü'.repeat(50_000);
    const text = await written(
      'long.csv',
      ['id', 'text'],
      [
        [1, long],
        [2, 'short'],
      ],
      false,
    );
    assert.equal(text, `id,text\n1,"${long.replace(/"/g, '""')}"\n2,short\n`);
  });

  it('writes numbers in their shortest round-trip form, as String(number) does', async () => {
    const numbers = [0.1 + 0.2, -0, 1e21, 5e-7, 123456789.125, Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Number.POSITIVE_INFINITY];
    const text = await written(
      'numbers.csv',
      ['x'],
      numbers.map((x) => [x]),
      false,
    );
    assert.equal(text, ['x', ...numbers.map(String)].join('\n') + '\n');
  });

  it('writes the header alone, with its line ending, when there are no rows', async () => {
    assert.equal(await written('empty.csv', ['a', 'b c'], [], false), 'a,b c\n');
  });
});
