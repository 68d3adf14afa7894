// Association measures against hand computation and independent implementations written here
// (nested arrays instead of the engine's flat counts, MI as H(a) + H(b) - H(a, b) instead of the
// engine's direct sum, AUC by counting every positive/negative pair).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correlationRatio, cramersV, crossTabulate, normalizedMutualInformation } from '../../server/src/engine/leakage/association';
import { macroAuc, rocAuc, talliedAuc } from '../../server/src/engine/leakage/auc';
import { quantileCuts } from '../../server/src/engine/leakage/columns';
import { stratifiedFolds } from '../../server/src/engine/numerics/folds';
import { seededRandom } from '../../server/src/engine/numerics/random';

/** Two code arrays whose cross-tabulation is `counts` (counts[a][b] rows with codes a, b). */
function fromCounts(counts: number[][]): { a: Int32Array; b: Int32Array; aCount: number; bCount: number } {
  const a: number[] = [];
  const b: number[] = [];
  counts.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let k = 0; k < count; k++) {
        a.push(i);
        b.push(j);
      }
    }),
  );
  return { a: Int32Array.from(a), b: Int32Array.from(b), aCount: counts.length, bCount: counts[0]!.length };
}

function measure(counts: number[][]) {
  const { a, b, aCount, bCount } = fromCounts(counts);
  const table = crossTabulate(a, aCount, b, bCount);
  return { v: cramersV(table), nmi: normalizedMutualInformation(table) };
}

/** Bergsma (2013), eqs. for phi~^2, r~ and k~, from a nested count table. */
function referenceCorrectedV(counts: number[][]): number {
  const n = counts.flat().reduce((s, c) => s + c, 0);
  const rowSums = counts.map((row) => row.reduce((s, c) => s + c, 0));
  const colSums = counts[0]!.map((_, j) => counts.reduce((s, row) => s + row[j]!, 0));
  let chi2 = 0;
  counts.forEach((row, i) =>
    row.forEach((observed, j) => {
      const expected = (rowSums[i]! * colSums[j]!) / n;
      chi2 += (observed - expected) ** 2 / expected;
    }),
  );
  const r = rowSums.length;
  const k = colSums.length;
  const phi2Tilde = Math.max(0, chi2 / n - ((k - 1) * (r - 1)) / (n - 1));
  const rTilde = r - (r - 1) ** 2 / (n - 1);
  const kTilde = k - (k - 1) ** 2 / (n - 1);
  return Math.sqrt(phi2Tilde / Math.min(kTilde - 1, rTilde - 1));
}

function entropy(probabilities: number[]): number {
  return -probabilities.filter((p) => p > 0).reduce((s, p) => s + p * Math.log(p), 0);
}

describe("Cramér's V", () => {
  it('is 1 before correction for a perfectly associated 2x2 table, and just under 1 after', () => {
    const { v } = measure([
      [30, 0],
      [0, 20],
    ]);
    assert.equal(v.plugIn, 1);
    // chi2 = n = 50, so phi2 = 1; corrected: sqrt((1 - 1/49) / (2 - 1/49 - 1)) = 1 exactly.
    assert.ok(Math.abs(v.corrected - 1) < 1e-12, `${v.corrected}`);
  });

  it('is 0 for a table with proportional rows (independence)', () => {
    const { v } = measure([
      [20, 30],
      [40, 60],
      [10, 15],
    ]);
    assert.ok(v.plugIn < 1e-12 && v.corrected === 0, `${v.plugIn} ${v.corrected}`);
  });

  it('matches an independent implementation of the bias-corrected formula', () => {
    const tables = [
      [
        [12, 5, 9, 4],
        [3, 14, 6, 8],
        [7, 2, 11, 15],
      ],
      [
        [40, 10],
        [12, 38],
      ],
      [
        [5, 4, 6],
        [6, 5, 4],
        [4, 6, 5],
        [5, 5, 5],
      ],
    ];
    for (const counts of tables) {
      const { v } = measure(counts);
      const expected = referenceCorrectedV(counts);
      assert.ok(Math.abs(v.corrected - expected) < 1e-12, `${JSON.stringify(counts)}: ${v.corrected} vs ${expected}`);
    }
  });

  it('the correction takes an identifier column (one row per category) to 0 while the plug-in V is 1', () => {
    const counts = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? [1, 0] : [0, 1]));
    const { v } = measure(counts);
    assert.equal(v.plugIn, 1);
    assert.equal(v.corrected, 0);
  });
});

describe('normalized mutual information', () => {
  it('is 1 for identical columns and 0 for independent ones', () => {
    assert.ok(
      Math.abs(
        measure([
          [7, 0, 0],
          [0, 3, 0],
          [0, 0, 5],
        ]).nmi - 1,
      ) < 1e-12,
    );
    assert.ok(
      measure([
        [20, 30],
        [40, 60],
      ]).nmi < 1e-12,
    );
  });

  it('equals (H(a) + H(b) - H(a,b)) / sqrt(H(a) H(b)) on a small table', () => {
    const counts = [
      [10, 2],
      [3, 5],
      [1, 9],
    ];
    const n = 30;
    const hA = entropy(counts.map((row) => row.reduce((s, c) => s + c, 0) / n));
    const hB = entropy([0, 1].map((j) => counts.reduce((s, row) => s + row[j]!, 0) / n));
    const hAB = entropy(counts.flat().map((c) => c / n));
    const expected = (hA + hB - hAB) / Math.sqrt(hA * hB);
    assert.ok(Math.abs(measure(counts).nmi - expected) < 1e-12);
  });
});

