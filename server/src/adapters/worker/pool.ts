import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Job, JobFailure, JobProgress, JobResults, ServerToWorker, WorkerToServer } from './jobs';

/** A job that failed in its worker, with the failure as the worker described it. */
export class JobError extends Error {
  constructor(readonly failure: JobFailure) {
    super(failure.kind === 'cancelled' ? 'cancelled' : failure.message);
  }
}

export interface JobHooks<R = unknown> {
  signal?: AbortSignal;
  onProgress?(progress: JobProgress): void;
  /** An early, less complete result (a diagnosis's first look), before the final one. */
  onPartial?(result: R): void;
  /** The finished job's CPU seconds in its worker thread (null where the platform does not tell). */
  onCpuSeconds?(seconds: number | null): void;
}

/**
 * The worker entry point. The esbuild bundles (dist/cli.js, dist/server.js, and dist/worker.js
 * itself for nested jobs) and the tsc build (out/server/src/worker/pool.js) both have worker.js
 * in this module's directory.
 */
export function workerScript(): string {
  const file = path.join(__dirname, 'worker.js');
  if (!existsSync(file)) throw new Error(`the worker script ${file} is missing: build Parity first (npm run build)`);
  return file;
}

/** How long a cancelled job may take to stop by itself before its thread is ended. */
const CANCEL_GRACE_MS = 2000;

/** Jobs that run at once, each in its own worker thread: the cores, at most four. */
export const MAX_RUNNING_JOBS = Math.max(1, Math.min(4, os.availableParallelism()));
/** Jobs that may wait for a thread; beyond them a job is refused at once. */
export const MAX_WAITING_JOBS = 256;
/**
 * The JavaScript heap a job may use (V8's old generation of its thread): a quarter of the
 * machine's memory shared by the jobs that run at once, within 512 MB to 4 GB. A job beyond it
 * fails with a clear message; the process and the other jobs go on.
 */
export const JOB_HEAP_MB = Math.round(Math.min(4096, Math.max(512, os.totalmem() / 2 ** 20 / 4 / MAX_RUNNING_JOBS)));

/**
 * Jobs the editor waits on while the user types or opens a file (diagnostics, the Python analysis,
 * a file's columns): one thread beyond MAX_RUNNING_JOBS is kept for them, so mitigations or
 * comparisons on every core never hold back the Problems view (a cold try saw pipeline.py without
 * findings for 4 minutes behind two long runs).
 */
const EDITOR_JOBS: ReadonlySet<Job['kind']> = new Set(['diagnose', 'pipeline', 'columns']);

interface Waiting {
  kind: Job['kind'];
  start(slot: 'shared' | 'editor'): void;
  cancel(): void;
}

const waiting: Waiting[] = [];
/** Jobs running in the MAX_RUNNING_JOBS shared threads. */
let running = 0;
/** Whether the editor's extra thread is taken. */
let editorThreadBusy = false;

/** Whether a job of this kind can start now, and in the editor's extra thread if so. */
function slotFor(kind: Job['kind']): 'shared' | 'editor' | null {
  if (running < MAX_RUNNING_JOBS) return 'shared';
  return EDITOR_JOBS.has(kind) && !editorThreadBusy ? 'editor' : null;
}

/**
 * Runs a job in a worker thread of its own, so the language server's main thread keeps
 * answering while audits and model fits run. At most MAX_RUNNING_JOBS run at once; later jobs
 * wait in order, and a job cancelled while waiting never starts. Cancelling a running job asks
 * it to stop at its next check; a worker that does not stop within a grace period is terminated.
 */
