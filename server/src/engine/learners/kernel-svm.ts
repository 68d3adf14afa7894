import { LuDecomposition, Matrix } from 'ml-matrix';
import { throwIfAborted } from '../errors';

/** A fitted RBF-kernel SVM: f(x) = Σ_i coefficients_i K(supportVectors_i, x) + bias, K = exp(−γ‖x − x'‖²). */
export interface KernelSvmModel {
  gamma: number;
  supportVectors: Float64Array[];
  /** α_i y_i of each support vector. */
  coefficients: Float64Array;
  bias: number;
}

export interface KernelSvmOptions {
  C: number;
  gamma: number;
  /**
   * Extra equality rows e_k: the dual keeps Σ_i α_i y_i e_k(i) = 0 besides Σ_i α_i y_i = 0
   * (for kernel FERM, e_k = τ_k).
   */
  equalities?: readonly Float64Array[];
  signal?: AbortSignal;
  /** Largest tolerated KKT violation (default 1e-6). */
  tolerance?: number;
}

export interface KernelSvmSolution {
  model: KernelSvmModel;
  /** The dual variables, one per training row. */
  alpha: Float64Array;
}

export function rbfKernel(a: Float64Array, b: Float64Array, gamma: number): number {
  let distance = 0;
  for (let j = 0; j < a.length; j++) distance += (a[j]! - b[j]!) ** 2;
  return Math.exp(-gamma * distance);
}

/** The n×n kernel matrix of the rows, row-major. */
export function kernelMatrix(rows: readonly Float64Array[], gamma: number): Float64Array {
  const n = rows.length;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    K[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) K[i * n + j] = K[j * n + i] = rbfKernel(rows[i]!, rows[j]!, gamma);
  }
  return K;
}

/**
 * Solves min ½αᵀQα − 1ᵀα over 0 ≤ α ≤ C with Q = (yyᵀ)∘K and the equalities Aα = 0, where the rows
 * of A are y and y∘e_k. Method: SMO (pairs of variables moved along y_i e_i − y_j e_j, so yᵀα = 0
 * holds throughout; most-violating-pair selection) on an augmented Lagrangian of the extra rows
 * a_k = y∘e_k: min ½αᵀQα − 1ᵀα + Σ_k λ_k a_kᵀα + ρ/2 (a_kᵀα)² over the box, warm-started while the
 * multipliers λ are updated. Any number of extra rows costs O(n·rows) per pair update.
 * A final active-set step re-solves the free variables' KKT system exactly (moving any that leave
 * the box to their bound), so the equalities hold to rounding error.
 */
export function fitKernelSvm(rows: readonly Float64Array[], labels: ArrayLike<number>, options: KernelSvmOptions): KernelSvmSolution {
  const n = rows.length;
  const y = Float64Array.from({ length: n }, (_, i) => (labels[i] === 1 ? 1 : -1));
  const K = kernelMatrix(rows, options.gamma);
  const extra = (options.equalities ?? []).map((e) => Float64Array.from(e, (v, i) => v * y[i]!));
  const alpha = solveDual(K, y, extra, options);
  polishFreeVariables(K, y, [y, ...extra], alpha, options.C);
  const bias = averageBias(K, y, alpha, options.C);
  const support = [...alpha.keys()].filter((i) => alpha[i]! > 0);
  return {
    alpha,
    model: {
      gamma: options.gamma,
      supportVectors: support.map((i) => rows[i]!),
      coefficients: Float64Array.from(support, (i) => alpha[i]! * y[i]!),
      bias,
    },
  };
}

export function kernelDecisionValues(model: KernelSvmModel, rows: readonly Float64Array[]): Float64Array {
  return Float64Array.from(rows, (row) => {
    let sum = model.bias;
    model.supportVectors.forEach((sv, k) => (sum += model.coefficients[k]! * rbfKernel(sv, row, model.gamma)));
    return sum;
  });
}

