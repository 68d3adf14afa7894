import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitCorrelationRemover, removeCorrelation } from '../../server/src/methods/correlation-remover/correlation-remover';
import { createRandom } from '../../server/src/engine/numerics/random';

/** Pearson correlation, written out from its definition (independent of the remover's matrix algebra). */
function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

function groupedData(n: number) {
  const random = createRandom(7);
  const names = ['a', 'b', 'c'];
  const groups = Array.from({ length: n }, () => names[random.int(3)]!);
  // features that depend on the group (shifted means, scaled noise) plus an independent one
  const rows = groups.map((g) => {
    const shift = names.indexOf(g);
    return Float64Array.from([shift * 2 + random.normal(), -shift + 0.5 * random.normal() * (1 + shift), random.normal()]);
  });
  return { names, groups, rows };
}

describe('correlation remover', () => {
  it('leaves every feature uncorrelated with every group indicator (to 1e-10) at alpha 1', () => {
    const { names, groups, rows } = groupedData(500);
    const remover = fitCorrelationRemover(rows, groups, 'data.csv');
    const repaired = removeCorrelation(remover, rows, groups, 1, 'data.csv');
    const indicators = names.map((g) => groups.map((h) => (h === g ? 1 : 0)));
    // the group-dependent features start clearly correlated with some indicator
    for (let j = 0; j < 2; j++)
      assert.ok(
        Math.max(
          ...indicators.map((s) =>
            Math.abs(
              correlation(
                rows.map((r) => r[j]!),
                s,
              ),
            ),
          ),
        ) > 0.3,
      );
    for (const [gi, g] of names.entries()) {
      const indicator = indicators[gi]!;
      for (let j = 0; j < 3; j++) {
        const after = correlation(
          repaired.map((r) => r[j]!),
          indicator,
        );
        assert.ok(Math.abs(after) < 1e-10, `feature ${j} vs group ${g}: ${after}`);
      }
    }
  });

  it('leaves the data unchanged at alpha 0 and blends linearly in between', () => {
    const { groups, rows } = groupedData(200);
    const remover = fitCorrelationRemover(rows, groups, 'data.csv');
    const full = removeCorrelation(remover, rows, groups, 1, 'data.csv');
    const none = removeCorrelation(remover, rows, groups, 0, 'data.csv');
    const half = removeCorrelation(remover, rows, groups, 0.5, 'data.csv');
    rows.forEach((row, i) => {
      row.forEach((x, j) => {
        assert.equal(none[i]![j], x);
        assert.ok(Math.abs(half[i]![j]! - (x + full[i]![j]!) / 2) < 1e-12);
      });
    });
  });

  it('names a group that was not in the training rows', () => {
    const { groups, rows } = groupedData(100);
    const remover = fitCorrelationRemover(rows, groups, 'train.csv');
    assert.throws(() => removeCorrelation(remover, [rows[0]!], ['z'], 1, 'test.csv'), /group "z" was not in the training rows/);
  });
});
