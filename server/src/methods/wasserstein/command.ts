import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError, UsageError } from '../../engine/errors';
import { applyBarycenter, BarycenterMap, fitBarycenter } from './barycenter';
import { beforeAndAfter } from '../../engine/audit/change';
import { ClassificationOutcomes, RegressionOutcomes } from '../../engine/audit/outcomes';
import { AddedColumn, writeMitigationOutput } from '../../io/output';
import { MITIGATION_REPORT_SCHEMA_VERSION, MITIGATION_SCHEMA_VERSION, MeasuredRows, ModelFile, TradeoffPoint } from '../../../../common/reports/mitigation';
import { binaryColumn, columnIndex, numericColumn, Table } from '../../engine/table/table';
import { binEdges, fitSensitiveBins, sensitiveGroupColumn, type SensitiveBins } from '../../engine/audit/sensitive-bins';
import { extentOf } from '../../../../common/extent';
import { suggestedThreshold } from '../../../../common/input-errors';
import { loadTable } from '../../io/table';
import { csvOptions, outcomeEvaluation, parseBins } from '../../params/fragments';
import { encodeFeatures, FeatureEncoding } from '../../engine/learners/features';
import { fitLeastSquares, RIDGE_PER_ROW } from '../../engine/learners/least-squares';
import { decisionValues } from '../../engine/learners/linear-model';
import { encodeSplitFeatures, EncodedSplit, loadTrainingAndEvaluation, requireAnotherFile } from '../framework/split';
import { applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { STRENGTH_SWEEP, WASSERSTEIN_PARAMS } from './params';
import { WASSERSTEIN_MODEL } from './model-file';
import { measuredData, sweepPoint } from '../framework/split-report';

/** Least squares of the label on the encoded features, whose predictions are mapped when the file has none. */
interface BaseModel {
  label: string;
  encoding: FeatureEncoding;
  model: { weights: number[]; bias: number };
}

interface WassersteinModel extends ModelFile {
  method: 'wasserstein';
  /** The column mapped: a regression prediction, or a classifier score then thresholded; null when the base model's predictions are. */
  column: { name: string; role: 'prediction' | 'score' } | null;
  base?: BaseModel;
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
  // With neither, least squares of a numeric label on the features is the regression mapped.
  tasks: ['regression', 'classification'],
  input: 'model-output',
  baseModel: { task: 'regression', description: 'fits least squares on this file’s columns' },
  params: WASSERSTEIN_PARAMS,
  modelSchema: WASSERSTEIN_MODEL,

  async run(params, hooks) {
    const started = performance.now();
    const { data: dataFile, sensitive, calibration: calibrationFile, fairnessStrength: strength, seed, label, test } = params;
    const given: WassersteinModel['column'] =
      params.prediction !== undefined
        ? { name: params.prediction, role: 'prediction' }
        : params.score !== undefined
          ? { name: params.score, role: 'score' }
          : null;
    const csv = csvOptions(params);
    const signal = hooks.signal ? { signal: hooks.signal } : {};
    if (given && (params.features || params.audited || params.notFeatures))
      throw new UsageError("--features, --audited and --not-features choose the least-squares model's inputs: give them without --prediction or --score");
    // the calibration file's rows measured as held-out would be in-sample
    if (calibrationFile && test !== undefined) await requireAnotherFile(calibrationFile, test, 'calibration file');
    const heldOut = test !== undefined || params.testFraction !== undefined;
    // A held-out share of a score's rows is stratified by the yes/no label, as threshold's; a numeric target's is drawn plainly.
    const split = await loadTrainingAndEvaluation({ ...params, train: dataFile }, csv, hooks, (whole) =>
      given?.role === 'score' && label !== undefined ? binaryColumn(whole, label, params.positive).values : new Uint8Array(whole.rowCount),
    );
    const { train, evaluation: data } = split;
    const calibration = calibrationFile ? await loadTable(calibrationFile, csv, signal) : train;
    let base: { model: BaseModel; features: EncodedSplit } | undefined;
    if (!given) {
      hooks.onProgress?.({ fraction: 0.2, message: 'fitting least squares' });
      refuseBinaryTarget(train, label!, {
        why: "least squares is fitted to a numeric target: for a yes/no outcome, map a classifier's score (then thresholded), or choose a classification method",
        cli: "pass --score with a classifier's score column",
      });
      const features = encodeSplitFeatures(train, data, params, label!, sensitive);
      const fitted = fitLeastSquares(features.trainRows, numericColumn(train, label!), train.file);
      base = { model: { label: label!, encoding: features.encoding, model: { weights: [...fitted.weights], bias: fitted.bias } }, features };
    }
    const outputsOf = (table: Table, rows?: Float64Array[]) => (base ? basePredictions(base.model, table, rows) : numericColumn(table, given!.name));
    const original = outputsOf(data, base?.features.evaluationRows);
    const threshold = given?.role === 'score' ? decisionThreshold(original, given.name, params.threshold, data.file) : null;
    if (given?.role === 'prediction' && label !== undefined)
      refuseBinaryTarget(data, label, {
        why: `for a yes/no outcome, map the model's score (then thresholded), not "${given.name}" as a regression prediction`,
        cli: 'pass --score instead of --prediction',
      });
    hooks.onProgress?.({ fraction: 0.3, message: 'fitting the map' });
    // Without a calibration file the map is fitted on the rows the base model was fitted on: it needs no labels,
    // and least squares on a few features barely fits its training rows closer than new ones.
    const fitting = outputsOf(calibration, calibration === train ? base?.features.trainRows : undefined);
    // groups as the audit forms them, numeric columns binned on the rows the map is fitted on
    const bins = fitSensitiveBins(calibration, sensitive, parseBins(params.bins));
    const map = fitBarycenter(fitting, sensitiveGroupColumn(calibration, sensitive, bins), seed, calibration.file);
    const groups = sensitiveGroupColumn(data, sensitive, bins);
    const at = (s: number) => applyBarycenter(map, original, groups, s, (row) => ({ file: data.file, line: data.lines.at(row), column: sensitive.join(', ') }));
    const warnings: string[] = [...(base?.features.featureWarnings ?? [])];
    const outcomesOf = mode(data, label, params.positive, threshold, groups, original, warnings);
    hooks.onProgress?.({ fraction: 0.6, message: 'mapping' });
    const mapped = at(strength);
    const evaluation = outcomeEvaluation(params);
    const beforeOutcomes = outcomesOf(original);
    const compared = beforeAndAfter(beforeOutcomes, outcomesOf(mapped), evaluation);
    const before = { outcomes: beforeOutcomes, summary: compared.before, evaluation };
    const tradeoff: TradeoffPoint[] = params.sweep ? STRENGTH_SWEEP.map((s) => sweepPoint('strength', s, { outcomes: outcomesOf(at(s)) }, before)) : [];
    const model: WassersteinModel = {
      schemaVersion: MITIGATION_SCHEMA_VERSION,
      method: 'wasserstein',
      column: given,
      ...(base ? { base: base.model } : {}),
      sensitive,
      bins,
      strength,
      threshold,
      map,
    };
    const measuredOn: MeasuredRows =
      !heldOut && given
        ? measuredData(dataFile, data.rowCount, calibrationFile)
        : {
            ...split.measuredOn,
            ...(calibrationFile ? { calibration: path.resolve(calibrationFile) } : {}),
            ...(heldOut ? { fitted: { file: path.resolve(calibrationFile ?? dataFile), rows: calibration.rowCount } } : {}),
          };
    return writeMitigationOutput(outputFolder(params, defaultOutDir(dataFile, 'wasserstein')), {
      table: data,
      added: addedColumns(mapped, threshold, base ? original : undefined),
      model,
      report: {
        schemaVersion: MITIGATION_REPORT_SCHEMA_VERSION,
        method: 'wasserstein',
        kind: 'post-processing',
        task: threshold === null ? 'regression' : 'classification',
        inputs: { data: dataFile, ...(calibrationFile ? { calibration: calibrationFile } : {}), ...(test !== undefined ? { test } : {}) },
        columns: {
          label: label ?? null,
          sensitive,
          prediction: given?.role === 'prediction' ? given.name : null,
          score: given?.role === 'score' ? given.name : null,
          positiveMeans: params.positiveMeans ?? null,
          bins: binEdges(bins),
        },
        ...(base ? { features: base.features.features } : {}),
        parameters: {
          ...(base ? { model: 'least squares', ridge: RIDGE_PER_ROW * train.rowCount, trainingRows: train.rowCount } : {}),
          strength,
          threshold,
          jitter: map.jitter,
          seed,
          calibrationRows: calibration.rowCount,
        },
        evaluatedOn: measuredOn.kind,
        measuredOn,
        baseline: base
          ? `the least-squares predictions of ${label} from the features (strength 0)`
          : threshold === null
            ? `the original predictions of ${given!.name} (strength 0)`
            : `the original scores of ${given!.name}, ≥ ${threshold} (strength 0)`,
        ...compared,
        tradeoff,
        seconds: (performance.now() - started) / 1000,
        warnings,
      },
    });
  },

  async apply(model, file, options, hooks) {
    const fitted = model as WassersteinModel;
    if (!fitted.map?.groups || !(fitted.column || fitted.base)) throw new InputError('model.json of wasserstein lacks its map', { file });
    const { map, column, base, sensitive, bins, strength, threshold } = fitted;
    return applyToFile('wasserstein', file, options, hooks, (table) => {
      const original = base ? basePredictions(base, table) : numericColumn(table, column!.name);
      const mapped = applyBarycenter(map, original, sensitiveGroupColumn(table, sensitive, bins ?? {}), strength, (row) => ({
        file,
        line: table.lines.at(row),
        column: sensitive.join(', '),
      }));
      return addedColumns(mapped, threshold, base ? original : undefined);
    });
  },
});

