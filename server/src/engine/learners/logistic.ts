import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { throwIfAborted } from '../errors';
import { decision, LinearModel } from './linear-model';
import { SparseRows, sparseRows } from './sparse-rows';

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), as λ in Σ w_i·loss_i / Σ w_i + λ/2 ‖w‖². Default 1e-4. */
  l2?: number;
  /** Non-negative weight of each row (default 1). */
  sampleWeights?: ArrayLike<number>;
  signal?: AbortSignal;
  /** Newton steps at most (default 50). */
  maxIterations?: number;
  /** Where Newton's method starts (default all zeros): a nearby optimum saves steps, the optimum is the same. */
  start?: LinearModel;
  /** Stop when a step lowers the objective by at most this, relative (default 1e-10). */
  tolerance?: number;
}

/**
 * L2-regularized logistic regression by Newton's method (iteratively reweighted least squares)
 * with step halving: the objective is strictly convex, so a few steps reach the optimum to
 * machine precision for the tens to hundreds of features of tabular data. Sums run over the
 * rows' non-zero entries only.
 */
export function fitLogistic(rows: readonly Float64Array[] | SparseRows, labels: ArrayLike<number>, options: LogisticOptions = {}): LinearModel {
  const design = Array.isArray(rows) ? sparseRows(rows) : (rows as SparseRows);
  const n = design.rowCount;
  const d = design.columnCount;
  const l2 = options.l2 ?? 1e-4;
  // typed copies keep the loops below monomorphic
  const weights = options.sampleWeights ? Float64Array.from(options.sampleWeights) : new Float64Array(n).fill(1);
  const y = Float64Array.from(labels);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  if (n === 0 || total <= 0) throw new Error('logistic regression needs rows with positive weight');
  // Parameters: d weights, then the bias.
  let theta = new Float64Array(d + 1);
  if (options.start) {
    theta.set(options.start.weights);
    theta[d] = options.start.bias;
  }
  let current = objective(design, y, weights, total, l2, theta);
  for (let iteration = 0; iteration < (options.maxIterations ?? 50); iteration++) {
    throwIfAborted(options.signal);
    const { gradient, hessian } = derivatives(design, y, weights, total, l2, theta);
    const step = new CholeskyDecomposition(hessian).solve(Matrix.columnVector(Array.from(gradient))).getColumn(0);
    let scale = 1;
    let next = theta;
    let value = current;
    for (; scale > 1e-8; scale /= 2) {
      next = theta.map((t, j) => t - scale * step[j]!);
      value = objective(design, y, weights, total, l2, next);
      if (value <= current) break;
    }
    const decrease = current - value;
    theta = next;
    current = value;
    if (decrease <= (options.tolerance ?? 1e-10) * Math.max(1, Math.abs(current))) break;
  }
  return { weights: theta.slice(0, d), bias: theta[d]! };
}

/** P(y = 1 | x) of each row. */
export function probabilities(model: LinearModel, rows: readonly Float64Array[]): Float64Array {
  return Float64Array.from(rows, (row) => sigmoid(decision(model, row)));
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function objective(design: SparseRows, labels: Float64Array, weights: Float64Array, total: number, l2: number, theta: Float64Array): number {
  const d = theta.length - 1;
  let loss = 0;
  for (let i = 0; i < design.rowCount; i++) {
    const z = linear(design, i, theta);
    // log(1 + e^z) - y z, computed without overflow
    loss += weights[i]! * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - labels[i]! * z);
  }
  let norm = 0;
  for (let j = 0; j < d; j++) norm += theta[j]! ** 2;
  return loss / total + (l2 / 2) * norm;
}

function derivatives(
  design: SparseRows,
  labels: Float64Array,
  weights: Float64Array,
  total: number,
  l2: number,
  theta: Float64Array,
): { gradient: Float64Array; hessian: Matrix } {
  const size = theta.length;
  const d = size - 1;
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const { starts, columns, values } = design;
  for (let i = 0; i < design.rowCount; i++) {
    const w = weights[i]! / total;
    if (w === 0) continue;
    const p = sigmoid(linear(design, i, theta));
    const residual = w * (p - labels[i]!);
    const curvature = w * p * (1 - p);
    const end = starts[i + 1]!;
    // the row's non-zero entries (columns ascending), then the constant 1 of the bias (column d, the last)
    for (let k = starts[i]!; k < end; k++) {
      const a = columns[k]!;
      const xa = values[k]!;
      gradient[a]! += residual * xa;
      const scaled = curvature * xa;
      const offset = a * size;
      // upper triangle only; mirrored below
      for (let m = k; m < end; m++) hessian[offset + columns[m]!]! += scaled * values[m]!;
      hessian[offset + d]! += scaled;
    }
    gradient[d]! += residual;
    hessian[d * size + d]! += curvature;
  }
  for (let j = 0; j < d; j++) {
    gradient[j]! += l2 * theta[j]!;
    hessian[j * size + j]! += l2;
  }
  // A tiny ridge on the bias keeps the system solvable when every row has one label.
  hessian[d * size + d]! += 1e-12;
  const matrix = new Matrix(size, size);
  for (let a = 0; a < size; a++) {
    for (let b = a; b < size; b++) {
      matrix.set(a, b, hessian[a * size + b]!);
      matrix.set(b, a, hessian[a * size + b]!);
    }
  }
  return { gradient, hessian: matrix };
}

function linear(design: SparseRows, i: number, theta: Float64Array): number {
  let z = theta[theta.length - 1]!;
  for (let k = design.starts[i]!; k < design.starts[i + 1]!; k++) z += theta[design.columns[k]!]! * design.values[k]!;
  return z;
}
