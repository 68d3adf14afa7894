import { fourFifthsFlag } from '../../../../common/four-fifths';
import { MetricSet } from './metric-set';

/**
 * Metrics whose values can be negative; a ratio between groups is meaningless for them. A numeric
 * label's mean, a regression's mean target, prediction and error are (a standardised grade such as
 * ZFYA is centred on 0: a cold try saw a mean prediction 0.076 read as "×0.55" of 0.139, and
 * −0.316 get no ratio at all): groups are compared by differences.
 */
const SIGNED_METRICS = new Set(['r2', 'label_mean', 'mean_target', 'mean_prediction', 'mean_error']);

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
    let max = -Infinity;
    let min = Infinity;
    let largestGapToOverall = -Infinity;
    let smallestRatioToOverall = Infinity;
    const overallValue = overall.get(metric);
    for (const value of values) {
      if (value > max) max = value;
      if (value < min) min = value;
      largestGapToOverall = Math.max(largestGapToOverall, Math.abs(value - overallValue));
      smallestRatioToOverall = Math.min(smallestRatioToOverall, Math.min(ratio(value, overallValue), ratio(overallValue, value)));
    }
    out.set(`${metric}_difference`, max - min);
    out.set(`${metric}_difference_to_overall`, largestGapToOverall, 'overall value not estimable');
    if (SIGNED_METRICS.has(metric)) continue;
    out.set(`${metric}_ratio`, ratio(min, max), min < 0 ? 'negative values' : ZERO_OVER_ZERO);
    out.set(`${metric}_ratio_to_overall`, smallestRatioToOverall, Number.isNaN(overallValue) ? 'overall value not estimable' : ZERO_OVER_ZERO);
  }
}

/** Why a ratio of two zeros is null: 0/0 has no value (as in Aequitas, which gives NaN). */
export const ZERO_OVER_ZERO = 'both values are 0 (0/0)';

/** a / b for non-negative values; NaN for a negative value or 0/0 (not 1), Infinity for x/0. */
export function ratio(numerator: number, denominator: number): number {
  if (numerator < 0 || denominator < 0) return Number.NaN;
  if (denominator === 0) return numerator === 0 ? Number.NaN : Infinity;
  return numerator / denominator;
}

/** `name`_difference and `name`_ratio: the aggregates of `metric` under a criterion's name. */
function alias(aggregates: MetricSet, name: string, metric: string): void {
  for (const suffix of ['difference', 'ratio']) {
    const source = `${metric}_${suffix}`;
    aggregates.set(`${name}_${suffix}`, aggregates.get(source), aggregates.reasons[source]);
  }
}

/** Fairlearn's name of the selection-rate gap (also of decisions audited without the true label). */
export function namedSelectionAggregates(aggregates: MetricSet): void {
  alias(aggregates, 'demographic_parity', 'selection_rate');
}

/** The named fairness criteria of the algorithms notes, from the generic differences and ratios. */
export function namedClassificationAggregates(aggregates: MetricSet): void {
  namedSelectionAggregates(aggregates);
  alias(aggregates, 'equal_opportunity', 'true_positive_rate');
  alias(aggregates, 'predictive_parity', 'positive_predictive_value');
  const tprDifference = aggregates.get('true_positive_rate_difference');
  const fprDifference = aggregates.get('false_positive_rate_difference');
  const reason = 'true or false positive rate gap not estimable';
  aggregates.set('equalized_odds_difference', Math.max(tprDifference, fprDifference), reason);
  aggregates.set('equalized_odds_ratio', Math.min(aggregates.get('true_positive_rate_ratio'), aggregates.get('false_positive_rate_ratio')), reason);
}

/**
 * Against a reference group: Aequitas-style disparities m_g / m_ref, signed differences
 * m_g - m_ref, and the metrics the four-fifths rule flags (common/four-fifths.ts).
 */
