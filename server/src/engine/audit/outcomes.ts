import { evaluateAudit } from './evaluate';
import type { EvaluationSettings } from './vectors';
import { AUDIT_DEFAULTS } from './options';
import { AuditStatistics, type Cell } from './statistics';
import type { Grouping } from '../../../../common/reports/audit';
import type { OutcomeSummary } from '../../../../common/reports/mitigation';
import { asGroupCodes, type GroupCodes } from '../table/table';
import { segmentColumns, type ValueSegments } from '../metrics/sample';
import { expectedDraws, type DecisionRows } from './paired-draws';

export interface ClassificationOutcomes {
  task: 'classification';
  /** True labels, 1 = positive. */
  labels: ArrayLike<number>;
  /** Hard predictions, 1 = positive; for a randomized decision, its seeded draw (predictions.csv), which its figures do not read. */
  predictions: ArrayLike<number>;
  /**
   * A randomized decision: row i is predicted positive with probability `probability(i)` (computed
   * when read: no column is held). Every figure is then in expectation: the row counts p toward
   * predicted positive and 1 − p toward predicted negative, and a bootstrap weight w on it adds w·p
   * and w·(1 − p) (expectedDraws).
   */
  probability?: (row: number) => number;
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

/** How the outcomes are evaluated: the audit's bootstrap (0 resamples: no intervals) and its small-group size. */
export interface OutcomeEvaluation {
  /** Poisson bootstrap resamples, 0 to AUDIT_DEFAULTS.maxBootstrap (default: the audit's 200). */
  bootstrap?: number;
  /** Seed of the bootstrap draws (default: the audit's 0). */
  seed?: number;
  /** Groups with fewer rows are left out of `largeGroups` (default: the audit's 30). */
  minGroupSize?: number;
  /** Classification groups with fewer rows of a label value are left out of `largeGroups` (default: the audit's 5). */
  minLabelCount?: number;
}

/**
 * The sorted score segments of one set of rows, kept between evaluations of different decisions on
 * them. They hold only scores, labels and cells (no predictions), and the bootstrap draws each
 * segment from its own key, so one set serves every decision and every bootstrap setting.
 */
export interface ScoreSegments {
  segments?: ValueSegments;
}

/**
 * Summaries of several decisions (before, after, each sweep point) on the same rows, each with its
 * own evaluation (the method's bootstrap, or POINT_ESTIMATES for a sweep point): the scores' sorted
 * segments depend only on the scores, labels and groups, so they are built once. With
 * `probability`, the decision is randomized and the figures are in expectation (ClassificationOutcomes).
 */
export function outcomeSummaries(rows: Omit<ClassificationOutcomes, 'task' | 'predictions' | 'probability'>): {
  (predictions: ArrayLike<number>, evaluation: OutcomeEvaluation, probability?: (row: number) => number): OutcomeSummary;
  /** The rows' sorted score segments, for other evaluations of these rows (the paired change). */
  kept: ScoreSegments;
} {
  const kept: ScoreSegments = {};
  const groups = asGroupCodes(rows.groups);
  const summarize = (predictions: ArrayLike<number>, evaluation: OutcomeEvaluation, probability?: (row: number) => number) =>
    summarizeOutcomes({ task: 'classification', ...rows, groups, predictions, ...(probability ? { probability } : {}) }, evaluation, kept);
  return Object.assign(summarize, { kept });
}

/**
 * The figures a mitigation report shows for one model on its evaluation rows, with the audit's
 * percentile intervals (level 0.95) when `bootstrap` > 0. A randomized decision's (`probability`)
 * are in expectation, their intervals from the same Poisson bootstrap of the rows (expectedDraws).
 */
export function summarizeOutcomes(
  outcomes: ClassificationOutcomes | RegressionOutcomes,
  evaluation: OutcomeEvaluation = {},
  kept: ScoreSegments = {},
): OutcomeSummary {
  const settings = outcomeSettings(evaluation);
  const rowGroups = asGroupCodes(outcomes.groups);
  const grouping = evaluateOutcomes({ ...outcomes, groups: rowGroups }, settings, kept);
  return summaryOf(grouping, outcomes.task, rowGroups.codes.length, settings);
}

/**
 * The figures of a randomized decision's seeded draw (its `predictions`, as predictions.csv holds
 * them), as point estimates: the report's `draw`, beside `after` in expectation.
 */
export function summarizeDraw(outcomes: ClassificationOutcomes, evaluation: OutcomeEvaluation, kept: ScoreSegments = {}): OutcomeSummary {
  return summarizeOutcomes({ ...outcomes, probability: undefined }, { ...evaluation, bootstrap: 0 }, kept);
}

function summaryOf(grouping: Grouping, task: 'classification' | 'regression', rows: number, settings: Required<OutcomeEvaluation>): OutcomeSummary {
  // accuracy or MSE, under the audit's metric name
  const [quality, metric] = task === 'classification' ? ['accuracy', 'accuracy'] : ['mse', 'mean_squared_error'];
  const withIntervals = settings.bootstrap > 0;
  const { minGroupSize, minLabelCount, groups, aggregates, intervals } = grouping.largeGroups;
  // the share of all rows predicted positive: a gap can close because almost nobody (or everybody) is selected
  const selected =
    task === 'classification' ? { selectionRate: grouping.overall.metrics['selection_rate'] ?? null } : { r2: grouping.overall.metrics['r2'] ?? null };
  return {
    rows,
    [quality]: grouping.overall.metrics[metric] ?? null,
    ...selected,
    aggregates: grouping.aggregates,
    largeGroups: { minGroupSize, ...(minLabelCount !== undefined ? { minLabelCount } : {}), groups, aggregates, ...(withIntervals ? { intervals } : {}) },
    ...(withIntervals
      ? {
          intervals: {
            [quality]: grouping.overall.intervals[metric] ?? null,
            ...(task === 'classification'
              ? { selection_rate: grouping.overall.intervals['selection_rate'] ?? null }
              : { r2: grouping.overall.intervals['r2'] ?? null }),
          },
          aggregateIntervals: grouping.aggregateIntervals,
          bootstrap: { resamples: settings.bootstrap, seed: settings.seed, level: AUDIT_DEFAULTS.level, method: 'poisson-statistics' as const },
        }
      : {}),
    groups: grouping.groups.map((group, i) => ({
      group: Object.values(group.key).join(' & '),
      count: group.count,
      ...(group.labels ? { labels: group.labels } : {}),
      ...(group.fewLabels ? { fewLabels: true } : {}),
      metrics: group.metrics,
      ...(withIntervals ? { intervals: group.intervals } : {}),
      ...(withIntervals && group.exactIntervals ? { exactIntervals: group.exactIntervals } : {}),
      ...(grouping.distributions?.[i] ? { quantiles: grouping.distributions[i] } : {}),
    })),
  };
}

export function outcomeSettings(evaluation: OutcomeEvaluation): Required<OutcomeEvaluation> {
  const settings = {
    bootstrap: evaluation.bootstrap ?? AUDIT_DEFAULTS.bootstrap,
    seed: evaluation.seed ?? AUDIT_DEFAULTS.seed,
    minGroupSize: evaluation.minGroupSize ?? AUDIT_DEFAULTS.minGroupSize,
    minLabelCount: evaluation.minLabelCount ?? AUDIT_DEFAULTS.minLabelCount,
  };
  // the parameter schemas bound these; a caller passing more is a programming error
  if (!Number.isInteger(settings.bootstrap) || settings.bootstrap < 0 || settings.bootstrap > AUDIT_DEFAULTS.maxBootstrap)
    throw new RangeError(`bootstrap resamples must be a whole number from 0 to ${AUDIT_DEFAULTS.maxBootstrap}, got ${settings.bootstrap}`);
  return settings;
}

/**
 * The full audit grouping (per-group metrics, aggregates over all groups and over the large ones)
 * of in-memory outcomes, with the audit's Poisson bootstrap on its sufficient statistics: the
 * same draws as `parity audit --bootstrap N --seed S` of one sensitive column holding the groups.
 */
export function evaluateOutcomes(
  outcomes: ClassificationOutcomes | RegressionOutcomes,
  evaluation: OutcomeEvaluation = {},
  kept: ScoreSegments = {},
): Grouping {
  const settings = auditSettings(outcomeSettings(evaluation));
  const { statistics, codes, cellOfCode } = outcomeStatistics(outcomes, kept);
  // a randomized decision has no audit draws (keyed by predicted class): its rows are drawn keyed by their probability
  const draws =
    outcomes.task === 'classification' && outcomes.probability && settings.bootstrap > 0
      ? expectedDraws(decisionOf(outcomes, statistics, codes, cellOfCode), codes.length, settings.seed, settings.replicateValueBins)
      : undefined;
  return evaluateAudit(statistics, { ...settings, ...(draws ? { draws } : {}) })[0]!;
}

/** One decision's statistics and the per-row columns its bootstrap draws are keyed by. */
export function decisionOf(
  outcomes: ClassificationOutcomes | RegressionOutcomes,
  statistics: AuditStatistics,
  codes: ArrayLike<number>,
  cellOfCode: Int32Array,
): DecisionRows {
  const cellOfRow = (row: number) => cellOfCode[codes[row]!]!;
  if (outcomes.task === 'regression') return { statistics, cellOfRow, values: outcomes.predictions, targets: outcomes.targets };
  const decision = outcomes.probability ? { probability: outcomes.probability } : { predictions: outcomes.predictions };
  return { statistics, cellOfRow, labels: outcomes.labels, ...decision, values: outcomes.scores };
}

/** The settings of an audit of one grouping holding every group, with the worst group's MSE among a regression's aggregates. */
export function auditSettings({ bootstrap, seed, minGroupSize, minLabelCount }: Required<OutcomeEvaluation>): EvaluationSettings {
  return {
    file: '',
    groupings: [[0]],
    groupValue: [undefined],
    references: {},
    level: AUDIT_DEFAULTS.level,
    minGroupSize,
    minLabelCount,
    bootstrap,
    seed,
    maxGroups: Infinity,
    replicateValueBins: AUDIT_DEFAULTS.replicateValueBins,
    // the figure bounded group loss bounds, for every regression run's before/after table
    worstGroupError: true,
  };
}

/**
 * The audit's statistics of in-memory outcomes, one cell per group (cells in order of first
 * appearance), and the cell of each group code. Classification scores are segmented from the
 * columns (not copied row by row into the cells), or taken from `kept` when an earlier call on the
 * same rows built them. A randomized classification (`probability`) counts each row in expectation
 * (AuditStatistics.addExpectedRow), and its predictions are not read.
 */
export function outcomeStatistics(
  outcomes: ClassificationOutcomes | RegressionOutcomes,
  kept: ScoreSegments = {},
): { statistics: AuditStatistics; codes: ArrayLike<number>; cellOfCode: Int32Array } {
  const classification = outcomes.task === 'classification';
  const probability = classification ? outcomes.probability : undefined;
  const statistics = new AuditStatistics({
    task: outcomes.task,
    sensitive: ['group'],
    classes: ['0', '1'],
    hasLabel: true,
    hasPrediction: classification,
    weighted: false,
    values: !classification || outcomes.scores !== undefined,
    ...(probability ? { expected: true } : {}),
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
    if (outcomes.task === 'classification' && probability) {
      statistics.addExpectedRow(cell, outcomes.labels[i] === 1 ? 1 : 0, probability(i));
    } else if (outcomes.task === 'classification') {
      statistics.addRow(cell, outcomes.labels[i] === 1 ? 1 : 0, outcomes.predictions[i] === 1 ? 1 : 0, 1);
    } else {
      statistics.addRow(cell, -1, -1, 1, outcomes.predictions[i]!, outcomes.targets[i]!);
    }
  }
  if (outcomes.task === 'classification' && outcomes.scores !== undefined) {
    kept.segments ??= segmentColumns(
      scoreArray(outcomes.scores),
      outcomes.labels,
      codes,
      cellOfCode,
      statistics.cells.map((cell) => cell.key),
      statistics.classHashes(),
    );
    statistics.useSegments(kept.segments);
  }
  return { statistics, codes, cellOfCode };
}

function scoreArray(scores: ArrayLike<number>): Float64Array {
  return scores instanceof Float64Array ? scores : Float64Array.from(scores);
}
