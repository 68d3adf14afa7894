import { throwIfAborted } from '../errors';

/** Columns as category codes (0 .. categories-1, every row coded; missing values have a code of their own). */
export interface CodedDesign {
  codes: readonly Int32Array[];
  categories: readonly number[];
}

/**
 * Training rows prepared for fitting: each row's parameter index in every column, row-major, so a
 * row's log-odds is a sum over consecutive entries. Shared by the one-vs-rest models of a fold.
 */
export interface CodedRows {
  /** indices[i * columns + j]: the parameter of row i's category in column j. */
  indices: Int32Array;
  count: number;
  columns: number;
  /** Parameter offsets of each column's categories; the intercept is the last parameter. */
  offsets: Int32Array;
}

export function codedRows(design: CodedDesign, rows: Int32Array): CodedRows {
  const columns = design.codes.length;
  const offsets = new Int32Array(columns + 1);
  design.categories.forEach((count, j) => (offsets[j + 1] = offsets[j]! + count));
  const indices = new Int32Array(rows.length * columns);
  for (let j = 0; j < columns; j++) {
    const codes = design.codes[j]!;
    for (let i = 0; i < rows.length; i++) indices[i * columns + j] = offsets[j]! + codes[rows[i]!]!;
  }
  return { indices, count: rows.length, columns, offsets };
}

/** One weight per category of each column, and the intercept. */
export interface CodedLogisticModel {
  weights: Float64Array[];
  bias: number;
}

