import { throwIfAborted } from '../errors';
import { seededRandom, shuffleInPlace } from '../leakage/random';
import type { LinearModel } from './linear-model';

export interface LinearSvmOptions {
  /** Hinge-loss cost: minimizes ½‖w‖² + C Σ s_i max(0, 1 − y_i f(x_i)). */
  C: number;
  /** Non-negative weight s_i of each row (default 1). */
  sampleWeights?: ArrayLike<number>;
  signal?: AbortSignal;
  /** Passes over the rows at most (default 1000). */
  maxEpochs?: number;
  /** Stop when the spread of the projected gradient, max − min, is below this (default 1e-6; liblinear uses 0.1). */
  tolerance?: number;
  /** Seed of the coordinate order (default 0). */
  seed?: number;
}

/**
 * Linear SVM by dual coordinate descent (Hsieh et al., ICML 2008): each dual variable α_i in
 * [0, C s_i] is minimized exactly in turn while w = Σ α_i y_i x_i is kept up to date, so a pass
 * costs one sweep over the data. The bias is an extra constant feature (hence mildly regularized),
 * which removes the equality constraint Σ α_i y_i = 0 and keeps every update one-dimensional.
 */
export function fitLinearSvm(rows: readonly Float64Array[], labels: ArrayLike<number>, options: LinearSvmOptions): LinearModel {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  if (n === 0) throw new Error('a linear SVM needs at least one row');
  const tolerance = options.tolerance ?? 1e-6;
  const upper = Float64Array.from({ length: n }, (_, i) => options.C * (options.sampleWeights?.[i] ?? 1));
  const sign = Float64Array.from({ length: n }, (_, i) => (labels[i] === 1 ? 1 : -1));
  // ‖x_i‖² + 1 for the augmented bias feature.
  const squaredNorms = Float64Array.from(rows, (row) => row.reduce((sum, v) => sum + v * v, 1));
  const alpha = new Float64Array(n);
  const w = new Float64Array(d);
  let bias = 0;
  const random = seededRandom(options.seed ?? 0);
  const active = Int32Array.from({ length: n }, (_, i) => i);
  let size = n;
  // Shrinking (as in liblinear): a variable stuck at a bound whose gradient points well outside
  // the box is left out until the shrunk problem has converged, then everything is checked again.
  let upperLimit = Infinity;
  let lowerLimit = -Infinity;
  for (let epoch = 0; epoch < (options.maxEpochs ?? 1000); epoch++) {
    if (epoch % 10 === 0) throwIfAborted(options.signal);
    shuffleInPlace(active.subarray(0, size), random);
    let largest = -Infinity;
    let smallest = Infinity;
    for (let s = 0; s < size; s++) {
      const i = active[s]!;
      const row = rows[i]!;
      let margin = bias;
      for (let j = 0; j < d; j++) margin += w[j]! * row[j]!;
      const gradient = sign[i]! * margin - 1;
      const a = alpha[i]!;
      let projected = gradient;
      if (a === 0 || a === upper[i]!) {
        const outward = a === 0 ? gradient > upperLimit : gradient < lowerLimit;
        if (outward) {
          size--;
          active[s] = active[size]!;
          active[size] = i;
          s--;
          continue;
        }
        projected = a === 0 ? Math.min(gradient, 0) : Math.max(gradient, 0);
      }
      largest = Math.max(largest, projected);
      smallest = Math.min(smallest, projected);
      if (projected === 0) continue;
      const next = Math.min(Math.max(a - gradient / squaredNorms[i]!, 0), upper[i]!);
      const step = (next - a) * sign[i]!;
      if (step === 0) continue;
      alpha[i] = next;
      for (let j = 0; j < d; j++) w[j]! += step * row[j]!;
      bias += step;
    }
    if (largest - smallest <= tolerance || size === 0) {
      if (size === n) break;
      size = n;
      upperLimit = Infinity;
      lowerLimit = -Infinity;
      continue;
    }
    upperLimit = largest > 0 ? largest : Infinity;
    lowerLimit = smallest < 0 ? smallest : -Infinity;
  }
  return { weights: w, bias };
}
