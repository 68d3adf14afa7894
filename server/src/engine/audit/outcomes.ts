import { evaluateAudit } from './evaluate';
import { AUDIT_DEFAULTS } from './options';
import { AuditStatistics, type Cell } from './statistics';
import type { Grouping } from '../../../../common/reports/audit';
import type { OutcomeSummary } from '../../../../common/reports/mitigation';
import { asGroupCodes, type GroupCodes } from '../table/table';

export interface ClassificationOutcomes {
  task: 'classification';
  /** True labels, 1 = positive. */
  labels: ArrayLike<number>;
  /** Hard predictions, 1 = positive. */
  predictions: ArrayLike<number>;
  /** Optional scores, for AUC and the score-distribution distances. */
  scores?: ArrayLike<number>;
  /** Group of each row (intersectional groups already joined), or the rows' group codes. */
  groups: readonly string[] | GroupCodes;
}

export interface RegressionOutcomes {
  task: 'regression';
  targets: ArrayLike<number>;
  predictions: ArrayLike<number>;
  groups: readonly string[] | GroupCodes;
}

export function summarizeOutcomes(outcomes: ClassificationOutcomes | RegressionOutcomes, minGroupSize = 30): OutcomeSummary {
  const groups = asGroupCodes(outcomes.groups);
  const grouping = evaluateOutcomes({ ...outcomes, groups }, minGroupSize);
  const overall = grouping.overall.metrics;
  return {
    rows: groups.codes.length,
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
  const { codes, names } = asGroupCodes(outcomes.groups);
  // A group's cell is looked up at its first row, so cells are created in order of first appearance.
  const cells: (Cell | undefined)[] = [];
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    const cell = (cells[code] ??= statistics.cell([names[code]!]));
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
