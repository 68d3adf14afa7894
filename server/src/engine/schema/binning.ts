import { parseDecimal } from '../../../../common/decimal';

/**
 * Interior cut points splitting the rows into `bins` groups of about equal size, from the distinct
 * values and their row counts (the whole file's statistics). The cut for the quantile k/bins is
 * the "lower" order statistic (numpy's method="lower"): the value at index floor((n - 1) * k / bins)
 * of the rows sorted by value, so edges are values of the data (integer ages give integer edges).
 * Repeated cuts are merged and a cut at the minimum is dropped (the bin below it would be empty),
 * so heavily tied values give fewer than bins - 1 edges.
 */
export function quantileEdgesOfCounts(counts: ReadonlyMap<number, number>, bins: number): number[] {
  const sorted = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return [];
  const edges: number[] = [];
  let entry = 0;
  let rowsThrough = sorted[0]![1];
  for (let k = 1; k < bins; k++) {
    const index = Math.floor(((n - 1) * k) / bins);
    while (rowsThrough <= index) rowsThrough += sorted[++entry]![1];
    const edge = sorted[entry]![0];
    if (edge > (edges.at(-1) ?? sorted[0]![0])) edges.push(edge);
  }
  return edges;
}

/** Parses "25,45,65" into [25, 45, 65]; throws a plain Error unless strictly increasing finite numbers. */
export function parseEdges(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const edges = parts.map((part) => {
    const edge = parseDecimal(part);
    if (!Number.isFinite(edge)) {
      throw new Error(`bin edges must be numbers separated by commas, like "25,45,65"; "${part}" is not a number`);
    }
    return edge;
  });
  edges.forEach((edge, i) => {
    const previous = edges[i - 1];
    if (previous !== undefined && edge <= previous) {
      throw new Error(`bin edges must be strictly increasing; ${parts[i]} follows ${parts[i - 1]}`);
    }
  });
  return edges;
}

export { binIndex, binLabel } from '../../../../common/bins';
