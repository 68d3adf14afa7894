import { MetricSet } from './metric-set';

/** Layout of the regression sufficient statistics: weighted count and sums. */
export const N = 0;
export const SUM_TARGET = 1;
export const SUM_TARGET_SQUARED = 2;
export const SUM_PREDICTION = 3;
export const SUM_ABS_ERROR = 4;
export const SUM_SQUARED_ERROR = 5;
export const REGRESSION_WIDTH = 6;

export function addRegressionRow(stats: Float64Array, offset: number, target: number, prediction: number, weight: number): void {
  const error = prediction - target;
  stats[offset + N]! += weight;
  stats[offset + SUM_TARGET]! += weight * target;
  stats[offset + SUM_TARGET_SQUARED]! += weight * target * target;
  stats[offset + SUM_PREDICTION]! += weight * prediction;
  stats[offset + SUM_ABS_ERROR]! += weight * Math.abs(error);
  stats[offset + SUM_SQUARED_ERROR]! += weight * error * error;
}

export function regressionMetrics(stats: ArrayLike<number>, offset: number, out: MetricSet): void {
  const n = stats[offset + N]!;
  const sumTarget = stats[offset + SUM_TARGET]!;
  const noRows = 'no rows in group';
  out.set('count', n);
  out.setRatio('mean_target', sumTarget, n, noRows);
  out.setRatio('mean_prediction', stats[offset + SUM_PREDICTION]!, n, noRows);
  // signed: a group the model over-predicts (above 0) or under-predicts, which MAE and RMSE cannot tell
  out.setRatio('mean_error', stats[offset + SUM_PREDICTION]! - sumTarget, n, noRows);
  out.setRatio('mean_absolute_error', stats[offset + SUM_ABS_ERROR]!, n, noRows);
  out.setRatio('mean_squared_error', stats[offset + SUM_SQUARED_ERROR]!, n, noRows);
  out.set('root_mean_squared_error', Math.sqrt(out.get('mean_squared_error')), noRows);
  // Total sum of squares from raw sums keeps the statistics mergeable; relative rounding error is
  // about 1e-16 * (mean^2 / variance), negligible unless the target is nearly constant.
  const totalSumOfSquares = n === 0 ? 0 : stats[offset + SUM_TARGET_SQUARED]! - (sumTarget * sumTarget) / n;
  const constantTarget = totalSumOfSquares <= 1e-12 * Math.abs(stats[offset + SUM_TARGET_SQUARED]!);
  out.set(
    'r2',
    n === 0 || constantTarget ? Number.NaN : 1 - stats[offset + SUM_SQUARED_ERROR]! / totalSumOfSquares,
    n === 0 ? noRows : 'target is constant in group',
  );
}

/** The aggregate of the worst group's mean squared error: what bounded group loss bounds (every group's MSE at most ζ). */
export const WORST_GROUP_MSE = 'worst_group_mean_squared_error';

/**
 * The largest mean squared error among `groups` (those without a value left out), set on `out` as
 * WORST_GROUP_MSE: a mitigation summary's figure, so a run that lowers its worst-off group's error
 * says so beside the gaps it may widen.
 */
export function worstGroupAggregate(groups: readonly MetricSet[], out: MetricSet): void {
  const values = groups.map((g) => g.get('mean_squared_error')).filter((v) => !Number.isNaN(v));
  out.set(WORST_GROUP_MSE, values.length === 0 ? Number.NaN : Math.max(...values), 'no group has a value');
}
