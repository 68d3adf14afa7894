// How quickly a CSV file's diagnostics (quick audit + proxy figures + joint model) appear in the
// editor, measured through the bundled language server as VS Code drives it: open the file, wait
// for publishDiagnostics: the first publication (the first look: audit and per-column proxies of the
// first 10,000 rows) and the full check (joint model; every row up to the 200,000 read). Wide files (50 columns) of 10k, 100k and 1M rows; the target is under
// a second up to 100k x 50, and background progress beyond. Writes bench/diagnostics-results.json.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { generateWideCsv } from './generate';

const root = path.resolve(__dirname, '../..');
const SIZES = (process.env.PARITY_BENCH_DIAGNOSTICS_ROWS ?? '10000,100000,1000000').split(',').map(Number);
const REPEATS = 5;

interface SizeResult {
  rows: number;
  columns: number;
  bytes: number;
  /** Open to the first diagnostics published (the first look: no joint model, the first 10,000 rows), each run; every run reads the file anew. */
  runsMs: number[];
  medianMs: number;
  /** Open to the last publication (the full check), each run. */
  fullRunsMs: number[];
  fullMedianMs: number;
  diagnostics: number;
  /** Whether a progress bar was shown (only for checks longer than the server's 1 s delay), and its first percentage. */
  progressShown: boolean;
}

async function measure(rows: number): Promise<SizeResult> {
  const dir = path.join(root, 'bench/tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `wide-${rows}.csv`);
  if (!existsSync(file)) await generateWideCsv(file, rows);
  const uri = pathToFileURL(file).toString();
  const server = fork(path.join(root, 'dist/server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
  let publication: ((params: PublishDiagnosticsParams) => void) | undefined;
  let final: ((params: PublishDiagnosticsParams) => void) | undefined;
  let count = 0;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.diagnostics.length === 0) return;
    publication?.(params);
    // Published twice: the first look (no joint model; the first 10,000 rows), then the full check.
    if (++count === 2) final?.(params);
  });
  let progressShown = false;
  connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
    progressShown = true;
    connection.onProgress(WorkDoneProgress.type, token, () => undefined);
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { window: { workDoneProgress: true } } });
  await connection.sendNotification(InitializedNotification.type, {});
  const runsMs: number[] = [];
  const fullRunsMs: number[] = [];
  let diagnostics = 0;
  for (let run = 0; run < REPEATS; run++) {
    const published = new Promise<PublishDiagnosticsParams>((resolve) => (publication = resolve));
    const finished = new Promise<PublishDiagnosticsParams>((resolve) => (final = resolve));
    count = 0;
    const opened = performance.now();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'csv', version: 1, text: '' } });
    await published;
    runsMs.push(Math.round(performance.now() - opened));
    diagnostics = (await finished).diagnostics.length;
    fullRunsMs.push(Math.round(performance.now() - opened));
    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }
  connection.dispose();
  server.kill();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    rows,
    columns: 50,
    bytes: statSync(file).size,
    runsMs,
    medianMs: median(runsMs),
    fullRunsMs,
    fullMedianMs: median(fullRunsMs),
    diagnostics,
    progressShown,
  };
}

async function main(): Promise<void> {
  const sizes: SizeResult[] = [];
  for (const rows of SIZES) {
    const result = await measure(rows);
    sizes.push(result);
    process.stdout.write(
      `diagnostics: ${rows.toLocaleString('en-US')} rows x 50 columns (${(result.bytes / 1e6).toFixed(0)} MB): first publication median ${result.medianMs} ms (${result.runsMs.join(', ')}), full check median ${result.fullMedianMs} ms (${result.fullRunsMs.join(', ')}) over ${REPEATS} opens; ${result.diagnostics} diagnostics; progress bar ${result.progressShown ? 'shown' : 'not needed'}\n`,
    );
  }
  const loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  writeFileSync(
    path.join(root, 'bench/diagnostics-results.json'),
    JSON.stringify({ machine: 'this 2-core / 24 GiB machine, Node 20', loadAverageAfter: loadAverage, sizes }, null, 2) + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
