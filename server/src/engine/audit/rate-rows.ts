import { decidedByLabel, rateSlots, rowsBehind, slotTotals } from './exact-intervals';
import type { AuditStatistics } from './statistics';

/**
 * The rows behind each per-group rate conditioned on the label or the decision (TPR: rows with a
 * positive label; PPV: rows predicted positive), keyed by metric: a reader weighs "1.000 [0.478,
 * 1.000]" by them (cold try 13). Rates over all of the group's rows are left out (its count says
 * it). Rows, not weights, counted as for the exact intervals (exact-intervals.ts): a label and
 * prediction whose rows all weigh 0 is left out, as from the rate. A randomized decision's
 * predicted counts are expected ones, not rows: those rates are left out.
 */
export function rateRows(statistics: AuditStatistics, cells: readonly number[]): Record<string, number> {
  const totals = slotTotals(statistics, cells);
  const out: Record<string, number> = {};
  for (const [metric, { denominator }] of Object.entries(rateSlots(statistics))) {
    if (denominator.length === totals.rows.length) continue;
    if (statistics.layout.expected && !decidedByLabel(statistics, denominator)) continue;
    out[metric] = rowsBehind(totals, denominator);
  }
  return out;
}
