import { evaluateAudit } from './evaluate';
import { AUDIT_DEFAULTS } from './options';
import { AuditStatistics } from './statistics';
import type { Grouping } from '../../../../common/reports/audit';
import type { OutcomeSummary } from '../../../../common/reports/mitigation';

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
  const classification = outcomes.task === 'classification';
  const statistics = new AuditStatistics({
    task: outcomes.task,
    sensitive: ['group'],
    classes: ['0', '1'],
    hasLabel: true,
    hasPrediction: classification,
    weighted: false,
    values: !classification || outcomes.scores !== undefined,
  });
  const key = [''];
  for (let i = 0; i < outcomes.groups.length; i++) {
    key[0] = outcomes.groups[i]!;
    const cell = statistics.cell(key);
    if (outcomes.task === 'classification') {
      statistics.addRow(cell, outcomes.labels[i] === 1 ? 1 : 0, outcomes.predictions[i] === 1 ? 1 : 0, 1, outcomes.scores?.[i]);
    } else {
      statistics.addRow(cell, -1, -1, 1, outcomes.predictions[i]!, outcomes.targets[i]!);
    }
  }
  const [grouping] = evaluateAudit(statistics, {
    file: '',
    groupings: [[0]],
    groupValue: [undefined],
    references: {},
    level: 0.95,
    minGroupSize,
    bootstrap: 0,
    seed: 0,
    maxGroups: Infinity,
    replicateValueBins: AUDIT_DEFAULTS.replicateValueBins,
  });
  return grouping!;
}
