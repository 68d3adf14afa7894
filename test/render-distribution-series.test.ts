// Which groups a distribution chart draws (the full-size screenshot look: race × sex's twelve groups
// drew the twelfth in the second's orange dash, and a group of 2 rows as a step along the top).
// The groups and their sizes are made up; what is kept is read off them by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cdfChart, distributionSeries } from '../common/render/charts';

const group = (label: string, rows: number, reference = false) => ({ label, rows, quantiles: [0, 0.5, 1], ...(reference ? { reference } : {}) });

describe('the groups a distribution chart draws', () => {
  it('draws every group when all have the minimum size and there are no more than ten, with the title unchanged', () => {
    const drawn = distributionSeries('Distribution of the score by group', [group('a', 400, true), group('b', 30)], 30);
    assert.equal(drawn.title, 'Distribution of the score by group');
    assert.deepEqual(
      drawn.series.map((s) => s.label),
      ['a', 'b'],
    );
  });

  it('leaves out the groups under the minimum size, the reference kept whatever its size, and says how many are drawn', () => {
    const drawn = distributionSeries('D', [group('a', 400), group('tiny', 2), group('ref', 12, true), group('b', 29), group('c', 31)], 30);
    assert.deepEqual(
      drawn.series.map((s) => s.label),
      ['a', 'ref', 'c'],
    );
    assert.equal(drawn.title, 'D (3 of 5 groups: those with ≥ 30 rows)');
  });

  it('keeps the ten largest of twelve adequate groups, in their order, so no two lines share a colour and a dash', () => {
    // sizes 100, 110, …, 210: the two smallest (100 and 110, groups g0 and g1) go; g5 is the reference
    const groups = Array.from({ length: 12 }, (_, i) => group(`g${i}`, 100 + 10 * i, i === 5));
    const drawn = distributionSeries('D', groups, 30);
    assert.deepEqual(
      drawn.series.map((s) => s.label),
      ['g2', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8', 'g9', 'g10', 'g11'],
    );
    assert.equal(drawn.title, 'D (10 of 12 groups: the 10 largest, all with ≥ 30 rows)');
    const classes = [...cdfChart(drawn.title, 'score', drawn.series).matchAll(/class="series (s\d+)/g)].map((m) => m[1]);
    assert.equal(new Set(classes).size, classes.length / 2, `each style once in the lines and once in the legend: ${classes.join(' ')}`);
  });
});
