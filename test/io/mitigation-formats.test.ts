// Mitigations on the same data as CSV, Parquet and JSON Lines give the same report, figure by
// figure (1e-9), and the same predictions, written in the input's format (Parquet in, Parquet out).
// The expected predictions are the CSV run's file read with papaparse; the Parquet ones are read
// back with DuckDB and the JSON Lines ones with JSON.parse.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import Papa from 'papaparse';
import type { MitigationReport } from '../../common/reports/mitigation';
import type { AnyMitigationCommand } from '../../server/src/methods/command';
import { ferm } from '../../server/src/methods/ferm/command';
import { reweighing } from '../../server/src/methods/reweighing/command';
import { threshold } from '../../server/src/methods/threshold/command';
import { loadTable } from '../../server/src/io/table';
import { writePredictions } from '../../server/src/io/output';
import { runComparison } from '../../server/src/services/compare';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import { COMPAS_CSV } from '../support/compas-formats';
import { compasSplit } from '../support/compas-split';
import { runWithFlags } from '../support/run-with-flags';
import { assertSameReport } from '../support/same-report';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'parity-mitigation-formats-'));
const inputs = { csv: COMPAS_CSV, parquet: path.join(dir, 'compas.parquet'), jsonl: path.join(dir, 'compas.jsonl') };
type Format = keyof typeof inputs;

/** Three kinds of method: post-processing on a score, pre-processing (weights), in-processing without a representation. */
const RUNS: { method: AnyMitigationCommand; flags: (file: string) => Record<string, string>; added: Record<string, string> }[] = [
  {
    method: threshold,
    flags: (data) => ({ data, score: 'decile_score', label: 'two_year_recid', sensitive: 'race', bootstrap: '20' }),
    added: { threshold_probability: 'DOUBLE', threshold_prediction: 'INTEGER' },
  },
  {
    method: reweighing,
    flags: (train) => ({ train, label: 'two_year_recid', sensitive: 'race', features: 'age,priors_count,juv_fel_count,sex', bootstrap: '20' }),
    added: { reweighing_weight: 'DOUBLE', reweighing_score: 'DOUBLE', reweighing_prediction: 'INTEGER' },
  },
  {
    method: ferm,
    flags: (train) => ({
      train,
      label: 'two_year_recid',
      sensitive: 'race',
      features: 'age,priors_count,juv_fel_count,sex',
      model: 'logistic',
      bootstrap: '20',
    }),
    added: { ferm_score: 'DOUBLE', ferm_prediction: 'INTEGER' },
  },
];

