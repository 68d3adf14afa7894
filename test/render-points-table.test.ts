// The comparison's "All N points" table (cold try 13 read 3 to 6 decimals in one column): every
// figure to 3 decimals, the rows told apart by their setting (to 3 significant digits: ε = 0.005,
// not 0.004999999), and where two points read alike, the digits that tell them apart and why one is
// off the Pareto front on hover. Figures made by hand; expected texts worked out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComparisonView } from '../common/protocol';
import { comparisonTable } from '../common/render/comparison-table';

/** B and C read alike at 3 decimals (0.677, 0.228); C is more accurate and fairer, so B is off the front. */
const view: ComparisonView = {
  title: 'Methods on a hand-made split',
  fairnessMetric: 'demographic_parity_difference',
  reference: { accuracy: 0.6768, fairness: 0.2353 },
  points: [
    { method: 'grid-search', parameter: 'epsilon', value: 0.015 - 0.01, accuracy: 0.6412, fairness: 0.0063, pareto: false },
    { method: 'reweighing', parameter: 'strength', value: 0.5, accuracy: 0.677, fairness: 0.228, pareto: false },
    { method: 'reweighing', parameter: 'strength', value: 0.75, accuracy: 0.6771, fairness: 0.2276, pareto: true },
    { method: 'threshold', parameter: 'tolerance', value: 0.02, accuracy: 0.9, fairness: 0.01, pareto: true },
  ],
};

describe('the points table of a comparison', () => {
  const table = comparisonTable(view);
  const texts = table.rows.map((row) => row.cells.map((cell) => cell.text));

  it('shows every figure to 3 decimals and every setting to 3 significant digits', () => {
    assert.notEqual(0.015 - 0.01, 0.005, 'the setting is 0.004999999999999999 in floating point');
    assert.deepEqual(texts, [
      ['grid-search', 'epsilon = 0.005', '0.641', '0.006', ''],
      ['reweighing', 'strength = 0.5', '0.677', '0.228', ''],
      ['reweighing', 'strength = 0.75', '0.677', '0.228', 'yes'],
      ['threshold', 'tolerance = 0.02', '0.900', '0.010', 'yes'],
    ]);
  });

  it('says on hover the digits that tell apart the points that read alike, and why one is off the front', () => {
    const titles = table.rows.map((row) => row.cells.map((cell) => cell.title));
    assert.deepEqual(titles[1]!.slice(2), [
      "0.6770: it reads as another point's at 3 decimals",
      "0.2280: it reads as another point's at 3 decimals",
      'not on the Pareto front: reweighing, strength = 0.75 is at least as accurate (0.6771) and as fair (Demographic parity difference 0.2276)',
    ]);
    assert.equal(titles[2]![2], "0.6771: it reads as another point's at 3 decimals");
    assert.match(titles[2]![4]!, /^on the Pareto front/);
    // points no other reads like: no hover
    assert.deepEqual(titles[3]!.slice(2), [undefined, undefined, undefined]);
  });

  it('sorts on the unrounded figures', () => {
    assert.deepEqual(
      table.rows.map((row) => row.cells[2]!.sort),
      [0.6412, 0.677, 0.6771, 0.9],
    );
  });
});
