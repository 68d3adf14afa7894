import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitLeastSquares, RIDGE_PER_ROW } from '../../server/src/engine/learners/least-squares';
import { decisionValues } from '../../server/src/engine/learners/linear-model';
import { seededRandom } from '../../server/src/engine/numerics/random';

const rowsOf = (values: number[][]) => values.map((row) => Float64Array.from(row));

describe('least squares (tiny ridge)', () => {
  // By hand: y = 1 + 2·x1 + x2 + e with e = (1, −1, 0, −1, 1), which is orthogonal to the columns
  // 1 = (1,1,1,1,1), x1 = (0,1,0,1,2) and x2 = (0,0,1,1,1) (sums 0, 0, 0), so the least-squares
  // fit is exactly bias 1, weights (2, 1). The ridge moves it by about λ/n = 1e-8 relative.
  const x = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
    [2, 1],
  ];
  const y = [2, 2, 2, 3, 7];

  it('solves a 5-row system solved by hand', () => {
    const model = fitLeastSquares(rowsOf(x), y, 'hand');
    assert.ok(Math.abs(model.bias - 1) < 1e-6, `bias ${model.bias}`);
    assert.ok(Math.abs(model.weights[0]! - 2) < 1e-6 && Math.abs(model.weights[1]! - 1) < 1e-6, `weights ${model.weights}`);
  });

  it('fits a duplicated column (as one-hot indicators duplicate the bias) by sharing its weight equally', () => {
    // x3 = x1: every w1 + w3 = 2 fits as well; the ridge picks the smallest weights, w1 = w3 = 1 (by hand)
    const model = fitLeastSquares(rowsOf(x.map(([a, b]) => [a!, b!, a!])), y, 'hand');
    assert.ok(Math.abs(model.weights[0]! - 1) < 1e-6 && Math.abs(model.weights[2]! - 1) < 1e-6, `weights ${model.weights}`);
    assert.ok(Math.abs(model.weights[1]! - 1) < 1e-6 && Math.abs(model.bias - 1) < 1e-6, `weights ${model.weights}, bias ${model.bias}`);
  });

  it('meets the normal equations on 2,000 random rows: residuals orthogonal to the bias, and to each column up to the ridge term', () => {
    const random = seededRandom(5);
    const n = 2000;
    const p = 6;
    const truth = [0.5, -1, 2, 0, 3, -0.25];
    const rows = Array.from({ length: n }, () => Float64Array.from({ length: p }, () => 4 * random() - 2));
    const targets = rows.map((row) => 0.7 + row.reduce((sum, v, j) => sum + truth[j]! * v, 0) + (random() - 0.5));
    const model = fitLeastSquares(rows, targets, 'random');
    const fitted = decisionValues(model, rows);
    const residuals = targets.map((t, i) => t - fitted[i]!);
    // The penalized normal equations say Xᵀr = λw and 1ᵀr = 0 exactly (λ = RIDGE_PER_ROW·n); the slack
    // is rounding on sums of n terms of size about 10.
    const lambda = RIDGE_PER_ROW * n;
    const rounding = 1e-9 * n;
    assert.ok(Math.abs(residuals.reduce((s, r) => s + r, 0)) < rounding, 'residuals sum to 0');
    for (let j = 0; j < p; j++) {
      const dot = rows.reduce((s, row, i) => s + row[j]! * residuals[i]!, 0);
      assert.ok(Math.abs(dot - lambda * model.weights[j]!) < rounding, `column ${j}: Xᵀr ${dot}, λw ${lambda * model.weights[j]!}`);
    }
    // and the noise (uniform, ±0.5: sd 0.29) leaves the weights near the truth: standard error 0.29 / (√2000 · 1.15) ≈ 0.006, the bound is 8 of them
    for (let j = 0; j < p; j++) assert.ok(Math.abs(model.weights[j]! - truth[j]!) < 0.05, `weight ${j}: ${model.weights[j]}`);
  });

  describe('with row weights', () => {
    // y = (0, 0, 3) at x = (0, 1, 2). Unweighted, by hand: x̄ = 1, ȳ = 1, Sxy = (−1)(−1) + 0 + (1)(2) = 3,
    // Sxx = 2, so slope 3/2 and bias 1 − 3/2 = −1/2.
    // Weights (1, 1, 2), by hand: Σc = 4, x̄ = (0 + 1 + 4)/4 = 5/4, ȳ = (0 + 0 + 6)/4 = 3/2,
    // Sxx = (5/4)² + (1/4)² + 2(3/4)² = 11/4, Sxy = (−5/4)(−3/2) + (−1/4)(−3/2) + 2(3/4)(3/2) = 9/2:
    // slope 18/11, bias 3/2 − (18/11)(5/4) = −6/11.
    const rows = rowsOf([[0], [1], [2]]);
    const y = [0, 0, 3];
    const close = (model: { weights: Float64Array; bias: number }, slope: number, bias: number) =>
      assert.ok(Math.abs(model.weights[0]! - slope) < 1e-6 && Math.abs(model.bias - bias) < 1e-6, `slope ${model.weights[0]}, bias ${model.bias}`);

    it('unit weights give the unweighted fit', () => {
      close(fitLeastSquares(rows, y, 'hand'), 3 / 2, -1 / 2);
      close(fitLeastSquares(rows, y, 'hand', { weights: [1, 1, 1] }), 3 / 2, -1 / 2);
    });

    it('weights (1, 1, 2) move the fit towards the heavier row, as solved by hand', () => {
      close(fitLeastSquares(rows, y, 'hand', { weights: [1, 1, 2] }), 18 / 11, -6 / 11);
    });

    it('scaling every weight alike changes nothing, and a zero weight drops its row', () => {
      close(fitLeastSquares(rows, y, 'hand', { weights: [3, 3, 6] }), 18 / 11, -6 / 11);
      // without the third row, the line through (0, 0) and (1, 0): slope 0, bias 0
      close(fitLeastSquares(rows, y, 'hand', { weights: [1, 1, 0] }), 0, 0);
    });
  });
});
