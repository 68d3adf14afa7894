// Entry point of the worker threads (dist/worker.js): runs one job, posts progress and the result.
import { parentPort } from 'node:worker_threads';
import { describeFailure } from './failure';
import type { ServerToWorker, WorkerToServer } from './jobs';
import { performJob } from './perform';

const port = parentPort!;
const controller = new AbortController();
const post = (message: WorkerToServer) => port.postMessage(message);

port.on('message', (message: ServerToWorker) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  let last = 0;
  performJob(message.job, controller.signal, (progress) => {
    const now = Date.now();
    if (now - last < 100) return; // a few updates a second is all a progress bar can show
    last = now;
    post({ type: 'progress', progress });
  }).then(
    (result) => post({ type: 'done', result }),
    (error: unknown) => post({ type: 'failed', failure: describeFailure(error) }),
  );
});