export function referenceComparisons(
  metrics: readonly string[],
  group: MetricSet,
  reference: MetricSet,
  disparities: MetricSet,
  differences: MetricSet,
): string[] {
  const flagged: string[] = [];
  for (const metric of metrics) {
    const value = group.get(metric);
    const referenceValue = reference.get(metric);
    differences.set(metric, value - referenceValue, 'not estimable in this group or the reference');
    if (SIGNED_METRICS.has(metric)) continue;
    const disparity = ratio(value, referenceValue);
    const finite = Number.isFinite(disparity) ? disparity : Number.NaN;
    const reason =
      Number.isNaN(value) || Number.isNaN(referenceValue)
        ? 'not estimable in this group or the reference'
        : value === 0
          ? ZERO_OVER_ZERO
          : 'reference group has the value 0';
    disparities.set(metric, finite, reason);
    if (fourFifthsFlag(metric, finite)) flagged.push(metric);
  }
  return flagged;
}

/** AIF360's names for a group (unprivileged) against the reference (privileged). */
export const AIF360_DIFFERENCES = ['statistical_parity_difference', 'equal_opportunity_difference', 'average_odds_difference'] as const;

/**
 * AIF360's definitions (aif360.metrics.ClassificationMetric), group g against the reference:
 * statistical parity difference SR_g - SR_ref, disparate impact SR_g / SR_ref, equal opportunity
 * difference TPR_g - TPR_ref, average odds difference ((FPR_g - FPR_ref) + (TPR_g - TPR_ref)) / 2.
 * Written from the group's differences and disparities of the base metrics.
 */
export function aif360Figures(differences: MetricSet, disparities: MetricSet): void {
  const copy = (to: MetricSet, name: string, from: MetricSet, metric: string) => to.set(name, from.get(metric), from.reasons[metric]);
  copy(differences, 'statistical_parity_difference', differences, 'selection_rate');
  copy(differences, 'equal_opportunity_difference', differences, 'true_positive_rate');
  copy(disparities, 'disparate_impact', disparities, 'selection_rate');
  const tpr = differences.get('true_positive_rate');
  const fpr = differences.get('false_positive_rate');
  differences.set('average_odds_difference', (fpr + tpr) / 2, 'true or false positive rate not estimable in this group or the reference');
}

/** `equal_opportunity_difference` is already the max - min TPR gap among the aggregates. */
const AGGREGATE_NAMES: Record<string, string> = { equal_opportunity_difference: 'equal_opportunity_difference_to_reference' };

/**
 * Grouping-level AIF360 figures (equal opportunity as `equal_opportunity_difference_to_reference`):
 * for each, the value of the non-reference group farthest from parity (the largest |difference|;
 * the disparate impact farthest from 1 on a log scale). With two groups this is AIF360's figure
 * for the unprivileged group. `fixed` gives the groups chosen on the full data, so a bootstrap
 * replicate reports the same group's figure; the groups chosen are returned.
 */
export function aif360Aggregates(
  differences: readonly MetricSet[],
  disparities: readonly MetricSet[],
  referenceIndex: number,
  out: MetricSet,
  fixed?: Readonly<Record<string, number>>,
): Record<string, number> {
  const chosen: Record<string, number> = {};
  const farthest = (sets: readonly MetricSet[], name: string, distance: (v: number) => number): void => {
    let best = -1;
    if (fixed) best = fixed[name] ?? -1;
    else {
      sets.forEach((set, index) => {
        const value = set.get(name);
        if (index === referenceIndex || Number.isNaN(value)) return;
        if (best < 0 || distance(value) > distance(sets[best]!.get(name))) best = index;
      });
    }
    chosen[name] = best;
    out.set(AGGREGATE_NAMES[name] ?? name, best < 0 ? Number.NaN : sets[best]!.get(name), 'no other group has a value to compare with the reference');
  };
  for (const name of AIF360_DIFFERENCES) farthest(differences, name, Math.abs);
  farthest(disparities, 'disparate_impact', (v) => Math.abs(Math.log(v)));
  return chosen;
}
