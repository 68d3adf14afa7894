import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MeasuredRows, OutcomeChange, OutcomeSummary } from '../../../../common/reports/mitigation';
import { outcomeChange } from '../../engine/audit/change';
import {
  summarizeOutcomes,
  outcomeSettings,
  type ClassificationOutcomes,
  type OutcomeEvaluation,
  type RegressionOutcomes,
  type ScoreSegments,
} from '../../engine/audit/outcomes';
import type { MitigationOutput } from '../../io/output';
import { MITIGATION_REPORT_SCHEMA_VERSION, MitigationKind, MitigationReport, SeededDraw, TradeoffPoint } from '../../../../common/reports/mitigation';
import type { LabelledSplit } from './split';
import { binEdges } from '../../engine/audit/sensitive-bins';

/** What a report reads of a labelled split; a numeric label's (a regression's) has no positive value. */
export type ReportedSplit = Pick<
  LabelledSplit,
  'inputs' | 'label' | 'sensitive' | 'bins' | 'positiveMeans' | 'features' | 'featureWarnings' | 'evaluatedOn' | 'measuredOn'
> & { positive?: string };

/** What a training-data method adds to its report; the rest comes from the split. */
export interface SplitReportParts {
  method: string;
  kind: MitigationKind;
  /** Default classification. */
  task?: MitigationReport['task'];
  parameters: Record<string, unknown>;
  /** What `before` is: the same base model without the mitigation, in words. */
  baseline: string;
  before: OutcomeSummary;
  after: OutcomeSummary;
  change: OutcomeChange;
  /** A randomized decision's seeded draw (predictions.csv), when `after` is in expectation. */
  draw?: SeededDraw;
  tradeoff: TradeoffPoint[];
  /** performance.now() when the run started. */
  started: number;
  /** The method's own warnings, after the split's feature warnings. */
  warnings?: string[];
}

/** The report's columns of a model fitted on a labelled split: no model output read; the label, its positive value (a classifier's), the groups and their bins. */
export function splitReportColumns(split: ReportedSplit): MitigationOutput['report']['columns'] {
  return {
    label: split.label,
    sensitive: split.sensitive,
    prediction: null,
    score: null,
    positiveMeans: split.positiveMeans,
    ...(split.positive !== undefined ? { positive: split.positive } : {}),
    bins: binEdges(split.bins),
  };
}

/** report.json (before writeMitigationOutput adds the files) of a model fitted on a labelled split. */
export function splitReport(split: ReportedSplit, parts: SplitReportParts): MitigationOutput['report'] {
  return {
    schemaVersion: MITIGATION_REPORT_SCHEMA_VERSION,
    method: parts.method,
    kind: parts.kind,
    task: parts.task ?? 'classification',
    inputs: split.inputs,
    columns: splitReportColumns(split),
    features: split.features,
    parameters: parts.parameters,
    evaluatedOn: split.evaluatedOn,
    measuredOn: split.measuredOn,
    baseline: parts.baseline,
    before: parts.before,
    after: parts.after,
    ...(parts.draw ? { draw: parts.draw } : {}),
    change: parts.change,
    tradeoff: parts.tradeoff,
    seconds: (performance.now() - parts.started) / 1000,
    warnings: [...split.featureWarnings, ...(parts.warnings ?? [])],
  };
}

/**
 * How figures only quoted in `parameters` (and sweep points of a run without the bootstrap) are
 * summarized: without intervals.
 */
export const POINT_ESTIMATES: OutcomeEvaluation = { bootstrap: 0 };

/**
 * One sweep point: the outcome summary at that setting, per-group figures (and their intervals)
 * included; the groups' score quantiles are left out (101 reject-option points would add 1.2 MB
 * to report.json).
 */
export function tradeoffPoint(parameter: string, value: number, summary: OutcomeSummary): TradeoffPoint {
  return { parameter, value, ...withoutQuantiles(summary) };
}

function withoutQuantiles<S extends OutcomeSummary>(summary: S): S {
  return { ...summary, groups: summary.groups.map(({ quantiles: _quantiles, ...group }) => group) };
}

/**
 * With the bootstrap, a sweep point costs two bootstrapped evaluations (its intervals and its
 * paired change), about 0.9 s at 2,000 rows: every method's sweep of at most this many points is
 * bootstrapped whole, reject-option's 101 bands at this many evenly spaced ones and the chosen band.
 */
export const BOOTSTRAPPED_SWEEP_POINTS = 6;

/** Whether point `index` of a sweep of `count` points gets intervals: all of a short sweep; else evenly spaced ones and the run's own (`own`, -1 if none). */
export function bootstrapsSweepPoint(index: number, count: number, own: number): boolean {
  if (count <= BOOTSTRAPPED_SWEEP_POINTS || index === own) return true;
  const step = (count - 1) / (BOOTSTRAPPED_SWEEP_POINTS - 1);
  return Array.from({ length: BOOTSTRAPPED_SWEEP_POINTS }, (_, k) => Math.round(k * step)).includes(index);
}

type Outcomes = ClassificationOutcomes | RegressionOutcomes;

/** A sweep setting's decisions on the run's evaluation rows. */
export interface SweepDecision {
  outcomes: Outcomes;
  /** Its summary under an evaluation (default: summarizeOutcomes of `outcomes`): a method that keeps its rows' sorted segments passes its own. */
  summarize?: (evaluation: OutcomeEvaluation) => OutcomeSummary;
  /** A randomized decision's (`outcomes` with `probability`, figures in expectation) seeded draw, computed as the run's own `draw`. */
  draw?: () => SeededDraw;
}

/** The run's `before` on the same rows, and the run's evaluation (its bootstrap and seed). */
export interface SweepBaseline {
  outcomes: Outcomes;
  summary: OutcomeSummary;
  evaluation: OutcomeEvaluation;
  /** The rows' sorted score segments, when before and every point share scores, labels and groups. */
  segments?: ScoreSegments;
}

/**
 * One sweep point with the figures of the run's own result: when the run bootstraps, its
 * intervals (the run's resamples and seed) and the paired change against the run's `before`
 * (outcomeChange, the same replicates as `change`), so the point the run chose gets exactly
 * `after` and `change`. Only the summary is kept: the caller drops the point's rows.
 */
export function sweepPoint(parameter: string, value: number, decision: SweepDecision, before: SweepBaseline): TradeoffPoint {
  const bootstrapped = outcomeSettings(before.evaluation).bootstrap > 0;
  const evaluation = bootstrapped ? before.evaluation : POINT_ESTIMATES;
  const summary = decision.summarize ? decision.summarize(evaluation) : summarizeOutcomes(decision.outcomes, evaluation);
  return {
    ...tradeoffPoint(parameter, value, summary),
    ...(decision.draw ? { draw: withoutQuantiles(decision.draw()) } : {}),
    ...(bootstrapped
      ? {
          change: outcomeChange(
            { before: before.outcomes, after: decision.outcomes },
            { before: before.summary, after: summary },
            before.evaluation,
            before.segments,
          ),
        }
      : {}),
  };
}

/** The rows of a post-processing method's figures: the model-output file, and the calibration file its rules were fitted on, if any. */
export function measuredData(dataFile: string, rows: number, calibrationFile: string | undefined): MeasuredRows {
  return { kind: 'data', file: path.resolve(dataFile), rows, ...(calibrationFile ? { calibration: path.resolve(calibrationFile) } : {}) };
}
