// Proxy warnings on Parquet, JSON Lines and Arrow files, through the bundled language server as
// the client runs it: the same data as a CSV file gives the same findings in every format, on the
// key of the first line of a JSON Lines file and at the top of a Parquet or Arrow file; closing a
// Parquet file's last tab clears them. A run's own output (predictions.csv) gets none.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import {
  type Diagnostic,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  PublishDiagnosticsNotification,
} from 'vscode-languageserver-protocol/node';
import { DataFileNotification } from '../common/protocol';
import { startServer, type ServerProcess } from './support/language-server';

/**
 * 400 people: sex F/M alternating; relationship "Wife" or "Husband" after the sex in 4 rows of 5,
 * "Unmarried" in the fifth (so it predicts sex almost perfectly: a strong proxy); age 20-59 and
 * hours 30-49 from the row number alone (no relation to sex); label and prediction 0/1.
 */
function people(): { sex: string[]; relationship: string[]; age: number[]; hours: number[]; label: number[]; prediction: number[] } {
  const rows = Array.from({ length: 400 }, (_, i) => i);
  const sex = rows.map((i) => (i % 2 === 0 ? 'F' : 'M'));
  return {
    sex,
    relationship: rows.map((i) => (i % 5 === 4 ? 'Unmarried' : sex[i] === 'F' ? 'Wife' : 'Husband')),
    age: rows.map((i) => 20 + ((i * 7) % 40)),
    hours: rows.map((i) => 30 + ((i * 3) % 20)),
    label: rows.map((i) => Math.floor(i / 3) % 2),
    prediction: rows.map((i) => Math.floor(i / 4) % 2),
  };
}

const COLUMNS = ['sex', 'relationship', 'age', 'hours', 'label', 'prediction'] as const;

describe('diagnostics of Parquet, JSON Lines and Arrow files', { timeout: 120_000 }, () => {
  let server: ServerProcess;
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-data-files-'));
  const files = {
    csv: path.join(dir, 'people.csv'),
    parquet: path.join(dir, 'people.parquet'),
    jsonl: path.join(dir, 'people.jsonl'),
    arrow: path.join(dir, 'people.arrow'),
  };
  const uri = (file: string) => pathToFileURL(file).toString();
  const published = new Map<string, Diagnostic[][]>();
  const waiters: (() => void)[] = [];

  /** The first publication for `file` after `skip` that satisfies `settled`, or a failure naming what was published. */
  async function publication(file: string, settled: (diagnostics: Diagnostic[]) => boolean, skip = 0): Promise<Diagnostic[]> {
    const deadline = Date.now() + 60_000;
    for (let seen = skip; ;) {
      const all = published.get(uri(file)) ?? [];
      for (; seen < all.length; seen++) if (settled(all[seen]!)) return all[seen]!;
      if (Date.now() > deadline) throw new Error(`no such diagnostics for ${path.basename(file)}; published: ${JSON.stringify(all)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }

  const text = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
  const proxyOf = (diagnostics: Diagnostic[]) => diagnostics.find((d) => d.code === 'parity.proxy' && /^`relationship` predicts `sex`/.test(text(d)));

  before(async () => {
    const data = people();
    const rows = data.sex.map((_, i) => COLUMNS.map((column) => data[column][i]));
    writeFileSync(files.csv, [COLUMNS.join(','), ...rows.map((row) => row.join(','))].join('\n') + '\n');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const csv = `read_csv('${files.csv}', header = true)`;
    await connection.run(`COPY (SELECT * FROM ${csv}) TO '${files.parquet}' (FORMAT parquet)`);
    await connection.run(`COPY (SELECT * FROM ${csv}) TO '${files.jsonl}' (FORMAT json)`);
    connection.closeSync();
    instance.closeSync();
    writeFileSync(files.arrow, tableToIPC(tableFromArrays(data), 'file'));
    server = await startServer();
    server.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.set(params.uri, [...(published.get(params.uri) ?? []), params.diagnostics]);
      waiters.splice(0).forEach((wake) => wake());
    });
  });

  after(() => server?.stop());

  it('warns of the same proxy in every format: on the header cell of a CSV file, the key of a JSON Lines file, the top of a Parquet or Arrow file', async () => {
    const open = (file: string, languageId: string) =>
      server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(file), languageId, version: 1, text: '' } });
    await open(files.csv, 'csv');
    await open(files.jsonl, 'jsonl');
    // no text document for a binary file: the client tells when its tab opens
    await server.connection.sendNotification(DataFileNotification, { uri: uri(files.parquet), open: true });
    await server.connection.sendNotification(DataFileNotification, { uri: uri(files.arrow), open: true });
    const csv = proxyOf(await publication(files.csv, (d) => proxyOf(d) !== undefined))!;
    // header "sex,relationship,...": relationship spans characters 4-16
    assert.deepEqual(csv.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 16 } });
    assert.match(text(csv), /\(strong proxy\)$/);
    const jsonl = proxyOf(await publication(files.jsonl, (d) => proxyOf(d) !== undefined))!;
    // DuckDB writes {"sex":"F","relationship":"Wife",...}: after the 11 characters of {"sex":"F", the key "relationship", quotes included (14)
    assert.deepEqual(jsonl.range, { start: { line: 0, character: 11 }, end: { line: 0, character: 25 } });
    for (const file of [files.parquet, files.arrow]) {
      const proxy = proxyOf(await publication(file, (d) => proxyOf(d) !== undefined))!;
      assert.deepEqual(proxy.range.start, { line: 0, character: 0 }, path.basename(file));
      assert.equal(proxy.message, csv.message, `${path.basename(file)}: the figures of the CSV file`);
      assert.deepEqual((proxy.data as { uri: string }).uri, uri(file));
    }
    assert.equal(jsonl.message, csv.message);
  });

  it("publishes nothing on a run's own output: the predictions.csv a mitigation wrote beside its report", async () => {
    // the run's folder as defaultOutputFolderName names it; the file has the proxy people.csv is warned of
    const output = path.join(dir, 'people.parity-threshold', 'predictions.csv');
    mkdirSync(path.dirname(output));
    copyFileSync(files.csv, output);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: uri(output), languageId: 'csv', version: 1, text: '' },
    });
    assert.deepEqual(await publication(output, () => true), []);
    // a check of the same rows elsewhere (people.csv saved again) does warn, and the output still has nothing
    const seen = published.get(uri(files.csv))!.length;
    await server.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: uri(files.csv) } });
    await publication(files.csv, (d) => proxyOf(d) !== undefined, seen);
    assert.deepEqual(published.get(uri(output)), [[]]);
  });

  it("clears a Parquet file's diagnostics when its last tab closes", async () => {
    const seen = published.get(uri(files.parquet))!.length;
    await server.connection.sendNotification(DataFileNotification, { uri: uri(files.parquet), open: false });
    await publication(files.parquet, (d) => d.length === 0, seen);
  });
});
