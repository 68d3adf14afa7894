import { AuditAccumulator } from './accumulator';
import { evaluateAudit } from './evaluate';
import type { Grouping } from '../../../../common/reports/audit';
import type { OutcomeSummary } from '../../../../common/reports/mitigation';
import { confusionCell } from '../metrics/classification';

export interface ClassificationOutcomes {
  task: 'classification';
  /** True labels, 1 = positive. */
  labels: ArrayLike<number>;
  /** Hard predictions, 1 = positive. */
  predictions: ArrayLike<number>;
  /** Optional scores, for AUC and the score-distribution distances. */
  scores?: ArrayLike<number>;
  /** Group of each row (intersectional groups already joined). */
  groups: readonly string[];
}

export interface RegressionOutcomes {
  task: 'regression';
  targets: ArrayLike<number>;
  predictions: ArrayLike<number>;
  groups: readonly string[];
}

export function summarizeOutcomes(outcomes: ClassificationOutcomes | RegressionOutcomes, minGroupSize = 30): OutcomeSummary {
  const grouping = evaluateOutcomes(outcomes, minGroupSize);
  const overall = grouping.overall.metrics;
  return {
    rows: outcomes.groups.length,
    ...(outcomes.task === 'classification' ? { accuracy: overall['accuracy'] ?? null } : { mse: overall['mean_squared_error'] ?? null }),
    aggregates: grouping.aggregates,
    groups: grouping.groups.map((group, i) => ({
      group: Object.values(group.key).join(' & '),
      count: group.count,
      metrics: group.metrics,
      ...(grouping.distributions?.[i] ? { quantiles: grouping.distributions[i] } : {}),
    })),
  };
}

/** The full audit grouping (per-group metrics, aggregates) of in-memory outcomes, no bootstrap. */
export function evaluateOutcomes(outcomes: ClassificationOutcomes | RegressionOutcomes, minGroupSize = 30): Grouping {
  const keepSample = outcomes.task === 'regression' || outcomes.scores !== undefined;
  const accumulator = new AuditAccumulator(outcomes.task, keepSample, 0, 0);
  for (let i = 0; i < outcomes.groups.length; i++) {
    const cell = accumulator.cell([outcomes.groups[i]!]);
    if (outcomes.task === 'classification') {
      const actual = outcomes.labels[i] === 1;
      accumulator.addClassification(cell, i, confusionCell(actual, outcomes.predictions[i] === 1), actual, outcomes.scores?.[i]);
    } else {
      accumulator.addRegression(cell, i, outcomes.targets[i]!, outcomes.predictions[i]!);
    }
  }
  const [grouping] = evaluateAudit(accumulator, { sensitive: ['group'], hasLabel: true, level: 0.95, minGroupSize });
  return grouping!;
}
