import { decidedByLabel, rateSlots } from './exact-intervals';
import { OUTCOME_FIELDS, type AuditStatistics } from './statistics';

/**
 * The rows behind each per-group rate conditioned on the label or the decision (TPR: rows with a
 * positive label; PPV: rows predicted positive), keyed by metric: a reader weighs "1.000 [0.478,
 * 1.000]" by them (cold try 13). Rates over all of the group's rows are left out (its count says
 * it). Rows, not weights, counted as for the exact intervals (exact-intervals.ts): a label and
 * prediction whose rows all weigh 0 is left out, as from the rate. A randomized decision's
 * predicted counts are expected ones, not rows: those rates are left out.
 */
export function rateRows(statistics: AuditStatistics, cells: readonly number[]): Record<string, number> {
  const slots = statistics.labelSlots * statistics.predictionSlots;
  const rows = new Float64Array(slots);
  const weights = new Float64Array(slots);
  for (const c of cells) {
    const outcomes = statistics.cells[c]!.outcomes;
    for (let s = 0; s < slots; s++) {
      rows[s]! += outcomes[s * OUTCOME_FIELDS]!;
      weights[s]! += outcomes[s * OUTCOME_FIELDS + 1]!;
    }
  }
  const out: Record<string, number> = {};
  for (const [metric, { denominator }] of Object.entries(rateSlots(statistics))) {
    if (denominator.length === slots) continue;
    if (statistics.layout.expected && !decidedByLabel(statistics, denominator)) continue;
    out[metric] = denominator.reduce((total, s) => total + (weights[s]! > 0 ? rows[s]! : 0), 0);
  }
  return out;
}
