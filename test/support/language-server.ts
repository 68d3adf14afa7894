// The bundled language server in a child process, as the VS Code client runs it, with what the
// robustness tests and the benchmark read about it: threads, resident memory, CPU time, and how
// long it takes to answer a cheap request.
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export interface ServerProcess {
  child: ChildProcess;
  connection: ProtocolConnection;
  /** Threads of the server process now (/proc/PID/task). */
  threads(): number;
  /** Its resident memory now, in MB (/proc/PID/status VmRSS). */
  rssMb(): number;
  /** CPU seconds (user + system, all threads) it has used so far (/proc/PID/stat). */
  cpuSeconds(): number;
  /** Seconds until the server answers a request that needs no worker (a hover on a file it knows nothing of). */
  ping(): Promise<number>;
  stop(): void;
}

/** The server started on `workspace` when given (its folder is the workspace's one), else without a workspace. */
export async function startServer(script = path.resolve(__dirname, '../../../dist/server.js'), workspace?: string): Promise<ServerProcess> {
  const child = fork(script, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  const folder = workspace === undefined ? null : pathToFileURL(workspace).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folder,
    ...(folder ? { workspaceFolders: [{ uri: folder, name: path.basename(workspace!) }] } : {}),
    capabilities: {},
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const pid = child.pid!;
  return {
    child,
    connection,
    threads: () => readdirSync(`/proc/${pid}/task`).length,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024,
    cpuSeconds: () => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async ping() {
      const started = process.hrtime.bigint();
      await connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///nonexistent/ping.csv' }, position: { line: 0, character: 0 } });
      return Number(process.hrtime.bigint() - started) / 1e9;
    },
    stop() {
      connection.dispose();
      child.kill();
    },
  };
}

/**
 * While `work` runs, samples the server every `everyMs`: the slowest ping, the most threads and
 * the largest resident memory seen.
 */
export async function watch<T>(
  server: ServerProcess,
  work: () => Promise<T>,
  everyMs = 200,
): Promise<{ result: T; slowestPing: number; maxThreads: number; maxRssMb: number }> {
  let slowestPing = 0;
  let maxThreads = server.threads();
  let maxRssMb = server.rssMb();
  let done = false;
  const sampling = (async () => {
    while (!done) {
      slowestPing = Math.max(slowestPing, await server.ping());
      maxThreads = Math.max(maxThreads, server.threads());
      maxRssMb = Math.max(maxRssMb, server.rssMb());
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  try {
    const result = await work();
    return { result, slowestPing, maxThreads, maxRssMb };
  } finally {
    done = true;
    await sampling;
  }
}

/** Waits until `condition` holds (checked every 100 ms) or `timeoutMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}
