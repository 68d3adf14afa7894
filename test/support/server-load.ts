// The heavy cases of the language server (issue 21): audits cancelled at once, a storm of
// cancelled requests, and many audits at the same time. Shared by the robustness test (which
// asserts bounds) and bench/robustness.ts (which prints the figures for any server build).
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { AuditRequest, type AuditRequestOptions } from '../../common/protocol';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { eventually, watch, type ServerProcess } from './language-server';

export interface Outcomes {
  reports: number;
  cancelled: number;
  /** Other errors, by message. */
  failed: string[];
  /** Requests still unanswered when the wait ended. */
  unanswered: number;
}

/** Waits up to `timeoutMs` for the requests and sorts their answers. */
async function outcomes(requests: Promise<unknown>[], timeoutMs: number): Promise<Outcomes> {
  const result: Outcomes = { reports: 0, cancelled: 0, failed: [], unanswered: requests.length };
  const settled = requests.map((request) =>
    request.then(
      () => {
        result.reports++;
        result.unanswered--;
      },
      (error: unknown) => {
        if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) result.cancelled++;
        else result.failed.push(error instanceof Error ? error.message : String(error));
        result.unanswered--;
      },
    ),
  );
  await Promise.race([Promise.all(settled), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  return result;
}

const audit = (server: ServerProcess, file: string, options: AuditRequestOptions, token?: CancellationTokenSource['token']) =>
  server.connection.sendRequest(AuditRequest, { uri: pathToFileURL(file).toString(), options }, ...(token ? [token] : []));

/**
 * Five audits of a large file whose requests are cancelled before they are sent (the client sends
 * each request and its $/cancelRequest back to back). `cpuSeconds`: the server's CPU time over
 * the `settleMs` after the answers, which stays near zero when no audit runs on.
 */
export async function cancelledAtOnce(
  server: ServerProcess,
  file: string,
  options: AuditRequestOptions,
  settleMs = 3000,
): Promise<Outcomes & { seconds: number; cpuSeconds: number }> {
  const source = new CancellationTokenSource();
  source.cancel();
  const started = Date.now();
  const result = await outcomes(
    Array.from({ length: 5 }, () => audit(server, file, options, source.token)),
    60_000,
  );
  const seconds = (Date.now() - started) / 1000;
  const cpuBefore = server.cpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return { ...result, seconds, cpuSeconds: server.cpuSeconds() - cpuBefore };
}

/**
 * `count` audits of a large file, each cancelled after a seeded random delay of 0 to `maxDelayMs`,
 * while the server is pinged; then the wait until its threads are back to `baselineThreads`.
 */
export async function cancelStorm(server: ServerProcess, file: string, options: AuditRequestOptions, baselineThreads: number, count = 200, maxDelayMs = 100) {
  const random = seededRandom(21);
  const watched = await watch(server, async () => {
    const requests = Array.from({ length: count }, () => {
      const source = new CancellationTokenSource();
      setTimeout(() => source.cancel(), Math.floor(random() * maxDelayMs));
      return audit(server, file, options, source.token);
    });
    return outcomes(requests, 120_000);
  });
  const released = Date.now();
  const threadsReleased = await eventually(() => server.threads() <= baselineThreads, 10_000);
  return {
    ...watched.result,
    slowestPing: watched.slowestPing,
    maxThreads: watched.maxThreads,
    maxRssMb: watched.maxRssMb,
    threadsReleased,
    releaseSeconds: (Date.now() - released) / 1000,
    threadsAfter: server.threads(),
    rssAfterMb: server.rssMb(),
  };
}

/** `count` audits sent at once; all must come back with their report. */
export async function concurrentAudits(server: ServerProcess, file: string, options: AuditRequestOptions, count = 40) {
  const started = Date.now();
  const watched = await watch(server, () =>
    outcomes(
      Array.from({ length: count }, () => audit(server, file, options)),
      300_000,
    ),
  );
  return {
    ...watched.result,
    seconds: (Date.now() - started) / 1000,
    slowestPing: watched.slowestPing,
    maxThreads: watched.maxThreads,
    maxRssMb: watched.maxRssMb,
  };
}
