import { MetricSet } from './metric-set';

/** Layout of the classification sufficient statistics: weighted confusion counts. */
export const TP = 0;
export const FP = 1;
export const TN = 2;
export const FN = 3;
export const CONFUSION_WIDTH = 4;

export const CLASSIFICATION_RATE_METRICS = [
  'base_rate',
  'selection_rate',
  'true_positive_rate',
  'false_positive_rate',
  'true_negative_rate',
  'false_negative_rate',
  'positive_predictive_value',
  'negative_predictive_value',
  'false_discovery_rate',
  'false_omission_rate',
  'accuracy',
  'balanced_accuracy',
  'error_rate',
] as const;

/** Index into the confusion counts for one row. */
export function confusionCell(actualPositive: boolean, predictedPositive: boolean): number {
  if (actualPositive) return predictedPositive ? TP : FN;
  return predictedPositive ? FP : TN;
}

/** Writes the counting metrics of section 1 of the algorithms notes from confusion counts. */
export function classificationMetrics(stats: ArrayLike<number>, offset: number, out: MetricSet): void {
  const tp = stats[offset + TP]!;
  const fp = stats[offset + FP]!;
  const tn = stats[offset + TN]!;
  const fn = stats[offset + FN]!;
  const n = tp + fp + tn + fn;
  const actualPositives = tp + fn;
  const actualNegatives = fp + tn;
  const predictedPositives = tp + fp;
  const predictedNegatives = tn + fn;
  const noRows = 'no rows in group';
  const noPositives = 'no actual positives in group';
  const noNegatives = 'no actual negatives in group';
  const noPredictedPositives = 'no predicted positives in group';
  const noPredictedNegatives = 'no predicted negatives in group';

  out.set('count', n);
  out.setRatio('base_rate', actualPositives, n, noRows);
  out.setRatio('selection_rate', predictedPositives, n, noRows);
  out.setRatio('true_positive_rate', tp, actualPositives, noPositives);
  out.setRatio('false_positive_rate', fp, actualNegatives, noNegatives);
  out.setRatio('true_negative_rate', tn, actualNegatives, noNegatives);
  out.setRatio('false_negative_rate', fn, actualPositives, noPositives);
  out.setRatio('positive_predictive_value', tp, predictedPositives, noPredictedPositives);
  out.setRatio('negative_predictive_value', tn, predictedNegatives, noPredictedNegatives);
  out.setRatio('false_discovery_rate', fp, predictedPositives, noPredictedPositives);
  out.setRatio('false_omission_rate', fn, predictedNegatives, noPredictedNegatives);
  out.setRatio('accuracy', tp + tn, n, noRows);
  const tpr = out.get('true_positive_rate');
  const tnr = out.get('true_negative_rate');
  out.set('balanced_accuracy', (tpr + tnr) / 2, Number.isNaN(tpr) ? noPositives : noNegatives);
  out.setRatio('error_rate', fp + fn, n, noRows);
}

/**
 * The rate metrics that are one proportion of confusion counts: which counts (TP, FP, TN, FN
 * indices) form the numerator and the denominator. Used by the significance tests.
 */
export const CLASSIFICATION_PROPORTIONS: Record<string, { numerator: readonly number[]; denominator: readonly number[] }> = {
  base_rate: { numerator: [TP, FN], denominator: [TP, FP, TN, FN] },
  selection_rate: { numerator: [TP, FP], denominator: [TP, FP, TN, FN] },
  true_positive_rate: { numerator: [TP], denominator: [TP, FN] },
  false_positive_rate: { numerator: [FP], denominator: [FP, TN] },
  true_negative_rate: { numerator: [TN], denominator: [FP, TN] },
  false_negative_rate: { numerator: [FN], denominator: [TP, FN] },
  positive_predictive_value: { numerator: [TP], denominator: [TP, FP] },
  negative_predictive_value: { numerator: [TN], denominator: [TN, FN] },
  false_discovery_rate: { numerator: [FP], denominator: [TP, FP] },
  false_omission_rate: { numerator: [FN], denominator: [TN, FN] },
  accuracy: { numerator: [TP, TN], denominator: [TP, FP, TN, FN] },
  error_rate: { numerator: [FP, FN], denominator: [TP, FP, TN, FN] },
};
