import { decision, LinearModel } from '../../learners/linear-model';
import { fitLogistic } from '../../learners/logistic';
import { sparseDecisions, SparseRows } from '../../learners/sparse-rows';
import { createRandom } from '../../random';

/** A randomized classifier: predict with classifier t with probability weights[t]. */
export interface Mixture {
  classifiers: LinearModel[];
  weights: number[];
}

/**
 * The cost-sensitive best response: minimizes Σ c_i h(x_i) over linear classifiers. The direction
 * comes from a weighted logistic regression on labels 1{c_i < 0}, weights |c_i| (Newton's method
 * starts from `start` when given); the bias is then the one that minimizes the cost itself, not
 * its logistic surrogate (exactBias).
 */
export function bestResponse(design: SparseRows, costs: Float64Array, signal: AbortSignal | undefined, start?: LinearModel): LinearModel {
  const labels = Uint8Array.from(costs, (c) => (c < 0 ? 1 : 0));
  const weights = Float64Array.from(costs, (c) => Math.abs(c));
  const model = fitLogistic(design, labels, { sampleWeights: weights, ...(signal ? { signal } : {}), ...(start ? { start } : {}) });
  return { weights: model.weights, bias: exactBias(sparseDecisions({ weights: model.weights, bias: 0 }, design), costs) };
}

/**
 * The bias b minimizing Σ c_i·1{z_i + b ≥ 0}: rows are predicted positive from the highest z
 * down, so the best b puts the cut where the running sum of costs is lowest (rows with equal z
 * move together), midway between two distinct z so that rounding cannot move a row.
 */
export function exactBias(z: Float64Array, costs: Float64Array): number {
  const order = Array.from(z.keys()).sort((a, b) => z[b]! - z[a]!);
  let sum = 0;
  let best = 0;
  let cut = 0; // rows order[0 .. cut − 1] positive
  for (let r = 0; r < order.length; r++) {
    sum += costs[order[r]!]!;
    const endOfTie = r === order.length - 1 || z[order[r + 1]!]! < z[order[r]!]!;
    if (endOfTie && sum < best) [best, cut] = [sum, r + 1];
  }
  if (cut === 0) return -(z[order[0]!]! + 1);
  if (cut === order.length) return -(z[order[cut - 1]!]! - 1);
  return -(z[order[cut - 1]!]! + z[order[cut]!]!) / 2;
}

/** Hard 0/1 predictions of one linear classifier. */
export function hardPredictions(model: LinearModel, design: SparseRows): Uint8Array {
  return Uint8Array.from(sparseDecisions(model, design), (z) => (z >= 0 ? 1 : 0));
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
