import { FOUR_FIFTHS_RULE } from './text';

/**
 * Readable names for the report's metric and aggregate keys, what each measures, and which way is
 * fairer. The JSON keeps its names (a public contract); the panel and the exported report show
 * these, with the JSON name on hover.
 */

export type Fairer = 'closer to 0 is fairer' | 'closer to 1 is fairer' | 'lower is fairer' | 'higher is better' | 'lower is better';

export interface MetricName {
  /** e.g. "Selection rate". */
  label: string;
  /** One sentence: what the number is. */
  description: string;
  /** Which direction is fairer (aggregates, differences, ratios) or better (quality). */
  fairer?: Fairer;
}

const RATES: Record<string, [string, string]> = {
  count: ['Rows', 'rows in the group'],
  weight: ['Weight', 'sum of the sample weights in the group'],
  representation: ['Share of rows', "the group's share of the rows used"],
  base_rate: ['Base rate', 'share of rows whose label is the positive value'],
  selection_rate: ['Selection rate', 'share of rows predicted positive'],
  true_positive_rate: ['True positive rate', 'recall: share of actual positives predicted positive'],
  false_positive_rate: ['False positive rate', 'share of actual negatives predicted positive'],
  true_negative_rate: ['True negative rate', 'share of actual negatives predicted negative'],
  false_negative_rate: ['False negative rate', 'share of actual positives predicted negative'],
  positive_predictive_value: ['Precision', 'positive predictive value: share of predicted positives that are actual positives'],
  negative_predictive_value: ['Negative predictive value', 'share of predicted negatives that are actual negatives'],
  false_discovery_rate: ['False discovery rate', 'share of predicted positives that are actual negatives'],
  false_omission_rate: ['False omission rate', 'share of predicted negatives that are actual positives'],
  accuracy: ['Accuracy', 'share of rows predicted correctly'],
  balanced_accuracy: ['Balanced accuracy', 'mean of the true positive and true negative rates'],
  error_rate: ['Error rate', 'share of rows predicted wrongly'],
  roc_auc: ['ROC AUC', 'probability that a random actual positive scores above a random actual negative'],
  brier_score: ['Brier score', 'mean squared difference between score and label'],
  expected_calibration_error: ['Calibration error', 'expected calibration error over 10 equal-width score bins'],
  label_imbalance: ['Label imbalance', '|positives − negatives| / rows'],
  label_mean: ['Label mean', 'mean of the numeric label in the group (weighted with --weight)'],
  mean_target: ['Mean target', 'mean of the true values'],
  mean_prediction: ['Mean prediction', 'mean of the predicted values'],
  mean_error: ['Mean error (ŷ − y)', 'mean of prediction − target: above 0 the group is over-predicted, below 0 under-predicted'],
  mean_absolute_error: ['Mean absolute error', 'mean |prediction − target|'],
  mean_squared_error: ['Mean squared error', 'mean (prediction − target)²'],
  root_mean_squared_error: ['Root mean squared error', 'square root of the mean squared error'],
  r2: ['R²', 'share of the target variance explained by the predictions'],
  macro_true_positive_rate: ['Macro true positive rate', 'true positive rate averaged over the classes'],
  macro_false_positive_rate: ['Macro false positive rate', 'false positive rate averaged over the classes'],
  macro_positive_predictive_value: ['Macro precision', 'precision averaged over the classes'],
  mse: ['Mean squared error', 'mean (prediction − target)² over all rows'],
};

