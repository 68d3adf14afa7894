import { MetricSet } from './metric-set';

/** Layout of the dataset sufficient statistics (label only, no model output). */
export const COUNT = 0;
export const POSITIVES = 1;
export const DATASET_WIDTH = 2;

export const DATASET_METRICS = ['base_rate', 'label_imbalance'] as const;
/** A model's decisions audited without the true label: only their rate can be compared. */
export const DECISION_METRICS = ['selection_rate'] as const;

/**
 * `label_imbalance` = |positives - negatives| / count: 0 for balanced labels, 1 when the group has
 * a single class (our choice; AIF360's class imbalance is the signed form between two groups).
 */
export function datasetMetrics(stats: ArrayLike<number>, offset: number, hasLabel: boolean, out: MetricSet, decisions = false): void {
  const n = stats[offset + COUNT]!;
  const positives = stats[offset + POSITIVES]!;
  out.set('count', n);
  if (!hasLabel) return;
  if (decisions) return out.setRatio('selection_rate', positives, n, 'no rows in group');
  out.setRatio('base_rate', positives, n, 'no rows in group');
  out.setRatio('label_imbalance', Math.abs(2 * positives - n), n, 'no rows in group');
}
