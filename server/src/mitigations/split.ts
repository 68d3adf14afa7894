import { csvOptionsFromFlags, listFlag, requiredFlag, stringFlag, UsageError } from '../cli/args';
import { encodeFeatures, FeatureEncoding, fitFeatureEncoding } from '../engine/mitigation/features';
import type { MitigationHooks } from '../engine/mitigation/report';
import { binaryColumn, groupColumn, loadTable, Table } from '../engine/table/table';

/** A labelled training file and the rows the figures are computed on (the test file, else the training rows). */
export interface LabelledSplit {
  train: Table;
  evaluation: Table;
  evaluatedOn: 'test' | 'train';
  label: string;
  sensitive: string[];
  positive: string;
  encoding: FeatureEncoding;
  trainRows: Float64Array[];
  trainLabels: Uint8Array;
  trainGroups: string[];
  evaluationRows: Float64Array[];
  evaluationLabels: Uint8Array;
  evaluationGroups: string[];
  inputs: Record<string, string>;
}

/** Reads --train [--test] --label --sensitive [--positive] [--features] and encodes the features. */
export async function loadLabelledSplit(values: Record<string, unknown>, hooks: MitigationHooks): Promise<LabelledSplit> {
  const trainFile = requiredFlag(values, 'train');
  const label = requiredFlag(values, 'label');
  const sensitive = listFlag(values, 'sensitive') ?? [];
  if (sensitive.length === 0) throw new UsageError('--sensitive is required');
  const testFile = stringFlag(values, 'test');
  const csv = csvOptionsFromFlags(values);
  const load = (file: string, share: number, offset: number) =>
    loadTable(file, csv, { ...(hooks.signal ? { signal: hooks.signal } : {}), onProgress: (f) => hooks.onProgress?.({ fraction: offset + share * f, message: 'reading' }) });
  const train = await load(trainFile, testFile ? 0.05 : 0.1, 0);
  const evaluation = testFile ? await load(testFile, 0.05, 0.05) : train;
  const trainLabels = binaryColumn(train, label, stringFlag(values, 'positive'));
  const evaluationLabels = evaluation === train ? trainLabels : binaryColumn(evaluation, label, trainLabels.positive);
  const encoding = fitFeatureEncoding(train, [label, ...sensitive], listFlag(values, 'features'));
  return {
    train,
    evaluation,
    evaluatedOn: testFile ? 'test' : 'train',
    label,
    sensitive,
    positive: trainLabels.positive,
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
