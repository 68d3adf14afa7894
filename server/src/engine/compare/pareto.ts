/** A point of the trade-off: higher accuracy is better, a lower fairness gap is better. */
export interface TradeoffCandidate {
  accuracy: number | null;
  fairness: number | null;
}

/**
 * Marks the Pareto-optimal points: those no other point beats on one criterion without losing on
 * the other (identical points are optimal together). Points missing a figure are never optimal.
 */
export function paretoFront(points: readonly TradeoffCandidate[]): boolean[] {
  const usable = points.map((p) => p.accuracy !== null && p.fairness !== null && Number.isFinite(p.accuracy) && Number.isFinite(p.fairness));
  // By increasing gap, ties by decreasing accuracy: a point is optimal when no point before it
  // (a smaller or equal gap) has a higher accuracy, or it equals the best point so far.
  const order = points.map((_, i) => i).filter((i) => usable[i]);
  const gap = (i: number) => points[i]!.fairness!;
  const accuracy = (i: number) => points[i]!.accuracy!;
  order.sort((a, b) => gap(a) - gap(b) || accuracy(b) - accuracy(a));
  const front = points.map(() => false);
  let best: number | undefined;
  for (const i of order) {
    if (best === undefined || accuracy(i) > accuracy(best) || (accuracy(i) === accuracy(best) && gap(i) === gap(best))) {
      front[i] = true;
      if (best === undefined || accuracy(i) > accuracy(best)) best = i;
    }
  }
  return front;
}
