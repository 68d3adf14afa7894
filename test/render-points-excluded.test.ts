// A comparison point whose fairness gap's interval leaves out the gap itself (cold try 16 on Law
// School: wasserstein strength = 1, demographic parity difference 0.264 [0.280, 0.609] over all 16
// groups) is marked † in the points table, with the note under it and on hover, and in the plot's
// tooltip; a point inside its interval is not. Figures made by hand after that run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComparisonView } from '../common/protocol';
import { comparisonTable, EXCLUDED_TOOLTIP, pointTooltip } from '../common/render/comparison-table';
import { EXCLUDED_NOTE, tableFootnote } from '../common/render/table';

const view: ComparisonView = {
  title: 'Methods on law_data.csv',
  fairnessMetric: 'demographic_parity_difference',
  reference: { accuracy: 0.6, fairness: 0.3 },
  points: [
    {
      method: 'wasserstein',
      parameter: 'strength',
      value: 1,
      accuracy: 0.61,
      fairness: 0.264,
      pareto: true,
      intervals: { accuracy: [0.6, 0.62], fairness: [0.28, 0.609] },
    },
    {
      method: 'wasserstein',
      parameter: 'strength',
      value: 0.5,
      accuracy: 0.62,
      fairness: 0.3,
      pareto: true,
      intervals: { accuracy: [0.61, 0.63], fairness: [0.25, 0.45] },
    },
  ],
};

describe('a comparison point whose interval leaves out its gap', () => {
  const table = comparisonTable(view);
  const fairness = (row: number) => table.rows[row]!.cells[3]!;

  it('is marked † in the points table, with the note under it and on hover', () => {
    assert.equal(fairness(0).text, '0.264');
    assert.equal(fairness(0).interval, '[0.280, 0.609] †');
    assert.equal(fairness(0).title, EXCLUDED_NOTE);
    assert.equal(fairness(1).interval, '[0.250, 0.450]');
    assert.equal(tableFootnote(table), EXCLUDED_NOTE);
  });

  it("is marked in the plot's tooltip, with a word on why", () => {
    const marked = pointTooltip(view, 0).lines;
    assert.ok(marked.includes('Demographic parity difference 0.264 [0.280, 0.609] †'), marked.join(' | '));
    assert.ok(marked.includes(EXCLUDED_TOOLTIP));
    assert.ok(!pointTooltip(view, 1).lines.includes(EXCLUDED_TOOLTIP));
  });
});
