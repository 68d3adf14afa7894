import { encodeFeatures, FeatureEncoding, fitFeatureEncoding } from '../../engine/learners/features';
import type { PositiveMeans } from '../../../../common/reports/audit';
import type { MitigationHooks } from '../../../../common/reports/mitigation';
import { binaryColumn, groupColumn, Table } from '../../engine/table/table';
import { loadTable } from '../../io/table';
import { csvOptions, CSV_READING, TRAINING_SPLIT } from '../../params/fragments';
import type * as z from 'zod';

/** A labelled training file and the rows the figures are computed on (the test file, else the training rows). */
export interface LabelledSplit {
  train: Table;
  evaluation: Table;
  evaluatedOn: 'test' | 'train';
  label: string;
  sensitive: string[];
  positive: string;
  /** What a positive prediction means (--positive-means), carried into report.json. */
  positiveMeans: PositiveMeans | null;
  encoding: FeatureEncoding;
  trainRows: Float64Array[];
  trainLabels: Uint8Array;
  trainGroups: string[];
  evaluationRows: Float64Array[];
  evaluationLabels: Uint8Array;
  evaluationGroups: string[];
  inputs: Record<string, string>;
}

/** The parameters naming a labelled split and how its files are read. */
export type TrainingSplitParams = z.output<z.ZodObject<typeof TRAINING_SPLIT & typeof CSV_READING>>;

/** Reads --train [--test] --label --sensitive [--positive] [--features] and encodes the features. */
export async function loadLabelledSplit(params: TrainingSplitParams, hooks: MitigationHooks): Promise<LabelledSplit> {
  const { train: trainFile, test: testFile, label, sensitive } = params;
  const csv = csvOptions(params);
  const load = (file: string, share: number, offset: number) =>
    loadTable(file, csv, {
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onProgress: (f) => hooks.onProgress?.({ fraction: offset + share * f, message: 'reading' }),
    });
  const train = await load(trainFile, testFile ? 0.05 : 0.1, 0);
  const evaluation = testFile ? await load(testFile, 0.05, 0.05) : train;
  const trainLabels = binaryColumn(train, label, params.positive);
  const evaluationLabels = evaluation === train ? trainLabels : binaryColumn(evaluation, label, trainLabels.positive);
  const encoding = fitFeatureEncoding(train, [label, ...sensitive], params.features);
  return {
    train,
    evaluation,
    evaluatedOn: testFile ? 'test' : 'train',
    label,
    sensitive,
    positive: trainLabels.positive,
    positiveMeans: params.positiveMeans ?? null,
    encoding,
    trainRows: encodeFeatures(encoding, train).rows,
    trainLabels: trainLabels.values,
    trainGroups: groupColumn(train, sensitive),
    evaluationRows: evaluation === train ? encodeFeatures(encoding, train).rows : encodeFeatures(encoding, evaluation).rows,
    evaluationLabels: evaluationLabels.values,
    evaluationGroups: groupColumn(evaluation, sensitive),
    inputs: { train: trainFile, ...(testFile ? { test: testFile } : {}) },
  };
}
