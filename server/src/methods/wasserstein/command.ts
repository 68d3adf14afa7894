import { performance } from 'node:perf_hooks';
import { InputError, UsageError } from '../../engine/errors';
import { applyBarycenter, BarycenterMap, fitBarycenter } from './barycenter';
import { beforeAndAfter } from '../../engine/audit/change';
import { ClassificationOutcomes, RegressionOutcomes } from '../../engine/audit/outcomes';
import { writeMitigationOutput } from '../../io/output';
import { MITIGATION_REPORT_SCHEMA_VERSION, MITIGATION_SCHEMA_VERSION, ModelFile, TradeoffPoint } from '../../../../common/reports/mitigation';
import { binaryColumn, columnIndex, numericColumn, Table } from '../../engine/table/table';
import { binEdges, fitSensitiveBins, sensitiveGroupColumn, type SensitiveBins } from '../../engine/audit/sensitive-bins';
import { extentOf } from '../../../../common/extent';
import { suggestedThreshold } from '../../../../common/input-errors';
import { loadTable } from '../../io/table';
import { csvOptions, outcomeEvaluation, parseBins } from '../../params/fragments';
import { applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { STRENGTH_SWEEP, WASSERSTEIN_PARAMS } from './params';
import { WASSERSTEIN_MODEL } from './model-file';
import { measuredData, sweepPoint } from '../framework/split-report';

interface WassersteinModel extends ModelFile {
  method: 'wasserstein';
  /** The column mapped: a regression prediction, or a classifier score then thresholded. */
  column: { name: string; role: 'prediction' | 'score' };
  sensitive: string[];
  bins?: SensitiveBins;
  strength: number;
  threshold: number | null;
  map: BarycenterMap;
}

export const wasserstein = defineMitigation({
  name: 'wasserstein',
  title: 'Wasserstein barycenter (regression or scores)',
  summary: "maps each group's predictions to the Wasserstein barycenter of the groups (Chzhen et al. 2020): demographic parity for regression or scores",
  description: "Moves each group's scores to a common distribution",
  kind: 'post-processing',
  // A regression's predictions (--prediction), or a classifier's score mapped then thresholded
  // (--score): the barycenter makes the score's distribution the same in every group, so the
  // selection rate at any cut is too (algorithms.md §3, "The same map applies to classifier scores").
  tasks: ['regression', 'classification'],
  input: 'model-output',
  params: WASSERSTEIN_PARAMS,
  modelSchema: WASSERSTEIN_MODEL,

  async run(params, hooks) {
    const started = performance.now();
    const { data: dataFile, sensitive, calibration: calibrationFile, fairnessStrength: strength, seed, label } = params;
    const column: WassersteinModel['column'] =
      params.prediction !== undefined ? { name: params.prediction, role: 'prediction' } : { name: params.score!, role: 'score' };
    const csv = csvOptions(params);
    const signal = hooks.signal ? { signal: hooks.signal } : {};
    const data = await loadTable(dataFile, csv, signal);
    const calibration = calibrationFile ? await loadTable(calibrationFile, csv, signal) : data;
    const original = numericColumn(data, column.name);
    const threshold = column.role === 'score' ? decisionThreshold(original, column.name, params.threshold, data.file) : null;
    if (column.role === 'prediction' && label !== undefined) refuseBinaryTarget(data, label, column.name);
    hooks.onProgress?.({ fraction: 0.3, message: 'fitting the map' });
    // groups as the audit forms them, numeric columns binned on the rows the map is fitted on
    const bins = fitSensitiveBins(calibration, sensitive, parseBins(params.bins));
    const map = fitBarycenter(numericColumn(calibration, column.name), sensitiveGroupColumn(calibration, sensitive, bins), seed, calibration.file);
    const groups = sensitiveGroupColumn(data, sensitive, bins);
    const at = (s: number) => applyBarycenter(map, original, groups, s, (row) => ({ file: data.file, line: data.lines.at(row), column: sensitive.join(', ') }));
    const warnings: string[] = [];
    const outcomesOf = mode(data, label, params.positive, threshold, groups, original, warnings);
    hooks.onProgress?.({ fraction: 0.6, message: 'mapping' });
    const mapped = at(strength);
    const evaluation = outcomeEvaluation(params);
    const beforeOutcomes = outcomesOf(original);
    const compared = beforeAndAfter(beforeOutcomes, outcomesOf(mapped), evaluation);
    const before = { outcomes: beforeOutcomes, summary: compared.before, evaluation };
    const tradeoff: TradeoffPoint[] = params.sweep ? STRENGTH_SWEEP.map((s) => sweepPoint('strength', s, { outcomes: outcomesOf(at(s)) }, before)) : [];
    const model: WassersteinModel = { schemaVersion: MITIGATION_SCHEMA_VERSION, method: 'wasserstein', column, sensitive, bins, strength, threshold, map };
    const added =
      threshold === null
        ? [{ name: 'wasserstein_prediction', values: mapped }]
        : [
            { name: 'wasserstein_score', values: mapped },
            { name: 'wasserstein_prediction', values: Uint8Array.from(mapped, (v) => (v >= threshold ? 1 : 0)) },
          ];
    return writeMitigationOutput(outputFolder(params, defaultOutDir(dataFile, 'wasserstein')), {
      table: data,
      added,
      model,
      report: {
        schemaVersion: MITIGATION_REPORT_SCHEMA_VERSION,
        method: 'wasserstein',
        kind: 'post-processing',
        task: threshold === null ? 'regression' : 'classification',
        inputs: { data: dataFile, ...(calibrationFile ? { calibration: calibrationFile } : {}) },
        columns: {
          label: label ?? null,
          sensitive,
          prediction: column.role === 'prediction' ? column.name : null,
          score: column.role === 'score' ? column.name : null,
          positiveMeans: params.positiveMeans ?? null,
          bins: binEdges(bins),
        },
        parameters: { strength, threshold, jitter: map.jitter, seed, calibrationRows: calibration.rowCount },
        evaluatedOn: 'data',
        measuredOn: measuredData(dataFile, data.rowCount, calibrationFile),
        baseline:
          threshold === null ? `the original predictions of ${column.name} (strength 0)` : `the original scores of ${column.name}, ≥ ${threshold} (strength 0)`,
        ...compared,
        tradeoff,
        seconds: (performance.now() - started) / 1000,
        warnings,
      },
    });
  },

  async apply(model, file, options, hooks) {
    const fitted = model as WassersteinModel;
    if (!fitted.map?.groups || !fitted.column) throw new InputError('model.json of wasserstein lacks its map', { file });
    const { map, column, sensitive, bins, strength, threshold } = fitted;
    return applyToFile('wasserstein', file, options, hooks, (table) => {
      const mapped = applyBarycenter(map, numericColumn(table, column.name), sensitiveGroupColumn(table, sensitive, bins ?? {}), strength, (row) => ({
        file,
        line: table.lines.at(row),
        column: sensitive.join(', '),
      }));
      return threshold === null
        ? [{ name: 'wasserstein_prediction', values: mapped }]
        : [
            { name: 'wasserstein_score', values: mapped },
            { name: 'wasserstein_prediction', values: Uint8Array.from(mapped, (v) => (v >= threshold ? 1 : 0)) },
          ];
    });
  },
});

/**
 * The outcomes a set of outputs is scored as: regression against the label (or, without one, against the
 * original predictions: the "MSE" is then the squared change, said in a warning); scores are
 * thresholded and scored against the binary label.
 */
function mode(
  data: Table,
  label: string | undefined,
  positive: string | undefined,
  threshold: number | null,
  groups: string[],
  original: Float64Array,
  warnings: string[],
): (outputs: Float64Array) => ClassificationOutcomes | RegressionOutcomes {
  if (threshold !== null) {
    if (label === undefined) throw new UsageError('a score column needs the label column, to score the thresholded decisions');
    const labels = binaryColumn(data, label, positive).values;
    return (outputs) => ({ task: 'classification', labels, predictions: Uint8Array.from(outputs, (v) => (v >= threshold ? 1 : 0)), scores: outputs, groups });
  }
  let targets: Float64Array = original;
  if (label !== undefined) targets = numericColumn(data, label);
  else warnings.push('no --label: "mse" is the mean squared change from the original predictions');
  return (outputs) => ({ task: 'regression', targets, predictions: outputs, groups });
}

/**
 * The cut of a (mapped) score: the one given, else 0.5 for a probability; any other score needs one,
 * as the audit asks for it (a 1-10 score cut at 0.5 would call every row positive).
 */
function decisionThreshold(scores: Float64Array, column: string, given: number | undefined, file: string): number {
  if (given !== undefined) return given;
  const [min, max] = extentOf(scores);
  if (min >= 0 && max <= 1) return 0.5;
  throw new InputError(
    `score column "${column}" is not a probability in [0, 1] (its values run from ${min} to ${max}): the mapped score needs a decision threshold`,
    { file, column },
    { fix: { kind: 'threshold', column, min, max, suggested: suggestedThreshold(min, max) }, cli: 'pass --threshold T' },
  );
}

/**
 * A yes/no label is made fair through the model's score, thresholded after the map: a regression
 * prediction scored against a two-valued label would report a meaningless MSE.
 */
function refuseBinaryTarget(data: Table, label: string, prediction: string): void {
  const values = new Set<string>();
  const column = data.data[columnIndex(data, label)]!;
  for (let row = 0; row < data.rowCount && values.size <= 2; row++) {
    const text = column.text(row);
    if (text !== null) values.add(text);
  }
  if (values.size <= 2)
    throw new InputError(
      `the label "${label}" has two values (${[...values].map((v) => `"${v}"`).join(', ')}): for a yes/no outcome, map the model's score (then thresholded), not "${prediction}" as a regression prediction`,
      { file: data.file, column: label },
      { fix: { kind: 'columns', role: 'score' }, cli: 'pass --score instead of --prediction' },
    );
}
