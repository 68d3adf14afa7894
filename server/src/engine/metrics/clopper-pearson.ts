import type { Interval } from '../../../../common/reports/audit';

/**
 * The exact (Clopper–Pearson) interval of a proportion at its boundary, k = 0 or k = n of n ≥ 1
 * rows, where the beta quantiles have closed forms: k = 0 gives [0, 1 − (α/2)^(1/n)], k = n gives
 * [(α/2)^(1/n), 1], α = 1 − level. Null inside the boundary (the bootstrap's interval stands there).
 */
export function boundaryInterval(k: number, n: number, level: number): Interval | null {
  if (!(n >= 1) || (k !== 0 && k !== n)) return null;
  const bound = ((1 - level) / 2) ** (1 / n);
  return k === 0 ? [0, 1 - bound] : [bound, 1];
}
