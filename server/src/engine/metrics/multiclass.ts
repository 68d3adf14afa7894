import { MetricSet } from './metric-set';

/** One-vs-rest rates computed for each class of a multiclass audit. */
export const PER_CLASS_METRICS = ['base_rate', 'selection_rate', 'true_positive_rate', 'false_positive_rate', 'positive_predictive_value'] as const;

/** Their macro averages (over the classes where the rate is estimable in the group). */
export const MACRO_METRICS = ['macro_true_positive_rate', 'macro_false_positive_rate', 'macro_positive_predictive_value'] as const;

export function classMetricName(metric: string, className: string): string {
  return `${metric}[${className}]`;
}

/**
 * Multiclass metrics from a weighted confusion matrix (`matrix[offset + label * k + prediction]`):
 * accuracy, and for each class c, one-vs-rest: base rate P(y = c), selection rate P(ŷ = c),
 * TPR P(ŷ = c | y = c), FPR P(ŷ = c | y ≠ c), PPV P(y = c | ŷ = c); then macro averages of TPR
 * (balanced accuracy), FPR and PPV.
 */
export function multiclassMetrics(matrix: ArrayLike<number>, offset: number, classes: readonly string[], out: MetricSet): void {
  const k = classes.length;
  let n = 0;
  let correct = 0;
  const actual = new Float64Array(k);
  const predicted = new Float64Array(k);
  for (let l = 0; l < k; l++) {
    for (let p = 0; p < k; p++) {
      const w = matrix[offset + l * k + p]!;
      n += w;
      actual[l]! += w;
      predicted[p]! += w;
      if (l === p) correct += w;
    }
  }
  out.set('count', n);
  out.setRatio('accuracy', correct, n, 'no rows in group');
  out.setRatio('error_rate', n - correct, n, 'no rows in group');
  const macro: Record<string, number[]> = { true_positive_rate: [], false_positive_rate: [], positive_predictive_value: [] };
  classes.forEach((name, c) => {
    const truePositives = matrix[offset + c * k + c]!;
    const set = (metric: string, numerator: number, denominator: number, reason: string) => {
      out.setRatio(classMetricName(metric, name), numerator, denominator, reason);
      const value = out.get(classMetricName(metric, name));
      if (metric in macro && !Number.isNaN(value)) macro[metric]!.push(value);
    };
    set('base_rate', actual[c]!, n, 'no rows in group');
    set('selection_rate', predicted[c]!, n, 'no rows in group');
    set('true_positive_rate', truePositives, actual[c]!, `no rows of class ${name} in group`);
    set('false_positive_rate', predicted[c]! - truePositives, n - actual[c]!, `no rows of another class than ${name} in group`);
    set('positive_predictive_value', truePositives, predicted[c]!, `no rows predicted ${name} in group`);
  });
  for (const [metric, values] of Object.entries(macro)) {
    const mean = values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
    out.set(`macro_${metric}`, mean, 'not estimable for any class in group');
  }
}

/** The rate metrics of a multiclass audit compared between groups. */
export function multiclassRateMetrics(classes: readonly string[]): string[] {
  return ['accuracy', 'error_rate', ...classes.flatMap((name) => PER_CLASS_METRICS.map((m) => classMetricName(m, name))), ...MACRO_METRICS];
}

/**
 * Multiclass aggregates: for each per-class metric m, `m_difference` = the largest between-group
 * difference over the classes, `m_difference_macro` = their mean, `m_ratio` = the smallest ratio;
 * then the named criteria (demographic parity on selection rates, equal opportunity on TPR,
 * equalized odds on TPR and FPR).
 */
export function multiclassAggregates(classes: readonly string[], aggregates: MetricSet): void {
  for (const metric of PER_CLASS_METRICS) {
    for (const suffix of ['difference', 'ratio'] as const) {
      const values = classes.map((name) => aggregates.get(`${classMetricName(metric, name)}_${suffix}`)).filter((v) => !Number.isNaN(v));
      const reason = 'not estimable for any class';
      if (suffix === 'difference') {
        aggregates.set(`${metric}_difference`, values.length === 0 ? Number.NaN : values.reduce((a, b) => Math.max(a, b)), reason);
        aggregates.set(`${metric}_difference_macro`, values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length, reason);
      } else {
        aggregates.set(`${metric}_ratio`, values.length === 0 ? Number.NaN : values.reduce((a, b) => Math.min(a, b)), reason);
      }
    }
  }
  const copy = (name: string, source: string) => aggregates.set(name, aggregates.get(source), aggregates.reasons[source]);
  copy('demographic_parity_difference', 'selection_rate_difference');
  copy('demographic_parity_ratio', 'selection_rate_ratio');
  copy('equal_opportunity_difference', 'true_positive_rate_difference');
  copy('equal_opportunity_ratio', 'true_positive_rate_ratio');
  const reason = 'true or false positive rate gap not estimable';
  aggregates.set(
    'equalized_odds_difference',
    Math.max(aggregates.get('true_positive_rate_difference'), aggregates.get('false_positive_rate_difference')),
    reason,
  );
  aggregates.set('equalized_odds_ratio', Math.min(aggregates.get('true_positive_rate_ratio'), aggregates.get('false_positive_rate_ratio')), reason);
}
