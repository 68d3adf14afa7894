import { MetricSet } from './metric-set';

export const SCORE_METRICS = ['roc_auc', 'brier_score', 'expected_calibration_error'] as const;

const CALIBRATION_BINS = 10;
/** Why a group has no Brier score or ECE when its scores are no probabilities (the report says it once: notApplicable). */
export const NOT_PROBABILITIES = 'scores are not probabilities in [0, 1]';
/** The metrics that need a score in [0, 1]. */
export const CALIBRATION_METRICS = ['brier_score', 'expected_calibration_error'] as const;

/**
 * ROC AUC, Brier score and expected calibration error (10 equal-width bins on [0, 1]) of several
 * groups at once, fed with the rows of all groups in increasing score order, one run of tied
 * scores at a time. AUC counts tied positive/negative pairs as one half (Mann-Whitney). Brier and
 * ECE need probabilities, so they are not estimable when any score of the group lies outside [0, 1].
 *
 * The floating-point sums (squared errors, and scores per calibration bin) are added per run of
 * tied scores: Σ w·(s - y)² = W₊(s - 1)² + W₋s² for a run of score s.
 */
export class GroupScores {
  /** The smallest (NaN: no rows yet) and largest score of each group: the probability check. */
  private readonly lowest: Float64Array;
  private readonly highest: Float64Array;
  private readonly negativesBelow: Float64Array;
  private readonly concordant: Float64Array;
  private readonly positives: Float64Array;
  private readonly weight: Float64Array;
  private readonly squaredError: Float64Array;
  private readonly binWeight: Float64Array;
  private readonly binScore: Float64Array;
  private readonly binPositive: Float64Array;

  constructor(readonly groups: number) {
    const perGroup = () => new Float64Array(groups);
    this.lowest = perGroup().fill(Number.NaN);
    this.highest = perGroup();
    this.negativesBelow = perGroup();
    this.concordant = perGroup();
    this.positives = perGroup();
    this.weight = perGroup();
    this.squaredError = perGroup();
    this.binWeight = new Float64Array(groups * CALIBRATION_BINS);
    this.binScore = new Float64Array(groups * CALIBRATION_BINS);
    this.binPositive = new Float64Array(groups * CALIBRATION_BINS);
  }

  /** Group g's run of rows with score `score`: their total weight and the weight of the positive ones. */
  addRun(g: number, score: number, weight: number, positives: number): void {
    if (Number.isNaN(this.lowest[g]!)) this.lowest[g] = score;
    this.highest[g] = score;
    const negatives = weight - positives;
    this.concordant[g]! += positives * (this.negativesBelow[g]! + negatives / 2);
    this.negativesBelow[g]! += negatives;
    this.positives[g]! += positives;
    if (!(score >= 0 && score <= 1)) return;
    this.weight[g]! += weight;
    const bin = g * CALIBRATION_BINS + binOf(score);
    this.binWeight[bin]! += weight;
    this.binPositive[bin]! += positives;
    this.squaredError[g]! += positives * (score - 1) * (score - 1) + negatives * score * score;
    this.binScore[bin]! += weight * score;
  }

  write(g: number, out: MetricSet): void {
    const pairs = this.positives[g]! * this.negativesBelow[g]!;
    const aucReason = this.positives[g] === 0 ? 'no actual positives in group' : 'no actual negatives in group';
    out.set('roc_auc', pairs === 0 ? Number.NaN : this.concordant[g]! / pairs, aucReason);
    const empty = Number.isNaN(this.lowest[g]!);
    if (empty || !(this.lowest[g]! >= 0 && this.highest[g]! <= 1)) {
      const reason = empty ? 'no rows in group' : NOT_PROBABILITIES;
      out.set('brier_score', Number.NaN, reason);
      out.set('expected_calibration_error', Number.NaN, reason);
      return;
    }
    out.setRatio('brier_score', this.squaredError[g]!, this.weight[g]!, 'no rows in group');
    let calibrationError = 0;
    for (let bin = g * CALIBRATION_BINS; bin < (g + 1) * CALIBRATION_BINS; bin++) {
      if (this.binWeight[bin] === 0) continue;
      calibrationError += Math.abs(this.binScore[bin]! - this.binPositive[bin]!);
    }
    out.setRatio('expected_calibration_error', calibrationError, this.weight[g]!, 'no rows in group');
  }
}

function binOf(score: number): number {
  return Math.min(Math.floor(score * CALIBRATION_BINS), CALIBRATION_BINS - 1);
}