/** Aggregates with a name of their own (docs/audit-json.md "Named aggregates"). */
const NAMED: Record<string, MetricName> = {
  demographic_parity_difference: {
    label: 'Demographic parity difference',
    description: 'largest − smallest selection rate between groups',
    fairer: 'closer to 0 is fairer',
  },
  demographic_parity_ratio: {
    label: 'Demographic parity ratio',
    description: 'smallest / largest selection rate between groups',
    fairer: 'closer to 1 is fairer',
  },
  equal_opportunity_difference: {
    label: 'Equal opportunity difference',
    description: 'largest − smallest true positive rate between groups',
    fairer: 'closer to 0 is fairer',
  },
  equal_opportunity_ratio: {
    label: 'Equal opportunity ratio',
    description: 'smallest / largest true positive rate between groups',
    fairer: 'closer to 1 is fairer',
  },
  equalized_odds_difference: {
    label: 'Equalized odds difference',
    description: 'the larger of the true and false positive rate differences',
    fairer: 'closer to 0 is fairer',
  },
  equalized_odds_ratio: {
    label: 'Equalized odds ratio',
    description: 'the smaller of the true and false positive rate ratios',
    fairer: 'closer to 1 is fairer',
  },
  predictive_parity_difference: {
    label: 'Predictive parity difference',
    description: 'largest − smallest precision between groups',
    fairer: 'closer to 0 is fairer',
  },
  predictive_parity_ratio: { label: 'Predictive parity ratio', description: 'smallest / largest precision between groups', fairer: 'closer to 1 is fairer' },
  worst_group_mean_squared_error: {
    label: 'Worst group MSE',
    description: 'largest mean squared error among the groups (the square of the per-group RMSE): the figure bounded group loss bounds',
    fairer: 'lower is fairer',
  },
  ks_distance: {
    label: 'KS distance',
    description: 'largest Kolmogorov-Smirnov distance between two groups’ score or prediction distributions',
    fairer: 'lower is fairer',
  },
  wasserstein_distance: {
    label: 'Wasserstein distance',
    description: 'largest Wasserstein-1 distance between two groups’ score or prediction distributions',
    fairer: 'lower is fairer',
  },
  generalized_entropy_index: {
    label: 'Generalized entropy index',
    description: 'GE(2) inequality of the benefit ŷ − y + 1 over all rows (0: everyone equal)',
    fairer: 'lower is fairer',
  },
  theil_index: { label: 'Theil index', description: 'GE(1) inequality of the benefit ŷ − y + 1 over all rows (0: everyone equal)', fairer: 'lower is fairer' },
  between_group_generalized_entropy_index: {
    label: 'Between-group entropy index',
    description: 'GE(2) of the benefit with every row given its group’s mean',
    fairer: 'lower is fairer',
  },
  between_group_theil_index: {
    label: 'Between-group Theil index',
    description: 'GE(1) of the benefit with every row given its group’s mean',
    fairer: 'lower is fairer',
  },
  statistical_parity_difference: {
    label: 'Statistical parity difference',
    description: 'selection rate of the group − selection rate of the reference group (AIF360)',
    fairer: 'closer to 0 is fairer',
  },
  disparate_impact: {
    label: 'Disparate impact',
    description: `selection rate of the group / selection rate of the reference group (AIF360); the ${FOUR_FIFTHS_RULE}`,
    fairer: 'closer to 1 is fairer',
  },
  equal_opportunity_difference_to_reference: {
    // not "Equal opportunity difference (to reference)": cut to fit, it read as the max − min gap's name
    label: 'Equal opportunity vs reference',
    description: 'true positive rate of the group − that of the reference group (AIF360’s equal opportunity difference)',
    fairer: 'closer to 0 is fairer',
  },
  average_odds_difference: {
    label: 'Average odds difference',
    description: 'mean of the false and true positive rate differences to the reference group (AIF360)',
    fairer: 'closer to 0 is fairer',
  },
  accuracy: { label: 'Accuracy', description: 'share of rows predicted correctly', fairer: 'higher is better' },
  mse: { label: 'Mean squared error', description: 'mean (prediction − target)² over all rows', fairer: 'lower is better' },
};

const SUFFIXES: [RegExp, (base: string) => Omit<MetricName, 'label'> & { label: string }][] = [
  [
    /^(.+)_difference_to_overall$/,
    (m) => ({ label: `${m}: largest gap to overall`, description: `largest |${lower(m)} of a group − overall|`, fairer: 'closer to 0 is fairer' }),
  ],
  [
    /^(.+)_ratio_to_overall$/,
    (m) => ({
      label: `${m}: smallest ratio to overall`,
      description: `smallest ratio between a group's ${lower(m)} and the overall one`,
      fairer: 'closer to 1 is fairer',
    }),
  ],
  [
    /^(.+)_difference_macro$/,
    (m) => ({
      label: `${m} difference, mean over classes`,
      description: `between-group gap of the ${lower(m)}, averaged over the classes`,
      fairer: 'closer to 0 is fairer',
    }),
  ],
  [/^(.+)_difference$/, (m) => ({ label: `${m} difference`, description: `largest − smallest ${lower(m)} between groups`, fairer: 'closer to 0 is fairer' })],
  [/^(.+)_ratio$/, (m) => ({ label: `${m} ratio`, description: `smallest / largest ${lower(m)} between groups`, fairer: 'closer to 1 is fairer' })],
];

/** The rates' usual abbreviations (the flags columns, which must stay narrow; full names on hover). */
export const ACRONYMS: Record<string, string> = {
  true_positive_rate: 'TPR',
  false_positive_rate: 'FPR',
  true_negative_rate: 'TNR',
  false_negative_rate: 'FNR',
  positive_predictive_value: 'PPV',
  negative_predictive_value: 'NPV',
  false_discovery_rate: 'FDR',
  false_omission_rate: 'FOR',
  expected_calibration_error: 'ECE',
  brier_score: 'Brier',
  roc_auc: 'AUC',
};

export function shortMetricName(key: string): string {
  return ACRONYMS[key] ?? metricName(key).label;
}

/** The readable name of a per-group metric (`selection_rate`, `true_positive_rate[2]`) or of an aggregate. */
export function metricName(key: string): MetricName {
  const named = NAMED[key];
  if (named) return named;
  const rate = rateName(key);
  if (rate) return rate;
  for (const [pattern, describe] of SUFFIXES) {
    const match = pattern.exec(key);
    const base = match && rateName(match[1]!);
    if (base) return describe(base.label);
  }
  return { label: key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), description: key };
}

/** "Selection rate" → "selection rate", but "ROC AUC" stays. */
function lower(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/** `rate` or the multiclass `rate[class]`. */
function rateName(key: string): MetricName | undefined {
  const match = /^([a-z0-9_]+)(?:\[(.*)\])?$/.exec(key);
  const known = match && RATES[match[1]!];
  if (!known) return undefined;
  const [label, description] = known;
  return match[2] === undefined
    ? { label, description }
    : { label: `${label} (class ${match[2]})`, description: `${description}, class ${match[2]} against the rest` };
}
