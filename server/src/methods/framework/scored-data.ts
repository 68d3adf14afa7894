import * as path from 'node:path';
import type * as z from 'zod';
import type { MeasuredRows, MitigationHooks, MitigationReport } from '../../../../common/reports/mitigation';
import { binaryColumn, numericColumn, type GroupCodes, type Table } from '../../engine/table/table';
import { binEdges, fitSensitiveBins, sensitiveGroupCodes, type SensitiveBins } from '../../engine/audit/sensitive-bins';
import { loadTable } from '../../io/table';
import { csvOptions, CSV_READING, parseBins, SCORED_DATA_HELD_OUT } from '../../params/fragments';
import { rowsAlsoIn } from '../../engine/table/shared-rows';
import { loadTrainingAndEvaluation, requireAnotherFile, type FeatureChoiceParams } from './split';
import { fitBaseLogistic, type FittedBase } from './base-logistic';
import { UsageError } from '../../engine/errors';
import { measuredData } from './split-report';

export interface ScoredData {
  data: Table;
  /** The table's own storage of the score column: read only. */
  scores: Float64Array;
  labels: { values: Uint8Array; positive: string };
  groups: GroupCodes;
}

/** A model-output table's scores (the score column's, or the base model's), binary labels and groups (numeric sensitive columns cut at `bins`). */
function scoredRows(params: ScoredSplitParams, table: Table, labels: ScoredData['labels'], bins: SensitiveBins, scores?: Float64Array): ScoredData {
  return {
    data: table,
    scores: scores ?? numericColumn(table, params.score!),
    labels,
    groups: sensitiveGroupCodes(table, params.sensitive, bins),
  };
}

/** The parameters of a post-processing method that may hold rows out, and its calibration file. */
export type ScoredSplitParams = Omit<z.output<z.ZodObject<typeof SCORED_DATA_HELD_OUT & typeof CSV_READING>>, 'score'> & {
  /** Without it, the scores are the base model's (`fitBase`). */
  score?: string | undefined;
  calibration?: string | undefined;
};

/** Fits a base model on the fitting rows (`labels`: their 0/1 label) and scores them and the evaluation rows. */
export type BaseFitter = (fitting: Table, labels: Uint8Array, evaluation: Table) => FittedBase;

/** The rows a post-processing method fits its rules on, and the rows its figures are measured on (and its predictions written for). */
export interface ScoredSplit {
  fitting: ScoredData;
  /** The bins of numeric sensitive columns, fitted on the fitting rows. */
  bins: SensitiveBins;
  evaluation: ScoredData;
  measuredOn: MeasuredRows;
  inputs: Record<string, string>;
  /** The base model whose scores these are, when no score column was given. */
  base?: FittedBase;
}

/**
 * A post-processing run's rows and scores: the score column's, else those of a logistic regression
 * of the label fitted on the fitting rows (fitBaseLogistic), as Fairlearn's ThresholdOptimizer fits its estimator.
 */
export function loadScoredOrFitted(params: ScoredSplitParams & FeatureChoiceParams, hooks: MitigationHooks): Promise<ScoredSplit> {
  // --audited and --not-features only narrow the default features (the editor fills them in from the file's roles): ignored beside a score
  if (params.score !== undefined && params.features) throw new UsageError("--features chooses the logistic regression's inputs: give it without --score");
  return loadScoredSplit(params, hooks, (rows, labels, evaluated) =>
    fitBaseLogistic(rows, labels, evaluated, params, params.label, params.sensitive, hooks.signal),
  );
}

/**
 * With a held-out file or share (--test, --test-fraction: the training-data methods' split, the
 * model-output file as the training file), the rules are fitted on the calibration file when given,
 * else on the model-output rows not held out, and the figures are measured on the held-out rows;
 * without either, fitted on the calibration file or the model-output rows, and measured on the
 * model-output rows (in-sample without a calibration file). The positive label value is the
 * model-output file's, as the training file's is for the training-data methods.
 */
