import { InputError } from '../../engine/errors';

export const FAIRNESS_CONSTRAINTS = ['demographic-parity', 'equal-opportunity', 'equalized-odds'] as const;
export type FairnessConstraint = (typeof FAIRNESS_CONSTRAINTS)[number];

/**
 * The constraint moments of the reductions approach (Agarwal et al. 2018): for each event e
 * (all rows; y = 1; y = 0) and group a, γ_(e,a)(h) = P(h = 1 | A = a, e) − P(h = 1 | e).
 * Demographic parity uses the event "all rows", equal opportunity y = 1, equalized odds both labels.
 */
export interface Moments {
  groups: string[];
  /** Event names in order (e.g. ["y=1"]); moment k is (event k / groups.length, group k % groups.length). */
  events: string[];
  /** Per row: its event index (−1 when the row belongs to no event) and its group index. */
  rowEvent: Int32Array;
  rowGroup: Int32Array;
  /** Rows per (event, group), indexed like the moments, and per event. */
  cellCounts: Float64Array;
  eventCounts: Float64Array;
}

export function buildMoments(constraint: FairnessConstraint, groups: readonly string[], labels: ArrayLike<number>, file: string): Moments {
  const groupNames = [...new Set(groups)].sort();
  const groupIndex = new Map(groupNames.map((g, i) => [g, i]));
  const events = constraint === 'demographic-parity' ? ['all'] : constraint === 'equal-opportunity' ? ['y=1'] : ['y=0', 'y=1'];
  const eventOf = (y: number): number => (constraint === 'demographic-parity' ? 0 : constraint === 'equal-opportunity' ? (y === 1 ? 0 : -1) : y);
  const n = groups.length;
  const rowEvent = new Int32Array(n);
  const rowGroup = new Int32Array(n);
  const cellCounts = new Float64Array(events.length * groupNames.length);
  const eventCounts = new Float64Array(events.length);
  for (let i = 0; i < n; i++) {
    const e = eventOf(labels[i]!);
    const a = groupIndex.get(groups[i]!)!;
    rowEvent[i] = e;
    rowGroup[i] = a;
    if (e < 0) continue;
    cellCounts[e * groupNames.length + a]!++;
    eventCounts[e]!++;
  }
  for (let k = 0; k < cellCounts.length; k++) {
    if (cellCounts[k] === 0) {
      const event = events[Math.floor(k / groupNames.length)]!;
      throw new InputError(
        `group "${groupNames[k % groupNames.length]}" has no training row with ${event === 'all' ? 'any label' : event}: the ${constraint} constraint is undefined for it`,
        { file },
      );
    }
  }
  return { groups: groupNames, events, rowEvent, rowGroup, cellCounts, eventCounts };
}

export function momentCount(moments: Moments): number {
  return moments.cellCounts.length;
}

/** γ of a (possibly randomized) classifier given each row's probability of predicting 1. */
export function gammas(moments: Moments, predictions: ArrayLike<number>): Float64Array {
  const cellSums = new Float64Array(moments.cellCounts.length);
  const eventSums = new Float64Array(moments.eventCounts.length);
  const groupCount = moments.groups.length;
  for (let i = 0; i < predictions.length; i++) {
    const e = moments.rowEvent[i]!;
    if (e < 0) continue;
    cellSums[e * groupCount + moments.rowGroup[i]!]! += predictions[i]!;
    eventSums[e]! += predictions[i]!;
  }
  return cellSums.map((sum, k) => sum / moments.cellCounts[k]! - eventSums[Math.floor(k / groupCount)]! / moments.eventCounts[Math.floor(k / groupCount)]!);
}

/**
 * Each row's cost of predicting 1 rather than 0 in the Lagrangian err(h) + Σ_k μ_k γ_k(h), with
 * signed multipliers μ: the error term (1 − 2y)/n plus the row's share of each moment.
 */
export function rowCosts(moments: Moments, labels: ArrayLike<number>, multipliers: ArrayLike<number>): Float64Array {
  const n = labels.length;
  const groupCount = moments.groups.length;
  // Σ_a μ_(e,a) / n_e: every row of event e carries it with a minus sign.
  const eventShare = Float64Array.from(moments.eventCounts, (count, e) => {
    let sum = 0;
    for (let a = 0; a < groupCount; a++) sum += multipliers[e * groupCount + a]!;
    return sum / count;
  });
  return Float64Array.from({ length: n }, (_, i) => {
    const error = (1 - 2 * labels[i]!) / n;
    const e = moments.rowEvent[i]!;
    if (e < 0) return error;
    const k = e * groupCount + moments.rowGroup[i]!;
    return error + multipliers[k]! / moments.cellCounts[k]! - eventShare[e]!;
  });
}

/** Training error of a (possibly randomized) classifier. */
export function errorRate(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += labels[i] === 1 ? 1 - predictions[i]! : predictions[i]!;
  return sum / labels.length;
}
