import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Job, JobFailure, JobProgress, JobResults, ServerToWorker, WorkerToServer } from './jobs';

/** A job that failed in its worker, with the failure as the worker described it. */
export class JobError extends Error {
  constructor(readonly failure: JobFailure) {
    super(failure.kind === 'cancelled' ? 'cancelled' : failure.message);
  }
}

export interface JobHooks {
  signal?: AbortSignal;
  onProgress?(progress: JobProgress): void;
}

/**
 * Runs a job in a fresh worker thread, so the language server's main thread keeps answering
 * while audits and model fits run. Cancelling asks the job to stop at its next check; a worker
 * that does not stop within a grace period is terminated.
 */
export function runInWorker<K extends Job['kind']>(job: Extract<Job, { kind: K }>, hooks: JobHooks = {}): Promise<JobResults[K]> {
  const worker = new Worker(path.join(__dirname, 'worker.js'));
  const send = (message: ServerToWorker) => worker.postMessage(message);
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
      send({ type: 'cancel' });
      setTimeout(() => settle(() => reject(new JobError({ kind: 'cancelled' }))), 2000).unref();
    };
    worker.on('message', (message: WorkerToServer) => {
      if (message.type === 'progress') hooks.onProgress?.(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.result as JobResults[K]));
      else settle(() => reject(new JobError(message.failure)));
    });
    worker.on('error', (error) => settle(() => reject(new JobError({ kind: 'internal', message: error.message, ...(error.stack ? { stack: error.stack } : {}) }))));
    worker.on('exit', (code) => settle(() => reject(new JobError({ kind: 'internal', message: `the worker stopped (exit code ${code})` }))));
    if (hooks.signal?.aborted) onAbort();
    else hooks.signal?.addEventListener('abort', onAbort, { once: true });
    send({ type: 'start', job });
  });
}
