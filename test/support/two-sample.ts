/** Two-sample KS statistic sup_t |F_a(t) − F_b(t)|, by sorting both samples (written here, independent of the engine). */
export function ks(a: readonly number[], b: readonly number[]): number {
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  let i = 0;
  let j = 0;
  let worst = 0;
  while (i < sa.length && j < sb.length) {
    const t = Math.min(sa[i]!, sb[j]!);
    while (i < sa.length && sa[i]! <= t) i++;
    while (j < sb.length && sb[j]! <= t) j++;
    worst = Math.max(worst, Math.abs(i / sa.length - j / sb.length));
  }
  return worst;
}
