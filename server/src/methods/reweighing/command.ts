import { performance } from 'node:perf_hooks';
import { InputError, throwIfAborted } from '../../engine/errors';
import { fitLogistic, probabilities } from '../../engine/learners/logistic';
import { decisionValues, LinearModel } from '../../engine/learners/linear-model';
import { fitLinearSvm } from '../../engine/learners/linear-svm';
import { encodeFeatures, FeatureEncoding } from '../../engine/learners/features';
import { beforeAndAfter } from '../../engine/audit/change';
import { writeMitigationOutput } from '../../io/output';
import { MITIGATION_SCHEMA_VERSION, ModelFile, TradeoffPoint } from '../../../../common/reports/mitigation';
import { fitReweighing, ReweighingWeights, rowWeights } from './reweighing';
import { applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { memoizeByStrength } from '../framework/memoize';
import { loadLabelledSplit } from '../framework/split';
import { splitReport, sweepPoint } from '../framework/split-report';
import { outcomeEvaluation } from '../../params/fragments';

import { REWEIGHING_PARAMS, STRENGTH_SWEEP } from './params';
import { REWEIGHING_MODEL } from './model-file';

type BaseModel = 'logistic' | 'linear-svm';

interface ReweighingModel extends ModelFile {
  method: 'reweighing';
  positive: string;
  /** Missing in model files written before --model existed: logistic. */
  baseModel?: BaseModel;
  encoding: FeatureEncoding;
  model: { weights: number[]; bias: number };
  cellWeights: ReweighingWeights['cells'];
}

export const reweighing = defineMitigation({
  name: 'reweighing',
  title: 'Reweighing',
  summary: 'weights each (group, label) cell by P(s)P(y)/P(s,y), then fits the base model (logistic regression or linear SVM) with the weights',
  description: 'Weights rows so labels no longer depend on groups',
  kind: 'pre-processing',
  tasks: ['classification'],
  input: 'training-data',
  params: REWEIGHING_PARAMS,
  modelSchema: REWEIGHING_MODEL,

  async run(params, hooks) {
    const started = performance.now();
    const { model: baseModel, C: cost } = params;
    const split = await loadLabelledSplit(params, hooks);
    const fitted = fitReweighing(split.trainGroups, split.trainLabels, split.train.file);
    // Fitted once per strength: before (0) and after (1) are points of the sweep too.
    const fits = memoizeByStrength(
      (strength: number) => {
        throwIfAborted(hooks.signal);
        const weights = rowWeights(fitted, split.trainGroups, split.trainLabels, strength);
        const options = { sampleWeights: weights, ...(hooks.signal ? { signal: hooks.signal } : {}) };
        const model: LinearModel =
          baseModel === 'logistic'
            ? fitLogistic(split.trainRows, split.trainLabels, options)
            : fitLinearSvm(split.trainRows, split.trainLabels, { ...options, C: cost });
        const { scores, predictions } = predict(model, baseModel, split.evaluationRows);
        // SVM margins are not probabilities: the summary then gets no scores (no AUC or score distances).
        const outcomes = { task: 'classification' as const, labels: split.evaluationLabels, predictions, groups: split.evaluationGroups };
        return { model, scores, predictions, outcomes: baseModel === 'logistic' ? { ...outcomes, scores } : outcomes };
      },
      [0, 1],
    );
    hooks.onProgress?.({ fraction: 0.2, message: 'fitting without weights' });
    const before = fits(0);
    hooks.onProgress?.({ fraction: 0.4, message: 'fitting with the weights' });
    const after = fits(1);
    const model = after.model;
    const evaluation = outcomeEvaluation(params);
    const compared = beforeAndAfter(before.outcomes, after.outcomes, evaluation);
    const tradeoff: TradeoffPoint[] = [];
    if (params.sweep) {
      for (const [i, strength] of STRENGTH_SWEEP.entries()) {
        hooks.onProgress?.({ fraction: 0.5 + (0.45 * i) / STRENGTH_SWEEP.length, message: `sweep: strength ${strength}` });
        tradeoff.push(sweepPoint('strength', strength, fits(strength), { outcomes: before.outcomes, summary: compared.before, evaluation }));
      }
    }
    const modelFile: ReweighingModel = {
      schemaVersion: MITIGATION_SCHEMA_VERSION,
      method: 'reweighing',
      positive: split.positive,
      baseModel,
      encoding: split.encoding,
      model: { weights: [...model.weights], bias: model.bias },
      cellWeights: fitted.cells,
    };
    return writeMitigationOutput(outputFolder(params, defaultOutDir(split.inputs.train!, 'reweighing')), {
      table: split.evaluation,
      added: [
        { name: 'reweighing_weight', values: rowWeights(fitted, split.evaluationGroups, split.evaluationLabels, 1, split.evaluation.file) },
        { name: 'reweighing_score', values: after.scores },
        { name: 'reweighing_prediction', values: after.predictions },
      ],
      model: modelFile,
      report: splitReport(split, {
        method: 'reweighing',
        kind: 'pre-processing',
        parameters: { model: baseModel, ...(baseModel === 'linear-svm' ? { C: cost } : {}), cellWeights: fitted.cells },
        baseline: `the same ${baseModel === 'logistic' ? 'logistic regression' : 'linear SVM'} fitted without the weights`,
        ...compared,
        tradeoff,
        started,
      }),
    });
  },

  async apply(model, file, options, hooks) {
    const fitted = model as ReweighingModel;
    if (!fitted.encoding || !fitted.model) throw new InputError('model.json of reweighing lacks its encoding or model', { file });
    const linear = { weights: Float64Array.from(fitted.model.weights), bias: fitted.model.bias };
    return applyToFile('reweighing', file, options, hooks, (table) => {
      const { scores, predictions } = predict(linear, fitted.baseModel ?? 'logistic', encodeFeatures(fitted.encoding, table).rows);
      return [
        { name: 'reweighing_score', values: scores },
        { name: 'reweighing_prediction', values: predictions },
      ];
    });
  },
});

/** Scores (probabilities for logistic regression, margins for the SVM) and hard predictions. */
function predict(model: LinearModel, baseModel: BaseModel, rows: readonly Float64Array[]): { scores: Float64Array; predictions: Uint8Array } {
  if (baseModel === 'logistic') {
    const scores = probabilities(model, rows);
    return { scores, predictions: Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0)) };
  }
  const margins = decisionValues(model, rows);
  return { scores: margins, predictions: Uint8Array.from(margins, (m) => (m >= 0 ? 1 : 0)) };
}
