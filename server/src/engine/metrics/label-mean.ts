import { MetricSet } from './metric-set';

/**
 * A dataset audit of a numeric label (a grade, an income) compares the groups' weighted means of
 * it. Per cell, besides the rows, Σw and Σw² of its outcome slot, three sums of the label y:
 * Σwy gives the mean, and Σw²y and Σw²y² the covariance of the pairs (w, wy) that a bootstrap
 * replicate needs to draw the resampled sums (poisson.ts `resampledWeightAndSum`).
 */
export const SUM_WY = 0;
export const SUM_W2Y = 1;
export const SUM_W2Y2 = 2;
export const LABEL_MOMENTS = 3;

export const LABEL_MEAN_METRICS = ['label_mean'] as const;

/** Adds `count` rows of label `y` and weight `weight` to the moments at `offset`. */
export function addLabelMoments(moments: Float64Array, offset: number, y: number, weight: number, count: number): void {
  const w2 = count * weight * weight;
  moments[offset + SUM_WY]! += count * weight * y;
  moments[offset + SUM_W2Y]! += w2 * y;
  moments[offset + SUM_W2Y2]! += w2 * y * y;
}

/** `label_mean` = Σwy / Σw. */
export function labelMeanMetrics(weight: number, sumWeightedLabel: number, out: MetricSet): void {
  out.setRatio('label_mean', sumWeightedLabel, weight, 'no rows in group');
}