/** The base model's predictions for a table's rows (`rows`: the table already encoded). */
function basePredictions(base: BaseModel, table: Table, rows = encodeFeatures(base.encoding, table).rows): Float64Array {
  return decisionValues({ weights: Float64Array.from(base.model.weights), bias: base.model.bias }, rows);
}

/** The columns written: the mapped prediction (a score's, then its decision), after the base model's own prediction when there is one. */
function addedColumns(mapped: Float64Array, threshold: number | null, basePrediction: Float64Array | undefined): AddedColumn[] {
  if (threshold !== null)
    return [
      { name: 'wasserstein_score', values: mapped },
      { name: 'wasserstein_prediction', values: Uint8Array.from(mapped, (v) => (v >= threshold ? 1 : 0)) },
    ];
  return [...(basePrediction ? [{ name: 'wasserstein_base_prediction', values: basePrediction }] : []), { name: 'wasserstein_prediction', values: mapped }];
}

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
 * prediction scored against (or least squares fitted to) a two-valued label would report a meaningless MSE.
 */
function refuseBinaryTarget(data: Table, label: string, advice: { why: string; cli: string }): void {
  const values = new Set<string>();
  const column = data.data[columnIndex(data, label)]!;
  for (let row = 0; row < data.rowCount && values.size <= 2; row++) {
    const text = column.text(row);
    if (text !== null) values.add(text);
  }
  if (values.size <= 2)
    throw new InputError(
      `the label "${label}" has two values (${[...values].map((v) => `"${v}"`).join(', ')}): ${advice.why}`,
      { file: data.file, column: label },
      { fix: { kind: 'columns', role: 'score' }, cli: advice.cli },
    );
}
