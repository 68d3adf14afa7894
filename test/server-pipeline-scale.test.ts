// Python analysis at scale through the bundled language server (IPC, as VS Code runs it), issue 21
// item 5: 20,000- and 200,000-term expressions (about 160 KB and 1.9 MB: the cases that blocked the
// server for 30 s and left pings unanswered) and 10 MB of ordinary pipeline code are analysed
// in the background, once per version, while the server answers every ping within 1 s (a hover on
// the file: answered on the server's main thread at once, so its time is the wait for that thread);
// the size cap and the time budget say what they stopped; the 10 MB run stays under a stated peak memory.
// The generated files sit next to a copy of test/fixtures/pipeline/data/people.csv.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { MitigationsRequest } from '../common/protocol';
import { copiesFor, expressionSource, ordinarySource } from './support/python-sources';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/pipeline');
/** The bound the issue sets on the server's answers during the heavy cases. */
const PING_BOUND_MS = 1000;
/**
 * Peak memory of the server that analysed the 10 MB file: the issue measured 1.4 GB; after the
 * rewrite bench/pipeline.ts measured 895-952 MB (server process, worker included).
 */
const TEN_MB_PEAK_BOUND_MB = 1200;

interface Server {
  /** Opens a Python file; its diagnostics' publications are recorded. */
  open(file: string, text: string): Promise<void>;
  /** One ping: how long the server took to answer it. */
  ping(file: string): Promise<number>;
  /** Pings until the file's diagnostics are published and `settleMs` more; the slowest answer and every publication. */
  pingUntilPublished(file: string, settleMs: number): Promise<{ slowestMs: number; slow: string; publications: Diagnostic[][] }>;
  /** The server process's peak resident memory so far (its worker threads included), in MB. */
  peakRssMb(): number;
  stop(): void;
}