async function duckDb<T>(task: (query: (sql: string) => Promise<unknown[][]>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await task(async (sql) => (await connection.runAndReadAll(sql)).getRows());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A Parquet file's column names and types, and its rows as JavaScript values. */
async function readParquet(file: string): Promise<{ types: Record<string, string>; rows: unknown[][] }> {
  return duckDb(async (query) => ({
    types: Object.fromEntries((await query(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`)).map(([name, type]) => [name, type])),
    rows: await query(`SELECT * FROM read_parquet(${sqlString(file)})`),
  }));
}

const readCsv = (file: string) => Papa.parse<string[]>(readFileSync(file, 'utf8'), { skipEmptyLines: true }).data;

/** Each cell of a typed file equals the CSV's text: a number the same double, NULL an empty field, text the same text. */
function assertSameCells(header: string[], typedRows: readonly (readonly unknown[])[], csvRows: readonly (readonly string[])[], what: string): void {
  assert.equal(typedRows.length, csvRows.length, `${what}: rows`);
  typedRows.forEach((row, r) =>
    row.forEach((value, c) => {
      const text = csvRows[r]![c]!;
      const at = `${what}: row ${r + 1}, ${header[c]}`;
      if (value === null) assert.equal(text, '', at);
      else if (typeof value === 'number' || typeof value === 'bigint') assert.equal(Number(value), Number(text), at);
      else assert.equal(value, text, at);
    }),
  );
}

/** Size and modification time: what a write to the file would change. */
const fingerprint = (file: string) => ({ bytes: readFileSync(file), mtime: statSync(file).mtimeMs });

before(async () => {
  await duckDb(async (query) => {
    const csv = `read_csv(${sqlString(COMPAS_CSV)})`;
    await query(`COPY (SELECT * FROM ${csv}) TO ${sqlString(inputs.parquet)} (FORMAT PARQUET)`);
    await query(`COPY (SELECT * FROM ${csv}) TO ${sqlString(inputs.jsonl)} (FORMAT JSON)`);
  });
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('mitigations read CSV, Parquet and JSON Lines alike and write predictions in the input format', () => {
  for (const { method, flags, added } of RUNS) {
    it(`${method.name}: same report figures and predictions from each format; inputs unchanged`, async () => {
      const before = Object.fromEntries(Object.entries(inputs).map(([format, file]) => [format, fingerprint(file)]));
      const reports = {} as Record<Format, MitigationReport>;
      for (const format of Object.keys(inputs) as Format[]) {
        reports[format] = await runWithFlags(method, { ...flags(inputs[format]), out: path.join(dir, `${method.name}-${format}`) });
      }
      // the files differ by format (measuredOn names the input read); everything else is the same
      const strip = ({ files: _files, seconds: _seconds, measuredOn, ...rest }: MitigationReport & { seconds?: unknown }) => ({
        ...rest,
        measuredOn: { ...measuredOn, file: undefined },
      });
      assert.ok(assertSameReport(strip(reports.parquet), strip(reports.csv)) > 50, 'figures compared');
      assertSameReport(strip(reports.jsonl), strip(reports.csv));

      assert.equal(path.basename(reports.csv.files.predictions), 'predictions.csv');
      assert.equal(path.basename(reports.parquet.files.predictions), 'predictions.parquet');
      assert.equal(path.basename(reports.jsonl.files.predictions), 'predictions.jsonl');
      const [header, ...csvRows] = readCsv(reports.csv.files.predictions);
      const inputHeader = readCsv(COMPAS_CSV)[0]!;
      assert.deepEqual(header, [...inputHeader, ...Object.keys(added)]);

      const parquet = await readParquet(reports.parquet.files.predictions);
      assert.deepEqual(Object.keys(parquet.types), header);
      const inputTypes = (await readParquet(inputs.parquet)).types;
      assert.deepEqual(parquet.types, { ...inputTypes, ...added }, 'input columns keep their types; added ones are numbers');
      assertSameCells(header!, parquet.rows, csvRows, 'Parquet');

      const jsonRows = readFileSync(reports.jsonl.files.predictions, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      jsonRows.forEach((row) => assert.deepEqual(Object.keys(row), header));
      assertSameCells(
        header!,
        jsonRows.map((row) => Object.values(row)),
        csvRows,
        'JSON Lines',
      );
      assert.equal(typeof jsonRows[0]!['race'], 'string');
      assert.equal(typeof jsonRows[0]!['age'], 'number');

      for (const [format, file] of Object.entries(inputs)) assert.deepEqual(fingerprint(file), before[format], `${format} input changed`);
    });
  }

  it('parity apply on Parquet writes FILE.threshold.parquet with the predictions of the run', async () => {
    const out = path.join(dir, 'apply-run');
    const report = await runWithFlags(threshold, { ...RUNS[0]!.flags(inputs.parquet), out });
    const applied = path.join(dir, 'compas.threshold.parquet');
    const before = fingerprint(inputs.parquet);
    const result = spawnSync(process.execPath, [cli, 'apply', report.files.model, inputs.parquet], { encoding: 'utf8', cwd: root });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `wrote ${applied} (7214 rows)\n`);
    assert.equal(readFileSync(applied).subarray(0, 4).toString(), 'PAR1');
    const [again, first] = [await readParquet(applied), await readParquet(report.files.predictions)];
    assert.deepEqual(again, first);
    assert.deepEqual(fingerprint(inputs.parquet), before);
    // A pipe cannot be renamed over: the file is made aside and its bytes copied in (then "wrote …" follows on standard output).
    const fromPipe = path.join(dir, 'from-pipe.parquet');
    const piped = spawnSync(
      'sh',
      ['-c', '"$0" "$1" apply "$2" "$3" --out /dev/stdout | cat > "$4"', process.execPath, cli, report.files.model, inputs.parquet, fromPipe],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(piped.status, 0, piped.stderr);
    const bytes = readFileSync(fromPipe);
    writeFileSync(fromPipe, bytes.subarray(0, bytes.lastIndexOf('PAR1') + 4));
    assert.deepEqual(await readParquet(fromPipe), first);
  });
});

describe('parity compare on Parquet', () => {
  it('gives the comparison of the same split as CSV, figure by figure', async () => {
    const csv = compasSplit(mkdtempSync(path.join(dir, 'split-')));
    const parquet = { train: path.join(dir, 'train.parquet'), test: path.join(dir, 'test.parquet') };
    await duckDb(async (query) => {
      for (const part of ['train', 'test'] as const)
        await query(`COPY (SELECT * FROM read_csv(${sqlString(csv[part])})) TO ${sqlString(parquet[part])} (FORMAT PARQUET)`);
    });
    const compare = (files: { train: string; test: string }, out: string) =>
      runComparison(
        {
          ...files,
          label: 'two_year_recid',
          sensitive: ['race'],
          methods: ['threshold', 'reweighing'],
          fairnessMetric: 'demographic_parity_difference',
          out: path.join(dir, out),
        },
        runMethodInWorker,
      );
    const [fromCsv, fromParquet] = [await compare(csv, 'compare-csv'), await compare(parquet, 'compare-parquet')];
    // Where the files are and how long each method took may differ; nothing else.
    const strip = (comparison: typeof fromCsv) => ({
      ...comparison,
      files: undefined,
      points: comparison.points.map((point) => ({ ...point, report: path.relative(comparison.files.out, point.report) })),
      methods: comparison.methods.map((method) => ({ ...method, seconds: 0 })),
    });
    assert.ok(assertSameReport(strip(fromParquet), strip(fromCsv)) > 20, 'figures compared');
    assert.equal(path.basename(fromParquet.points.find((point) => point.method === 'reweighing')!.report), 'report.json');
    assert.equal((await readParquet(path.join(dir, 'compare-parquet/reweighing/predictions.parquet'))).rows.length, readCsv(csv.test).length - 1);
  });
});

describe('writing predictions of a columnar file', () => {
  it('keeps text exactly (quotes, commas, line breaks, an empty text apart from a missing one) and each column its type, in Parquet and JSON Lines', async () => {
    const values = ['say "hi"', 'a,b', 'two\nlines', '', null, '=1+1', 'é ☃'];
    const rows = values.map((text, i) => ({ id: i, text, ratio: i / 3, flag: i % 2 === 0 }));
    const jsonl = path.join(dir, 'tricky.jsonl');
    const parquet = path.join(dir, 'tricky.parquet');
    writeFileSync(jsonl, rows.map((row) => JSON.stringify(row) + '\n').join(''));
    await duckDb((query) => query(`COPY (SELECT * FROM read_json(${sqlString(jsonl)})) TO ${sqlString(parquet)} (FORMAT PARQUET)`));
    const label = { name: 'label', values: (row: number) => `p${row}` };
    const expected = rows.map((row, i) => ({ ...row, label: `p${i}` }));
    // Only "NA" means missing here, so the empty text is a value; --safe-csv leaves "=1+1" alone outside CSV.
    const csv = { missingMarkers: ['NA'] };

    const parquetOut = path.join(dir, 'tricky.out.parquet');
    await writePredictions(parquetOut, await loadTable(parquet, csv), [label], { safeCsv: true });
    const written = await readParquet(parquetOut);
    assert.deepEqual(written.types, { id: 'BIGINT', text: 'VARCHAR', ratio: 'DOUBLE', flag: 'BOOLEAN', label: 'VARCHAR' });
    assert.deepEqual(
      written.rows,
      expected.map((row) => [BigInt(row.id), row.text, row.ratio, row.flag, row.label]),
    );

    const jsonlOut = path.join(dir, 'tricky.out.jsonl');
    await writePredictions(jsonlOut, await loadTable(jsonl, csv), [label], { safeCsv: true });
    assert.deepEqual(
      readFileSync(jsonlOut, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
      expected,
    );
  });

  it('an Arrow IPC input gives Parquet predictions, integers, doubles and text keeping their types', async () => {
    const input = path.join(dir, 'scores.arrow');
    const n = 400;
    const group = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
    const label = Int32Array.from({ length: n }, (_, i) => (i % 5 < 2 ? 1 : 0));
    const score = Float64Array.from({ length: n }, (_, i) => ((i * 37) % 100) / 100);
    writeFileSync(input, tableToIPC(tableFromArrays({ group, label, score }), 'file'));
    const report = await runWithFlags(threshold, {
      data: input,
      score: 'score',
      label: 'label',
      sensitive: 'group',
      bootstrap: '0',
      out: path.join(dir, 'arrow-run'),
    });
    assert.equal(path.basename(report.files.predictions), 'predictions.parquet');
    const written = await readParquet(report.files.predictions);
    assert.deepEqual(written.types, { group: 'VARCHAR', label: 'INTEGER', score: 'DOUBLE', threshold_probability: 'DOUBLE', threshold_prediction: 'INTEGER' });
    assert.deepEqual(
      written.rows.map((row) => row.slice(0, 3)),
      group.map((g, i) => [g, label[i], score[i]]),
    );
  });
});

describe('refusals on the command line: one line, exit 2', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  const assertOneLine = (result: ReturnType<typeof run>, pattern: RegExp) => {
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /\n\s+at |LINE \d/);
  };

  it('a malformed Parquet file', () => {
    const bad = path.join(dir, 'bad.parquet');
    writeFileSync(bad, 'PAR1 this is not a Parquet file PAR1');
    assertOneLine(
      run('mitigate', 'threshold', '--data', bad, '--score', 's', '--label', 'y', '--sensitive', 'g', '--out', path.join(dir, 'bad-run')),
      /bad\.parquet: not a readable Parquet file: /,
    );
  });

  it('an output that is a link to the input, for mitigate and apply', async () => {
    const link = path.join(dir, 'link.parquet');
    symlinkSync(inputs.parquet, link);
    const before = fingerprint(inputs.parquet);
    assertOneLine(
      run('mitigate', 'threshold', ...Object.entries(RUNS[0]!.flags(inputs.parquet)).flatMap(([k, v]) => [`--${k}`, v]), '--out', link),
      /is the input file .*through a link/,
    );
    const report = await runWithFlags(threshold, { ...RUNS[0]!.flags(inputs.parquet), out: path.join(dir, 'link-run') });
    assertOneLine(run('apply', report.files.model, inputs.parquet, '--out', link), /is the input file .*through a link/);
    assert.deepEqual(fingerprint(inputs.parquet), before);
  });

  it('an --out named for another format than the input', async () => {
    const report = await runWithFlags(threshold, { ...RUNS[0]!.flags(inputs.parquet), out: path.join(dir, 'named-run') });
    assertOneLine(run('apply', report.files.model, inputs.parquet, '--out', path.join(dir, 'x.csv')), /written as Parquet: name the output \.parquet/);
  });
});
