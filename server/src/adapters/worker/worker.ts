// Entry point of the worker threads (dist/worker.js): runs one job, posts progress and the result.
import { parentPort } from 'node:worker_threads';
import { describeFailure } from './failure';
import type { ServerToWorker, WorkerToServer } from './jobs';
import { performJob } from './perform';
import { threadCpuSeconds } from './thread-cpu';
import { sharedSignal } from './shared-signal';
import { watchStaging } from '../../io/outputs/folder';

const port = parentPort!;
const controller = new AbortController();
const post = (message: WorkerToServer) => port.postMessage(message);
watchStaging((folder, open) => post({ type: 'staging', folder, open }));

port.on('message', (message: ServerToWorker) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  let last = 0;
  const cpuAtStart = threadCpuSeconds();
  const cpuSeconds = () => {
    const now = threadCpuSeconds();
    return now === null || cpuAtStart === null ? null : now - cpuAtStart;
  };
  performJob(
    message.job,
    sharedSignal(controller.signal, new Int32Array(message.cancelled)),
    (progress) => {
      const now = Date.now();
      if (now - last < 100) return; // a few updates a second is all a progress bar can show
      last = now;
      post({ type: 'progress', progress });
    },
    (result) => post({ type: 'partial', result }),
  ).then(
    (result) => post({ type: 'done', result, cpuSeconds: cpuSeconds() }),
    (error: unknown) => post({ type: 'failed', failure: describeFailure(error) }),
  );
});
