import { boundaryInterval } from '../metrics/clopper-pearson';
import { classMetricName } from '../metrics/multiclass';
import { OUTCOME_FIELDS, type AuditStatistics } from './statistics';
import { proportionsOf } from './tests';
import type { Interval } from '../../../../common/reports/audit';

type Slots = { numerator: number[]; denominator: number[] };

/**
 * The per-group rates whose count of successes is 0 or all of their denominator: every bootstrap
 * resample gives the same 0 or 1, so the percentile interval is a point ("1.000 [1.000, 1.000]"
 * on 2 rows). They get the exact binomial interval instead (boundaryInterval), keyed by metric.
 *
 * n is the denominator's unweighted row count, also with --weight (rows of weight 0 left out, as
 * from the rate): the exact interval is of a count of rows; the weights rescale the rate, not the
 * rows behind it, and have no such closed form.
 * A randomized decision's (`layout.expected`) figures are expected counts, not counts: a rate is
 * given its exact interval only when its denominator does not depend on the decision (rows of a
 * label, or all rows) and its expected numerator is exactly 0 or all of it, i.e. every row it
 * counts was decided with probability 0 or 1.
 */
export function exactGroupIntervals(statistics: AuditStatistics, cells: readonly number[], level: number): Record<string, Interval> {
  const out: Record<string, Interval> = {};
  const totals = slotTotals(statistics, cells);
  const sum = (list: readonly number[]) => list.reduce((total, s) => total + totals.weights[s]!, 0);
  for (const [metric, { numerator, denominator }] of Object.entries(rateSlots(statistics))) {
    if (statistics.layout.expected && !decidedByLabel(statistics, denominator)) continue;
    const rest = denominator.filter((s) => !numerator.includes(s));
    const n = rowsBehind(totals, denominator);
    // compared on the weights: the rate shown is 0 (no weight counted) or 1 (none left out)
    const k = sum(numerator) === 0 ? 0 : sum(rest) === 0 ? n : Number.NaN;
    const interval = boundaryInterval(k, n, level);
    if (interval) out[metric] = interval;
  }
  return out;
}

/** The rows and the weight of each slot (label × prediction) over a group's cells. */
export function slotTotals(statistics: AuditStatistics, cells: readonly number[]): { rows: Float64Array; weights: Float64Array } {
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
  return { rows, weights };
}

/** The rows of `slots` that a rate counts: a slot of weight 0 holds rows of weight 0 only, which every rate leaves out. */
export function rowsBehind(totals: { rows: Float64Array; weights: Float64Array }, slots: readonly number[]): number {
  return slots.reduce((total, s) => total + (totals.weights[s]! > 0 ? totals.rows[s]! : 0), 0);
}

/** Numerator and denominator slots (label × prediction) of each per-group rate that is one proportion. */
export function rateSlots(statistics: AuditStatistics): Record<string, Slots> {
  if (statistics.layout.task !== 'multiclass') return proportionsOf(statistics) ?? {};
  // one-vs-rest rates of each class (multiclass.ts); slot = label · k + prediction
  const k = statistics.classes.length;
  const all = Array.from({ length: k * k }, (_, s) => s);
  const label = (s: number) => Math.floor(s / k);
  const prediction = (s: number) => s % k;
  const out: Record<string, Slots> = {
    accuracy: { numerator: all.filter((s) => label(s) === prediction(s)), denominator: all },
    error_rate: { numerator: all.filter((s) => label(s) !== prediction(s)), denominator: all },
  };
  statistics.classes.forEach((name, c) => {
    const ofClass = all.filter((s) => label(s) === c);
    const predicted = all.filter((s) => prediction(s) === c);
    const others = all.filter((s) => label(s) !== c);
    out[classMetricName('base_rate', name)] = { numerator: ofClass, denominator: all };
    out[classMetricName('selection_rate', name)] = { numerator: predicted, denominator: all };
    out[classMetricName('true_positive_rate', name)] = { numerator: [c * k + c], denominator: ofClass };
    out[classMetricName('false_positive_rate', name)] = { numerator: others.filter((s) => prediction(s) === c), denominator: others };
    out[classMetricName('positive_predictive_value', name)] = { numerator: [c * k + c], denominator: predicted };
  });
  return out;
}

/** Whether a denominator holds every prediction slot of each label it holds: a count of rows whatever the decision. */
export function decidedByLabel(statistics: AuditStatistics, denominator: readonly number[]): boolean {
  const width = statistics.predictionSlots;
  return denominator.every((s) => {
    const first = s - (s % width);
    for (let p = 0; p < width; p++) if (!denominator.includes(first + p)) return false;
    return true;
  });
}
