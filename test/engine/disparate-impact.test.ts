import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitDisparateImpactRemover, repairRows } from '../../server/src/methods/disparate-impact-remover/disparate-impact-remover';
import { createRandom } from '../../server/src/engine/numerics/random';

/** Group a: 40 rows, group b: 80 rows with a shifted, wider distribution in feature 0; feature 1 is left alone. */
function data() {
  const random = createRandom(3);
  const groups = [...Array<string>(40).fill('a'), ...Array<string>(80).fill('b')];
  const rows = groups.map((g) => Float64Array.from([g === 'a' ? random.normal() : 3 + 2 * random.normal(), random.normal()]));
  return { groups, rows };
}

const column = (rows: Float64Array[], groups: string[], g: string, j: number) =>
  rows
    .filter((_, i) => groups[i] === g)
    .map((r) => r[j]!)
    .sort((x, y) => x - y);

describe('disparate impact remover', () => {
  it('at repair level 1 gives both groups the same distribution of the feature', () => {
    const { groups, rows } = data();
    const remover = fitDisparateImpactRemover(rows, groups, [0], 'train.csv');
    const repaired = repairRows(remover, rows, groups, 1, 'train.csv');
    const a = column(repaired, groups, 'a', 0);
    const b = column(repaired, groups, 'b', 0);
    // b has twice the rows: the same distribution means each of a's sorted values appears twice in b
    assert.deepEqual(
      b,
      a.flatMap((x) => [x, x]),
    );
    // and the distributions differed before
    assert.notDeepEqual(
      column(rows, groups, 'b', 0),
      column(rows, groups, 'a', 0).flatMap((x) => [x, x]),
    );
    // ranks within each group are preserved (the map is monotone per group)
    for (const g of ['a', 'b']) {
      const members = groups.flatMap((h, i) => (h === g ? [i] : []));
      for (const i of members) for (const k of members) if (rows[i]![0]! < rows[k]![0]!) assert.ok(repaired[i]![0]! <= repaired[k]![0]!);
    }
    // the feature not chosen is untouched
    rows.forEach((row, i) => assert.equal(repaired[i]![1], row[1]));
  });

  it('leaves the data unchanged at repair level 0', () => {
    const { groups, rows } = data();
    const remover = fitDisparateImpactRemover(rows, groups, [0, 1], 'train.csv');
    assert.deepEqual(repairRows(remover, rows, groups, 0, 'train.csv'), rows);
  });

  it("takes the median of the groups' values at each rank (hand-computed, three groups)", () => {
    // each group has 2 rows: bucket 0 = the smaller value, bucket 1 = the larger
    const groups = ['a', 'a', 'b', 'b', 'c', 'c'];
    const rows = [1, 2, 10, 30, 5, 7].map((x) => Float64Array.of(x));
    const remover = fitDisparateImpactRemover(rows, groups, [0], 'train.csv');
    // bucket 0: median(1, 10, 5) = 5; bucket 1: median(2, 30, 7) = 7
    assert.deepEqual(
      repairRows(remover, rows, groups, 1, 'train.csv').map((r) => r[0]),
      [5, 7, 5, 7, 5, 7],
    );
    // half repair: halfway between each value and its target
    assert.deepEqual(
      repairRows(remover, rows, groups, 0.5, 'train.csv').map((r) => r[0]),
      [3, 4.5, 7.5, 18.5, 5, 7],
    );
  });
});

describe('disparate impact remover: each row on its own', () => {
  it('repairs a row alone as it does among all rows, in any order; equal values get equal repairs', () => {
    const { groups, rows } = data();
    // ties: a third of the values rounded to one decimal
    const tied = rows.map((row, i) => Float64Array.of(i % 3 === 0 ? Math.round(row[0]! * 10) / 10 : row[0]!, row[1]!));
    const remover = fitDisparateImpactRemover(tied, groups, [0], 'train.csv');
    const all = repairRows(remover, tied, groups, 0.8, 'train.csv');
    tied.forEach((row, i) => assert.deepEqual(repairRows(remover, [row], [groups[i]!], 0.8, 'one.csv')[0], all[i]));
    const order = tied.map((_, i) => i).reverse();
    const reversed = repairRows(
      remover,
      order.map((i) => tied[i]!),
      order.map((i) => groups[i]!),
      0.8,
      'train.csv',
    );
    order.forEach((i, r) => assert.deepEqual(reversed[r], all[i]));
    for (let i = 0; i < tied.length; i++)
      for (let k = 0; k < tied.length; k++) if (groups[i] === groups[k] && tied[i]![0] === tied[k]![0]) assert.equal(all[i]![0], all[k]![0]);
  });

  it('ranks a new value among the training values by its mid-quantile (hand-computed)', () => {
    // a: 1, 2, 2, 3; b: 10, 20, 30, 40 → 4 buckets; targets: median of a's and b's order statistics = their means (two groups)
    const groups = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const rows = [1, 2, 2, 3, 10, 20, 30, 40].map((x) => Float64Array.of(x));
    const remover = fitDisparateImpactRemover(rows, groups, [0], 'train.csv');
    assert.deepEqual(remover.features[0]!.targets, [5.5, 11, 16, 21.5]);
    assert.deepEqual(remover.features[0]!.distributions['a'], { values: [1, 2, 3], counts: [1, 2, 1] });
    // in a: 2 has mid-quantile (1 + 2/2)/4 = 0.5 → bucket 2 (target 16); 2.5 → 3/4 → bucket 3; 0 → 0 → bucket 0; 99 → 1 → bucket 3
    const repaired = repairRows(
      remover,
      [2, 2.5, 0, 99].map((x) => Float64Array.of(x)),
      ['a', 'a', 'a', 'a'],
      1,
      'new.csv',
    );
    assert.deepEqual(
      repaired.map((r) => r[0]),
      [16, 21.5, 5.5, 21.5],
    );
  });
});
