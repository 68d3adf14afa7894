import { throwIfAborted } from '../errors';
import { seededRandom, shuffleInPlace } from '../numerics/random';
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
  /**
   * Orthonormal vectors e_b: fit on the rows projected onto their orthogonal complement,
   * x − Σ_b ⟨x, e_b⟩ e_b, without forming the projected rows (the weights are then orthogonal to every e_b).
   */
  orthogonalTo?: readonly ArrayLike<number>[];
}

/**
 * Linear SVM by dual coordinate descent (Hsieh et al., ICML 2008): each dual variable α_i in
 * [0, C s_i] is minimized exactly in turn while w = Σ α_i y_i x_i is kept up to date, so a pass
 * costs one sweep over the data. The bias is an extra constant feature (hence mildly regularized),
 * which removes the equality constraint Σ α_i y_i = 0 and keeps every update one-dimensional.
 * Rows are stored as their non-zero entries (one-hot rows are mostly zeros), so a step costs
 * O(non-zeros) rather than O(features).
 */
export function fitLinearSvm(rows: readonly Float64Array[], labels: ArrayLike<number>, options: LinearSvmOptions): LinearModel {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  if (n === 0) throw new Error('a linear SVM needs at least one row');
  const tolerance = options.tolerance ?? 1e-6;
  const data = sparseRows(rows);
  const { start, index, value } = data;
  const basis = options.orthogonalTo ?? [];
  const k = basis.length;
  // Projection onto the complement of the orthonormal basis e_b, kept implicit: p_ib = ⟨x_i, e_b⟩,
  // x̃_i = x_i − Σ_b p_ib e_b. With v = Σ α_i y_i x_i and γ_b = Σ α_i y_i p_ib, the weights are
  // w = v − Σ_b γ_b e_b and ⟨w, x̃_j⟩ = ⟨v, x_j⟩ − Σ_b γ_b p_jb, so rows stay sparse.
  const coordinates = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < k; b++) {
      const e = basis[b]!;
      let dot = 0;
      for (let t = start[i]!; t < start[i + 1]!; t++) dot += value[t]! * e[index[t]!]!;
      coordinates[i * k + b] = dot;
    }
  }
  const upper = Float64Array.from({ length: n }, (_, i) => options.C * (options.sampleWeights?.[i] ?? 1));
  const sign = Float64Array.from({ length: n }, (_, i) => (labels[i] === 1 ? 1 : -1));
  // ‖x̃_i‖² + 1 for the augmented bias feature.
  const squaredNorms = Float64Array.from({ length: n }, (_, i) => {
    let sum = 1;
    for (let t = start[i]!; t < start[i + 1]!; t++) sum += value[t]! * value[t]!;
    for (let b = 0; b < k; b++) sum -= coordinates[i * k + b]! ** 2;
    return sum;
  });
  const alpha = new Float64Array(n);
  const v = new Float64Array(d);
  const gamma = new Float64Array(k);
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
      const from = start[i]!;
      const to = start[i + 1]!;
      let margin = bias;
      for (let t = from; t < to; t++) margin += v[index[t]!]! * value[t]!;
      for (let b = 0; b < k; b++) margin -= gamma[b]! * coordinates[i * k + b]!;
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
      for (let t = from; t < to; t++) v[index[t]!]! += step * value[t]!;
      for (let b = 0; b < k; b++) gamma[b]! += step * coordinates[i * k + b]!;
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
  basis.forEach((e, b) => {
    for (let j = 0; j < d; j++) v[j]! -= gamma[b]! * e[j]!;
  });
  return { weights: v, bias };
}

/** The rows' non-zero entries, row after row (compressed sparse rows). */
function sparseRows(rows: readonly Float64Array[]): { start: Int32Array; index: Int32Array; value: Float64Array } {
  const start = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => {
    let count = 0;
    for (let j = 0; j < row.length; j++) if (row[j] !== 0) count++;
    start[i + 1] = start[i]! + count;
  });
  const index = new Int32Array(start[rows.length]!);
  const value = new Float64Array(start[rows.length]!);
  rows.forEach((row, i) => {
    let t = start[i]!;
    for (let j = 0; j < row.length; j++) {
      if (row[j] === 0) continue;
      index[t] = j;
      value[t++] = row[j]!;
    }
  });
  return { start, index, value };
}
