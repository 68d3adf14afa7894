import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { encodeFeatures, FeatureEncoding, fitFeatureEncoding } from '../../engine/learners/features';
import { chooseFeatures, encodingWarnings, fewFeaturesWarnings } from '../../engine/learners/default-features';
import type { PositiveMeans } from '../../../../common/reports/audit';
import type { FeatureSummary, MeasuredRows, MitigationHooks } from '../../../../common/reports/mitigation';
import { InputError } from '../../engine/errors';
import { stratifiedHoldout } from '../../engine/numerics/folds';
import type { CsvOptions } from '../../engine/table/rows';
import { binaryColumn, selectRows, Table } from '../../engine/table/table';
import { fitSensitiveBins, sensitiveGroupColumn, type SensitiveBins } from '../../engine/audit/sensitive-bins';
import { loadTable } from '../../io/table';
import { rowsAlsoIn } from '../../engine/table/shared-rows';
import { csvOptions, CSV_READING, parseBins, TRAINING_SPLIT } from '../../params/fragments';
import type * as z from 'zod';

/** A labelled training file and the rows the figures are computed on (the test file, a held-out share, else the training rows). */
export interface LabelledSplit {
  train: Table;
  evaluation: Table;
  evaluatedOn: MeasuredRows['kind'];
  measuredOn: MeasuredRows;
  label: string;
  sensitive: string[];
  /** The bins of numeric sensitive columns, fitted on the training rows. */
  bins: SensitiveBins;
  positive: string;
  /** What a positive prediction means (--positive-means), carried into report.json. */
  positiveMeans: PositiveMeans | null;
  encoding: FeatureEncoding;
  /** The features used and the ones the default left out, for the report. */
  features: FeatureSummary;
  /** Given features that encode an audited column. */
  featureWarnings: string[];
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

/** What the figures are measured on besides the training file: a held-out file, or a share of the training rows. */
export interface HeldOutChoice {
  train: string;
  test?: string | undefined;
  testFraction?: number | undefined;
  splitSeed: number;
}

/** The rows a method is fitted on and the rows its figures are measured on. */
export interface TrainingAndEvaluation {
  train: Table;
  evaluation: Table;
  measuredOn: MeasuredRows;
  inputs: Record<string, string>;
}

/**
 * Reads the training file and what the figures are measured on: the held-out file, or a share of
 * the training rows drawn at random (seeded; stratified by the 0/1 classes `classesOf` reads from
 * the whole training file), which the method then never sees; else the training rows themselves.
 */
export async function loadTrainingAndEvaluation(
  choice: HeldOutChoice,
  csv: CsvOptions,
  hooks: MitigationHooks,
  classesOf: (table: Table) => Uint8Array,
): Promise<TrainingAndEvaluation> {
  const { train: trainFile, test: testFile, testFraction } = choice;
  if (testFile !== undefined && testFraction !== undefined)
    throw new InputError('give a held-out file or a held-out share of the training rows, not both', { file: testFile });
  if (testFile !== undefined) await requireAnotherFile(trainFile, testFile);
  const load = (file: string, share: number, offset: number) =>
    loadTable(file, csv, {
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onProgress: (f) => hooks.onProgress?.({ fraction: offset + share * f, message: 'reading' }),
    });
  const whole = await load(trainFile, testFile ? 0.05 : 0.1, 0);
  if (testFile !== undefined) {
    const evaluation = await load(testFile, 0.05, 0.05);
    const sharedWithTraining = rowsAlsoIn(evaluation, whole, hooks.signal);
    return {
      train: whole,
      evaluation,
      measuredOn: { kind: 'test', file: path.resolve(testFile), rows: evaluation.rowCount, sharedWithTraining },
      inputs: { train: trainFile, test: testFile },
    };
  }
  if (testFraction === undefined)
    return {
      train: whole,
      evaluation: whole,
      measuredOn: { kind: 'train', file: path.resolve(trainFile), rows: whole.rowCount },
      inputs: { train: trainFile },
    };
  const { fit, held } = stratifiedHoldout(classesOf(whole), 2, testFraction, choice.splitSeed);
  if (held.length === 0 || fit.length === 0)
    throw new InputError(
      `holding out ${testFraction} of ${whole.rowCount} rows leaves ${held.length === 0 ? 'no row to measure on' : 'no row to fit on'}: choose another share`,
      { file: trainFile },
    );
  const evaluation = selectRows(whole, held);
  return {
    train: selectRows(whole, fit),
    evaluation,
    measuredOn: { kind: 'held-out', file: path.resolve(trainFile), rows: evaluation.rowCount, fraction: testFraction, seed: choice.splitSeed },
    inputs: { train: trainFile },
  };
}

/** The held-out file must not be the file fitted on (`fitted`): its figures would be in-sample while saying "held-out". */
export async function requireAnotherFile(trainFile: string, testFile: string, fitted = 'training file'): Promise<void> {
  const resolved = async (file: string) => realpath(file).catch(() => path.resolve(file));
  if ((await resolved(trainFile)) === (await resolved(testFile)))
    throw new InputError(`the held-out file is the ${fitted} itself: choose another file, or hold out a share of the training rows`, { file: testFile });
}

/** Reads --train [--test | --test-fraction] --label --sensitive [--positive] [--audited] [--not-features] [--features] and encodes the features. */
export async function loadLabelledSplit(params: TrainingSplitParams, hooks: MitigationHooks): Promise<LabelledSplit> {
  const { label, sensitive } = params;
  // a held-out share reads the positive value from the whole training file, as a held-out file does from the training file
  let positive = params.positive;
  const { train, evaluation, measuredOn, inputs } = await loadTrainingAndEvaluation(params, csvOptions(params), hooks, (whole) => {
    const read = binaryColumn(whole, label, positive);
    positive = read.positive;
    return read.values;
  });
  const trainLabels = binaryColumn(train, label, positive);
  const evaluationLabels = evaluation === train ? trainLabels : binaryColumn(evaluation, label, trainLabels.positive);
  const bins = fitSensitiveBins(train, sensitive, parseBins(params.bins));
  return {
    train,
    evaluation,
    evaluatedOn: measuredOn.kind,
    measuredOn,
    label,
    sensitive,
    bins,
    positive: trainLabels.positive,
    positiveMeans: params.positiveMeans ?? null,
    ...encodeSplitFeatures(train, evaluation, params, label, sensitive),
    trainLabels: trainLabels.values,
    trainGroups: sensitiveGroupColumn(train, sensitive, bins),
    evaluationLabels: evaluationLabels.values,
    evaluationGroups: sensitiveGroupColumn(evaluation, sensitive, bins),
    inputs,
  };
}

/** The parameters choosing a fitted model's features (featureChoice in params/fragments.ts). */
export interface FeatureChoiceParams {
  audited?: string[] | undefined;
  notFeatures?: string[] | undefined;
  features?: string[] | undefined;
}

/** A model's features, fitted on the training rows and encoded for them and for the evaluation rows. */
export interface EncodedSplit {
  encoding: FeatureEncoding;
  features: FeatureSummary;
  /** Given features that encode an audited column. */
  featureWarnings: string[];
  trainRows: Float64Array[];
  evaluationRows: Float64Array[];
}

/**
 * The features (--features, else the default's choice on the training rows: never the label nor a
 * sensitive attribute), their encoding fitted on the training rows, and both sets of rows encoded.
 */
export function encodeSplitFeatures(train: Table, evaluation: Table, params: FeatureChoiceParams, label: string, sensitive: string[]): EncodedSplit {
  const audited = params.audited ?? [];
  const choice = chooseFeatures(train, { exclude: [label, ...sensitive], sensitive, audited, notFeatures: params.notFeatures ?? [] }, params.features);
  const encoding = fitFeatureEncoding(train, choice.features);
  return {
    encoding,
    features: { used: choice.features, leftOut: choice.leftOut },
    featureWarnings: params.features ? encodingWarnings(train, params.features, audited) : fewFeaturesWarnings(choice),
    trainRows: encodeFeatures(encoding, train).rows,
    // a copy of its own even for the training rows: a repair may transform one set in place
    evaluationRows: encodeFeatures(encoding, evaluation).rows,
  };
}
