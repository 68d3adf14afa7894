import { decision, LinearModel } from '../../engine/learners/linear-model';
import { fitLogistic } from '../../engine/learners/logistic';
import { sparseDecisions, SparseRows } from '../../engine/learners/sparse-rows';
import { createRandom } from '../../engine/numerics/random';

/** A randomized classifier: predict with classifier t with probability weights[t]. */
export interface Mixture {
  classifiers: LinearModel[];
  weights: number[];
}

/**
 * The cost-sensitive best response: minimizes Σ c_i h(x_i) over linear classifiers. The direction
 * comes from a weighted logistic regression on labels 1{c_i < 0}, weights |c_i| (Newton's method
 * starts from `start` when given, and stops at a relative decrease of 1e-5: the surrogate only
 * gives the direction; on Adult the game ends with the same training error and figures as at
 * 1e-8, in 25% fewer steps); the bias is then the one that minimizes the cost itself, not its
 * surrogate (exactBias).
 */
export function bestResponse(design: SparseRows, costs: Float64Array, signal: AbortSignal | undefined, start?: LinearModel): LinearModel {
  const n = costs.length;
  const labels = new Uint8Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = costs[i]! < 0 ? 1 : 0;
    weights[i] = Math.abs(costs[i]!);
  }
  const model = fitLogistic(design, labels, { sampleWeights: weights, tolerance: 1e-5, ...(signal ? { signal } : {}), ...(start ? { start } : {}) });
  return { weights: model.weights, bias: exactBias(sparseDecisions({ weights: model.weights, bias: 0 }, design), costs) };
}

/**
 * The bias b minimizing Σ c_i·1{z_i + b ≥ 0}: rows are predicted positive from the highest z
 * down, so the best b puts the cut where the running sum of costs is lowest (rows with equal z
 * move together), midway between two distinct z so that rounding cannot move a row.
 */
export function exactBias(z: Float64Array, costs: Float64Array): number {
  // Sorted copy (a native typed-array sort); each row adds its cost at the first position of its
  // value (a binary search), so tied rows share one position.
  const sorted = Float64Array.from(z).sort();
  const costAt = new Float64Array(sorted.length);
  for (let i = 0; i < z.length; i++) {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < z[i]!) lo = mid + 1;
      else hi = mid;
    }
    costAt[lo]! += costs[i]!;
  }
  // Predict positive from the top: the best cut is where the running cost, summed from the highest value down, is lowest.
  let sum = 0;
  let best = 0;
  let cut = sorted.length; // positions cut .. end are positive
  for (let r = sorted.length - 1; r >= 0; r--) {
    sum += costAt[r]!;
    if ((r === 0 || sorted[r - 1]! < sorted[r]!) && sum < best) [best, cut] = [sum, r];
  }
  if (cut === sorted.length) return -(sorted[cut - 1]! + 1);
  if (cut === 0) return -(sorted[0]! - 1);
  return -(sorted[cut - 1]! + sorted[cut]!) / 2;
}

/** Hard 0/1 predictions of one linear classifier. */
export function hardPredictions(model: LinearModel, design: SparseRows): Uint8Array {
  const z = sparseDecisions(model, design);
  const out = new Uint8Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! >= 0 ? 1 : 0;
  return out;
}

/** Each row's probability that the mixture predicts 1. */
export function mixtureProbabilities(mixture: Mixture, rows: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(rows.length);
  mixture.classifiers.forEach((model, t) => {
    const w = mixture.weights[t]!;
    if (w === 0) return;
    rows.forEach((row, i) => {
      if (decision(model, row) >= 0) out[i]! += w;
    });
  });
  return out;
}

/** One seeded draw of the randomized prediction per row. */
export function randomizedPredictions(probabilities: Float64Array, seed: number): Uint8Array {
  const random = createRandom(seed);
  return Uint8Array.from(probabilities, (p) => (random.next() < p ? 1 : 0));
}
