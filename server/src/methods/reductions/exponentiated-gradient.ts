import { throwIfAborted } from '../../engine/errors';
import { bestResponse, hardPredictions } from './mixture';
import { errorRate, gammas, momentCount, Moments, rowCosts } from './moments';
import type { Candidate } from './select';

export interface ReductionOptions {
  /** Allowed |γ| on the training rows. */
  epsilon: number;
  /** Bound B on the multipliers' L1 norm (default 1/ε). */
  bound?: number;
  /** Best responses at most (default 30). */
  iterations?: number;
  signal?: AbortSignal;
  onIteration?: (fraction: number) => void;
}

/**
 * Exponentiated gradient (Agarwal et al. 2018): a game between the learner, who best-responds to
 * the multipliers with a cost-sensitive logistic regression, and the multipliers, updated
 * multiplicatively with the constraint violation (θ += η(±γ − ε), λ = B·exp θ / (1 + Σ exp θ),
 * η = 2/B as in the paper's implementation). Returns the classifiers it visits; selectMixture
 * mixes them into the most accurate randomized classifier meeting the constraints.
 */
export function exponentiatedGradientCandidates(rows: readonly Float64Array[], labels: Uint8Array, moments: Moments, options: ReductionOptions): Candidate[] {
  const k = momentCount(moments);
  const bound = options.bound ?? 1 / options.epsilon;
  const eta = 2 / bound;
  const iterations = options.iterations ?? 30;
  const theta = new Float64Array(2 * k);
  const candidates: Candidate[] = [];
  for (let t = 0; t < iterations; t++) {
    throwIfAborted(options.signal);
    const lambda = multipliers(theta, bound);
    const signed = Float64Array.from({ length: k }, (_, m) => lambda[m]! - lambda[k + m]!);
    const model = bestResponse(rows, rowCosts(moments, labels, signed), options.signal);
    const predictions = hardPredictions(model, rows);
    const g = gammas(moments, predictions);
    candidates.push({ model, error: errorRate(labels, predictions), gammas: g });
    for (let m = 0; m < k; m++) {
      theta[m]! += eta * (g[m]! - options.epsilon);
      theta[k + m]! += eta * (-g[m]! - options.epsilon);
    }
    options.onIteration?.((t + 1) / iterations);
  }
  return candidates;
}

/** λ = B·exp θ / (1 + Σ exp θ), computed without overflow. */
function multipliers(theta: Float64Array, bound: number): Float64Array {
  const top = Math.max(0, ...theta);
  const exps = theta.map((t) => Math.exp(t - top));
  const denominator = Math.exp(-top) + exps.reduce((s, x) => s + x, 0);
  return exps.map((x) => (bound * x) / denominator);
}
