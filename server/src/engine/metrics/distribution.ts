import { RowSample, Weights, weightAt } from './sample';

/**
 * Distances between the empirical (weighted) distributions of two samples sorted by value:
 * Kolmogorov-Smirnov sup_t |F_a(t) - F_b(t)| and Wasserstein-1 = integral of |F_a - F_b|.
 * NaN when either sample has no weight.
 */
export function distributionDistances(
  a: RowSample,
  weightsA: Weights,
  b: RowSample,
  weightsB: Weights,
): { ks: number; wasserstein: number } {
  const totalA = totalWeight(a, weightsA);
  const totalB = totalWeight(b, weightsB);
  if (totalA === 0 || totalB === 0) return { ks: Number.NaN, wasserstein: Number.NaN };
  let i = 0;
  let j = 0;
  let cumulativeA = 0;
  let cumulativeB = 0;
  let ks = 0;
  let wasserstein = 0;
  let previous = Number.NaN;
  while (i < a.length || j < b.length) {
    const next = Math.min(i < a.length ? a.values[i]! : Infinity, j < b.length ? b.values[j]! : Infinity);
    if (!Number.isNaN(previous)) {
      wasserstein += Math.abs(cumulativeA / totalA - cumulativeB / totalB) * (next - previous);
    }
    for (; i < a.length && a.values[i] === next; i++) cumulativeA += weightAt(weightsA, i);
    for (; j < b.length && b.values[j] === next; j++) cumulativeB += weightAt(weightsB, j);
    ks = Math.max(ks, Math.abs(cumulativeA / totalA - cumulativeB / totalB));
    previous = next;
  }
  return { ks, wasserstein };
}

function totalWeight(sample: RowSample, weights: Weights): number {
  if (weights === undefined) return sample.length;
  let total = 0;
  for (let i = 0; i < sample.length; i++) total += weightAt(weights, i);
  return total;
}
