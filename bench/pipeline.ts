// Python analysis at scale (issue 21, item 5), measured two ways:
// - the engine alone: analyzePythonSource on the 20,000-term expression file (sensitive sex and
//   race, one pass), 3 runs;
// - through the bundled language server, as VS Code drives it: open the file, ping the server
//   (a hover, answered on its main thread) every 100 ms until its diagnostics are
//   published and 2 s more, and report the first ping (queued behind the didOpen message, so it
//   waits for the text to be received and decoded), the slowest of the others (sent while the file
//   is analysed), and the time to the first publication.
// Files: the 20,000- and 200,000-term expressions (about 160 KB and 1.9 MB) and 10 MB of ordinary
// pipeline code, next to a copy of test/fixtures/pipeline/data/people.csv. Writes
// bench/pipeline-results.json.
import { fork } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  ShutdownRequest,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
} from 'vscode-languageserver-protocol/node';
import { MitigationsRequest } from '../common/protocol';
import { analyzePythonSource } from '../server/src/engine/pipeline/analyze';
import { initPythonParser } from '../server/src/io/python-parser';
import { copiesFor, expressionSource, ordinarySource } from '../test/support/python-sources';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/pipeline');
/** Large enough for the 10 MB file to be analysed, not skipped by the size cap (in MB). */
const MAX_SIZE_MB = 64;
const TIME_BUDGET_S = 600;

interface ServerRun {
  file: string;
  bytes: number;
  /** Open to the first publication of the file's diagnostics. */
  firstPublicationMs: number;
  publications: number;
  diagnostics: number;
  /** The first ping after the didOpen: it waits for the server to receive and decode the file's text. */
  firstPingMs: number;
  /** The other pings, sent while the file is analysed. */
  pings: number;
  slowestPingMs: number;
  peakServerRssMb: number | null;
}

async function engineMs(source: string): Promise<number[]> {
  const parser = await initPythonParser();
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    analyzePythonSource(parser, source, { file: path.join(root, 'bench/tmp/pipeline/expression.py'), sensitive: ['sex', 'race'] });
    runs.push(Math.round(performance.now() - started));
  }
  return runs;
}

function rssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function serverRun(file: string): Promise<ServerRun> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const server = fork(path.join(root, 'dist/server.js'), ['--node-ipc'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: (process.env.PARITY_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean),
  });
  const exited = new Promise<never>((_, reject) =>
    server.on('exit', (code, signal) => reject(new Error(`the server stopped (${signal ?? `exit code ${code}`})`))),
  );
  const connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
  const publications: number[] = [];
  let opened = performance.now();
  let diagnostics = 0;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.uri !== uri) return;
    publications.push(performance.now());
    if (process.env.PARITY_BENCH_VERBOSE)
      process.stdout.write(`  published ${params.diagnostics.length} diagnostics ${Math.round(performance.now() - opened)} ms after open\n`);
    diagnostics = params.diagnostics.length;
  });
  connection.onRequest(ConfigurationRequest.type, (params) =>
    params.items.map(() => ({ leakage: { maxPythonFileSize: MAX_SIZE_MB, pythonTimeBudget: TIME_BUDGET_S } })),
  );
  connection.listen();
  const workspace = pathToFileURL(path.dirname(file)).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: workspace,
    workspaceFolders: [{ uri: workspace, name: 'bench' }],
    capabilities: { workspace: { configuration: true } },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendRequest(MitigationsRequest); // the settings are read by now
  opened = performance.now();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
  // A hover on the file: answered on the server's main thread, at once (no figures for a .py file).
  const ping = () => connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  let slowest = 0;
  let pings = 0;
  let first: number | undefined;
  let peak: number | null = null;
  while (publications.length === 0 || performance.now() - publications[0]! < 2000) {
    const sent = performance.now();
    await Promise.race([ping(), exited]);
    const took = performance.now() - sent;
    if (took > 500 && process.env.PARITY_BENCH_VERBOSE)
      process.stdout.write(`  slow ping: ${Math.round(took)} ms, sent ${Math.round(sent - opened)} ms after open\n`);
    if (first === undefined) first = took;
    else {
      slowest = Math.max(slowest, took);
      pings++;
    }
    peak = rssMb(server.pid!) ?? peak;
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (performance.now() - opened > 900_000) throw new Error(`${file}: no diagnostics after 15 minutes`);
  }
  server.removeAllListeners('exit');
  const stopped = new Promise((resolve) => server.on('exit', resolve));
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5000))]);
  connection.dispose();
  server.kill();
  return {
    file: path.basename(file),
    bytes: Buffer.byteLength(text),
    firstPublicationMs: Math.round(publications[0]! - opened),
    publications: publications.length,
    diagnostics,
    firstPingMs: Math.round(first ?? Number.NaN),
    pings,
    slowestPingMs: Math.round(slowest),
    peakServerRssMb: peak,
  };
}

async function main(): Promise<void> {
  const dir = path.join(root, 'bench/tmp/pipeline');
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  cpSync(path.join(fixtures, 'data/people.csv'), path.join(dir, 'data/people.csv'));
  const expression = expressionSource(20_000);
  writeFileSync(path.join(dir, 'expression.py'), expression);
  writeFileSync(path.join(dir, 'expression-200k.py'), expressionSource(200_000));
  writeFileSync(path.join(dir, 'ordinary.py'), ordinarySource(fixtures, copiesFor(fixtures, 10_000_000)));
  const only = process.argv[2];
  const engine = only && only !== 'engine' ? null : await engineMs(expression);
  if (engine) process.stdout.write(`engine: 20,000-term expression (${expression.length.toLocaleString('en-US')} bytes): ${engine.join(', ')} ms\n`);
  const runs: ServerRun[] = [];
  for (const name of ['expression.py', 'expression-200k.py', 'ordinary.py']) {
    if (only && only !== name) continue;
    const run = await serverRun(path.join(dir, name));
    runs.push(run);
    process.stdout.write(
      `server: ${name} (${(run.bytes / 1e6).toFixed(2)} MB): diagnostics after ${run.firstPublicationMs} ms (${run.publications} publication(s), ${run.diagnostics} diagnostics); first ping after the open ${run.firstPingMs} ms, slowest of the ${run.pings} others ${run.slowestPingMs} ms; peak RSS ${run.peakServerRssMb} MB\n`,
    );
  }
  const loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  writeFileSync(
    path.join(root, 'bench/pipeline-results.json'),
    JSON.stringify({ machine: 'this 2-core / 24 GiB machine, Node 20', loadAverageAfter: loadAverage, engineMs: engine, runs }, null, 2) + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