describe('correlation ratio', () => {
  it('is 1 when the numeric column is a function of the group', () => {
    const groups = Int32Array.from([0, 1, 2, 0, 1, 2, 2]);
    const values = Float64Array.from(groups, (g) => [3.5, -1, 10][g]!);
    assert.equal(correlationRatio(values, groups, 3), 1);
  });

  it('is sqrt(4/5) for 1,2 | 3,4 (between SS 2(1)^2 + 2(1)^2 = 4, total SS 5)', () => {
    const eta = correlationRatio(Float64Array.from([1, 2, 3, 4]), Int32Array.from([0, 0, 1, 1]), 2);
    assert.ok(Math.abs(eta - Math.sqrt(0.8)) < 1e-12);
  });

  it('is 0 when every group has the same mean, and skips missing values', () => {
    const eta = correlationRatio(Float64Array.from([1, 3, 2, 2, Number.NaN]), Int32Array.from([0, 0, 1, 1, 1]), 2);
    assert.equal(eta, 0);
  });
});

describe('AUC', () => {
  it('equals the pair-counting definition, ties counting one half', () => {
    const random = seededRandom(7);
    const n = 300;
    const scores = Float64Array.from({ length: n }, () => Math.round(random() * 20) / 20); // many ties
    const labels = Array.from({ length: n }, (_, i) => random() < 0.3 + 0.4 * scores[i]!);
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (!labels[i] || labels[j]) continue;
        pairs++;
        wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    assert.ok(Math.abs(rocAuc(scores, (r) => labels[r]!, rows) - wins / pairs) < 1e-12);
  });

  it('from per-category tallies equals the pair count over the rows they stand for', () => {
    const random = seededRandom(11);
    const categories = 12;
    const scores = Float64Array.from({ length: categories }, (_, v) => (v % 4) / 4); // ties across categories
    const positives = Float64Array.from({ length: categories }, () => Math.floor(random() * 6));
    const negatives = Float64Array.from({ length: categories }, () => Math.floor(random() * 6));
    let wins = 0;
    let pairs = 0;
    for (let v = 0; v < categories; v++)
      for (let w = 0; w < categories; w++) {
        const count = positives[v]! * negatives[w]!;
        pairs += count;
        wins += count * (scores[v]! > scores[w]! ? 1 : scores[v] === scores[w] ? 0.5 : 0);
      }
    assert.ok(Math.abs(talliedAuc(scores, positives, negatives) - wins / pairs) < 1e-12);
    assert.ok(Number.isNaN(talliedAuc(scores, positives, new Float64Array(categories))));
  });

  it('macro one-vs-rest averages the per-class AUCs; two classes use class 1 only', () => {
    const classes = Int32Array.from([0, 0, 1, 1, 2, 2]);
    const rows = Int32Array.from(classes.keys());
    // class 0 separated perfectly (1), class 1 inverted (0), class 2 all tied (0.5)
    const scores = [Float64Array.from([9, 8, 1, 1, 1, 1]), Float64Array.from([5, 5, 0, 0, 5, 5]), Float64Array.from([1, 1, 1, 1, 1, 1])];
    assert.ok(Math.abs(macroAuc(scores, classes, rows) - 0.5) < 1e-12);
    const binary = Int32Array.from([0, 1, 1]);
    assert.equal(macroAuc([Float64Array.from([9, 9, 9]), Float64Array.from([0, 1, 2])], binary, Int32Array.from([0, 1, 2])), 1);
  });
});

describe('quantile bins and folds', () => {
  it('never splits tied values and gives the non-zero values of a mostly-zero column their own bins', () => {
    const values = Float64Array.from([...Array(90).fill(0), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const cuts = quantileCuts(values, 10);
    assert.equal(cuts[0], 1); // all 90 zeros in the first bin
    assert.ok(cuts.length >= 5, `cuts ${cuts}`);
    assert.deepEqual(quantileCuts(Float64Array.from([5, 5, 5]), 10), []);
    // 100 distinct values into 4 bins: 25 each
    assert.deepEqual(
      quantileCuts(
        Float64Array.from({ length: 100 }, (_, i) => i),
        4,
      ),
      [25, 50, 75],
    );
  });

  it('stratified folds partition the rows and spread each class evenly', () => {
    const classes = Int32Array.from({ length: 103 }, (_, i) => (i % 10 < 3 ? 1 : 0));
    const folds = stratifiedFolds(classes, 2, 5, 1);
    const all = folds.flatMap((f) => Array.from(f)).sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 103 }, (_, i) => i),
    );
    for (const fold of folds) {
      const ones = Array.from(fold).filter((r) => classes[r] === 1).length;
      assert.ok(ones === 6 || ones === 7, `fold with ${ones} of class 1`); // 31 rows of class 1 over 5 folds
    }
  });
});
