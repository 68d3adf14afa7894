import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gridSearchCandidates, multiplierGrid } from '../../server/src/methods/reductions/grid-search';
import { buildMoments } from '../../server/src/methods/reductions/moments';
import { createRandom } from '../../server/src/engine/numerics/random';

const nonZero = (point: number[]) => point.filter((v) => v !== 0).length;

describe('grid search multiplier grid', () => {
  it('spaces 21 multipliers evenly in [-2, 2] on one axis (two groups, one event)', () => {
    // hand-computed: -2, -1.8, ..., 2 in steps of 4/20
    const grid = multiplierGrid(1, 21, 2);
    assert.equal(grid.length, 21);
    grid.forEach(([value], i) => assert.ok(Math.abs(value! - (-2 + 0.2 * i)) < 1e-12, `${i}: ${value}`));
  });

  it('takes the full 4 × 4 lattice on two axes (floor(√21) = 4 values each)', () => {
    const grid = multiplierGrid(2, 21, 2);
    const values = [-2, -2 / 3, 2 / 3, 2];
    assert.equal(grid.length, 16);
    for (const a of values)
      for (const b of values)
        assert.ok(
          grid.some(([x, y]) => Math.abs(x! - a) < 1e-12 && Math.abs(y! - b) < 1e-12),
          `${a}, ${b}`,
        );
  });

  for (const axes of [5, 10]) {
    it(`keeps at most 21 points with the fewest non-zero multipliers on ${axes} axes (the lattice has 3^${axes})`, () => {
      const grid = multiplierGrid(axes, 21, 2);
      assert.equal(grid.length, 21);
      assert.equal(new Set(grid.map((p) => p.join(','))).size, 21, 'distinct points');
      for (const point of grid) {
        assert.equal(point.length, axes);
        assert.ok(point.every((v) => v === 0 || v === 2 || v === -2));
      }
      // brute force over counts: 1 origin and 2·axes single-axis points come first, the rest have two non-zeros
      const counts = grid.map(nonZero);
      assert.equal(counts.filter((c) => c === 0).length, 1);
      assert.equal(counts.filter((c) => c === 1).length, 2 * axes);
      assert.equal(counts.filter((c) => c === 2).length, 21 - 1 - 2 * axes);
    });
  }

  it('fits one classifier per grid point, at most 21, with six groups and equalized odds', () => {
    const random = createRandom(3);
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const groups: string[] = [];
    const rows: Float64Array[] = [];
    const labels = new Uint8Array(600);
    for (let i = 0; i < 600; i++) {
      const g = i % 6;
      groups.push(names[g]!);
      const x = random.normal() + 0.3 * g;
      rows.push(Float64Array.of(x, random.normal()));
      labels[i] = x + random.normal() > 0.8 ? 1 : 0;
    }
    const moments = buildMoments('equalized-odds', groups, labels, 'synthetic.csv');
    const candidates = gridSearchCandidates(rows, labels, moments);
    // 2 events × 5 free groups = 10 axes: the plain lattice would be 59,049 fits
    assert.equal(candidates.length, 21);
  });
});
