import { throwIfAborted } from '../../engine/errors';
import { sparseRows } from '../../engine/learners/sparse-rows';
import { bestResponse, hardPredictions, Mixture } from './mixture';
import { errorRate, gammas, Moments, rowCosts } from './moments';
import type { Candidate } from './select';
import { extentOf } from '../../../../common/extent';

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
  const points = multiplierGrid(free.length, options.gridSize ?? 21, options.limit ?? 2);
  const design = sparseRows(rows);
  const candidates: Candidate[] = [];
  for (const [index, point] of points.entries()) {
    throwIfAborted(options.signal);
    const signed = new Float64Array(moments.cellCounts.length);
    free.forEach((k, axis) => (signed[k] = point[axis]!));
    const model = bestResponse(design, rowCosts(moments, labels, signed), options.signal);
    const predictions = hardPredictions(model, design);
    candidates.push({ model, error: errorRate(labels, predictions), gammas: gammas(moments, predictions) });
    options.onIteration?.((index + 1) / points.length);
  }
  return candidates;
}

/**
 * The multiplier points: the full lattice of `perAxis` evenly spaced values in [−limit, limit] on
 * each free axis when it has at most `gridSize` points. With many free axes (many groups, or two
 * events) even three values per axis would exceed it (3^10 = 59,049 fits for equalized odds over
 * six groups), so the lattice {−limit, 0, limit}^axes is cut to its `gridSize` points with the fewest
 * non-zero multipliers: the origin, then each axis alone, then pairs, ...
 */
export function multiplierGrid(axes: number, gridSize: number, limit: number): number[][] {
  const perAxis = Math.max(3, Math.floor(gridSize ** (1 / Math.max(1, axes))));
  if (perAxis ** axes <= gridSize) {
    const values = Array.from({ length: perAxis }, (_, i) => -limit + (2 * limit * i) / (perAxis - 1));
    return Array.from({ length: perAxis ** axes }, (_, index) => {
      let rest = index;
      return Array.from({ length: axes }, () => {
        const value = values[rest % perAxis]!;
        rest = Math.floor(rest / perAxis);
        return value;
      });
    });
  }
  const points: number[][] = [];
  // Every choice of `count` non-zero axes (in lexicographic order), each at −limit or +limit.
  const visit = (count: number, from: number, point: number[]): void => {
    if (points.length >= gridSize) return;
    if (count === 0) {
      points.push([...point]);
      return;
    }
    for (let axis = from; axis <= axes - count; axis++) {
      for (const value of [-limit, limit]) {
        point[axis] = value;
        visit(count - 1, axis + 1, point);
        point[axis] = 0;
      }
    }
  };
  for (let count = 0; count <= axes && points.length < gridSize; count++) visit(count, 0, new Array<number>(axes).fill(0));
  return points;
}

/** The most accurate grid classifier with |γ| ≤ ε on the training rows, else the least error + violation/ε. */
export function bestGridClassifier(candidates: readonly Candidate[], epsilon: number): Mixture {
  const score = (c: Candidate) => {
    const excess = Math.max(0, extentOf(Array.from(c.gammas, (g) => Math.abs(g) - epsilon))[1]);
    return excess > 0 ? 1 + c.error + excess / epsilon : c.error;
  };
  let best = 0;
  candidates.forEach((c, t) => {
    if (score(c) < score(candidates[best]!)) best = t;
  });
  return { classifiers: candidates.map((c) => c.model), weights: candidates.map((_, t) => (t === best ? 1 : 0)) };
}
