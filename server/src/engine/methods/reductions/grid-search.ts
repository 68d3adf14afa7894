import { throwIfAborted } from '../../errors';
import { bestResponse, hardPredictions, Mixture } from './mixture';
import { errorRate, gammas, Moments, rowCosts } from './moments';
import type { Candidate } from './select';

export interface GridOptions {
  /** Classifiers to fit at most (default 21). */
  gridSize?: number;
  /** Largest |multiplier| on the grid (default 2). */
  limit?: number;
  signal?: AbortSignal;
  onIteration?: (fraction: number) => void;
}

/**
 * Grid search (Agarwal et al. 2018): one cost-sensitive logistic regression per point of a grid
 * of signed multipliers. Per event, the last group's multiplier is fixed at 0: the moments of an
 * event sum to zero when weighted by group size, so that direction adds nothing.
 */
export function gridSearchCandidates(rows: readonly Float64Array[], labels: Uint8Array, moments: Moments, options: GridOptions = {}): Candidate[] {
  const groupCount = moments.groups.length;
  const free: number[] = [];
  for (let e = 0; e < moments.events.length; e++) for (let a = 0; a < groupCount - 1; a++) free.push(e * groupCount + a);
  const perAxis = Math.max(3, Math.floor((options.gridSize ?? 21) ** (1 / Math.max(1, free.length))));
  const limit = options.limit ?? 2;
  const axis = Array.from({ length: perAxis }, (_, i) => -limit + (2 * limit * i) / (perAxis - 1));
  const total = perAxis ** free.length;
  const candidates: Candidate[] = [];
  for (let index = 0; index < total; index++) {
    throwIfAborted(options.signal);
    const signed = new Float64Array(moments.cellCounts.length);
    let rest = index;
    for (const k of free) {
      signed[k] = axis[rest % perAxis]!;
      rest = Math.floor(rest / perAxis);
    }
    const model = bestResponse(rows, rowCosts(moments, labels, signed), options.signal);
    const predictions = hardPredictions(model, rows);
    candidates.push({ model, error: errorRate(labels, predictions), gammas: gammas(moments, predictions) });
    options.onIteration?.((index + 1) / total);
  }
  return candidates;
}

/** The most accurate grid classifier with |γ| ≤ ε on the training rows, else the least error + violation/ε. */
export function bestGridClassifier(candidates: readonly Candidate[], epsilon: number): Mixture {
  const score = (c: Candidate) => {
    const excess = Math.max(0, ...Array.from(c.gammas, (g) => Math.abs(g) - epsilon));
    return excess > 0 ? 1 + c.error + excess / epsilon : c.error;
  };
  let best = 0;
  candidates.forEach((c, t) => {
    if (score(c) < score(candidates[best]!)) best = t;
  });
  return { classifiers: candidates.map((c) => c.model), weights: candidates.map((_, t) => (t === best ? 1 : 0)) };
}
