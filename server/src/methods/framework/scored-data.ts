import * as path from 'node:path';
import type * as z from 'zod';
import type { MeasuredRows, MitigationHooks } from '../../../../common/reports/mitigation';
import { binaryColumn, groupCodes, numericColumn, type GroupCodes, type Table } from '../../engine/table/table';
import { loadTable } from '../../io/table';
import { csvOptions, CSV_READING, SCORED_DATA, SCORED_DATA_HELD_OUT } from '../../params/fragments';
import { loadTrainingAndEvaluation, requireAnotherFile } from './split';
import { measuredData } from './split-report';

/** The parameters naming a model-output file with a score and the true label, and how it is read. */
export type ScoredDataParams = z.output<z.ZodObject<typeof SCORED_DATA & typeof CSV_READING>>;

export interface ScoredData {
  data: Table;
  /** The table's own storage of the score column: read only. */
  scores: Float64Array;
  labels: { values: Uint8Array; positive: string };
  groups: GroupCodes;
}

/**
 * The model-output file (`file`, default --data) with its scores, binary labels (--positive, or the
 * positive value `positive` another file was read with) and intersectional groups.
 */
export async function loadScoredData(params: ScoredDataParams, hooks: MitigationHooks, file = params.data, positive = params.positive): Promise<ScoredData> {
  const data = await loadTable(file, csvOptions(params), hooks.signal ? { signal: hooks.signal } : {});
  return {
    data,
    scores: numericColumn(data, params.score),
    labels: binaryColumn(data, params.label, positive),
    groups: groupCodes(data, params.sensitive),
  };
}

/** The rows a post-processing method is fitted on: the --calibration file (same columns) when given, else the data rows themselves. */
export async function loadFittingData(
  params: ScoredDataParams & { calibration?: string | undefined },
  data: ScoredData,
  hooks: MitigationHooks,
): Promise<ScoredData> {
  return params.calibration ? loadScoredData(params, hooks, params.calibration, data.labels.positive) : data;
}

/** The parameters of a post-processing method that may hold rows out, and its calibration file. */
export type ScoredSplitParams = z.output<z.ZodObject<typeof SCORED_DATA_HELD_OUT & typeof CSV_READING>> & { calibration?: string | undefined };

/** The rows a post-processing method fits its rules on, and the rows its figures are measured on (and its predictions written for). */
export interface ScoredSplit {
  fitting: ScoredData;
  evaluation: ScoredData;
  measuredOn: MeasuredRows;
  inputs: Record<string, string>;
}

/**
 * With a held-out file or share (--test, --test-fraction: the training-data methods' split, the
 * model-output file as the training file), the rules are fitted on the calibration file when given,
 * else on the model-output rows not held out, and the figures are measured on the held-out rows;
 * without either, fitted on the calibration file or the model-output rows, and measured on the
 * model-output rows (in-sample without a calibration file). The positive label value is the
 * model-output file's, as the training file's is for the training-data methods.
 */
export async function loadScoredSplit(params: ScoredSplitParams, hooks: MitigationHooks): Promise<ScoredSplit> {
  const { data: dataFile, calibration, test } = params;
  if (test === undefined && params.testFraction === undefined) {
    const data = await loadScoredData(params, hooks);
    return {
      fitting: await loadFittingData(params, data, hooks),
      evaluation: data,
      measuredOn: measuredData(dataFile, data.data.rowCount, calibration),
      inputs: { data: dataFile, ...(calibration ? { calibration } : {}) },
    };
  }
  // the calibration file's rows measured as held-out would be in-sample
  if (calibration && test !== undefined) await requireAnotherFile(calibration, test, 'calibration file');
  let positive = params.positive;
  const split = await loadTrainingAndEvaluation({ ...params, train: dataFile }, csvOptions(params), hooks, (whole) => {
    const read = binaryColumn(whole, params.label, positive);
    positive = read.positive;
    return read.values;
  });
  const scored = (table: Table, positiveValue: string | undefined): ScoredData => ({
    data: table,
    scores: numericColumn(table, params.score),
    labels: binaryColumn(table, params.label, positiveValue),
    groups: groupCodes(table, params.sensitive),
  });
  const rest = scored(split.train, positive);
  const evaluation = scored(split.evaluation, rest.labels.positive);
  const fitting = calibration ? await loadScoredData(params, hooks, calibration, rest.labels.positive) : rest;
  return {
    fitting,
    evaluation,
    measuredOn: {
      ...split.measuredOn,
      ...(calibration ? { calibration: path.resolve(calibration) } : {}),
      fitted: { file: path.resolve(calibration ?? dataFile), rows: fitting.data.rowCount },
    },
    inputs: { data: dataFile, ...(calibration ? { calibration } : {}), ...(test !== undefined ? { test } : {}) },
  };
}
