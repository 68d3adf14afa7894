/** The lower median of numbers given as text with their counts: the smallest value with at least half the rows at or below it. */
export function medianOfCounts(counted: readonly { value: string; count: number }[]): number {
  const sorted = counted.map((v) => ({ value: Number(v.value), count: v.count })).sort((a, b) => a.value - b.value);
  const half = sorted.reduce((sum, v) => sum + v.count, 0) / 2;
  let below = 0;
  for (const v of sorted) {
    below += v.count;
    if (below >= half) return v.value;
  }
  return Number.NaN;
}
