/** A fitted reject-option rule (Kamiran, Karim & Zhang, 2012). */
export interface RejectOptionRule {
  threshold: number;
  /** Half-width of the critical region |score − threshold| ≤ band. */
  band: number;
  /** The privileged group; every other group is unprivileged. */
  privileged: string;
}

/**
 * Outside the critical region the decision is score ≥ threshold; inside it, the unprivileged
 * groups get the positive decision and the privileged group the negative one.
 */
export function rejectOptionDecisions(rule: RejectOptionRule, scores: ArrayLike<number>, groups: readonly string[]): Uint8Array {
  return Uint8Array.from({ length: scores.length }, (_, i) => {
    const score = scores[i]!;
    if (Math.abs(score - rule.threshold) <= rule.band) return groups[i] === rule.privileged ? 0 : 1;
    return score >= rule.threshold ? 1 : 0;
  });
}

/** The group with the highest selection rate under the plain threshold: the one favoured so far. */
export function mostFavoured(scores: ArrayLike<number>, groups: readonly string[], threshold: number): string {
  const rates = new Map<string, [number, number]>();
  for (let i = 0; i < groups.length; i++) {
    const entry = rates.get(groups[i]!) ?? [0, 0];
    entry[0] += scores[i]! >= threshold ? 1 : 0;
    entry[1] += 1;
    rates.set(groups[i]!, entry);
  }
  return [...rates].sort((a, b) => b[1][0] / b[1][1] - a[1][0] / a[1][1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/** Band widths searched: 0 to the largest |score − threshold|, in 100 steps. */
export function candidateBands(scores: ArrayLike<number>, threshold: number, steps = 100): number[] {
  let widest = 0;
  for (let i = 0; i < scores.length; i++) widest = Math.max(widest, Math.abs(scores[i]! - threshold));
  return Array.from({ length: steps + 1 }, (_, k) => (widest * k) / steps);
}

/**
 * The band to use: the most accurate one whose demographic-parity difference is at most `bound`;
 * when no band meets the bound, the one with the smallest difference.
 */
export function chooseBand(candidates: readonly { band: number; accuracy: number; gap: number }[], bound: number): number {
  const meeting = candidates.filter((c) => c.gap <= bound);
  if (meeting.length > 0) return meeting.reduce((best, c) => (c.accuracy > best.accuracy ? c : best)).band;
  return candidates.reduce((best, c) => (c.gap < best.gap ? c : best)).band;
}
