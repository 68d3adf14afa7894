import { evaluateAudit } from './evaluate';
import { AUDIT_DEFAULTS } from './options';
import { AuditStatistics, type Cell } from './statistics';
import type { Grouping } from '../../../../common/reports/audit';
import type { OutcomeSummary } from '../../../../common/reports/mitigation';
import { asGroupCodes, type GroupCodes } from '../table/table';
import { segmentColumns, type ValueSegments } from '../metrics/sample';

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

/** The sorted score segments of one set of rows, kept between summaries of different decisions on them. */
interface ScoreSegments {
  segments?: ValueSegments;
}

/**
 * Summaries of several decisions (before, after, each sweep point) on the same rows: the scores'
 * sorted segments depend only on the scores, labels and groups, so they are built once.
 */
export function outcomeSummaries(
  rows: Omit<ClassificationOutcomes, 'task' | 'predictions'>,
  minGroupSize = 30,
): (predictions: ArrayLike<number>) => OutcomeSummary {
  const kept: ScoreSegments = {};
  const groups = asGroupCodes(rows.groups);
  return (predictions) => summarizeOutcomes({ task: 'classification', ...rows, groups, predictions }, minGroupSize, kept);
}

export function summarizeOutcomes(outcomes: ClassificationOutcomes | RegressionOutcomes, minGroupSize = 30, kept: ScoreSegments = {}): OutcomeSummary {
  const groups = asGroupCodes(outcomes.groups);
  const grouping = evaluateOutcomes({ ...outcomes, groups }, minGroupSize, kept);
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

/**
 * The full audit grouping (per-group metrics, aggregates) of in-memory outcomes, no bootstrap.
 * Classification scores are segmented from the columns (not copied row by row into the cells), or
 * taken from `kept` when an earlier call on the same rows built them.
 */
export function evaluateOutcomes(outcomes: ClassificationOutcomes | RegressionOutcomes, minGroupSize = 30, kept: ScoreSegments = {}): Grouping {
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
  const cellOfCode = new Int32Array(names.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    let cell = cells[code];
    if (cell === undefined) {
      cell = cells[code] = statistics.cell([names[code]!]);
      cellOfCode[code] = statistics.cells.length - 1;
    }
    if (outcomes.task === 'classification') {
      statistics.addRow(cell, outcomes.labels[i] === 1 ? 1 : 0, outcomes.predictions[i] === 1 ? 1 : 0, 1);
    } else {
      statistics.addRow(cell, -1, -1, 1, outcomes.predictions[i]!, outcomes.targets[i]!);
    }
  }
  if (outcomes.task === 'classification' && outcomes.scores !== undefined) {
    const scores = outcomes.scores instanceof Float64Array ? outcomes.scores : Float64Array.from(outcomes.scores);
    kept.segments ??= segmentColumns(
      scores,
      outcomes.labels,
      codes,
      cellOfCode,
      statistics.cells.map((cell) => cell.key),
      statistics.classHashes(),
    );
    statistics.useSegments(kept.segments);
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
