import type { Mixture } from './mixture';
import type { LinearModel } from '../../engine/learners/linear-model';

/** A candidate classifier with its training error and constraint moments. */
export interface Candidate {
  model: LinearModel;
  error: number;
  gammas: Float64Array;
}

/** How far the mixture's moments exceed ε (0 when it meets every constraint). */
function violation(gammas: ArrayLike<number>, epsilon: number): number {
  let worst = 0;
  for (let k = 0; k < gammas.length; k++) worst = Math.max(worst, Math.abs(gammas[k]!) - epsilon);
  return worst;
}

/**
 * The final randomized classifier: the mixture of at most two candidates with the lowest training
 * error among those meeting |γ_k| ≤ ε (error and moments are linear in the mixing weight, so each
 * pair's best weight is an end of its feasible interval). When no such mixture exists, the
 * candidate or the uniform average (the game's equilibrium estimate) with the least
 * error + bound · violation.
 */
export function selectMixture(candidates: readonly Candidate[], epsilon: number, bound: number): Mixture {
  const classifiers = candidates.map((c) => c.model);
  let best: { error: number; i: number; j: number; alpha: number } | undefined;
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i; j < candidates.length; j++) {
      const interval = feasibleWeights(candidates[i]!.gammas, candidates[j]!.gammas, epsilon);
      if (!interval) continue;
      const ei = candidates[i]!.error;
      const ej = candidates[j]!.error;
      // error(α) = α·e_i + (1 − α)·e_j is lowest at one end of the interval
      const alpha = ei <= ej ? interval[1] : interval[0];
      const error = alpha * ei + (1 - alpha) * ej;
      if (!best || error < best.error) best = { error, i, j, alpha };
    }
  }
  const weights = candidates.map(() => 0);
  if (best) {
    weights[best.i]! += best.alpha;
    weights[best.j]! += 1 - best.alpha;
    return { classifiers, weights };
  }
  const penalized = (error: number, gammas: ArrayLike<number>) => error + bound * violation(gammas, epsilon);
  const k = candidates[0]?.gammas.length ?? 0;
  const averageGammas = Float64Array.from({ length: k }, (_, m) => candidates.reduce((s, c) => s + c.gammas[m]!, 0) / candidates.length);
  const averageError = candidates.reduce((s, c) => s + c.error, 0) / candidates.length;
  let single = -1;
  let bestValue = penalized(averageError, averageGammas);
  candidates.forEach((c, t) => {
    const value = penalized(c.error, c.gammas);
    if (value < bestValue) {
      bestValue = value;
      single = t;
    }
  });
  return { classifiers, weights: single < 0 ? candidates.map(() => 1 / candidates.length) : candidates.map((_, t) => (t === single ? 1 : 0)) };
}

/** The weights α ∈ [0, 1] with |α·a_k + (1 − α)·b_k| ≤ ε for every k, or undefined. */
function feasibleWeights(a: Float64Array, b: Float64Array, epsilon: number): [number, number] | undefined {
  let low = 0;
  let high = 1;
  for (let k = 0; k < a.length; k++) {
    const slope = a[k]! - b[k]!;
    const start = b[k]!;
    if (Math.abs(slope) < 1e-15) {
      if (Math.abs(start) > epsilon) return undefined;
      continue;
    }
    const x1 = (-epsilon - start) / slope;
    const x2 = (epsilon - start) / slope;
    low = Math.max(low, Math.min(x1, x2));
    high = Math.min(high, Math.max(x1, x2));
  }
  return low <= high ? [low, high] : undefined;
}
