import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { InputError } from '../errors';
import type { LinearModel } from './linear-model';

/**
 * The ridge penalty per row: λ = RIDGE_PER_ROW · n on the weights (not the bias; n: the rows' total weight). It is there
 * because the feature encoding one-hot encodes every category of a text column (features.ts keeps
 * no reference level), so its indicators add up to the bias column and XᵀX is singular; any
 * λ > 0 makes XᵀX + λI positive definite and picks, among the equally good fits, the one with the
 * smallest weights. Standardized features give XᵀX a diagonal of about n, so this λ shrinks a
 * well-determined weight by a relative 1e-8: least squares to far below any figure reported.
 */
export const RIDGE_PER_ROW = 1e-8;

export interface LeastSquaresOptions {
  /** Non-negative row weights c_i (default 1 each). */
  weights?: ArrayLike<number>;
  ridgePerRow?: number;
}

/**
 * (Weighted) least squares with that tiny ridge: minimizes Σ c_i (y_i − ⟨w, x_i⟩ − b)² + λ‖w‖² by the
 * normal equations [XᵀCX + λI | XᵀC1; 1ᵀCX | Σc] (w; b) = (XᵀCy; Σ c_i y_i), solved by Cholesky
 * (ml-matrix). With weights, λ = RIDGE_PER_ROW · Σ c_i: the same shrinkage relative to the
 * weighted Gram matrix as unweighted rows get (Σ c_i = n for unit weights).
 */
export function fitLeastSquares(rows: readonly Float64Array[], targets: ArrayLike<number>, file: string, options: LeastSquaresOptions = {}): LinearModel {
  const n = rows.length;
  if (n === 0) throw new InputError('no row to fit the least-squares model on', { file });
  const p = rows[0]!.length;
  const { weights, ridgePerRow = RIDGE_PER_ROW } = options;
  let total = 0;
  // the bias is the last unknown: its column of ones is not penalized
  const gram = new Float64Array((p + 1) * (p + 1));
  const moment = new Float64Array(p + 1);
  const x = new Float64Array(p + 1);
  x[p] = 1;
  for (let r = 0; r < n; r++) {
    const c = weights ? weights[r]! : 1;
    if (c === 0) continue;
    total += c;
    x.set(rows[r]!);
    const y = targets[r]!;
    for (let i = 0; i <= p; i++) {
      const xi = c * x[i]!;
      if (xi === 0) continue;
      moment[i]! += xi * y;
      for (let j = i; j <= p; j++) gram[i * (p + 1) + j]! += xi * x[j]!;
    }
  }
  const system = new Matrix(p + 1, p + 1);
  for (let i = 0; i <= p; i++)
    for (let j = i; j <= p; j++) {
      const value = gram[i * (p + 1) + j]! + (i === j && i < p ? ridgePerRow * total : 0);
      system.set(i, j, value);
      system.set(j, i, value);
    }
  // positive definite for any rows (λ > 0 on the weights, Σc on the bias) unless a number is not finite or every weight is 0
  const cholesky = new CholeskyDecomposition(system);
  if (!cholesky.isPositiveDefinite())
    throw new InputError('the least-squares model cannot be fitted: a feature or target value is not a finite number', { file });
  const solution = cholesky.solve(Matrix.columnVector(Array.from(moment))).getColumn(0);
  return { weights: Float64Array.from(solution.slice(0, p)), bias: solution[p]! };
}
