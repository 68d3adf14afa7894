// How quickly a CSV file's diagnostics (quick audit + proxy figures + joint model) appear in the
// editor, measured through the bundled language server as VS Code drives it: open the file, wait
// for publishDiagnostics. Wide files (50 columns) of 10k, 100k and 1M rows; the target is under a
// second up to 100k x 50, and background progress beyond. Writes bench/diagnostics-results.json.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
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
  /** Open to diagnostics published, each run (the first includes nothing cached: every run reads the file anew). */
  runsMs: number[];
  medianMs: number;
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
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.diagnostics.length > 0) publication?.(params);
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
  let diagnostics = 0;
  for (let run = 0; run < REPEATS; run++) {
    const published = new Promise<PublishDiagnosticsParams>((resolve) => (publication = resolve));
    const opened = performance.now();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'csv', version: 1, text: '' } });
    diagnostics = (await published).diagnostics.length;
    runsMs.push(Math.round(performance.now() - opened));
    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }
  connection.dispose();
  server.kill();
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { rows, columns: 50, bytes: statSync(file).size, runsMs, medianMs: sorted[Math.floor(sorted.length / 2)]!, diagnostics, progressShown };
}

async function main(): Promise<void> {
  const sizes: SizeResult[] = [];
  for (const rows of SIZES) {
    const result = await measure(rows);
    sizes.push(result);
    process.stdout.write(
      `diagnostics: ${rows.toLocaleString('en-US')} rows x 50 columns (${(result.bytes / 1e6).toFixed(0)} MB): median ${result.medianMs} ms over ${REPEATS} opens (${result.runsMs.join(', ')}); ${result.diagnostics} diagnostics; progress bar ${result.progressShown ? 'shown' : 'not needed'}\n`,
    );
  }
  writeFileSync(path.join(root, 'bench/diagnostics-results.json'), JSON.stringify({ machine: 'this 2-core / 24 GiB machine, Node 20', sizes }, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
