import { performance } from 'node:perf_hooks';
import { InputError } from '../../engine/errors';
import { beforeAndAfter } from '../../engine/audit/change';
import type { RegressionOutcomes } from '../../engine/audit/outcomes';
import { fitSensitiveBins, sensitiveGroupColumn } from '../../engine/audit/sensitive-bins';
import { encodeFeatures, type FeatureEncoding } from '../../engine/learners/features';
import { fitLeastSquares, RIDGE_PER_ROW } from '../../engine/learners/least-squares';
import type { LinearModel } from '../../engine/learners/linear-model';
import { asGroupCodes, numericColumn, type Table } from '../../engine/table/table';
import { writeMitigationOutput } from '../../io/output';
import { csvOptions, outcomeEvaluation, parseBins } from '../../params/fragments';
import { MITIGATION_SCHEMA_VERSION, type ModelFile, type TradeoffPoint } from '../../../../common/reports/mitigation';
import { applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { encodeSplitFeatures, loadTrainingAndEvaluation } from '../framework/split';
import { splitReport, sweepPoint } from '../framework/split-report';
import type { Candidate } from '../reductions/select';
import { averagedPredictions, boundedGroupLoss, type GroupedRegression } from './game';
import { BOUNDED_GROUP_LOSS_MODEL } from './model-file';
import { BOUND_SWEEP, BOUNDED_GROUP_LOSS_PARAMS } from './params';
import { requireNumericTarget } from './target';

interface BoundedGroupLossModel extends ModelFile {
  method: 'bounded-group-loss';
  label: string;
  /** The label's range on the training rows: every model's prediction is clipped to it. */
  low: number;
  high: number;
  /** ζ: the allowed mean squared error of every group, in the label's units squared (report.json's parameters.allowedGroupMse; its `bound` is the setting, a share of the plain fit's worst). */
  allowedGroupMse: number;
  encoding: FeatureEncoding;
  mixture: { weights: number[]; models: { weights: number[]; bias: number }[] };
}

export const boundedGroupLossMethod = defineMitigation({
  name: 'bounded-group-loss',
  title: 'Bounded group loss (regression)',
  summary:
    "fair regression (Agarwal, Dudík, Wu 2019): a mix of least-squares models, as accurate as it can be while every group's mean squared error stays under a bound",
  description: "Fair regression: caps every group's error",
  kind: 'in-processing',
  tasks: ['regression'],
  input: 'training-data',
  params: BOUNDED_GROUP_LOSS_PARAMS,
  modelSchema: BOUNDED_GROUP_LOSS_MODEL,

  async run(params, hooks) {
    const started = performance.now();
    const { label, sensitive } = params;
    // a numeric target has no classes: a held-out share is drawn plainly
    const split = await loadTrainingAndEvaluation(params, csvOptions(params), hooks, (whole) => new Uint8Array(whole.rowCount));
    const { train, evaluation } = split;
    requireNumericTarget(train, label);
    const features = encodeSplitFeatures(train, evaluation, params, label, sensitive);
    const targets = numericColumn(train, label);
    const evaluationTargets = evaluation === train ? targets : numericColumn(evaluation, label);
    const bins = fitSensitiveBins(train, sensitive, parseBins(params.bins));
    const trainGroups = sensitiveGroupColumn(train, sensitive, bins);
    const evaluationGroups = sensitiveGroupColumn(evaluation, sensitive, bins);
    const { names, codes } = asGroupCodes(trainGroups);
    let [low, high] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const y of targets) [low, high] = [Math.min(low, y), Math.max(high, y)];
    const data: GroupedRegression = { rows: features.trainRows, targets, groups: codes, groupCount: names.length, low, high, file: train.file };

    hooks.onProgress?.({ fraction: 0.15, message: 'fitting plain least squares' });
    const plain = fitLeastSquares(features.trainRows, targets, train.file);
    // ζ in the label's units: R × the plain fit's worst group (clipped) MSE on the training rows
    const plainCheck = trainingCheck(targets, averagedPredictions([plain], [1], features.trainRows, low, high), codes, names, Number.POSITIVE_INFINITY);
    const zetaOf = (ratio: number) => ratio * plainCheck.worst;
    const outcomes = (predictions: Float64Array): RegressionOutcomes => ({
      task: 'regression',
      targets: evaluationTargets,
      predictions,
      groups: evaluationGroups,
    });
    const fit = async (ratio: number, pool: readonly Candidate[], from: number, share: number) => {
      const result = await boundedGroupLoss(data, {
        bound: zetaOf(ratio),
        ...(pool.length > 0 ? { pool } : {}),
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onIteration: (f) => hooks.onProgress?.({ fraction: from + share * f, message: `exponentiated gradient (bound ${ratio})` }),
      });
      const models = result.candidates.map((c) => c.model);
      const predict = (rows: readonly Float64Array[]) => averagedPredictions(models, result.weights, rows, low, high);
      return { result, models, predict };
    };
    const own = await fit(params.bound, [], 0.2, params.sweep ? 0.3 : 0.7);
    const after = own.predict(features.evaluationRows);
    const evaluationSettings = outcomeEvaluation(params);
    const beforeOutcomes = outcomes(averagedPredictions([plain], [1], features.evaluationRows, low, high));
    const compared = beforeAndAfter(beforeOutcomes, outcomes(after), evaluationSettings);
    const tradeoff: TradeoffPoint[] = [];
    if (params.sweep) {
      const pool = [...own.result.candidates];
      for (const [i, ratio] of BOUND_SWEEP.entries()) {
        const point = ratio === params.bound ? own : await fit(ratio, pool, 0.5 + (0.45 * i) / BOUND_SWEEP.length, 0.45 / BOUND_SWEEP.length);
        pool.splice(0, pool.length, ...point.result.candidates);
        tradeoff.push(
          sweepPoint(
            'bound',
            ratio,
            { outcomes: outcomes(point.predict(features.evaluationRows)) },
            { outcomes: beforeOutcomes, summary: compared.before, evaluation: evaluationSettings },
          ),
        );
      }
    }
    const zeta = zetaOf(params.bound);
    const training = trainingCheck(targets, own.predict(features.trainRows), codes, names, zeta);
    const used = own.result.weights.flatMap((w, t) => (w > 0 ? [t] : []));
    const model: BoundedGroupLossModel = {
      schemaVersion: MITIGATION_SCHEMA_VERSION,
      method: 'bounded-group-loss',
      label,
      low,
      high,
      allowedGroupMse: zeta,
      encoding: features.encoding,
      mixture: {
        weights: used.map((t) => own.result.weights[t]!),
        models: used.map((t) => ({ weights: [...own.models[t]!.weights], bias: own.models[t]!.bias })),
      },
    };
    const warnings = [
      ...features.featureWarnings,
      ...(training.holds
        ? []
        : [
            `no mix of linear models found keeps every group's training MSE under ${round(zeta)} (bound ${params.bound}): the worst group's is ${round(training.worst)}; a larger bound (the allowed share of the worst group's error) may be met; 1 always is, the plain fit meets it`,
          ]),
    ];
    return writeMitigationOutput(outputFolder(params, defaultOutDir(params.train, 'bounded-group-loss')), {
      table: evaluation,
      added: [
        { name: 'bounded-group-loss_base_prediction', values: beforeOutcomes.predictions },
        { name: 'bounded-group-loss_prediction', values: after },
      ],
      model,
      report: splitReport(
        { ...split, ...features, evaluatedOn: split.measuredOn.kind, label, sensitive, bins, positiveMeans: null },
        {
          method: 'bounded-group-loss',
          kind: 'in-processing',
          task: 'regression',
          parameters: {
            model: 'least squares',
            ridge: RIDGE_PER_ROW * train.rowCount,
            trainingRows: train.rowCount,
            bound: params.bound,
            allowedGroupMse: zeta,
            plainTrainingGroupMse: plainCheck.groups,
            clippedTo: [low, high],
            // the worst group's as a plain figure, for the Settings line beside the allowed one
            worstTrainingGroupMse: training.worst,
            trainingGroupMse: training.groups,
            constraintHoldsOnTrainingRows: training.holds,
            rounds: own.result.rounds,
            modelsVisited: own.result.candidates.length,
            modelsMixed: used.length,
            seed: params.seed,
          },
          baseline: `plain least squares of ${label} on the same features (predictions clipped to the training range of ${label})`,
          ...compared,
          tradeoff,
          started,
          warnings,
        },
      ),
    });
  },

  async apply(model, file, options, hooks) {
    const fitted = model as BoundedGroupLossModel;
    if (!fitted.encoding || !fitted.mixture) throw new InputError('model.json of bounded-group-loss lacks its encoding or mixture', { file });
    const models: LinearModel[] = fitted.mixture.models.map((m) => ({ weights: Float64Array.from(m.weights), bias: m.bias }));
    return applyToFile('bounded-group-loss', file, options, hooks, (table: Table) => [
      {
        name: 'bounded-group-loss_prediction',
        values: averagedPredictions(models, fitted.mixture.weights, encodeFeatures(fitted.encoding, table).rows, fitted.low, fitted.high),
      },
    ]);
  },
});

/** Each group's MSE of the deterministic predictions on the training rows, and whether all are within ζ (up to rounding). */
function trainingCheck(targets: Float64Array, predictions: Float64Array, codes: ArrayLike<number>, names: readonly string[], zeta: number) {
  const sums = new Float64Array(names.length);
  const counts = new Float64Array(names.length);
  for (let i = 0; i < targets.length; i++) {
    sums[codes[i]!]! += (targets[i]! - predictions[i]!) ** 2;
    counts[codes[i]!]!++;
  }
  const mse = Array.from(sums, (s, a) => s / counts[a]!);
  const worst = Math.max(...mse);
  return { groups: Object.fromEntries(names.map((g, a) => [g, mse[a]!])), worst, holds: worst <= zeta * (1 + 1e-9) };
}

function round(value: number): string {
  return value.toPrecision(4);
}
