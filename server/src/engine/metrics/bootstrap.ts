/**
 * Percentile interval of the replicate values (type-7 quantiles), ignoring NaN replicates.
 * Returns null when fewer than half of the replicates gave a value: the interval would describe
 * a different population than the estimate.
 */
export function percentileInterval(replicates: Float64Array, level: number): [number, number] | null {
  const finite = Array.from(replicates).filter((v) => !Number.isNaN(v));
  if (finite.length === 0 || finite.length * 2 < replicates.length) return null;
  finite.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return [quantileSorted(finite, alpha), quantileSorted(finite, 1 - alpha)];
}

function quantileSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return sorted[below]! + (sorted[above]! - sorted[below]!) * fraction;
}
