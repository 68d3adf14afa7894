// A CSV file's tables are sized before they are read (issue 21: no column is copied to flatten
// it): the reader counts the file's line breaks, LF, CRLF or a bare CR alike, and the columns
// are allocated for that many rows plus one. The fields read back are the file's, whether the
// bound was known (a plain file) or not (the same file gzipped, read in chunks as before).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { openCsv } from '../../server/src/io/csv/reader';
import { loadTable } from '../../server/src/io/table';
import { numericColumn, rowFields } from '../../server/src/engine/table/table';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-table-sizing-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function mostRowsOf(name: string, content: string | Buffer): Promise<number | undefined> {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  const source = await openCsv(file);
  try {
    return await source.mostRows?.();
  } finally {
    source.close();
  }
}

describe('the row bound of a CSV file', () => {
  it('is its line breaks plus one, whatever the line ends', async () => {
    // 3 line breaks each: a header and two rows
    assert.equal(await mostRowsOf('lf.csv', 'a,b\n1,2\n3,4\n'), 4);
    assert.equal(await mostRowsOf('crlf.csv', 'a,b\r\n1,2\r\n3,4\r\n'), 4);
    assert.equal(await mostRowsOf('cr.csv', 'a,b\r1,2\r3,4\r'), 4);
    // 2 line breaks, no final one
    assert.equal(await mostRowsOf('last.csv', 'a,b\n1,2\r\n3,4'), 3);
  });

  it('counts a CRLF split between two reads of a megabyte once', async () => {
    // The header line ends with CR at byte 2^20 - 1 and LF at byte 2^20: one line break, then one more.
    const header = `a,${'b'.repeat(2 ** 20 - 3)}\r\n`;
    assert.equal(Buffer.byteLength(header), 2 ** 20 + 1);
    assert.equal(await mostRowsOf('split.csv', `${header}1,2\n`), 3);
  });

  it('is not known for a gzip-compressed file', async () => {
    assert.equal(await mostRowsOf('rows.csv.gz', gzipSync('a,b\n1,2\n')), undefined);
  });
});

describe('a table sized from the bound', () => {
  // More rows than one storage chunk (65,536), so the gzipped file's columns grow chunk by chunk.
  const rows = 70_000;
  const lines = ['id,score,amount,group'];
  for (let i = 0; i < rows; i++) {
    // scores with 3 decimals kept (0.500, not 0.5); amounts in their own spellings from row 1,000
    // (2.5, 1e3, a missing value), every 10th group missing
    const score = ((i * 7919) % 1000) / 1000;
    const amount = i < 1000 ? ((i * 31) % 977).toFixed(2) : ['2.5', '1e3', '', '0.10'][i % 4]!;
    lines.push(`${i},${score.toFixed(3)},${amount},${i % 10 === 0 ? '' : `g${i % 3}`}`);
  }
  const text = lines.join('\n') + '\n';
  const plain = path.join(dir, 'sized.csv');
  const zipped = path.join(dir, 'chunked.csv.gz');
  writeFileSync(plain, text);
  writeFileSync(zipped, gzipSync(text));

  it('reads back every field as written, as the chunked table does', async () => {
    const [sized, chunked] = await Promise.all([loadTable(plain), loadTable(zipped)]);
    assert.equal(sized.rowCount, rows);
    assert.equal(chunked.rowCount, rows);
    for (let i = 0; i < rows; i++) {
      const expected = lines[i + 1]!.split(',').map((field) => (field === '' ? null : field));
      assert.deepEqual(rowFields(sized, i), expected, `row ${i}`);
      assert.deepEqual(rowFields(chunked, i), expected, `row ${i} (gzipped)`);
    }
    assert.deepEqual(numericColumn(sized, 'score'), numericColumn(chunked, 'score'));
    assert.equal(numericColumn(sized, 'score')[rows - 1], (((rows - 1) * 7919) % 1000) / 1000);
  });
});
