// The language server analyses Python files and notebooks once per change (issue 21, item 3):
// edits within a typing pause make one analysis, and a newer version stops the older one's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LatestAnalysis } from '../server/src/adapters/lsp/latest-analysis';

const PAUSE_MS = 20;

/** Records each run's signal; a run lasts until `finish` is called. */
function recorder() {
  const signals: AbortSignal[] = [];
  const finishers: (() => void)[] = [];
  const run = (signal: AbortSignal) => {
    signals.push(signal);
    return new Promise<void>((resolve) => finishers.push(resolve));
  };
  return { signals, run, finishAll: () => finishers.forEach((finish) => finish()) };
}

describe('one analysis per change', () => {
  it('edits within a typing pause start one analysis', async () => {
    const analyses = new LatestAnalysis();
    const { signals, run, finishAll } = recorder();
    for (let edit = 0; edit < 5; edit++) analyses.schedule('a.py', PAUSE_MS, run);
    await sleep(PAUSE_MS * 5);
    assert.equal(signals.length, 1);
    assert.equal(signals[0]!.aborted, false);
    finishAll();
  });

  it('a newer version stops the analysis of the older one; other documents are left alone', async () => {
    const analyses = new LatestAnalysis();
    const { signals, run, finishAll } = recorder();
    analyses.schedule('a.py', PAUSE_MS, run);
    analyses.schedule('b.ipynb', PAUSE_MS, run);
    await sleep(PAUSE_MS * 5);
    analyses.schedule('a.py', PAUSE_MS, run);
    assert.equal(signals[0]!.aborted, false, 'still running while the new version waits for the pause');
    await sleep(PAUSE_MS * 5);
    assert.deepEqual(
      signals.map((signal) => signal.aborted),
      [true, false, false],
    );
    finishAll();
  });

  it('closing a document drops its pending analysis and stops the running one', async () => {
    const analyses = new LatestAnalysis();
    const { signals, run, finishAll } = recorder();
    analyses.schedule('a.py', PAUSE_MS, run);
    await sleep(PAUSE_MS * 5);
    analyses.schedule('a.py', PAUSE_MS, run);
    analyses.stop('a.py');
    await sleep(PAUSE_MS * 5);
    assert.deepEqual(
      signals.map((signal) => signal.aborted),
      [true],
    );
    finishAll();
  });
});