export interface CodedLogisticOptions {
  /** L2 penalty on the weights, in rows: λ/2 Σ w² is added to the summed log-loss. Default 1. */
  l2?: number;
  /** Quasi-Newton iterations at most (default 100): far enough that the predictions have settled. */
  maxIterations?: number;
  /** Starting point, e.g. the same model fitted on overlapping rows (cross-validation folds). */
  start?: CodedLogisticModel | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Converged when no parameter's diagonal-Newton step (its gradient over its curvature) exceeds
 * this: each weight is then within about this much of the optimum, rare categories included,
 * whose flat objective a test on the objective's decrease would leave unsettled.
 */
const STEP_TOLERANCE = 1e-4;
const MEMORY = 30;

/**
 * L2-regularized logistic regression on one-hot category codes, fitted by L-BFGS. A one-hot row
 * has one non-zero per column, so the log-odds and the gradient cost O(rows × columns) whatever
 * the number of categories (a dense Newton step costs O(rows × features²)).
 *
 * Every row has exactly one category per column, so a constant moved from a column's weights into
 * the intercept changes no prediction; the optimum is the one point of that valley where each
 * column's weights sum to zero (the intercept's and the column's gradient conditions together give
 * λ Σ w = 0). The iterates are kept on that subspace by centering each column's gradient, which
 * removes a direction of curvature λ that would otherwise make the problem ill-conditioned.
 * `labels[i]` (1 or 0) is the class of the i-th prepared row.
 */
export function fitCodedLogistic(data: CodedRows, labels: Uint8Array, options: CodedLogisticOptions = {}): CodedLogisticModel {
  const l2 = options.l2 ?? 1;
  const { offsets, columns } = data;
  const size = offsets[columns]! + 1; // the weights, then the intercept
  const problem = { data, labels, l2, size };

  let positives = 0;
  for (let i = 0; i < data.count; i++) positives += labels[i]!;
  const rate = Math.min(Math.max(positives / Math.max(data.count, 1), 1e-6), 1 - 1e-6);
  let theta = new Float64Array(size);
  theta[size - 1] = Math.log(rate / (1 - rate));
  if (options.start) {
    options.start.weights.forEach((w, j) => theta.set(w, offsets[j]!));
    theta[size - 1] = options.start.bias;
  }
  const scaling = preconditioner(data, l2);
  let { value, gradient } = evaluate(problem, theta);
  const history: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  for (let iteration = 0; iteration < (options.maxIterations ?? 100); iteration++) {
    throwIfAborted(options.signal);
    const direction = twoLoop(gradient, history, scaling, offsets);
    let slope = 0;
    for (let i = 0; i < size; i++) slope += direction[i]! * gradient[i]!;
    if (slope >= 0) break; // not a descent direction: at the optimum to rounding error
    // Backtracking (Armijo) from the quasi-Newton step.
    let step = 1;
    let next = theta;
    let trial = { value, gradient };
    for (; step > 1e-10; step /= 2) {
      next = theta.map((t, i) => t + step * direction[i]!);
      trial = evaluate(problem, next);
      if (trial.value <= value + 1e-4 * step * slope) break;
    }
    if (step <= 1e-10) break;
    const s = next.map((t, i) => t - theta[i]!);
    const y = trial.gradient.map((g, i) => g - gradient[i]!);
    const sy = s.reduce((sum, si, i) => sum + si * y[i]!, 0);
    if (sy > 0) {
      history.push({ s, y, rho: 1 / sy });
      if (history.length > MEMORY) history.shift();
    }
    theta = next;
    ({ value, gradient } = trial);
    let largestStep = 0;
    for (let i = 0; i < size; i++) largestStep = Math.max(largestStep, Math.abs(gradient[i]! * scaling[i]!));
    if (largestStep < STEP_TOLERANCE) break;
  }
  return { weights: Array.from({ length: columns }, (_, j) => theta.slice(offsets[j]!, offsets[j + 1]!)), bias: theta[size - 1]! };
}

interface Problem {
  data: CodedRows;
  labels: Uint8Array;
  l2: number;
  size: number;
}

/** The penalized log-loss and its gradient, each column's part centered (see fitCodedLogistic). */
function evaluate({ data, labels, l2, size }: Problem, theta: Float64Array): { value: number; gradient: Float64Array } {
  const gradient = new Float64Array(size);
  const { indices, columns, offsets } = data;
  let value = 0;
  for (let i = 0, start = 0; i < data.count; i++, start += columns) {
    let margin = theta[size - 1]!;
    for (let j = start; j < start + columns; j++) margin += theta[indices[j]!]!;
    // log(1 + e^m) - y m, and its derivative p - y, without overflow.
    const label = labels[i]!;
    const e = Math.exp(-Math.abs(margin));
    value += Math.max(margin, 0) + Math.log1p(e) - label * margin;
    const p = margin >= 0 ? 1 / (1 + e) : e / (1 + e);
    const residual = p - label;
    gradient[size - 1]! += residual;
    for (let j = start; j < start + columns; j++) gradient[indices[j]!]! += residual;
  }
  for (let j = 0; j < columns; j++) {
    let mean = 0;
    for (let k = offsets[j]!; k < offsets[j + 1]!; k++) {
      value += (l2 / 2) * theta[k]! * theta[k]!;
      gradient[k]! += l2 * theta[k]!;
      mean += gradient[k]!;
    }
    mean /= offsets[j + 1]! - offsets[j]!;
    for (let k = offsets[j]!; k < offsets[j + 1]!; k++) gradient[k]! -= mean;
  }
  return { value, gradient };
}

/**
 * The inverse of each parameter's curvature at the start (a quarter of its rows, plus λ): the
 * initial Hessian of the quasi-Newton updates. Categories range from a handful of rows to most
 * of them, so a single scale for every parameter would make the first steps crawl.
 */
function preconditioner(data: CodedRows, l2: number): Float64Array {
  const size = data.offsets[data.columns]! + 1;
  const rows = new Float64Array(size);
  for (const index of data.indices) rows[index]!++;
  rows[size - 1] = data.count;
  return rows.map((count, i) => 1 / (count / 4 + (i === size - 1 ? 1 : l2)));
}

/** Applies the preconditioner, then centers each column's part so the step stays on the subspace. */
function precondition(q: Float64Array, scaling: Float64Array, offsets: Int32Array): void {
  for (let i = 0; i < q.length; i++) q[i]! *= scaling[i]!;
  for (let j = 0; j + 1 < offsets.length; j++) {
    let mean = 0;
    for (let k = offsets[j]!; k < offsets[j + 1]!; k++) mean += q[k]!;
    mean /= offsets[j + 1]! - offsets[j]!;
    for (let k = offsets[j]!; k < offsets[j + 1]!; k++) q[k]! -= mean;
  }
}

/**
 * The L-BFGS direction −H·g from the stored pairs (Nocedal & Wright, algorithm 7.4), with the
 * preconditioner as the initial Hessian, scaled by sᵀy / yᵀDy of the latest pair.
 */
function twoLoop(
  gradient: Float64Array,
  history: readonly { s: Float64Array; y: Float64Array; rho: number }[],
  scaling: Float64Array,
  offsets: Int32Array,
): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas: number[] = [];
  for (let m = history.length - 1; m >= 0; m--) {
    const { s, y, rho } = history[m]!;
    const alpha = rho * dot(s, q);
    alphas[m] = alpha;
    for (let i = 0; i < q.length; i++) q[i]! -= alpha * y[i]!;
  }
  const last = history.at(-1);
  const gamma = last ? 1 / (last.rho * last.y.reduce((sum, y, i) => sum + y * y * scaling[i]!, 0)) : 1;
  precondition(q, scaling, offsets);
  for (let i = 0; i < q.length; i++) q[i]! *= gamma;
  for (let m = 0; m < history.length; m++) {
    const { s, y, rho } = history[m]!;
    const beta = rho * dot(y, q);
    for (let i = 0; i < q.length; i++) q[i]! += s[i]! * (alphas[m]! - beta);
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i]!;
  return q;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** The model's log-odds for one row. */
export function codedMargin(model: CodedLogisticModel, design: CodedDesign, row: number): number {
  let margin = model.bias;
  for (let j = 0; j < design.codes.length; j++) margin += model.weights[j]![design.codes[j]![row]!]!;
  return margin;
}
