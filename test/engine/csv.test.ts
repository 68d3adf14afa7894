// The streaming CSV reader, tested as a black box against its contract (csv/types.ts, errors.ts),
// on real fixture files (test/fixtures/csv/, written byte by byte with printf / `gzip -n -9`), on
// files generated in the temp directory, and on the shared datasets. Every expected value below
// is read off the fixture bytes by hand; the physical line numbers are written next to the rows.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { openCsv } from '../../server/src/engine/csv/reader';
import type { CsvOptions, CsvSource, Field } from '../../server/src/engine/csv/types';
import { CancelledError, InputError } from '../../server/src/engine/errors';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/csv');
const data = path.resolve(__dirname, '../../../../shared/data');
const fixture = (name: string): string => path.join(fixtures, name);
const scratch = mkdtempSync(path.join(tmpdir(), 'parity-csv-test-'));

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

// Fingerprints of every input this suite reads, taken before any test runs (checked at the end).
const inputs = [...readdirSync(fixtures).map(fixture), path.join(data, 'compas-scores-two-years.csv.gz'), path.join(data, 'bank-full.csv.gz'), path.join(data, 'adult.test.gz')];
const fingerprints = new Map(inputs.map((file) => [file, { hash: sha256(file), size: statSync(file).size, mtimeMs: statSync(file).mtimeMs }]));

interface ReadResult {
  source: CsvSource;
  rows: Field[][];
  lines: number[];
  batches: number;
  /** bytesRead() sampled after each batch. */
  progress: number[];
}

/** Opens and drains a file, checking the per-batch invariants of RowBatch on the way. */
async function readAll(file: string, options?: CsvOptions): Promise<ReadResult> {
  const source = await openCsv(file, options);
  const rows: Field[][] = [];
  const lines: number[] = [];
  const progress: number[] = [];
  let batches = 0;
  for await (const batch of source.batches()) {
    assert.equal(batch.firstRowIndex, rows.length, 'firstRowIndex is the index of the batch’s first row among all rows');
    assert.equal(batch.lines.length, batch.rows.length, 'one line number per row');
    rows.push(...batch.rows);
    lines.push(...batch.lines);
    progress.push(source.bytesRead());
    batches++;
  }
  return { source, rows, lines, batches, progress };
}

interface ExpectedInputError {
  /** The path as given to openCsv: the message starts with it and location.file equals it. */
  file: string;
  /** The 1-based line the message must name (`line N`), also in location.line. */
  line?: number;
  /** Substrings of the message. */
  includes?: string[];
}

