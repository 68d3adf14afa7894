import { existsSync } from 'node:fs';
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

/**
 * Runs a job in a fresh worker thread, so the language server's main thread keeps answering
 * while audits and model fits run. Cancelling asks the job to stop at its next check; a worker
 * that does not stop within a grace period is terminated.
 */
export function runInWorker<K extends Job['kind']>(job: Extract<Job, { kind: K }>, hooks: JobHooks<JobResults[K]> = {}): Promise<JobResults[K]> {
  const worker = new Worker(workerScript());
  const send = (message: ServerToWorker) => worker.postMessage(message);
  const cancelled = new SharedArrayBuffer(4);
  return new Promise<JobResults[K]>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      action();
      void worker.terminate();
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
      }
    });
    worker.on('error', (error) => settle(() => reject(new JobError({ kind: 'internal', message: error.message, ...(error.stack ? { stack: error.stack } : {}) }))));
    worker.on('exit', (code) => settle(() => reject(new JobError({ kind: 'internal', message: `the worker stopped (exit code ${code})` }))));
    if (hooks.signal?.aborted) onAbort();
    else hooks.signal?.addEventListener('abort', onAbort, { once: true });
    send({ type: 'start', job, cancelled });
  });
}
