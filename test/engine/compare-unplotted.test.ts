// A comparison for a numeric label cut into a decision (Portuguese students' G3 >= 10) that runs
// bounded group loss, a regression method: its runs predict a number, with no accuracy nor a
// demographic parity difference of decisions, so it has no point on the plot; the panel, the
// HTML export and the CLI say so (cold try 16 saw it missing from the plot without a word). A real
// run on ../shared/data/student-por.csv.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { comparisonView } from '../../common/render/comparison-view';
import { renderComparisonHtml } from '../../common/render/comparison-html';
import { formatComparison } from '../../server/src/adapters/cli/format/comparison';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import { runComparison } from '../../server/src/services/compare';
import { SHARED_DATA } from '../support/adult';

describe('a method with no point on the comparison plot', () => {
  it('bounded group loss on a numeric label is said to have none, and why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-unplotted-'));
    const comparison = await runComparison(
      {
        train: path.join(SHARED_DATA, 'student-por.csv'),
        testFraction: 0.3,
        label: 'G3',
        positive: '>=10',
        sensitive: ['sex'],
        methods: ['bounded-group-loss'],
        fairnessMetric: 'demographic_parity_difference',
        out: path.join(dir, 'out'),
      },
      runMethodInWorker,
    );
    assert.equal(comparison.methods[0]!.error, null);
    assert.ok(comparison.points.length > 0 && comparison.points.every((p) => p.accuracy === null), JSON.stringify(comparison.points.map((p) => p.accuracy)));
    const reason =
      'bounded-group-loss has no point on the plot: it predicts a number, which has no accuracy or demographic parity difference of decisions; its report (Open in the table below) has its errors and gaps by group';
    assert.deepEqual(comparisonView(comparison).unplotted, [{ method: 'bounded-group-loss', reason }]);
    assert.ok((await renderComparisonHtml(comparisonView(comparison))).includes(`${reason}.`));
    assert.match(formatComparison(comparison), /^note: bounded-group-loss has no point on the plot: .*; its report has its errors and gaps by group$/m);
  });
});
