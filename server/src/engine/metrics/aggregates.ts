import { MetricSet } from './metric-set';

/** The four-fifths band: a disparity outside [0.8, 1.25] is flagged (a US employment-law heuristic). */
export const FOUR_FIFTHS_BAND: readonly [number, number] = [0.8, 1.25];

/** Metrics whose values can be negative; a ratio between groups is meaningless for them. */
const SIGNED_METRICS = new Set(['r2']);

export interface SkippedGroups {
  /** metric name → indices of the groups that had no value (NaN) and were left out. */
  [metric: string]: number[];
}

/**
 * For each per-group metric m: `m_difference` = max - min, `m_ratio` = min / max,
 * `m_difference_to_overall` = max |m_g - m_overall|, `m_ratio_to_overall` = min over groups of
 * min(m_g / m_overall, m_overall / m_g). Groups whose value is NaN are skipped and reported.
 */
export function betweenGroupAggregates(
  metrics: readonly string[],
  groups: readonly MetricSet[],
  overall: MetricSet,
  out: MetricSet,
  skipped: SkippedGroups,
): void {
  for (const metric of metrics) {
    const values: number[] = [];
    groups.forEach((group, index) => {
      const value = group.get(metric);
      if (Number.isNaN(value)) (skipped[metric] ??= []).push(index);
      else values.push(value);
    });
    const tooFew = 'fewer than two groups have a value';
    if (values.length < 2) {
      for (const suffix of ['difference', 'ratio', 'difference_to_overall', 'ratio_to_overall']) {
        out.set(`${metric}_${suffix}`, Number.NaN, tooFew);
      }
      continue;
    }
    const max = Math.max(...values);
    const min = Math.min(...values);
    out.set(`${metric}_difference`, max - min);
    const overallValue = overall.get(metric);
    out.set(
      `${metric}_difference_to_overall`,
      Math.max(...values.map((v) => Math.abs(v - overallValue))),
      'overall value not estimable',
    );
    if (SIGNED_METRICS.has(metric)) continue;
    out.set(`${metric}_ratio`, ratio(min, max), 'negative values');
    out.set(
      `${metric}_ratio_to_overall`,
      Math.min(...values.map((v) => Math.min(ratio(v, overallValue), ratio(overallValue, v)))),
      'overall value not estimable',
    );
  }
}

function ratio(numerator: number, denominator: number): number {
  if (numerator < 0 || denominator < 0) return Number.NaN;
  if (numerator === denominator) return 1;
  return denominator === 0 ? Infinity : numerator / denominator;
}

/** The named fairness criteria of the algorithms notes, from the generic differences and ratios. */
export function namedClassificationAggregates(aggregates: MetricSet): void {
  const alias = (name: string, metric: string): void => {
    for (const suffix of ['difference', 'ratio']) {
      const source = `${metric}_${suffix}`;
      aggregates.set(`${name}_${suffix}`, aggregates.get(source), aggregates.reasons[source]);
    }
  };
  alias('demographic_parity', 'selection_rate');
  alias('equal_opportunity', 'true_positive_rate');
  alias('predictive_parity', 'positive_predictive_value');
  const tprDifference = aggregates.get('true_positive_rate_difference');
  const fprDifference = aggregates.get('false_positive_rate_difference');
  const reason = 'true or false positive rate gap not estimable';
  aggregates.set('equalized_odds_difference', Math.max(tprDifference, fprDifference), reason);
  aggregates.set(
    'equalized_odds_ratio',
    Math.min(aggregates.get('true_positive_rate_ratio'), aggregates.get('false_positive_rate_ratio')),
    reason,
  );
}

/**
 * Aequitas-style disparities m_g / m_ref against a reference group, and the metrics of each group
 * whose disparity lies outside the four-fifths band.
 */
export function referenceDisparities(
  metrics: readonly string[],
  group: MetricSet,
  reference: MetricSet,
  out: MetricSet,
): string[] {
  const flagged: string[] = [];
  for (const metric of metrics) {
    if (SIGNED_METRICS.has(metric)) continue;
    const value = group.get(metric);
    const referenceValue = reference.get(metric);
    const disparity = ratio(value, referenceValue);
    const finite = Number.isFinite(disparity) ? disparity : Number.NaN;
    out.set(metric, finite, referenceValue === 0 ? 'reference group has the value 0' : 'not estimable in this group or the reference');
    if (!Number.isNaN(finite) && (finite < FOUR_FIFTHS_BAND[0] || finite > FOUR_FIFTHS_BAND[1])) flagged.push(metric);
  }
  return flagged;
}
