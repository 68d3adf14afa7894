// The editor's view of a large audit, measured through the bundled language server exactly as VS
// Code drives it (IPC, work-done progress, cancellation): on a ~1 GB CSV, how long until the
// first progress report, how quickly the server answers another request meanwhile, and how long
// a cancel takes. Writes bench/editor-results.json.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  createProtocolConnection,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  LSPErrorCodes,
  ResponseError,
  WorkDoneProgress,
} from 'vscode-languageserver-protocol/node';
import { AuditRequest, MitigationsRequest } from '../common/protocol';
import { generateCsv } from './generate';

const root = path.resolve(__dirname, '../..');
const ROWS = Number(process.env.PARITY_BENCH_EDITOR_ROWS ?? 13_500_000); // about 1 GB with the generator's columns (75 bytes a row)

async function main(): Promise<void> {
  const dir = path.join(root, 'bench/tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `editor-${ROWS}.csv`);
  if (!existsSync(file)) {
    process.stdout.write(`generating ${ROWS.toLocaleString('en-US')} rows…\n`);
    await generateCsv(file, ROWS);
  }
  const bytes = statSync(file).size;
  const server = fork(path.join(root, 'dist/server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { window: { workDoneProgress: true } } });

  const token = 'bench';
  const started = performance.now();
  let firstProgressMs = Number.NaN;
  let beginMs = Number.NaN;
  let lastFraction = 0;
  const progressed = new Promise<void>((resolve) =>
    connection.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'begin') beginMs = performance.now() - started;
      if (value.kind !== 'report') return;
      if (Number.isNaN(firstProgressMs)) firstProgressMs = performance.now() - started;
      lastFraction = (value.percentage ?? 0) / 100;
      if (lastFraction >= 0.2) resolve();
    }),
  );
  const cancellation = new CancellationTokenSource();
  const audit = connection
    .sendRequest(
      AuditRequest,
      { uri: pathToFileURL(file).toString(), options: { label: 'label', score: 'score', sensitive: ['group', 'sex'], bootstrap: 0 }, workDoneToken: token },
      cancellation.token,
    )
    .then(
      () => 'finished',
      (error: ResponseError<unknown>) => (error.code === LSPErrorCodes.RequestCancelled ? 'cancelled' : `failed: ${error.message}`),
    );
  // A request the main thread answers itself, while the audit runs in its worker.
  const latencies: number[] = [];
  while (lastFraction < 0.2) {
    const asked = performance.now();
    await connection.sendRequest(MitigationsRequest);
    latencies.push(performance.now() - asked);
    await Promise.race([progressed, new Promise((resolve) => setTimeout(resolve, 250))]);
  }
  const cancelAt = performance.now();
  cancellation.cancel();
  const outcome = await audit;
  const cancelMs = performance.now() - cancelAt;
  connection.dispose();
  server.kill();

  latencies.sort((a, b) => a - b);
  const result = {
    machine: 'this 2-core / 24 GiB machine, Node 20',
    file: { rows: ROWS, bytes },
    progressBeginMs: Math.round(beginMs),
    firstProgressMs: Math.round(firstProgressMs),
    otherRequests: { count: latencies.length, medianMs: round(latencies[Math.floor(latencies.length / 2)]!), maxMs: round(latencies.at(-1)!) },
    cancelledAtFraction: round(lastFraction),
    cancelMs: Math.round(cancelMs),
    outcome,
  };
  writeFileSync(path.join(root, 'bench/editor-results.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(
    [
      `editor: ${(bytes / 1e9).toFixed(2)} GB, ${ROWS.toLocaleString('en-US')} rows`,
      `  progress begins after ${result.progressBeginMs} ms; first percentage after ${result.firstProgressMs} ms`,
      `  ${latencies.length} other requests (parity/mitigations) answered during the audit: median ${result.otherRequests.medianMs} ms, max ${result.otherRequests.maxMs} ms`,
      `  cancelled at ${(lastFraction * 100).toFixed(0)}%: ${outcome} after ${result.cancelMs} ms`,
    ].join('\n') + '\n',
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
