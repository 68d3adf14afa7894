import type { Table } from '../../engine/table/table';
import { encodeFeatures, type FeatureEncoding } from '../../engine/learners/features';
import { fitLogistic, probabilities } from '../../engine/learners/logistic';
import { encodeSplitFeatures, type EncodedSplit, type FeatureChoiceParams } from './split';

/**
 * The base model of a score post-processing method run on a file without model output: a logistic
 * regression of the yes/no label on the features (the training methods' default choice: never the
 * label nor a sensitive attribute), as compare's unmitigated model; model.json keeps it to score new rows.
 */
export interface BaseLogistic {
  label: string;
  encoding: FeatureEncoding;
  model: { weights: number[]; bias: number };
}

export interface FittedBase {
  base: BaseLogistic;
  features: EncodedSplit;
  /** P(label positive) of the fitting rows (in-sample) and of the evaluation rows. */
  fittingScores: Float64Array;
  evaluationScores: Float64Array;
}

/** The logistic regression fitted on the fitting rows (`labels`: their 0/1 label), and both sets of rows scored with it. */
export function fitBaseLogistic(
  fitting: Table,
  labels: Uint8Array,
  evaluation: Table,
  params: FeatureChoiceParams,
  label: string,
  sensitive: string[],
  signal?: AbortSignal,
): FittedBase {
  const features = encodeSplitFeatures(fitting, evaluation, params, label, sensitive);
  const model = fitLogistic(features.trainRows, labels, signal ? { signal } : {});
  return {
    base: { label, encoding: features.encoding, model: { weights: [...model.weights], bias: model.bias } },
    features,
    fittingScores: probabilities(model, features.trainRows),
    evaluationScores: probabilities(model, features.evaluationRows),
  };
}

/** The base model's scores of a table's rows (a model.json applied to a new file). */
export function baseScores(base: BaseLogistic, table: Table): Float64Array {
  return probabilities({ weights: Float64Array.from(base.model.weights), bias: base.model.bias }, encodeFeatures(base.encoding, table).rows);
}
