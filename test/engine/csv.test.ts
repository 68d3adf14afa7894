// The streaming CSV reader, tested as a black box against its contract (csv/types.ts, errors.ts),
// on real fixture files (test/fixtures/csv/, written byte by byte with printf / `gzip -n -9`), on
// files generated in the temp directory, and on the shared datasets. Every expected value below
// is read off the fixture bytes by hand; the physical line numbers are written next to the rows.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { openCsv } from '../../server/src/io/csv/reader';
import type { CsvSource } from '../../server/src/io/csv/types';
import type { CsvOptions, Field } from '../../server/src/engine/table/rows';
import { CancelledError, InputError } from '../../server/src/engine/errors';
import { ADULT_COLUMNS, SHARED_DATA } from '../support/adult';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/csv');
const data = SHARED_DATA;
const fixture = (name: string): string => path.join(fixtures, name);
const scratch = mkdtempSync(path.join(tmpdir(), 'parity-csv-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

// Fingerprints of every input this suite reads, taken before any test runs (checked at the end).
const inputs = [
  ...readdirSync(fixtures).map(fixture),
  path.join(data, 'compas-scores-two-years.csv.gz'),
  path.join(data, 'bank-full.csv.gz'),
  path.join(data, 'adult.test.gz'),
];
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
    // Not merely trimmed away (String#trim removes U+FEFF): also gone with trim: false.
    const untrimmed = await readAll(fixture('bom.csv'), { trim: false });
    assert.deepEqual(untrimmed.source.columns, ['sex', 'label']);
    const headerless = await readAll(fixture('bom.csv'), { trim: false, header: false, columnNames: ['a', 'b'] });
    assert.deepEqual(headerless.rows[0], ['sex', 'label']);
  });

  it('strips a byte-order mark in front of a comment line', async () => {
    // 1 \uFEFF|exported by survey-kit   2 sex,label   3 F,1
    const { source, rows, lines } = await readAll(fixture('bom-comment.csv'), { comments: '|' });
    assert.equal(source.headerLine, 2);
    assert.deepEqual(source.columns, ['sex', 'label']);
    assert.deepEqual(rows, [['F', '1']]);
    assert.deepEqual(lines, [3]);
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

  it('reads a line of empty fields as a row of nulls, not as a blank line', async () => {
    const { rows, lines } = await readAll(fixture('empty-fields.csv')); // a,b,c / ,, / 1,2,3
    assert.deepEqual(rows, [
      [null, null, null],
      ['1', '2', '3'],
    ]);
    assert.deepEqual(lines, [2, 3]);
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
    // each warning is about the renamed column, so the editor shows it on that column's header cell
    assert.deepEqual(source.warnings, [
      { message: 'column name "x" is repeated; column 3 is called "x.1"', column: 'x.1' },
      { message: 'column 4 has no name in the header; it is called "column_4"', column: 'column_4' },
      { message: 'column name "y" is repeated; column 5 is called "y.1"', column: 'y.1' },
    ]);
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

  it('does not take a data line whose quoted first field starts with the comment string for a comment', async () => {
    // 1 id,x   2 "|a",1   3 |real comment   4 2,3   — line 2 starts with a quote, not with '|'
    const { rows, lines } = await readAll(fixture('quoted-comment-char.csv'), { comments: '|' });
    assert.deepEqual(rows, [
      ['|a', '1'],
      ['2', '3'],
    ]);
    assert.deepEqual(lines, [2, 4]);
  });

  it('ignores the content of comment lines, quotes included', async () => {
    // 1 |source: survey,"2019 wave   2 id,x   3 1,2   4 3,4
    const { source, rows, lines } = await readAll(fixture('comment-quote.csv'), { comments: '|' });
    assert.equal(source.headerLine, 2);
    assert.deepEqual(source.columns, ['id', 'x']);
    assert.deepEqual(rows, [
      ['1', '2'],
      ['3', '4'],
    ]);
    assert.deepEqual(lines, [3, 4]);
  });

  it('detects the delimiter from the data, not from a long block of comment lines', async () => {
    // 11 "# ..." lines, then 12 name;group;score  13 ada;A;0,5  14 bob;B;0,25
    const { source, rows, lines } = await readAll(fixture('long-preamble.csv'), { comments: '#' });
    assert.equal(source.delimiter, ';');
    assert.equal(source.headerLine, 12);
    assert.deepEqual(source.columns, ['name', 'group', 'score']);
    assert.deepEqual(rows, [
      ['ada', 'A', '0,5'],
      ['bob', 'B', '0,25'],
    ]);
    assert.deepEqual(lines, [13, 14]);
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

  it('names line 1 for an unterminated quote in the header', async () => {
    const file = fixture('unterminated-header.csv'); // id,"text / 1,2
    await rejectsWithInputError(readAll(file), { file, line: 1 });
  });

  it('names the line of a quoted field followed by other characters', async () => {
    // 1 id,text,group  2 1,ok,A  3 2,"abc"def,B  4 3,fine,A   (beyond the brief: malformed quoting is an input error)
    const file = fixture('stray-quote.csv');
    await rejectsWithInputError(readAll(file), { file, line: 3 });
  });

  it('names the line of an unterminated quote early in a large file', async () => {
    // 1 id,text  2 1,fine  3 2,"never closed  then ~12 MB of ordinary rows
    const file = path.join(scratch, 'unterminated-early.csv');
    const filler = Array.from({ length: 400_000 }, (_, i) => `${i + 3},some ordinary text ${i}`).join('\n');
    writeFileSync(file, `id,text\n1,fine\n2,"never closed\n${filler}\n`);
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

  it('rejects an empty gzip file from openCsv', async () => {
    const file = path.join(scratch, 'empty.csv.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(0)));
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

  it('keeps exact line numbers deep into a large file with multi-line fields, blank and comment lines', async () => {
    // Every 7th row has a quoted field spanning 3 lines (LF, then CRLF inside the quotes), a blank
    // line precedes every 11th row and a comment line every 13th; a bad row closes the file.
    const file = path.join(scratch, 'tangled.csv');
    const parts = ['id,text,group\n'];
    const expectedLines: number[] = [];
    let line = 2;
    const rows = 150_000;
    for (let i = 0; i < rows; i++) {
      if (i % 11 === 5) {
        parts.push('\n');
        line += 1;
      }
      if (i % 13 === 7) {
        parts.push('|comment, with a "quote\n');
        line += 1;
      }
      expectedLines.push(line);
      if (i % 7 === 3) {
        parts.push(`${i},"multi\nline ${i}\r\nthird",${'AB'[i % 2]}\n`);
        line += 3;
      } else {
        parts.push(`${i},plain ${i},${'AB'[i % 2]}\n`);
        line += 1;
      }
    }
    writeFileSync(file, parts.join(''));
    const result = await readAll(file, { comments: '|' });
    assert.ok(result.batches > 1);
    assert.equal(result.rows.length, rows);
    assert.deepEqual(result.lines, expectedLines);
    assert.match(result.rows[3]![1]!, /^multi\nline 3\r?\nthird$/);

    const ragged = path.join(scratch, 'tangled-ragged.csv');
    writeFileSync(ragged, parts.join('') + `${rows},B\n1,2,3\n`);
    await rejectsWithInputError(readAll(ragged, { comments: '|' }), { file: ragged, line, includes: ['expected 3 fields, found 2'] });

    const unterminated = path.join(scratch, 'tangled-unterminated.csv');
    writeFileSync(unterminated, parts.join('') + `${rows},"open,B\n1,2,3\n`);
    await rejectsWithInputError(readAll(unterminated, { comments: '|' }), { file: unterminated, line });
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

  it('stops with CancelledError when the signal is aborted from elsewhere during iteration', async () => {
    const source = await openCsv(big);
    const controller = new AbortController();
    let batches = 0;
    await assert.rejects(
      (async () => {
        for await (const batch of source.batches(controller.signal)) {
          void batch;
          if (++batches === 1) setImmediate(() => controller.abort());
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
      (error: unknown) => {
        assert.ok(error instanceof CancelledError, `expected CancelledError, got ${String(error)}`);
        return true;
      },
    );
    assert.ok(batches >= 1 && batches < 100, `${batches} batches`);
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

  it('decodes the same file gzip-compressed intact, with progress in compressed bytes', async () => {
    const result = await readAll(gzipped);
    assert.equal(result.source.compressed, true);
    assert.equal(result.source.byteSize, statSync(gzipped).size);
    check(result);
    for (let i = 1; i < result.progress.length; i++) assert.ok(result.progress[i]! >= result.progress[i - 1]!);
    assert.equal(result.source.bytesRead(), result.source.byteSize);
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
    assert.deepEqual(rows[0], [
      '58',
      'management',
      'married',
      'tertiary',
      'no',
      '2143',
      'yes',
      'no',
      'unknown',
      '5',
      'may',
      '261',
      '1',
      '-1',
      '0',
      'unknown',
      'no',
    ]);
  });

  it('UCI adult.test (headerless, comment line, trailing blank line): 16281 rows', async () => {
    const names = ADULT_COLUMNS;
    const { source, rows, lines } = await readAll(path.join(data, 'adult.test.gz'), { header: false, columnNames: names, comments: '|' });
    assert.deepEqual(source.columns, names);
    assert.equal(source.headerLine, 0);
    assert.equal(rows.length, 16281);
    assert.deepEqual(rows[0], [
      '25',
      'Private',
      '226802',
      '11th',
      '7',
      'Never-married',
      'Machine-op-inspct',
      'Own-child',
      'Black',
      'Male',
      '0',
      '0',
      '40',
      'United-States',
      '<=50K.',
    ]);
    assert.equal(rows[0]![14], '<=50K.');
    assert.equal(lines[0], 2);
    assert.equal(lines[16280], 16282);
    assert.ok(
      rows.some((row) => row[1] === null),
      "'?' work classes are missing",
    );
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

// Implementation guarantees beyond the black-box contract above: file handles, inputs that are
// not regular files, bare-CR line endings, a byte-order mark before a quote, and cancelling or
// closing while a read is pending.
describe('CSV reader: file handles and edge inputs', () => {
  const procFds = '/proc/self/fd';
  /** How many descriptors of this process are open on the file (Linux only). */
  const openDescriptors = (file: string): number =>
    readdirSync(procFds).filter((fd) => {
      try {
        return readlinkSync(path.join(procFds, fd)) === file;
      } catch {
        return false; // closed since it was listed
      }
    }).length;
  const big = path.join(scratch, 'handles.csv');
  writeFileSync(big, 'id,value\n' + Array.from({ length: 300_000 }, (_, i) => `${i},${i % 7}`).join('\n') + '\n');

  it(
    'has closed the file when iteration ends, breaks off or fails, and when openCsv fails',
    { skip: !existsSync(procFds) && 'needs /proc/self/fd' },
    async () => {
      await readAll(big);
      assert.equal(openDescriptors(big), 0, 'after a complete read');

      const partial = await openCsv(big);
      assert.equal(openDescriptors(big), 1, 'open while unread');
      for await (const batch of partial.batches()) {
        void batch;
        break;
      }
      assert.equal(openDescriptors(big), 0, 'after break');

      const ragged = fixture('ragged.csv');
      await assert.rejects(readAll(ragged), InputError);
      assert.equal(openDescriptors(ragged), 0, 'after a ragged row');

      const headerless = fixture('headerless.csv');
      await assert.rejects(openCsv(headerless, { header: false, columnNames: ['a'] }), InputError);
      assert.equal(openDescriptors(headerless), 0, 'after openCsv failed');
    },
  );

  it('rejects a device, which is not a regular file', async () => {
    await rejectsWithInputError(openCsv('/dev/null'), { file: '/dev/null', includes: ['not a regular file'] });
  });

  it('numbers the lines of a file with bare CR line endings', async () => {
    // 1 a,b  2 1,2  3 3,"x  4 y"  5 5,6   — every line ends with \r alone
    const { rows, lines } = await readAll(fixture('cr-only.csv'));
    assert.deepEqual(rows, [
      ['1', '2'],
      ['3', 'x\ry'],
      ['5', '6'],
    ]);
    assert.deepEqual(lines, [2, 3, 5]);
  });

  it('strips a byte-order mark in front of a quoted header name', async () => {
    const { source, rows } = await readAll(fixture('bom-quoted-header.csv'), { trim: false }); // \uFEFF"sex",label / F,1
    assert.deepEqual(source.columns, ['sex', 'label']);
    assert.deepEqual(rows, [['F', '1']]);
  });

  it('hands out the rows before an unterminated quote, then fails at its line and column', async () => {
    // 1 id,comment  2 1,fine  3 2,"never closed  4 3,lost
    const file = fixture('unterminated.csv');
    const source = await openCsv(file);
    const rows: Field[][] = [];
    const error = await rejectsWithInputError(
      (async () => {
        for await (const batch of source.batches()) rows.push(...batch.rows);
      })(),
      { file, line: 3, includes: ['never closed'] },
    );
    assert.deepEqual(rows, [['1', 'fine']]);
    assert.equal(error.location?.column, 'comment');
  });

  it('rejects a pending read with CancelledError on abort or close()', async () => {
    const aborted = await openCsv(big);
    const controller = new AbortController();
    const reading = aborted.batches(controller.signal)[Symbol.asyncIterator]();
    const pending = reading.next();
    controller.abort();
    await assert.rejects(pending, CancelledError);

    const closed = await openCsv(big);
    const batches = closed.batches()[Symbol.asyncIterator]();
    assert.equal((await batches.next()).done, false);
    const next = batches.next();
    closed.close();
    await assert.rejects(next, CancelledError);
  });

  it('leaves no \\r at the end of the COMPAS rows even with trim: false', async () => {
    const { rows } = await readAll(path.join(data, 'compas-scores-two-years.csv.gz'), { trim: false });
    assert.equal(rows.length, 7214);
    assert.ok(rows.every((row) => row[52] === '0' || row[52] === '1'));
  });
});
