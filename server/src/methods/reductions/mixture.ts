import { decision, LinearModel } from '../../engine/learners/linear-model';
import { fitLogistic } from '../../engine/learners/logistic';
import { createRandom } from '../../engine/numerics/random';

/** A randomized classifier: predict with classifier t with probability weights[t]. */
export interface Mixture {
  classifiers: LinearModel[];
  weights: number[];
}

/** The cost-sensitive best response: minimizes Σ c_i h(x_i) by weighted logistic regression on labels 1{c_i < 0}, weights |c_i|. */
export function bestResponse(rows: readonly Float64Array[], costs: Float64Array, signal: AbortSignal | undefined): LinearModel {
  const labels = Uint8Array.from(costs, (c) => (c < 0 ? 1 : 0));
  const weights = Float64Array.from(costs, (c) => Math.abs(c));
  return fitLogistic(rows, labels, { sampleWeights: weights, ...(signal ? { signal } : {}) });
}

/** Hard 0/1 predictions of one linear classifier. */
export function hardPredictions(model: LinearModel, rows: readonly Float64Array[]): Uint8Array {
  return Uint8Array.from(rows, (row) => (decision(model, row) >= 0 ? 1 : 0));
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
