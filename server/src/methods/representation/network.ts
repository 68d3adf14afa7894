import { groupPenalty, PenaltySettings } from './penalty';

/**
 * The encoder z = h(x) = tanh(W x + b) (one hidden layer of `dim` units, which is the
 * representation) and one logistic head per task, p_t = σ(⟨w_t, z⟩ + c_t). All parameters live in
 * one flat vector (for Adam): W (dim × inputs, row-major), b (dim), then per task w_t (dim), c_t.
 */
export interface Network {
  inputs: number;
  dim: number;
  tasks: number;
  params: Float64Array;
}

/** A feature row stored by its non-zero entries (one-hot encodings are mostly zeros). */
export interface SparseRow {
  indices: Int32Array;
  values: Float64Array;
}

export function toSparse(row: Float64Array): SparseRow {
  const indices: number[] = [];
  row.forEach((value, index) => {
    if (value !== 0) indices.push(index);
  });
  return { indices: Int32Array.from(indices), values: Float64Array.from(indices, (index) => row[index] as number) };
}

export function parameterCount(inputs: number, dim: number, tasks: number): number {
  return dim * inputs + dim + tasks * (dim + 1);
}

/** Glorot-style initial encoder weights N(0, 1/inputs) (Box–Muller on the seeded stream); heads start at zero. */
export function createNetwork(inputs: number, dim: number, tasks: number, random: () => number): Network {
  const params = new Float64Array(parameterCount(inputs, dim, tasks));
  const scale = 1 / Math.sqrt(Math.max(1, inputs));
  for (let k = 0; k < dim * inputs; k++) {
    // 1 − u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    params[k] = scale * radius * Math.cos(2 * Math.PI * random());
  }
  return { inputs, dim, tasks, params };
}

const headOffset = (net: Network, task: number) => net.dim * net.inputs + net.dim + task * (net.dim + 1);

/** Writes h(row) into out[offset .. offset + dim). */
export function encodeRow(net: Network, row: SparseRow, out: Float64Array, offset: number): void {
  const { params, inputs, dim } = net;
  const biasAt = dim * inputs;
  for (let unit = 0; unit < dim; unit++) {
    let activation = params[biasAt + unit] as number;
    const base = unit * inputs;
    for (let k = 0; k < row.indices.length; k++) activation += (params[base + (row.indices[k] as number)] as number) * (row.values[k] as number);
    out[offset + unit] = Math.tanh(activation);
  }
}

export function encodeRows(net: Network, rows: readonly SparseRow[]): Float64Array {
  const out = new Float64Array(rows.length * net.dim);
  rows.forEach((row, i) => encodeRow(net, row, out, i * net.dim));
  return out;
}

/** The logit ⟨w_t, z⟩ + c_t of head `task` for the representation at z[offset ..]. */
export function headLogit(net: Network, task: number, z: Float64Array, offset: number): number {
  const at = headOffset(net, task);
  let logit = net.params[at + net.dim] as number;
  for (let k = 0; k < net.dim; k++) logit += (net.params[at + k] as number) * (z[offset + k] as number);
  return logit;
}

export interface BatchObjective {
  /** (1/T) Σ_t mean_i logistic loss. */
  loss: number;
  /** D(h|s=a, h|s=b) on the batch (before multiplying by λ). */
  penalty: number;
  /** Gradient of loss + λ·penalty with respect to net.params. */
  gradient: Float64Array;
}

/**
 * The objective on one minibatch and its hand-written gradient: the heads' cross-entropy, then
 * λ times the penalty's gradient with respect to each representation, back through tanh to W and b.
 */
export function batchObjective(
  net: Network,
  rows: readonly SparseRow[],
  labels: readonly Uint8Array[],
  groups: Int32Array,
  groupCount: number,
  lambda: number,
  penalty: PenaltySettings,
): BatchObjective {
  const { dim, inputs, params, tasks } = net;
  const size = rows.length;
  const z = encodeRows(net, rows);
  const gradient = new Float64Array(params.length);
  const gradZ = new Float64Array(z.length);
  let loss = 0;
  for (let task = 0; task < tasks; task++) {
    const at = headOffset(net, task);
    const taskLabels = labels[task] as Uint8Array;
    for (let i = 0; i < size; i++) {
      const logit = headLogit(net, task, z, i * dim);
      const y = taskLabels[i] as number;
      // log(1 + e^t) − y·t, written to stay finite for large |t|
      loss += (Math.max(logit, 0) + Math.log1p(Math.exp(-Math.abs(logit))) - y * logit) / (size * tasks);
      const slope = (sigmoid(logit) - y) / (size * tasks);
      for (let k = 0; k < dim; k++) {
        gradient[at + k] = (gradient[at + k] as number) + slope * (z[i * dim + k] as number);
        gradZ[i * dim + k] = (gradZ[i * dim + k] as number) + slope * (params[at + k] as number);
      }
      gradient[at + dim] = (gradient[at + dim] as number) + slope;
    }
  }
  let penaltyValue = 0;
  if (lambda > 0) {
    const result = groupPenalty(z, groups, groupCount, dim, penalty);
    penaltyValue = result.value;
    for (let k = 0; k < gradZ.length; k++) gradZ[k] = (gradZ[k] as number) + lambda * (result.grad[k] as number);
  }
  const biasAt = dim * inputs;
  for (let i = 0; i < size; i++) {
    const row = rows[i] as SparseRow;
    for (let unit = 0; unit < dim; unit++) {
      const value = z[i * dim + unit] as number;
      const delta = (gradZ[i * dim + unit] as number) * (1 - value * value); // tanh' = 1 − tanh²
      if (delta === 0) continue;
      gradient[biasAt + unit] = (gradient[biasAt + unit] as number) + delta;
      const base = unit * inputs;
      for (let k = 0; k < row.indices.length; k++) {
        const index = base + (row.indices[k] as number);
        gradient[index] = (gradient[index] as number) + delta * (row.values[k] as number);
      }
    }
  }
  return { loss, penalty: penaltyValue, gradient };
}

export function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}
