// The column pickers' description of a file (the 'columns' job) and the proxy figures of its
// diagnostics (the 'diagnose' job), on real files from ../shared/data. The expected counts were
// taken by hand with Python's csv module, independently of Parity:
//   bank-full.csv.gz (UCI Bank Marketing, ';'-separated, sorted by date): 45,211 data rows;
//     len({row[10]}) for month = 12, len({row[8]}) for contact = 3, pdays 559, previous 41;
//     its first 10,000 rows hold only may and jun (the old profile's "2 values").
//   law_data.csv (LSAC): 21,791 data rows; its first column (empty header: column_1) is a row
//     index with 21,791 distinct values.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ColumnsResult } from '../common/protocol';
import type { LeakageResult } from '../common/reports/leakage';
import { proxiesNote } from '../common/render/proxies';
import { columnDescription } from '../common/render/text';
import { proxyFindings } from '../server/src/adapters/lsp/leakage-diagnostics';
import type { Diagnosis } from '../server/src/adapters/worker/jobs';
import { performJob } from '../server/src/adapters/worker/perform';
import { MAX_TRACKED_VALUES } from '../server/src/engine/schema/profile';
import { DEFAULT_LEAKAGE_SETTINGS } from '../common/leakage-settings';
import { crossedSensitive, columnGroupsIn } from '../client/src/starting-groups';
import { adultCsvFiles, SHARED_DATA } from './support/adult';
import { loadDuckDb } from './support/load-tables';

const bank = path.join(SHARED_DATA, 'bank-full.csv.gz');
const law = path.join(SHARED_DATA, 'law_data.csv');
const nothing = () => undefined;

async function profile(file: string): Promise<ColumnsResult> {
  return (await performJob({ kind: 'columns', file }, new AbortController().signal, nothing)) as ColumnsResult;
}

function column(found: ColumnsResult, name: string): ColumnsResult['columns'][number] {
  const described = found.columns.find((c) => c.name === name);
  assert.ok(described, `no column ${name}`);
  return described;
}

describe("a file's column profile (Configure Columns, the guided questions)", () => {
  it('reads the whole of UCI Bank Marketing: month has 12 values, contact 3', async () => {
    const found = await profile(bank);
    assert.equal(found.rowsRead, 45_211);
    assert.equal(found.wholeFile, true);
    assert.equal(column(found, 'month').distinct, 12);
    assert.deepEqual([...column(found, 'month').values!].sort(), ['apr', 'aug', 'dec', 'feb', 'jan', 'jul', 'jun', 'mar', 'may', 'nov', 'oct', 'sep']);
    assert.equal(columnDescription(column(found, 'month'), found), 'categorical, 12 values');
    assert.equal(columnDescription(column(found, 'contact'), found), 'categorical, 3 values');
    assert.equal(columnDescription(column(found, 'pdays'), found), 'numeric, 559 values');
    assert.equal(columnDescription(column(found, 'previous'), found), 'numeric, 41 values');
    // a label's groups count the rows of the whole file: 45,211 in all
    assert.equal(
      column(found, 'contact').groups!.reduce((sum, g) => sum + g.rows, 0),
      45_211,
    );
  });

  it("Adult's profile infers race and sex first and starts a run on race × sex (cold tries 16, 17: marital-status alone, and first)", async () => {
    const found = await profile((await adultCsvFiles()).train);
    const inferred = found.inferred.filter((r) => r.role === 'sensitive').map((r) => r.column);
    // in the order of their kinds: race and sex first (cold try 17: the audit opened on marital-status)
    assert.deepEqual(inferred, ['race', 'sex', 'age', 'marital-status', 'native-country']);
    // age is binned (no groups); race × sex's smallest expected group is 89.6 rows; marital-status would make 0.06
    assert.equal(column(found, 'age').groups, undefined);
    assert.deepEqual(crossedSensitive(inferred, columnGroupsIn(found.columns), 30), ['race', 'sex']);
  });

  it('says "more than N values" of a column with more distinct values than it counts', async () => {
    const found = await profile(law);
    assert.equal(found.rowsRead, 21_791);
    const index = column(found, 'column_1');
    assert.equal(index.moreValues, true);
    assert.equal(index.distinct, MAX_TRACKED_VALUES);
    assert.match(columnDescription(index, found), /^\w+, more than 10,000 values$/);
  });

  it("reads a database table's first 100,000 rows, and says so: each row crosses the network to fill a picker", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-profile-')), 'long.duckdb');
    // 100,001 rows, group "a" on every even id: the first 100,000 read hold 50,000 of each
    const rows = Array.from({ length: 100_001 }, (_, id) => [id, id % 2 === 0 ? 'a' : 'b']);
    await loadDuckDb(
      file,
      'long',
      [
        { name: 'id', kind: 'integer' },
        { name: 'group', kind: 'text' },
      ],
      rows,
    );
    const found = (await performJob(
      { kind: 'columns', file: `duckdb:${file}`, relation: { table: 'long' } },
      new AbortController().signal,
      nothing,
    )) as ColumnsResult;
    assert.equal(found.rowsRead, 100_000);
    assert.equal(found.wholeFile, false);
    assert.deepEqual(column(found, 'group').groups, [
      { value: 'a', rows: 50_000 },
      { value: 'b', rows: 50_000 },
    ]);
    assert.equal(columnDescription(column(found, 'group'), found), 'categorical, 2 values in the first 100,000 rows');
  });

  it('"1 value", and "in the first N rows" when the file was longer than the rows read', () => {
    assert.equal(columnDescription({ kind: 'categorical', distinct: 1 }, { rowsRead: 40, wholeFile: true }), 'categorical, 1 value');
    assert.equal(
      columnDescription({ kind: 'numeric', distinct: 7 }, { rowsRead: 1_000_000, wholeFile: false }),
      'numeric, 7 values in the first 1,000,000 rows',
    );
  });
});