export async function loadScoredSplit(params: ScoredSplitParams, hooks: MitigationHooks, fitBase?: BaseFitter): Promise<ScoredSplit> {
  const { data: dataFile, calibration, test } = params;
  const read = (file: string) => loadTable(file, csvOptions(params), hooks.signal ? { signal: hooks.signal } : {});
  const given = parseBins(params.bins);
  // the score column's, else the base model's fitted on the fitting rows
  const scoring = (fitting: Table, labels: Uint8Array, evaluation: Table): FittedBase | undefined => {
    if (params.score !== undefined) return undefined;
    if (!fitBase) throw new UsageError('give --score, the column of scores to post-process');
    hooks.onProgress?.({ fraction: 0.05, message: 'fitting a logistic regression' });
    return fitBase(fitting, labels, evaluation);
  };
  if (test === undefined && params.testFraction === undefined) {
    const table = await read(dataFile);
    const calibrationTable = calibration ? await read(calibration) : table;
    const bins = fitSensitiveBins(calibrationTable, params.sensitive, given);
    const labels = binaryColumn(table, params.label, params.positive);
    const fittingLabels = calibration ? binaryColumn(calibrationTable, params.label, labels.positive) : labels;
    const base = scoring(calibrationTable, fittingLabels.values, table);
    const data = scoredRows(params, table, labels, bins, base?.evaluationScores);
    return {
      fitting: calibration ? scoredRows(params, calibrationTable, fittingLabels, bins, base?.fittingScores) : data,
      bins,
      evaluation: data,
      measuredOn: measuredData(dataFile, data.data.rowCount, calibration),
      inputs: { data: dataFile, ...(calibration ? { calibration } : {}) },
      ...(base ? { base } : {}),
    };
  }
  // the calibration file's rows measured as held-out would be in-sample
  if (calibration && test !== undefined) await requireAnotherFile(calibration, test, 'calibration file');
  let positive = params.positive;
  const split = await loadTrainingAndEvaluation({ ...params, train: dataFile }, csvOptions(params), hooks, (whole) => {
    const classes = binaryColumn(whole, params.label, positive);
    positive = classes.positive;
    return classes.values;
  });
  const fittingTable = calibration ? await read(calibration) : split.train;
  const bins = fitSensitiveBins(fittingTable, params.sensitive, given);
  const restLabels = binaryColumn(split.train, params.label, positive);
  const fittingLabels = calibration ? binaryColumn(fittingTable, params.label, restLabels.positive) : restLabels;
  const base = scoring(fittingTable, fittingLabels.values, split.evaluation);
  const evaluation = scoredRows(params, split.evaluation, binaryColumn(split.evaluation, params.label, restLabels.positive), bins, base?.evaluationScores);
  const fitting = scoredRows(params, fittingTable, fittingLabels, bins, base?.fittingScores);
  return {
    fitting,
    bins,
    evaluation,
    measuredOn: {
      ...split.measuredOn,
      // rules fitted on a calibration file: the held-out rows that are its rows are the in-sample ones
      ...(calibration && split.measuredOn.kind === 'test' ? { sharedWithTraining: rowsAlsoIn(split.evaluation, fittingTable, hooks.signal) } : {}),
      ...(calibration ? { calibration: path.resolve(calibration) } : {}),
      fitted: { file: path.resolve(calibration ?? dataFile), rows: fitting.data.rowCount },
    },
    inputs: { data: dataFile, ...(calibration ? { calibration } : {}), ...(test !== undefined ? { test } : {}) },
    ...(base ? { base } : {}),
  };
}

/** A post-processing report's columns: the score it adjusts, the label and its positive value as read, the groups and their bins. */
export function scoredReportColumns(params: ScoredSplitParams, positive: string, bins: SensitiveBins): Omit<MitigationReport['columns'], 'added'> {
  return {
    label: params.label,
    sensitive: params.sensitive,
    prediction: null,
    score: params.score ?? null,
    positiveMeans: params.positiveMeans ?? null,
    positive,
    bins: binEdges(bins),
  };
}
