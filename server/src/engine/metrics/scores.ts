import { MetricSet } from './metric-set';
import { RowSample, Weights, weightAt } from './sample';

export const SCORE_METRICS = ['roc_auc', 'brier_score', 'expected_calibration_error'] as const;

const CALIBRATION_BINS = 10;

/**
 * ROC AUC, Brier score and expected calibration error (10 equal-width bins on [0, 1]) of a sample
 * sorted by score. AUC counts tied positive/negative pairs as one half (Mann-Whitney).
 * Brier and ECE need probabilities, so they are not estimable when any score lies outside [0, 1].
 */
export function scoreMetrics(sample: RowSample, weights: Weights, out: MetricSet): void {
  out.set('roc_auc', rocAuc(sample, weights), aucReason(sample, weights));
  const n = sample.length;
  const probabilities = n > 0 && sample.values[0]! >= 0 && sample.values[n - 1]! <= 1;
  const notProbabilities = 'scores are not probabilities in [0, 1]';
  if (!probabilities) {
    out.set('brier_score', Number.NaN, n === 0 ? 'no rows in group' : notProbabilities);
    out.set('expected_calibration_error', Number.NaN, n === 0 ? 'no rows in group' : notProbabilities);
    return;
  }
  let totalWeight = 0;
  let squaredError = 0;
  const binWeight = new Float64Array(CALIBRATION_BINS);
  const binScore = new Float64Array(CALIBRATION_BINS);
  const binPositive = new Float64Array(CALIBRATION_BINS);
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    const score = sample.values[i]!;
    const label = sample.flags[i]!;
    totalWeight += w;
    squaredError += w * (score - label) * (score - label);
    const bin = Math.min(Math.floor(score * CALIBRATION_BINS), CALIBRATION_BINS - 1);
    binWeight[bin]! += w;
    binScore[bin]! += w * score;
    binPositive[bin]! += w * label;
  }
  out.setRatio('brier_score', squaredError, totalWeight, 'no rows in group');
  let calibrationError = 0;
  for (let bin = 0; bin < CALIBRATION_BINS; bin++) {
    if (binWeight[bin] === 0) continue;
    calibrationError += Math.abs(binScore[bin]! - binPositive[bin]!);
  }
  out.setRatio('expected_calibration_error', calibrationError, totalWeight, 'no rows in group');
}

function rocAuc(sample: RowSample, weights: Weights): number {
  let negativesBelow = 0;
  let concordant = 0;
  let positives = 0;
  let i = 0;
  while (i < sample.length) {
    let tiedPositives = 0;
    let tiedNegatives = 0;
    const score = sample.values[i]!;
    for (; i < sample.length && sample.values[i] === score; i++) {
      const w = weightAt(weights, i);
      if (sample.flags[i] === 1) tiedPositives += w;
      else tiedNegatives += w;
    }
    concordant += tiedPositives * (negativesBelow + tiedNegatives / 2);
    negativesBelow += tiedNegatives;
    positives += tiedPositives;
  }
  const pairs = positives * negativesBelow;
  return pairs === 0 ? Number.NaN : concordant / pairs;
}

function aucReason(sample: RowSample, weights: Weights): string {
  let positives = 0;
  for (let i = 0; i < sample.length; i++) if (sample.flags[i] === 1) positives += weightAt(weights, i);
  return positives === 0 ? 'no actual positives in group' : 'no actual negatives in group';
}