async function diagnose(file: string, roles: { label: string; sensitive: string[] }, maxRows?: number): Promise<LeakageResult> {
  const diagnosis = (await performJob(
    {
      kind: 'diagnose',
      file,
      options: { roles, bootstrap: 0, ...(maxRows === undefined ? {} : { maxRows }) },
      configured: true,
      leakage: { enabled: true, sampleSize: 20_000, seed: 0, jointRows: 2_000 },
    },
    new AbortController().signal,
    nothing,
  )) as Diagnosis;
  assert.ok(diagnosis.leakage, JSON.stringify(diagnosis.failure));
  return diagnosis.leakage;
}

describe('the label a file suggests, and its values in order', () => {
  // student-por.csv (UCI Student Performance, Portuguese course, ';'-separated), counted with awk:
  // its last column G3 has the values 0, 1 and 5 to 19, the most frequent 11 (104 rows), 10 (97), 13 (82).
  it('student-por.csv: no name says which is the label; the final grade G3, its last column, is suggested, its values in number order', async () => {
    const found = await profile(path.join(SHARED_DATA, 'student-por.csv'));
    assert.deepEqual(
      found.inferred.filter((r) => r.role !== 'sensitive'),
      [],
    );
    assert.equal(found.suggestedLabel?.column, 'G3');
    const g3 = column(found, 'G3');
    assert.deepEqual(g3.examples.slice(0, 3), ['11', '10', '13'], 'examples stay the most frequent');
    assert.deepEqual(g3.values, ['0', '1', ...Array.from({ length: 15 }, (_, i) => String(i + 5))]);
  });

  it('law_data.csv: first_pf, its last column (header read by hand), is suggested', async () => {
    assert.equal((await profile(law)).suggestedLabel?.column, 'first_pf');
  });
});

describe("a data file's proxy figures (diagnostics, the audit panel's Proxies)", () => {
  it('law_data.csv with ZFYA as its label: 20,000 of the 21,791 rows sampled, and ZFYA is no proxy', async () => {
    const leakage = await diagnose(law, { label: 'ZFYA', sensitive: ['race'] });
    assert.deepEqual([leakage.sample.rows, leakage.sample.totalRows, leakage.sample.sampled], [20_000, 21_791, true]);
    assert.match(proxiesNote(proxyFindings(leakage, DEFAULT_LEAKAGE_SETTINGS), 'static'), / Measured on a seeded random sample of 20,000 of the 21,791 rows\./);
    // the audit drops ZFYA (not binary) but it is the target: never a candidate proxy of race
    assert.equal(leakage.label, 'ZFYA');
    assert.ok(!leakage.candidates.includes('ZFYA'));
    assert.ok(!leakage.columns.some((c) => c.column === 'ZFYA'));
    assert.ok(leakage.candidates.includes('LSAT'));
  });

  it('a sample of the first rows of a longer file says both', () => {
    const findings = {
      checked: true as const,
      sample: { rows: 20_000, totalRows: 200_000, sampled: true, firstRows: true as const },
      proxies: [],
      joint: [],
      ignored: 0,
    };
    assert.match(proxiesNote(findings, 'static'), / Measured on a seeded random sample of 20,000 of the first 200,000 rows of a longer file\./);
  });

  it("a check that stops at maxRows says the file's first rows, not the file", async () => {
    const leakage = await diagnose(law, { label: 'first_pf', sensitive: ['race'] }, 15_000);
    assert.deepEqual([leakage.sample.rows, leakage.sample.totalRows, leakage.sample.sampled, leakage.sample.firstRows], [15_000, 15_000, false, true]);
    assert.match(proxiesNote(proxyFindings(leakage, DEFAULT_LEAKAGE_SETTINGS), 'static'), /Measured on the first 15,000 rows of a longer file\./);
  });
});
