/**
 * The bin of `value` among half-open intervals [a, b): with edges [25, 45, 65] these are "<25",
 * "[25, 45)", "[45, 65)" and ">=65"; a value on an edge belongs to the bin above it. Without
 * edges every value is in the single bin "all".
 */
export function binLabel(value: number, edges: readonly number[]): string {
  if (edges.length === 0) return 'all';
  const index = binIndex(value, edges);
  if (index === 0) return `<${edges[0]}`;
  if (index === edges.length) return `>=${edges[index - 1]}`;
  return `[${edges[index - 1]}, ${edges[index]})`;
}

/** 0 for the bin below the first edge up to edges.length for the bin from the last edge on. */
export function binIndex(value: number, edges: readonly number[]): number {
  // Binary search for the number of edges <= value.
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (edges[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The names of the bins at `edges`, lowest first, e.g. ["<25", "[25, 45)", ">=45"]. */
export function binLabels(edges: readonly number[]): string[] {
  // bin i holds the values from edges[i - 1] on (a value on an edge is in the bin above it)
  return [-Infinity, ...edges].map((lowest) => binLabel(lowest, edges));
}

/** The bins of each binned column as groups are named, e.g. "Bins: age <33, [33, 39), [39, 48), >=48"; null without any. */
export function binsLine(bins: Readonly<Record<string, readonly number[]>> | undefined): string | null {
  const columns = Object.entries(bins ?? {});
  return columns.length === 0 ? null : `Bins: ${columns.map(([column, edges]) => `${column} ${binLabels(edges).join(', ')}`).join('; ')}`;
}
