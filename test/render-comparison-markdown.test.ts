// A comparison exported as Markdown (cold try 17: the Compare panel offered HTML and JSON only):
// the figures of cold try 11's bank.csv comparison (test/support/bank-comparison.ts), one row per
// method and setting, with the intervals the comparison carries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComparisonView } from '../common/protocol';
import { formatComparisonMarkdown } from '../common/render/comparison-markdown';
import { BANK_COMPARISON } from './support/bank-comparison';

describe('a comparison in Markdown', () => {
  it('has a row per method and setting, with its figures and intervals to 3 decimals', () => {
    const lines = formatComparisonMarkdown(BANK_COMPARISON).split('\n');
    assert.equal(lines[0], '# Methods on bank.csv');
    const rows = lines.filter((line) => line.startsWith('| '));
    // the header and its rule, then 17 points (5 reweighing, 6 threshold, 6 exponentiated-gradient)
    assert.equal(rows.length, 2 + 17);
    assert.match(
      rows[0]!,
      /^\| Method \| Setting \| Accuracy \(higher is better\) \| Demographic parity difference \(closer to 0 is fairer\) \| Pareto-optimal \|$/,
    );
    // threshold, tolerance 0: accuracy 0.90314 [0.89792, 0.90722], gap 0.0059688 [0.0031955, 0.018805], rounded by hand to 3 decimals
    const threshold = rows.find((row) => row.startsWith('| threshold | tolerance = 0 |'));
    assert.equal(threshold, '| threshold | tolerance = 0 | 0.903 \\[0.898, 0.907\\] | 0.006 \\[0.003, 0.019\\] | yes |');
    // a point without intervals: its figures alone, not on the front
    assert.ok(rows.includes('| reweighing | strength = 1 | 0.902 | 0.028 |  |'), rows.join('\n'));
    // the unmitigated model has no row: its figures are in the note
    assert.ok(
      lines.some((line) => line.includes('Unmitigated model: accuracy 0.901')),
      lines.join('\n'),
    );
  });

  it('says first that the held-out rows are training rows, and which methods failed or have no point', () => {
    const view: ComparisonView = {
      ...BANK_COMPARISON,
      sharedRows: 'All 45,211 rows of the held-out file are training rows: the figures are in-sample.',
      failed: [{ method: 'ferm', error: 'a group has no row of one label' }],
      unplotted: [{ method: 'bounded-group-loss', reason: 'bounded-group-loss predicts a number: no accuracy or gap of decisions' }],
    };
    const lines = formatComparisonMarkdown(view).split('\n');
    assert.equal(lines[2], '**All 45,211 rows of the held-out file are training rows: the figures are in-sample.**');
    assert.ok(lines.includes('- ferm failed: a group has no row of one label'));
    assert.ok(lines.includes('- bounded-group-loss predicts a number: no accuracy or gap of decisions.'));
  });
});