export function runInWorker<K extends Job['kind']>(job: Extract<Job, { kind: K }>, hooks: JobHooks<JobResults[K]> = {}): Promise<JobResults[K]> {
  const signal = hooks.signal;
  if (signal?.aborted) return Promise.reject(new JobError({ kind: 'cancelled' }));
  const slot = slotFor(job.kind);
  if (slot) return startJob(job, hooks, slot);
  if (waiting.length >= MAX_WAITING_JOBS) {
    return Promise.reject(
      new JobError({ kind: 'busy', message: `Parity is busy: ${MAX_WAITING_JOBS} jobs are waiting already; try again when some have finished` }),
    );
  }
  return new Promise<JobResults[K]>((resolve, reject) => {
    const entry: Waiting = {
      kind: job.kind,
      start: (slot) => {
        signal?.removeEventListener('abort', entry.cancel);
        startJob(job, hooks, slot).then(resolve, reject);
      },
      cancel: () => {
        const at = waiting.indexOf(entry);
        if (at >= 0) waiting.splice(at, 1);
        reject(new JobError({ kind: 'cancelled' }));
      },
    };
    waiting.push(entry);
    signal?.addEventListener('abort', entry.cancel, { once: true });
  });
}

/** Frees a job's thread and starts the waiting jobs that can start, in order (an editor job may pass others for its own thread). */
function finished(slot: 'shared' | 'editor'): void {
  if (slot === 'editor') editorThreadBusy = false;
  else running--;
  for (let i = 0; i < waiting.length;) {
    const slot = slotFor(waiting[i]!.kind);
    if (slot) waiting.splice(i, 1)[0]!.start(slot);
    else i++;
  }
}

function startJob<K extends Job['kind']>(job: Extract<Job, { kind: K }>, hooks: JobHooks<JobResults[K]>, slot: 'shared' | 'editor'): Promise<JobResults[K]> {
  let worker: Worker;
  try {
    worker = new Worker(workerScript(), { resourceLimits: { maxOldGenerationSizeMb: JOB_HEAP_MB } });
  } catch (error) {
    return Promise.reject(error);
  }
  if (slot === 'editor') editorThreadBusy = true;
  else running++;
  const send = (message: ServerToWorker) => worker.postMessage(message);
  const cancelled = new SharedArrayBuffer(4);
  // the job's output folders still being written: an ended thread leaves them for us to remove
  const staging = new Set<string>();
  return new Promise<JobResults[K]>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      // The thread counts as running until it has really ended, and its half-written folders are gone.
      void worker
        .terminate()
        .then(() => Promise.all([...staging].map((folder) => fs.rm(folder, { recursive: true, force: true }))))
        .catch(() => undefined)
        .finally(() => {
          finished(slot);
          action();
        });
    };
    const onAbort = () => {
      Atomics.store(new Int32Array(cancelled), 0, 1);
      send({ type: 'cancel' });
      setTimeout(() => settle(() => reject(new JobError({ kind: 'cancelled', terminated: true }))), CANCEL_GRACE_MS).unref();
    };
    worker.on('message', (message: WorkerToServer) => {
      switch (message.type) {
        case 'progress':
          return hooks.onProgress?.(message.progress);
        case 'partial':
          return settled ? undefined : hooks.onPartial?.(message.result as JobResults[K]);
        case 'done':
          hooks.onCpuSeconds?.(message.cpuSeconds);
          return settle(() => resolve(message.result as JobResults[K]));
        case 'failed':
          return settle(() => reject(new JobError(message.failure)));
        case 'staging':
          return void (message.open ? staging.add(message.folder) : staging.delete(message.folder));
      }
    });
    worker.on('error', (error: Error & { code?: string }) => settle(() => reject(new JobError(threadFailure(job.kind, error)))));
    worker.on('exit', (code) => settle(() => reject(new JobError({ kind: 'internal', message: `the worker stopped (exit code ${code})` }))));
    if (hooks.signal?.aborted) onAbort();
    else hooks.signal?.addEventListener('abort', onAbort, { once: true });
    send({ type: 'start', job, cancelled });
  });
}

function threadFailure(kind: Job['kind'], error: Error & { code?: string }): JobFailure {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { kind: 'memory', message: `the ${kind} needed more than the ${JOB_HEAP_MB} MB of memory a job may use` };
  }
  return { kind: 'internal', message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
}
