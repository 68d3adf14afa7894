// Cancelling a job that computes without yielding: the worker reads the server's shared flag, so
// the job stops at its next check instead of running on until its thread is ended.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JobError, MAX_RUNNING_JOBS, runInWorker } from '../server/src/adapters/worker/pool';
import { sharedSignal } from '../server/src/adapters/worker/shared-signal';
import { adultCsvFiles } from './support/adult';
import * as path from 'node:path';

describe('cancelling a worker job', () => {
  it('the shared flag aborts the signal at once; the message still fires its listeners', () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const controller = new AbortController();
    const signal = sharedSignal(controller.signal, flag);
    assert.equal(signal.aborted, false);
    Atomics.store(flag, 0, 1);
    assert.equal(signal.aborted, true, 'read from the flag, with no event-loop turn');
    let heard = false;
    signal.addEventListener('abort', () => (heard = true));
    controller.abort();
    assert.equal(heard, true);
  });

  it('stops a leakage analysis in its synchronous model fits by itself (UCI Adult)', async () => {
    const { train } = await adultCsvFiles();
    const controller = new AbortController();
    const job = runInWorker(
      { kind: 'leakage', file: train, options: { sensitive: ['sex', 'race'], label: 'income' } },
      {
        signal: controller.signal,
        // The joint model of sex is fitted after the file is read, in one synchronous stretch of
        // several seconds (race's five one-vs-rest models still to come).
        onProgress: (progress) => progress.message.startsWith('joint model') && controller.abort(),
      },
    );
    await assert.rejects(job, (error: unknown) => {
      assert.ok(error instanceof JobError);
      assert.deepEqual(error.failure, { kind: 'cancelled' }, 'the job stopped itself: it was not terminated after the grace period');
      return true;
    });
  });
});

describe('the editor thread', () => {
  it("a file's columns are read while long jobs hold every shared thread", async () => {
    const { train } = await adultCsvFiles();
    const controller = new AbortController();
    // leakage analyses of UCI Adult (seconds each, the joint models included) on every shared thread
    const ended: boolean[] = [];
    const long = Array.from({ length: MAX_RUNNING_JOBS }, (_, i) =>
      runInWorker({ kind: 'leakage', file: train, options: { sensitive: ['sex', 'race'], label: 'income' } }, { signal: controller.signal }).then(
        () => (ended[i] = true),
        () => (ended[i] = true),
      ),
    );
    // the bundled example's columns: an editor job, answered in its own thread before any analysis ends
    const columns = await runInWorker({ kind: 'columns', file: path.join(__dirname, '../../examples/compas/compas-two-years.csv') });
    assert.ok(columns.columns.some((column) => column.name === 'race'));
    assert.deepEqual(ended.filter(Boolean), [], 'every analysis still running when the columns came back');
    controller.abort();
    await Promise.all(long);
  });
});
