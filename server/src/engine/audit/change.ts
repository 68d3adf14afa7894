import { evaluateAudit } from './evaluate';
import { AUDIT_DEFAULTS } from './options';
import {
  auditSettings,
  ClassificationOutcomes,
  decisionOf,
  OutcomeEvaluation,
  outcomeSettings,
  outcomeStatistics,
  RegressionOutcomes,
  ScoreSegments,
  summarizeOutcomes,
} from './outcomes';
import { pairedDraws } from './paired-draws';
import type { ReplicateFigures } from './vectors';
import { percentileInterval } from '../metrics/bootstrap';
import type { MetricIntervals, MetricValues } from '../../../../common/reports/audit';
import type { OutcomeChange, OutcomeSummary } from '../../../../common/reports/mitigation';

type Outcomes = ClassificationOutcomes | RegressionOutcomes;

/**
 * after − before of the summaries' accuracy or MSE and aggregates, with paired percentile
 * intervals: both decisions are evaluated on the same bootstrap replicates (pairedDraws), and the
 * interval is that of the replicates' differences. `before` and `after` are the same rows
 * (groups, labels or targets) under two decisions; the summaries are theirs. A randomized decision
 * (`probability`) is compared in expectation: a replicate's weight w on a row adds w·p to its
 * predicted positives and w·(1 − p) to its negatives.
 */
export function outcomeChange(
  outcomes: { before: Outcomes; after: Outcomes },
  summaries: { before: OutcomeSummary; after: OutcomeSummary },
  evaluation: OutcomeEvaluation = {},
  segments: ScoreSegments = {},
): OutcomeChange {
  const settings = outcomeSettings(evaluation);
  const quality = outcomes.after.task === 'classification' ? 'accuracy' : 'mse';
  const difference = (after: number | null | undefined, before: number | null | undefined) =>
    after === null || after === undefined || before === null || before === undefined ? null : after - before;
  const differences = (after: MetricValues, before: MetricValues): MetricValues =>
    Object.fromEntries(Object.keys(after).map((name) => [name, difference(after[name], before[name])]));
  const { minGroupSize, minLabelCount, groups } = summaries.after.largeGroups!;
  const regression = quality === 'mse';
  const change: OutcomeChange = {
    [quality]: difference(summaries.after[quality], summaries.before[quality]),
    ...(regression ? { r2: difference(summaries.after.r2, summaries.before.r2) } : {}),
    aggregates: differences(summaries.after.aggregates, summaries.before.aggregates),
    largeGroups: {
      minGroupSize,
      ...(minLabelCount !== undefined ? { minLabelCount } : {}),
      groups,
      aggregates: differences(summaries.after.largeGroups!.aggregates, summaries.before.largeGroups!.aggregates),
    },
  };
  if (settings.bootstrap === 0) return change;

  // the same scores, labels and groups (a method that only changes decisions) sort into one set of
  // segments: `segments`, when the caller has them (outcomeSummaries' kept)
  const shared = segments;
  const same =
    outcomes.before.task === 'classification' &&
    outcomes.after.task === 'classification' &&
    outcomes.before.scores === outcomes.after.scores &&
    outcomes.before.labels === outcomes.after.labels &&
    outcomes.before.groups === outcomes.after.groups;
  const [before, after] = [outcomes.before, outcomes.after].map((o) => decisionRows(o, same ? shared : {}));
  const rows = before!.rows;
  if (after!.rows !== rows) throw new RangeError(`before and after must be the same rows, got ${rows} and ${after!.rows}`);
  const draws = pairedDraws(before!.decision, after!.decision, rows, settings.seed, AUDIT_DEFAULTS.replicateValueBins);
  const metric = quality === 'accuracy' ? 'accuracy' : 'mean_squared_error';
  const aggregateNames = Object.keys(change.aggregates);
  const largeNames = Object.keys(change.largeGroups.aggregates);
  // Of each replicate, only the figures whose change gets an interval, as numbers: the
  // replicates' own metric sets, 200 a side, were 5 MB of heap at 2M rows.
  const figuresOf = (f: ReplicateFigures) =>
    Float64Array.of(
      f.overall.get(metric),
      ...aggregateNames.map((name) => f.aggregates.get(name)),
      ...largeNames.map((name) => f.largeAggregates.get(name)),
      ...(regression ? [f.overall.get('r2')] : []),
    );
  const replicates = [before!, after!].map(({ decision }, side) => {
    const figures: Float64Array[] = [];
    evaluateAudit(decision.statistics, { ...auditSettings(settings), draws: draws[side], onReplicate: (_, f) => figures.push(figuresOf(f)) });
    return figures;
  });
  const intervalAt = (index: number) =>
    percentileInterval(
      Float64Array.from(replicates[1]!, (figures, b) => figures[index]! - replicates[0]![b]![index]!),
      AUDIT_DEFAULTS.level,
    );
  const intervalsAt = (names: readonly string[], first: number): MetricIntervals => Object.fromEntries(names.map((name, i) => [name, intervalAt(first + i)]));
  return {
    ...change,
    intervals: { [quality]: intervalAt(0), ...(regression ? { r2: intervalAt(1 + aggregateNames.length + largeNames.length) } : {}) },
    aggregateIntervals: intervalsAt(aggregateNames, 1),
    largeGroups: { ...change.largeGroups, intervals: intervalsAt(largeNames, 1 + aggregateNames.length) },
    bootstrap: { resamples: settings.bootstrap, seed: settings.seed, level: AUDIT_DEFAULTS.level, method: 'poisson-paired' },
  };
}

/** One decision's statistics and the per-row columns its draws are keyed by. */
function decisionRows(outcomes: Outcomes, kept: ScoreSegments) {
  const { statistics, codes, cellOfCode } = outcomeStatistics(outcomes, kept);
  return { rows: codes.length, decision: decisionOf(outcomes, statistics, codes, cellOfCode) };
}

/** The summaries of two decisions on the same rows (before and after a mitigation) and their change. */
export function beforeAndAfter(
  before: Outcomes,
  after: Outcomes,
  evaluation: OutcomeEvaluation,
): { before: OutcomeSummary; after: OutcomeSummary; change: OutcomeChange } {
  const summaries = { before: summarizeOutcomes(before, evaluation), after: summarizeOutcomes(after, evaluation) };
  return { ...summaries, change: outcomeChange({ before, after }, summaries, evaluation) };
}
