import { asGroupCodes, type GroupCodes } from '../../engine/table/table';

/** A fitted reject-option rule (Kamiran, Karim & Zhang, 2012). */
export interface RejectOptionRule {
  threshold: number;
  /** Half-width of the critical region |score − threshold| ≤ band. */
  band: number;
  /** The privileged groups (AIF360's privileged_groups is a list too); every other group is unprivileged. */
  privileged: readonly string[];
}

/**
 * Outside the critical region the decision is score ≥ threshold; inside it, the unprivileged
 * groups get the positive decision and the privileged groups the negative one.
 */
export function rejectOptionDecisions(rule: RejectOptionRule, scores: ArrayLike<number>, groups: readonly string[] | GroupCodes): Uint8Array {
  const { codes, names } = asGroupCodes(groups);
  const privileged = names.map((name) => rule.privileged.includes(name));
  const decisions = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (Math.abs(score - rule.threshold) <= rule.band) decisions[i] = privileged[codes[i]!] ? 0 : 1;
    else decisions[i] = score >= rule.threshold ? 1 : 0;
  }
  return decisions;
}

/**
 * The default privileged groups: every group whose selection rate at the threshold is above the
 * overall one (a group at exactly the overall rate is unprivileged), the highest rate first. No
 * group is above when all rates are equal (and never are all, the overall rate being their
 * row-weighted mean): then the single group with the highest rate (name order on a tie).
 */
export function defaultPrivileged(scores: ArrayLike<number>, groups: GroupCodes, threshold: number): string[] {
  const { codes, names } = groups;
  const selected = new Float64Array(names.length);
  const rows = new Float64Array(names.length);
  for (let i = 0; i < codes.length; i++) {
    selected[codes[i]!]! += scores[i]! >= threshold ? 1 : 0;
    rows[codes[i]!]!++;
  }
  const allSelected = selected.reduce((sum, count) => sum + count, 0);
  const rates = names
    .map((name, code) => ({ name, selected: selected[code]!, rows: rows[code]! }))
    .sort((a, b) => b.selected / b.rows - a.selected / a.rows || (a.name < b.name ? -1 : 1));
  // selected/rows > allSelected/allRows compared in whole counts, so a tie is exact
  const above = rates.filter((group) => group.selected * codes.length > allSelected * group.rows).map((group) => group.name);
  return above.length > 0 ? above : [rates[0]!.name];
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
