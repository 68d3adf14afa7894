import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitLeastSquares } from '../../server/src/engine/learners/least-squares';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { averagedPredictions } from '../../server/src/methods/bounded-group-loss/game';
import { boundedPredictions } from '../support/bounded-group-loss';

/**
 * 900 rows of group 0 with y = x + e and 100 rows of group 1 with y = −x + e, x ~ U(−1, 1),
 * e ~ U(−0.2, 0.2) (variance 0.04/3), the group not a feature. By hand, plain least squares has
 * slope 0.9 − 0.1 = 0.8 (in the population): group 1's MSE is 1.8²/3 + 0.013 ≈ 1.09, group 0's
 * 0.2²/3 + 0.013 ≈ 0.027. The flat model y = 0 gives both groups E[x²] + 0.013 ≈ 0.35, so any
 * ζ above that can be met, e.g. half group 1's plain MSE (≈ 0.55).
 */
function twoGroups() {
  const random = seededRandom(11);
  const n = 1000;
  const groups = Int32Array.from({ length: n }, (_, i) => (i < 900 ? 0 : 1));
  const x = Array.from({ length: n }, () => 2 * random() - 1);
  const targets = Float64Array.from(x, (v, i) => (groups[i] === 0 ? v : -v) + 0.4 * random() - 0.2);
  const rows = x.map((v) => Float64Array.of(v));
  let [low, high] = [Infinity, -Infinity];
  for (const y of targets) [low, high] = [Math.min(low, y), Math.max(high, y)];
  return { rows, targets, groups, groupCount: 2, low, high, file: 'synthetic' };
}

const groupMse = (targets: Float64Array, predictions: ArrayLike<number>, groups: Int32Array, g: number) => {
  let [sum, count] = [0, 0];
  for (let i = 0; i < targets.length; i++)
    if (groups[i] === g) {
      sum += (targets[i]! - predictions[i]!) ** 2;
      count++;
    }
  return sum / count;
};
const mse = (targets: Float64Array, predictions: ArrayLike<number>) => targets.reduce((s, y, i) => s + (y - predictions[i]!) ** 2, 0) / targets.length;

describe('bounded group loss (exponentiated gradient over weighted least squares)', () => {
  const data = twoGroups();
  const plain = averagedPredictions([fitLeastSquares(data.rows, data.targets, 'synthetic')], [1], data.rows, data.low, data.high);
  const plainWorst = Math.max(groupMse(data.targets, plain, data.groups, 0), groupMse(data.targets, plain, data.groups, 1));
  const zeta = 0.5 * plainWorst;

  it('keeps every group within ζ on the training rows and pays for it in overall MSE', async (t) => {
    assert.ok(
      plainWorst > 0.9 && groupMse(data.targets, plain, data.groups, 1) === plainWorst,
      `plain fit's worst group: group 1 at ${plainWorst} (≈ 1.09 by hand)`,
    );
    const fair = await boundedPredictions(data, zeta);
    // Tolerance: the mixture program holds each group's expected loss ≤ ζ up to HiGHS's primal
    // feasibility tolerance, 1e-7 in the game's loss units ((y − ŷ)² / (high − low)²), and the
    // averaged prediction's loss is at most the mixture's (Jensen).
    const tolerance = 1e-7 * (data.high - data.low) ** 2;
    for (const g of [0, 1]) {
      const loss = groupMse(data.targets, fair, data.groups, g);
      assert.ok(loss <= zeta + tolerance, `group ${g}: MSE ${loss} > ζ = ${zeta}`);
    }
    const overall = mse(data.targets, fair);
    assert.ok(overall >= mse(data.targets, plain), `overall MSE ${overall} below plain least squares' ${mse(data.targets, plain)}`);

    // Independent check: the best single linear model meeting ζ, by a grid over slope and bias.
    // The game's mixture must be at least as good, up to its stopping rule (a duality gap under
    // ν = half the standard error of a model's mean loss: 0.5 · sd / √1000 of squared errors of
    // size ≤ 1.1 here, so ≤ 0.02; we allow that).
    let best = Infinity;
    for (let slope = -1; slope <= 1; slope += 0.005)
      for (let bias = -0.2; bias <= 0.2; bias += 0.005) {
        const predictions = data.rows.map((r) => Math.min(data.high, Math.max(data.low, slope * r[0]! + bias)));
        if (groupMse(data.targets, predictions, data.groups, 0) > zeta || groupMse(data.targets, predictions, data.groups, 1) > zeta) continue;
        best = Math.min(best, mse(data.targets, predictions));
      }
    assert.ok(Number.isFinite(best), 'the grid finds a model meeting ζ (the flat one does, by hand)');
    t.diagnostic(
      `overall MSE ${overall.toFixed(4)} (plain ${mse(data.targets, plain).toFixed(4)}), best single linear model meeting ζ ${best.toFixed(4)}, ζ ${zeta.toFixed(4)}`,
    );
    assert.ok(overall <= best + 0.02, `overall MSE ${overall}, best single linear model meeting ζ: ${best}`);
  });

  it('leaves the plain fit alone when the bound is its own worst group MSE', async () => {
    // ζ = the plain fit's worst group MSE: the plain fit meets it, and no model has a lower overall MSE
    // (least squares minimizes it; clipping lowers no loss here, the plain predictions lying inside
    // [low, high] by hand: |0.8x| < 1 ≤ the targets' range).
    const fair = await boundedPredictions(data, plainWorst);
    assert.ok(Math.abs(mse(data.targets, fair) - mse(data.targets, plain)) < 1e-6, `${mse(data.targets, fair)} vs ${mse(data.targets, plain)}`);
  });
});