function solveDual(K: Float64Array, y: Float64Array, extra: Float64Array[], options: KernelSvmOptions): Float64Array {
  const n = y.length;
  const m = extra.length;
  const C = options.C;
  const tolerance = options.tolerance ?? 1e-6;
  const alpha = new Float64Array(n);
  const Qalpha = new Float64Array(n); // (Qα)_t = y_t Σ_j K_tj y_j α_j
  const products = new Float64Array(m); // s_k = a_kᵀα
  const lambda = new Float64Array(m);
  const gradient = new Float64Array(n);
  let rho = m > 0 ? 10 : 0;
  for (let outer = 0; outer < 50; outer++) {
    for (let step = 0; step < 100 * n + 10000; step++) {
      if (step % 1000 === 0) throwIfAborted(options.signal);
      // Gradient of the augmented objective; the most violating pair (first-order rule of SMO).
      let up = -1;
      let low = -1;
      let upValue = -Infinity;
      let lowValue = Infinity;
      for (let t = 0; t < n; t++) {
        let g = Qalpha[t]! - 1;
        for (let k = 0; k < m; k++) g += extra[k]![t]! * (lambda[k]! + rho * products[k]!);
        gradient[t] = g;
        const score = -y[t]! * g;
        const a = alpha[t]!;
        const canRise = y[t]! > 0 ? a < C : a > 0; // t ∈ I_up
        const canFall = y[t]! > 0 ? a > 0 : a < C; // t ∈ I_low
        if (canRise && score > upValue) {
          upValue = score;
          up = t;
        }
        if (canFall && score < lowValue) {
          lowValue = score;
          low = t;
        }
      }
      if (up < 0 || low < 0 || upValue - lowValue < tolerance) break;
      const i = up;
      const j = low;
      // Direction d = y_i e_i − y_j e_j keeps yᵀα = 0.
      let curvature = K[i * n + i]! + K[j * n + j]! - 2 * K[i * n + j]!;
      for (let k = 0; k < m; k++) curvature += rho * (extra[k]![i]! * y[i]! - extra[k]![j]! * y[j]!) ** 2;
      const slope = y[i]! * gradient[i]! - y[j]! * gradient[j]!;
      let delta = -slope / Math.max(curvature, 1e-12);
      // Keep α_i + y_i δ and α_j − y_j δ inside [0, C].
      delta = y[i]! > 0 ? Math.min(delta, C - alpha[i]!) : Math.min(delta, alpha[i]!);
      delta = y[j]! > 0 ? Math.min(delta, alpha[j]!) : Math.min(delta, C - alpha[j]!);
      if (!(delta > 0)) break;
      alpha[i] = Math.min(Math.max(alpha[i]! + y[i]! * delta, 0), C);
      alpha[j] = Math.min(Math.max(alpha[j]! - y[j]! * delta, 0), C);
      const rowI = i * n;
      const rowJ = j * n;
      for (let t = 0; t < n; t++) Qalpha[t]! += y[t]! * delta * (K[rowI + t]! - K[rowJ + t]!);
      for (let k = 0; k < m; k++) products[k]! += delta * (extra[k]![i]! * y[i]! - extra[k]![j]! * y[j]!);
    }
    if (m === 0) break;
    let violation = 0;
    for (let k = 0; k < m; k++) {
      lambda[k]! += rho * products[k]!;
      violation = Math.max(violation, Math.abs(products[k]!));
    }
    // The equalities are the point of FERM: hold them far tighter than the optimality tolerance.
    if (violation < 1e-10) break;
    rho = Math.min(rho * 2, 1e6);
  }
  return alpha;
}

/**
 * With the bound variables fixed (rounded to 0 or C), the free ones solve
 * [Q_FF A_Fᵀ; A_F 0][α_F; ν] = [1 − Q_FB α_B; −A_B α_B] exactly. A free variable that leaves the box
 * is moved to its nearest bound and the system solved again, so the equalities end up exact.
 */
function polishFreeVariables(K: Float64Array, y: Float64Array, A: Float64Array[], alpha: Float64Array, C: number): void {
  const n = y.length;
  const m = A.length;
  const margin = 1e-9 * C;
  const current = alpha.map((a) => (a <= margin ? 0 : a >= C - margin ? C : a));
  let free = [...current.keys()].filter((i) => current[i]! > 0 && current[i]! < C);
  for (let round = 0; round < 20 && free.length > 0; round++) {
    const freeSet = new Set(free);
    const bound = [...current.keys()].filter((i) => !freeSet.has(i) && current[i]! > 0);
    const f = free.length;
    const system = new Matrix(f + m, f + m);
    const rhs = new Float64Array(f + m);
    free.forEach((i, r) => {
      free.forEach((j, c) => system.set(r, c, y[i]! * y[j]! * K[i * n + j]!));
      A.forEach((row, k) => {
        system.set(r, f + k, row[i]!);
        system.set(f + k, r, row[i]!);
      });
      let fixed = 0;
      for (const j of bound) fixed += y[i]! * y[j]! * K[i * n + j]! * current[j]!;
      rhs[r] = 1 - fixed;
    });
    A.forEach((row, k) => (rhs[f + k] = -bound.reduce((sum, j) => sum + row[j]! * current[j]!, 0)));
    const lu = new LuDecomposition(system);
    if (lu.isSingular()) return;
    const solution = lu.solve(Matrix.columnVector(Array.from(rhs))).getColumn(0);
    free.forEach((i, r) => (current[i] = Math.min(Math.max(solution[r]!, 0), C)));
    const outside = free.filter((_, r) => solution[r]! < 0 || solution[r]! > C);
    if (outside.length === 0) {
      alpha.set(current);
      return;
    }
    free = free.filter((i) => current[i]! > 0 && current[i]! < C);
  }
}

/** b averaged over the free support vectors, y_i − Σ_j α_j y_j K_ij; over all support vectors if none is free. */
function averageBias(K: Float64Array, y: Float64Array, alpha: Float64Array, C: number): number {
  const n = y.length;
  const margin = 1e-8 * C;
  const pick = (test: (a: number) => boolean) => [...alpha.keys()].filter((i) => test(alpha[i]!));
  let chosen = pick((a) => a > margin && a < C - margin);
  if (chosen.length === 0) chosen = pick((a) => a > 0);
  if (chosen.length === 0) return 0;
  let total = 0;
  for (const i of chosen) {
    let output = 0;
    for (let j = 0; j < n; j++) if (alpha[j]! > 0) output += alpha[j]! * y[j]! * K[i * n + j]!;
    total += y[i]! - output;
  }
  return total / chosen.length;
}