/** Asserts that the promise rejects with a one-line InputError formatted `FILE, line N: detail`. */
async function rejectsWithInputError(promise: Promise<unknown>, expected: ExpectedInputError): Promise<InputError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof InputError, `expected an InputError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  const { message, location } = caught;
  assert.doesNotMatch(message, /\n/, 'the message is a single line');
  assert.doesNotMatch(message, /\bat .+:\d+:\d+/, 'the message holds no stack trace');
  assert.ok(message.startsWith(expected.file), `message starts with the file: ${message}`);
  assert.equal(location?.file, expected.file);
  if (expected.line !== undefined) {
    assert.ok(message.startsWith(`${expected.file}, line ${expected.line}`), `message names line ${expected.line}: ${message}`);
    assert.equal(location?.line, expected.line);
  }
  for (const part of expected.includes ?? []) assert.ok(message.includes(part), `message includes "${part}": ${message}`);
  return caught;
}

describe('CSV reader: header, delimiters and quoting', () => {
  it('reads a comma-separated file: columns, rows, line numbers, metadata', async () => {
    const file = fixture('plain.csv'); // name,group,score / ada,A,0.5 / bob,B,0.25
    const { source, rows, lines, batches } = await readAll(file);
    assert.equal(source.file, file);
    assert.deepEqual(source.columns, ['name', 'group', 'score']);
    assert.equal(source.delimiter, ',');
    assert.equal(source.headerLine, 1);
    assert.equal(source.compressed, false);
    assert.equal(source.byteSize, 38);
    assert.deepEqual(source.warnings, []);
    assert.deepEqual(rows, [
      ['ada', 'A', '0.5'],
      ['bob', 'B', '0.25'],
    ]);
    assert.deepEqual(lines, [2, 3]);
    assert.equal(batches, 1);
  });

  it('keeps the path as given, relative paths included', async () => {
    const relative = path.relative(process.cwd(), fixture('plain.csv'));
    const { source, rows } = await readAll(relative);
    assert.equal(source.file, relative);
    assert.equal(rows.length, 2);
    await rejectsWithInputError(readAll(path.relative(process.cwd(), fixture('ragged.csv'))), {
      file: path.relative(process.cwd(), fixture('ragged.csv')),
      line: 4,
    });
  });

  it('detects a semicolon delimiter, even with decimal commas in the values', async () => {
    const { source, rows } = await readAll(fixture('semicolon.csv')); // name;group;score / ada;A;0,5 / bob;B;0,25
    assert.equal(source.delimiter, ';');
    assert.deepEqual(source.columns, ['name', 'group', 'score']);
    assert.deepEqual(rows, [
      ['ada', 'A', '0,5'],
      ['bob', 'B', '0,25'],
    ]);
  });

  it('detects a tab delimiter', async () => {
    const { source, rows } = await readAll(fixture('tab.tsv'));
    assert.equal(source.delimiter, '\t');
    assert.deepEqual(source.columns, ['name', 'group', 'score']);
    assert.deepEqual(rows, [
      ['ada', 'A', '0.5'],
      ['bob', 'B', '0.25'],
    ]);
  });

  it('reads a single-column file (no delimiter anywhere)', async () => {
    const { source, rows, lines } = await readAll(fixture('single-column.csv')); // score / 1 / 2
    assert.deepEqual(source.columns, ['score']);
    assert.ok([',', ';', '\t'].includes(source.delimiter));
    assert.deepEqual(rows, [['1'], ['2']]);
    assert.deepEqual(lines, [2, 3]);
  });

  it('takes an explicit delimiter over detection', async () => {
    const semicolon = await readAll(fixture('plain.csv'), { delimiter: ';' });
    assert.equal(semicolon.source.delimiter, ';');
    assert.deepEqual(semicolon.source.columns, ['name,group,score']);
    assert.deepEqual(semicolon.rows, [['ada,A,0.5'], ['bob,B,0.25']]);

    const comma = await readAll(fixture('tab.tsv'), { delimiter: ',' });
    assert.equal(comma.source.delimiter, ',');
    assert.deepEqual(comma.source.columns, ['name\tgroup\tscore']);
    assert.deepEqual(comma.rows, [['ada\tA\t0.5'], ['bob\tB\t0.25']]);

    const tab = await readAll(fixture('tab.tsv'), { delimiter: '\t' });
    assert.equal(tab.source.delimiter, '\t');
    assert.deepEqual(tab.source.columns, ['name', 'group', 'score']);

    const auto = await readAll(fixture('semicolon.csv'), { delimiter: 'auto' });
    assert.equal(auto.source.delimiter, ';');
  });

  it('handles quoted delimiters, doubled quotes and embedded newlines, with the line each row starts on', async () => {
    // 1 id,comment,group
    // 2 1,"hello, world",A
    // 3 2,"she said ""hi""",B
    // 4 3,"first line
    // 5 second line
    // 6 third line",A
    // 7 4,after,B
    const { source, rows, lines } = await readAll(fixture('quoted.csv'));
    assert.deepEqual(source.columns, ['id', 'comment', 'group']);
    assert.deepEqual(rows, [
      ['1', 'hello, world', 'A'],
      ['2', 'she said "hi"', 'B'],
      ['3', 'first line\nsecond line\nthird line', 'A'],
      ['4', 'after', 'B'],
    ]);
    assert.deepEqual(lines, [2, 3, 4, 7]);
  });

  it('handles CRLF line endings, also inside a quoted field, leaving no \\r at the end of values', async () => {
    // 1 id,comment,group\r\n   2 1,"two\r\n   3 lines",A\r\n   4 2,plain,B\r\n
    const { source, rows, lines } = await readAll(fixture('crlf.csv'));
    assert.deepEqual(source.columns, ['id', 'comment', 'group']);
    assert.equal(rows.length, 2);
    assert.deepEqual([rows[0]![0], rows[0]![2]], ['1', 'A']);
    // The quoted line break is content; whether it is kept as CRLF or normalised to LF is not
    // specified by the contract, only that the two lines are there.
    assert.match(rows[0]![1]!, /^two\r?\nlines$/);
    assert.deepEqual(rows[1], ['2', 'plain', 'B']);
    assert.deepEqual(lines, [2, 4]);
  });

  it('skips blank lines in a CRLF file and counts them', async () => {
    // 1 a,b  2 1,2  3 (blank)  4 3,4  5 (blank)   — all CRLF
    const { source, rows, lines } = await readAll(fixture('crlf-blank.csv'));
    assert.deepEqual(source.columns, ['a', 'b']);
    assert.deepEqual(rows, [
      ['1', '2'],
      ['3', '4'],
    ]);
    assert.deepEqual(lines, [2, 4]);
  });

  it('reads the last row when the file has no final newline', async () => {
    const { rows, lines } = await readAll(fixture('no-final-newline.csv')); // a,b\n1,2
    assert.deepEqual(rows, [['1', '2']]);
    assert.deepEqual(lines, [2]);
  });

  it('strips a UTF-8 byte-order mark (CRLF file)', async () => {
    const { source, rows } = await readAll(fixture('bom.csv')); // \uFEFFsex,label\r\nF,1\r\nM,0\r\n
    assert.deepEqual(source.columns, ['sex', 'label']);
    assert.ok(!source.columns[0]!.includes('\uFEFF'));
    assert.deepEqual(rows, [
      ['F', '1'],
      ['M', '0'],
    ]);
  });

  it('reads a header-only file as zero rows', async () => {
    const { source, rows, batches } = await readAll(fixture('header-only.csv'));
    assert.deepEqual(source.columns, ['a', 'b', 'c']);
    assert.equal(source.headerLine, 1);
    assert.deepEqual(rows, []);
    assert.equal(batches, 0);
  });
});

describe('CSV reader: gzip', () => {
  it('reads gzip input (made with gzip -n -9)', async () => {
    const file = fixture('small.csv.gz'); // sex,label,score / F,1,0.9 / M,0,0.1 / F,0,0.4
    const { source, rows, lines } = await readAll(file);
    assert.equal(source.compressed, true);
    assert.equal(source.byteSize, statSync(file).size);
    assert.equal(source.byteSize, 55);
    assert.equal(source.delimiter, ',');
    assert.deepEqual(source.columns, ['sex', 'label', 'score']);
    assert.deepEqual(rows, [
      ['F', '1', '0.9'],
      ['M', '0', '0.1'],
      ['F', '0', '0.4'],
    ]);
    assert.deepEqual(lines, [2, 3, 4]);
    assert.equal(source.bytesRead(), source.byteSize, 'all compressed bytes were consumed');
  });

  it('detects gzip by its magic bytes, not by the file name', async () => {
    const gzipNamedCsv = path.join(scratch, 'really-gzip.csv');
    copyFileSync(fixture('small.csv.gz'), gzipNamedCsv);
    const gz = await readAll(gzipNamedCsv);
    assert.equal(gz.source.compressed, true);
    assert.deepEqual(gz.source.columns, ['sex', 'label', 'score']);
    assert.equal(gz.rows.length, 3);

    const plainNamedGz = path.join(scratch, 'really-plain.csv.gz');
    copyFileSync(fixture('plain.csv'), plainNamedGz);
    const plain = await readAll(plainNamedGz);
    assert.equal(plain.source.compressed, false);
    assert.deepEqual(plain.source.columns, ['name', 'group', 'score']);
    assert.deepEqual(plain.rows, [
      ['ada', 'A', '0.5'],
      ['bob', 'B', '0.25'],
    ]);
  });
});

describe('CSV reader: trimming and missing values', () => {
  it('trims fields and header names by default, keeps inner spaces', async () => {
    const { source, rows } = await readAll(fixture('trim.csv')); // "a , b,c" / "  1 ,  x y  , 2 "
    assert.deepEqual(source.columns, ['a', 'b', 'c']);
    assert.deepEqual(rows, [['1', 'x y', '2']]);
  });

  it('keeps the spaces with trim: false', async () => {
    const { rows } = await readAll(fixture('trim.csv'), { trim: false });
    assert.deepEqual(rows, [['  1 ', '  x y  ', ' 2 ']]);
  });

  it("maps the default markers '', 'NA' and '?' to null, after trimming", async () => {
    // a,b,c / 1,,x / 2,NA,? / 3, ? , NA / 4,-,y
    const { rows } = await readAll(fixture('missing.csv'));
    assert.deepEqual(rows, [
      ['1', null, 'x'],
      ['2', null, null],
      ['3', null, null],
      ['4', '-', 'y'],
    ]);
  });

  it('uses a custom marker list instead of the defaults', async () => {
    const custom = await readAll(fixture('missing.csv'), { missingMarkers: ['-'] });
    assert.deepEqual(custom.rows, [
      ['1', '', 'x'],
      ['2', 'NA', '?'],
      ['3', '?', 'NA'],
      ['4', null, 'y'],
    ]);
    const none = await readAll(fixture('missing.csv'), { missingMarkers: [] });
    assert.ok(none.rows.every((row) => row.every((value) => value !== null)));
    assert.deepEqual(none.rows[0], ['1', '', 'x']);
  });

  it('applies the markers to untrimmed values with trim: false', async () => {
    const raw = await readAll(fixture('missing.csv'), { trim: false, missingMarkers: [] });
    assert.deepEqual(raw.rows[2], ['3', ' ? ', ' NA ']);
    const untrimmed = await readAll(fixture('missing.csv'), { trim: false });
    assert.deepEqual(untrimmed.rows[1], ['2', null, null]);
  });
});

describe('CSV reader: header names', () => {
  it('renames repeated and empty header names, with a warning for each', async () => {
    const { source, rows } = await readAll(fixture('duplicates.csv')); // x,y,x,,y / 1,2,3,4,5
    assert.deepEqual(source.columns, ['x', 'y', 'x.1', 'column_4', 'y.1']);
    assert.equal(source.warnings.length, 3);
    for (const name of ['x.1', 'column_4', 'y.1']) {
      assert.ok(
        source.warnings.some((warning) => warning.includes(name)),
        `a warning names ${name}: ${JSON.stringify(source.warnings)}`,
      );
    }
    assert.deepEqual(rows, [['1', '2', '3', '4', '5']]);
  });

  it('numbers a name repeated three times .1 and .2', async () => {
    const { source } = await readAll(fixture('duplicates-triple.csv')); // a,a,a,b
    assert.deepEqual(source.columns, ['a', 'a.1', 'a.2', 'b']);
    assert.equal(source.warnings.length, 2);
  });
});

describe('CSV reader: headerless files', () => {
  it('reads every line as data with the column names given', async () => {
    const { source, rows, lines } = await readAll(fixture('headerless.csv'), { header: false, columnNames: ['sex', 'label', 'score'] }); // F,1,0.9 / M,0,0.1
    assert.deepEqual(source.columns, ['sex', 'label', 'score']);
    assert.equal(source.headerLine, 0);
    assert.deepEqual(rows, [
      ['F', '1', '0.9'],
      ['M', '0', '0.1'],
    ]);
    assert.deepEqual(lines, [1, 2]);
  });

  it('skips comment and blank lines in a headerless file', async () => {
    // 1 |headerless, with a comment   2 F,1   3 (blank)   4 M,0
    const { source, rows, lines } = await readAll(fixture('headerless-comments.csv'), { header: false, columnNames: ['sex', 'label'], comments: '|' });
    assert.equal(source.headerLine, 0);
    assert.deepEqual(rows, [
      ['F', '1'],
      ['M', '0'],
    ]);
    assert.deepEqual(lines, [2, 4]);
  });

  it('rejects column names that do not match the field count', async () => {
    const file = fixture('headerless.csv');
    const fewer = await rejectsWithInputError(readAll(file, { header: false, columnNames: ['a', 'b'] }), { file });
    if (fewer.location?.line !== undefined) assert.equal(fewer.location.line, 1);
    await rejectsWithInputError(readAll(file, { header: false, columnNames: ['a', 'b', 'c', 'd'] }), { file });
  });

  it('rejects a headerless read without column names', async () => {
    const file = fixture('headerless.csv');
    await rejectsWithInputError(readAll(file, { header: false }), { file });
  });
});

describe('CSV reader: blank lines, comments and line numbers', () => {
  it('skips comment lines (options.comments) and blank lines but counts them', async () => {
    // 1 |1x3 Cross validator   2 sex,label   3 F,1   4 (blank)   5 M,0   6 (blank)
    const { source, rows, lines } = await readAll(fixture('comments.csv'), { comments: '|' });
    assert.equal(source.headerLine, 2);
    assert.deepEqual(source.columns, ['sex', 'label']);
    assert.deepEqual(rows, [
      ['F', '1'],
      ['M', '0'],
    ]);
    assert.deepEqual(lines, [3, 5]);
  });

  it('gives the exact start line of rows after blank lines, comment lines and multi-line quoted fields', async () => {
    //  1 |comment before the header
    //  2 id,text,group
    //  3 1,a,A
    //  4 (blank)
    //  5 |comment between rows
    //  6 2,"x
    //  7 y",B
    //  8 3,"p
    //  9 (blank, inside the quotes)
    // 10 q",A
    // 11 |another comment
    // 12 4,z,B
    // 13 5,"first
    // 14 |inside quotes",A
    // 15 (blank)
    // 16 (blank)
    const { source, rows, lines } = await readAll(fixture('lines.csv'), { comments: '|' });
    assert.equal(source.headerLine, 2);
    assert.deepEqual(source.columns, ['id', 'text', 'group']);
    assert.deepEqual(rows, [
      ['1', 'a', 'A'],
      ['2', 'x\ny', 'B'],
      ['3', 'p\n\nq', 'A'],
      ['4', 'z', 'B'],
      ['5', 'first\n|inside quotes', 'A'],
    ]);
    assert.deepEqual(lines, [3, 6, 8, 12, 13]);
  });

  it('counts blank lines before the header', async () => {
    // 1 (blank)  2 (blank)  3 id,x  4 1,2
    const { source, rows, lines } = await readAll(fixture('leading-blank.csv'));
    assert.equal(source.headerLine, 3);
    assert.deepEqual(source.columns, ['id', 'x']);
    assert.deepEqual(rows, [['1', '2']]);
    assert.deepEqual(lines, [4]);
  });

  it('treats comment characters as data when options.comments is not set', async () => {
    // Without comments, "|1x3 Cross validator" is a one-column header and line 2 has two fields.
    const file = fixture('comments.csv');
    await rejectsWithInputError(readAll(file), { file, line: 2, includes: ['expected 1 fields, found 2'] });
  });
});

describe('CSV reader: errors', () => {
  it('names the line of a ragged row (too few fields)', async () => {
    // 1 sex,label,prediction  2 F,1,1  3 M,0,1  4 F,1  5 M,0,0
    const file = fixture('ragged.csv');
    await rejectsWithInputError(readAll(file), { file, line: 4, includes: ['expected 3 fields, found 2'] });
  });

  it('names the line of a ragged row (too many fields)', async () => {
    const file = fixture('ragged-wide.csv'); // a,b,c / 1,2,3 / 4,5,6,7
    await rejectsWithInputError(readAll(file), { file, line: 3, includes: ['expected 3 fields, found 4'] });
  });

  it('names the right line for a ragged row after a multi-line field and a blank line', async () => {
    // 1 id,text,group  2 1,"two  3 lines",A  4 (blank)  5 2,B  6 3,c,A
    const file = fixture('ragged-late.csv');
    await rejectsWithInputError(readAll(file), { file, line: 5, includes: ['expected 3 fields, found 2'] });
  });

  it('raises the ragged-row error while iterating, not from openCsv', async () => {
    const file = fixture('ragged.csv');
    const source = await openCsv(file);
    assert.deepEqual(source.columns, ['sex', 'label', 'prediction']);
    await rejectsWithInputError(
      (async () => {
        for await (const batch of source.batches()) void batch;
      })(),
      { file, line: 4 },
    );
  });

  it('names the line where an unterminated quote opens', async () => {
    // 1 id,comment  2 1,fine  3 2,"never closed  4 3,lost
    const file = fixture('unterminated.csv');
    await rejectsWithInputError(readAll(file), { file, line: 3 });
  });

  it('rejects an empty file from openCsv', async () => {
    const file = fixture('empty.csv');
    await rejectsWithInputError(openCsv(file), { file });
  });

  it('rejects a file of blank lines only from openCsv', async () => {
    const file = fixture('blank-only.csv');
    await rejectsWithInputError(openCsv(file), { file });
  });

  it('rejects a missing file with "cannot read file" and no stack trace', async () => {
    const file = fixture('does-not-exist.csv');
    const error = await rejectsWithInputError(openCsv(file), { file, includes: ['cannot read file'] });
    assert.doesNotMatch(error.message, /ENOENT.*\n|at Object\.|node:internal/);
  });

  it('rejects a directory', async () => {
    await rejectsWithInputError(openCsv(fixtures), { file: fixtures });
  });

  it('rejects a truncated gzip file', async () => {
    const file = path.join(scratch, 'truncated.csv.gz');
    writeFileSync(file, readFileSync(fixture('small.csv.gz')).subarray(0, 20));
    await rejectsWithInputError(readAll(file), { file });
  });
});

describe('CSV reader: streaming', () => {
  const rowCount = 200_000;
  const big = path.join(scratch, 'big.csv');
  writeFileSync(big, 'id,group,score\n' + Array.from({ length: rowCount }, (_, i) => `${i},${'ABC'[i % 3]},${(i % 1000) / 1000}`).join('\n') + '\n');

  it('streams a 200k-row file in several batches with contiguous row indices and exact lines', async () => {
    const before = sha256(big);
    const { source, rows, lines, batches, progress } = await readAll(big);
    assert.ok(batches > 1, `${batches} batches`);
    assert.equal(rows.length, rowCount);
    assert.equal(lines.length, rowCount);
    for (let i = 0; i < rowCount; i++) {
      if (rows[i]![0] !== String(i) || lines[i] !== i + 2) assert.fail(`row ${i}: ${JSON.stringify(rows[i])} on line ${lines[i]}`);
    }
    assert.deepEqual(rows[rowCount - 1], [String(rowCount - 1), 'ABC'[(rowCount - 1) % 3], '0.999']);

    // Progress: non-decreasing, not everything read before the first batch, all of it at the end.
    assert.equal(source.byteSize, statSync(big).size);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]! >= progress[i - 1]!, 'bytesRead() never decreases');
    assert.ok(progress[0]! < source.byteSize, `bytesRead() after the first batch: ${progress[0]} of ${source.byteSize}`);
    assert.equal(source.bytesRead(), source.byteSize);
    assert.equal(sha256(big), before, 'the input file is unchanged');
  });

  it('stops with CancelledError when the signal is aborted after the first batch', async () => {
    const source = await openCsv(big);
    const controller = new AbortController();
    let seen = 0;
    let batches = 0;
    await assert.rejects(
      (async () => {
        for await (const batch of source.batches(controller.signal)) {
          seen += batch.rows.length;
          batches++;
          controller.abort();
        }
      })(),
      (error: unknown) => {
        assert.ok(error instanceof CancelledError, `expected CancelledError, got ${String(error)}`);
        return true;
      },
    );
    assert.equal(batches, 1);
    assert.ok(seen > 0 && seen < rowCount, `${seen} rows before the cancel`);
  });

  it('yields no batch for an already aborted signal', async () => {
    const source = await openCsv(big);
    const controller = new AbortController();
    controller.abort();
    let batches = 0;
    await assert.rejects(
      (async () => {
        for await (const batch of source.batches(controller.signal)) {
          void batch;
          batches++;
        }
      })(),
      CancelledError,
    );
    assert.equal(batches, 0);
  });

  it('can be closed after a partial read or without reading', async () => {
    const partial = await openCsv(big);
    for await (const batch of partial.batches()) {
      assert.ok(batch.rows.length > 0);
      break;
    }
    partial.close();
    const unread = await openCsv(big);
    assert.deepEqual(unread.columns, ['id', 'group', 'score']);
    unread.close();
  });
});

describe('CSV reader: UTF-8 across chunk boundaries', () => {
  // A > 1 MB file where almost every byte belongs to a multibyte character ('é' = 2 bytes,
  // '日本' = 6 bytes), padded so that the usual stream chunk boundaries (16, 64, 256 KiB, 1 MiB)
  // each fall inside a character.
  const rowCount = 40_000;
  const word = (i: number): string => 'é'.repeat(1 + (i % 7));
  const text = (i: number): string => '日本'.repeat(1 + (i % 5)) + 'é';
  const body = Array.from({ length: rowCount }, (_, i) => `${i},${word(i)},${text(i)}`).join('\n') + '\n';
  const boundaries = [16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024];
  let content: Buffer | undefined;
  for (let pad = 0; pad < 200 && !content; pad++) {
    const candidate = Buffer.from(`id,word,text${'_'.repeat(pad)}\n${body}`, 'utf8');
    if (boundaries.every((at) => (candidate[at]! & 0xc0) === 0x80)) content = candidate;
  }
  assert.ok(content, 'found a padding that puts every boundary inside a character');
  const plain = path.join(scratch, 'multibyte.csv');
  const gzipped = path.join(scratch, 'multibyte.csv.gz');
  writeFileSync(plain, content);
  writeFileSync(gzipped, gzipSync(content, { level: 9 }));

  const check = ({ source, rows }: ReadResult): void => {
    assert.equal(source.columns[0], 'id');
    assert.equal(source.columns[1], 'word');
    assert.ok(source.columns[2]!.startsWith('text'));
    assert.equal(rows.length, rowCount);
    for (let i = 0; i < rowCount; i++) {
      const row = rows[i]!;
      if (row[0] !== String(i) || row[1] !== word(i) || row[2] !== text(i)) assert.fail(`row ${i} decoded as ${JSON.stringify(row)}`);
    }
  };

  it('decodes a plain file of more than 1 MB intact', async () => {
    assert.ok(content!.length > 1024 * 1024, `${content!.length} bytes`);
    const result = await readAll(plain);
    check(result);
    assert.equal(result.source.bytesRead(), result.source.byteSize);
  });

  it('decodes the same file gzip-compressed intact', async () => {
    const result = await readAll(gzipped);
    assert.equal(result.source.compressed, true);
    check(result);
  });
});

describe('CSV reader: shared datasets', () => {
  it('COMPAS (gzip, CRLF, repeated names): 7214 rows of 53 fields', async () => {
    const { source, rows, lines } = await readAll(path.join(data, 'compas-scores-two-years.csv.gz'));
    assert.equal(source.compressed, true);
    assert.equal(source.delimiter, ',');
    assert.equal(source.headerLine, 1);
    assert.equal(source.columns.length, 53);
    assert.equal(new Set(source.columns).size, 53);
    assert.equal(source.columns[11], 'decile_score');
    assert.equal(source.columns[39], 'decile_score.1');
    assert.equal(source.columns[14], 'priors_count');
    assert.equal(source.columns[48], 'priors_count.1');
    assert.equal(source.columns[52], 'two_year_recid');
    assert.ok(source.warnings.length >= 2);
    assert.equal(rows.length, 7214);
    assert.equal(lines[0], 2);
    assert.ok(
      rows.every((row) => row.length === 53 && (row[52] === '0' || row[52] === '1')),
      'every last value is 0 or 1 (no \\r left)',
    );
    assert.ok(rows.every((row) => row.every((value) => value === null || !value.includes('\r'))));
    assert.equal(rows[0]![0], '1');
    assert.equal(source.bytesRead(), source.byteSize);
  });

  it('Bank marketing (gzip, semicolons, quoted): 45211 rows of 17 fields', async () => {
    const { source, rows } = await readAll(path.join(data, 'bank-full.csv.gz'));
    assert.equal(source.delimiter, ';');
    assert.equal(source.columns.length, 17);
    assert.equal(source.columns[0], 'age');
    assert.equal(source.columns[16], 'y');
    assert.equal(rows.length, 45211);
    assert.deepEqual(rows[0], ['58', 'management', 'married', 'tertiary', 'no', '2143', 'yes', 'no', 'unknown', '5', 'may', '261', '1', '-1', '0', 'unknown', 'no']);
  });

  it('UCI adult.test (headerless, comment line, trailing blank line): 16281 rows', async () => {
    const names = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income'];
    const { source, rows, lines } = await readAll(path.join(data, 'adult.test.gz'), { header: false, columnNames: names, comments: '|' });
    assert.deepEqual(source.columns, names);
    assert.equal(source.headerLine, 0);
    assert.equal(rows.length, 16281);
    assert.deepEqual(rows[0], ['25', 'Private', '226802', '11th', '7', 'Never-married', 'Machine-op-inspct', 'Own-child', 'Black', 'Male', '0', '0', '40', 'United-States', '<=50K.']);
    assert.equal(rows[0]![14], '<=50K.');
    assert.equal(lines[0], 2);
    assert.equal(lines[16280], 16282);
    assert.ok(rows.some((row) => row[1] === null), "'?' work classes are missing");
  });
});

describe('CSV reader: inputs', () => {
  it('leaves every input file unmodified', () => {
    for (const [file, before] of fingerprints) {
      const stat = statSync(file);
      assert.deepEqual({ hash: sha256(file), size: stat.size, mtimeMs: stat.mtimeMs }, before, file);
    }
  });
});
