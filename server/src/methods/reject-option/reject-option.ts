import { asGroupCodes, type GroupCodes } from '../../engine/table/table';

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
export function rejectOptionDecisions(rule: RejectOptionRule, scores: ArrayLike<number>, groups: readonly string[] | GroupCodes): Uint8Array {
  const { codes, names } = asGroupCodes(groups);
  const privileged = names.indexOf(rule.privileged);
  const decisions = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (Math.abs(score - rule.threshold) <= rule.band) decisions[i] = codes[i] === privileged ? 0 : 1;
    else decisions[i] = score >= rule.threshold ? 1 : 0;
  }
  return decisions;
}

/** The group with the highest selection rate under the plain threshold: the one favoured so far. */
export function mostFavoured(scores: ArrayLike<number>, groups: GroupCodes, threshold: number): string {
  const { codes, names } = groups;
  const selected = new Float64Array(names.length);
  const rows = new Float64Array(names.length);
  for (let i = 0; i < codes.length; i++) {
    selected[codes[i]!]! += scores[i]! >= threshold ? 1 : 0;
    rows[codes[i]!]!++;
  }
  const rates = names.map((name, code): [string, number] => [name, selected[code]! / rows[code]!]);
  return rates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
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
