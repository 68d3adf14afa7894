import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MeasuredRows, OutcomeChange, OutcomeSummary } from '../../../../common/reports/mitigation';
import type { OutcomeEvaluation } from '../../engine/audit/outcomes';
import type { MitigationOutput } from '../../io/output';
import { MITIGATION_SCHEMA_VERSION, MitigationKind, TradeoffPoint } from '../../../../common/reports/mitigation';
import type { LabelledSplit } from './split';

/** What a training-data classification method adds to its report; the rest comes from the split. */
export interface SplitReportParts {
  method: string;
  kind: MitigationKind;
  parameters: Record<string, unknown>;
  /** What `before` is: the same base model without the mitigation, in words. */
  baseline: string;
  before: OutcomeSummary;
  after: OutcomeSummary;
  change: OutcomeChange;
  /** after in expectation, for a randomized decision. */
  expected?: OutcomeSummary;
  tradeoff: TradeoffPoint[];
  /** performance.now() when the run started. */
  started: number;
}

/** report.json (before writeMitigationOutput adds the files) of a classifier fitted on a labelled split. */
export function splitReport(split: LabelledSplit, parts: SplitReportParts): MitigationOutput['report'] {
  return {
    schemaVersion: MITIGATION_SCHEMA_VERSION,
    method: parts.method,
    kind: parts.kind,
    task: 'classification',
    inputs: split.inputs,
    columns: { label: split.label, sensitive: split.sensitive, prediction: null, score: null, positiveMeans: split.positiveMeans, positive: split.positive },
    features: split.features,
    parameters: parts.parameters,
    evaluatedOn: split.evaluatedOn,
    measuredOn: split.measuredOn,
    baseline: parts.baseline,
    before: parts.before,
    after: parts.after,
    ...(parts.expected ? { expected: parts.expected } : {}),
    change: parts.change,
    tradeoff: parts.tradeoff,
    seconds: (performance.now() - parts.started) / 1000,
    warnings: [...split.featureWarnings],
  };
}

/**
 * How sweep points (and figures only quoted in `parameters`) are summarized: without intervals.
 * 200 resamples cost 0.1 to 0.3 s a summary (bench/outcome-intervals.ts), which reject-option's
 * 101 searched bands would multiply.
 */
export const POINT_ESTIMATES: OutcomeEvaluation = { bootstrap: 0 };

/**
 * One sweep point: the outcome summary at that setting, per-group figures included; the groups'
 * score quantiles are left out (101 reject-option points would add 1.2 MB to report.json).
 */
export function tradeoffPoint(parameter: string, value: number, summary: OutcomeSummary): TradeoffPoint {
  return { parameter, value, ...summary, groups: summary.groups.map((group) => ({ group: group.group, count: group.count, metrics: group.metrics })) };
}

/** The rows of a post-processing method's figures: the model-output file, and the calibration file its rules were fitted on, if any. */
export function measuredData(dataFile: string, rows: number, calibrationFile: string | undefined): MeasuredRows {
  return { kind: 'data', file: path.resolve(dataFile), rows, ...(calibrationFile ? { calibration: path.resolve(calibrationFile) } : {}) };
}