/** A server process whose `parity` settings are `leakage` (the rest default). */
async function startServer(workspace: string, leakage: Record<string, number>): Promise<Server> {
  const server = fork(path.join(root, 'dist/server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
  const publications = new Map<string, Diagnostic[][]>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
    publications.set(params.uri, [...(publications.get(params.uri) ?? []), params.diagnostics]);
  });
  let configured!: () => void;
  const settingsRead = new Promise<void>((resolve) => (configured = resolve));
  connection.onRequest(ConfigurationRequest.type, (params) => {
    setImmediate(configured);
    return params.items.map(() => ({ leakage }));
  });
  connection.listen();
  const folder = pathToFileURL(workspace).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'scale' }],
    capabilities: { workspace: { configuration: true } },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  await settingsRead;
  await connection.sendRequest(MitigationsRequest); // answered after the settings reply is handled
  const ping = async (file: string) => {
    const sent = performance.now();
    await connection.sendRequest(HoverRequest.type, { textDocument: { uri: pathToFileURL(file).toString() }, position: { line: 0, character: 0 } });
    return performance.now() - sent;
  };
  return {
    async open(file, text) {
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: pathToFileURL(file).toString(), languageId: 'python', version: 1, text },
      });
    },
    ping,
    peakRssMb() {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid!}/status`, 'utf8'));
      assert.ok(match, 'VmHWM in /proc/PID/status');
      return Number(match[1]) / 1024;
    },
    async pingUntilPublished(file, settleMs) {
      const uri = pathToFileURL(file).toString();
      let slowestMs = 0;
      const slow: string[] = [];
      const started = performance.now();
      let firstSeen: number | undefined;
      while (firstSeen === undefined || performance.now() - firstSeen < settleMs) {
        const sent = performance.now();
        const took = await ping(file);
        if (took > PING_BOUND_MS / 2) slow.push(`${Math.round(took)} ms at ${Math.round(sent - started)} ms`);
        slowestMs = Math.max(slowestMs, took);
        if (firstSeen === undefined && publications.has(uri)) firstSeen = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return { slowestMs, slow: slow.join(', '), publications: publications.get(uri)! };
    },
    stop() {
      connection.dispose();
      server.kill();
    },
  };
}

const message = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

describe('language server: Python analysis at scale', { timeout: 900_000 }, () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'parity-python-scale-'));
  const expressions = new Map([20_000, 200_000].map((terms) => [terms, expressionSource(terms)]));
  const copies = copiesFor(fixtures, 10_000_000);
  const ordinary = ordinarySource(fixtures, copies);
  const file = (name: string) => path.join(workspace, name);
  const servers: Server[] = [];

  before(() => {
    mkdirSync(file('data'));
    cpSync(path.join(fixtures, 'data/people.csv'), file('data/people.csv'));
    for (const [terms, text] of expressions) writeFileSync(file(`expression-${terms}.py`), text);
    writeFileSync(file('ordinary.py'), ordinary);
  });

  after(() => servers.forEach((server) => server.stop()));

  async function server(leakage: Record<string, number>): Promise<Server> {
    const started = await startServer(workspace, leakage);
    servers.push(started);
    return started;
  }

  for (const terms of [20_000, 200_000]) {
    it(`a ${terms.toLocaleString('en-US')}-term expression is analysed once, in the background: every ping answered within 1 s`, async () => {
      const lsp = await server({});
      const name = file(`expression-${terms}.py`);
      await lsp.open(name, expressions.get(terms)!);
      const { slowestMs, slow, publications } = await lsp.pingUntilPublished(name, 2000);
      assert.ok(slowestMs < PING_BOUND_MS, `slow pings: ${slow}`);
      assert.equal(publications.length, 1, 'opening a file is one analysis, not two');
      // line 2 is `features = ["age", "sex"]` (the preamble): "sex" at characters 19-24, used by X = df[features]
      assert.ok(
        publications[0]!.some((d) => d.range.start.line === 2 && d.range.start.character === 19 && d.range.end.character === 24),
        JSON.stringify(publications[0]),
      );
    });
  }

  it('10 MB of ordinary code (size cap and time budget raised): every ping answered within 1 s, and every copy of the code analysed', async (t) => {
    assert.ok(ordinary.length >= 10_000_000);
    const lsp = await server({ maxPythonFileSize: 16, pythonTimeBudget: 600 });
    // The same code with no copy and with one copy, analysed by the same server: the count the 10 MB file must reach.
    const counts: number[] = [];
    for (const [name, text] of [
      ['none.py', ordinarySource(fixtures, 0)],
      ['one.py', ordinarySource(fixtures, 1)],
    ] as const) {
      writeFileSync(file(name), text);
      await lsp.open(file(name), text);
      counts.push((await lsp.pingUntilPublished(file(name), 0)).publications[0]!.length);
    }
    const [preamble, withOne] = counts as [number, number];
    assert.ok(withOne > preamble, `one copy of train.py adds findings (${preamble} -> ${withOne})`);

    await lsp.open(file('ordinary.py'), ordinary);
    // The first answer waits for the server to receive and decode the 10 MB didOpen message (the
    // protocol's JSON, before any of Parity's code runs); the analysis starts after it.
    t.diagnostic(`first ping after the 10 MB didOpen: ${Math.round(await lsp.ping(file('ordinary.py')))} ms`);
    const { slowestMs, slow, publications } = await lsp.pingUntilPublished(file('ordinary.py'), 0);
    assert.ok(slowestMs < PING_BOUND_MS, `slow pings: ${slow}`);
    const diagnostics = publications[0]!;
    assert.equal(diagnostics.length, 1001, 'the first 1,000 findings and one note on the rest');
    const peak = lsp.peakRssMb();
    t.diagnostic(`peak RSS of the server: ${Math.round(peak)} MB`);
    assert.ok(peak < TEN_MB_PEAK_BOUND_MB, `peak RSS ${Math.round(peak)} MB`);
    const total = preamble + copies * (withOne - preamble);
    assert.match(message(diagnostics.find((d) => d.code === 'parity.pipelineNotice')!), new RegExp(`first 1,000 of ${total.toLocaleString('en-US')} uses`));
  });

  it('above parity.leakage.maxPythonFileSize, one information diagnostic says the file was not analysed', async () => {
    const lsp = await server({});
    await lsp.open(file('ordinary.py'), ordinary);
    const { publications } = await lsp.pingUntilPublished(file('ordinary.py'), 0);
    assert.equal(publications[0]!.length, 1);
    assert.equal(publications[0]![0]!.severity, 3); // information
    assert.match(
      message(publications[0]![0]!),
      /did not look for sensitive features in this file: 10\.0 MB, above parity\.leakage\.maxPythonFileSize \(4 MB\)/,
    );
  });

  it('past parity.leakage.pythonTimeBudget, the analysis is stopped and one information diagnostic says so', async () => {
    const lsp = await server({ pythonTimeBudget: 0.01 });
    await lsp.open(file('expression-20000.py'), expressions.get(20_000)!);
    const { slowestMs, slow, publications } = await lsp.pingUntilPublished(file('expression-20000.py'), 0);
    assert.ok(slowestMs < PING_BOUND_MS, `slow pings: ${slow}`);
    assert.equal(publications[0]!.length, 1);
    assert.match(message(publications[0]![0]!), /stopped looking for sensitive features in this file after 0\.01 s \(parity\.leakage\.pythonTimeBudget\)/);
  });
});
