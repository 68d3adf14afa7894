import { performance } from 'node:perf_hooks';
import type * as z from 'zod';
import { InputError } from '../../engine/errors';
import { fitLogistic, probabilities } from '../../engine/learners/logistic';
import { encodeFeatures, FeatureEncoding } from '../../engine/learners/features';
import { beforeAndAfter } from '../../engine/audit/change';
import { ClassificationOutcomes, summarizeDraw } from '../../engine/audit/outcomes';
import { outcomeEvaluation } from '../../params/fragments';
import { writeMitigationOutput } from '../../io/output';
import { MITIGATION_SCHEMA_VERSION, MitigationHooks, ModelFile, TradeoffPoint } from '../../../../common/reports/mitigation';
import { Mixture, mixtureProbabilities, randomizedPredictions } from './mixture';
import { buildMoments, FairnessConstraint, Moments } from './moments';
import type { Candidate } from './select';
import { AnyMitigationCommand, applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { EPSILON_SWEEP, REDUCTION_PARAMS } from './params';
import { LabelledSplit, loadLabelledSplit } from '../framework/split';
import { splitReport, sweepPoint } from '../framework/split-report';
import { reductionModel } from './model-file';
import { withoutScoreDistances } from '../framework/decision-only';
import { CONSTRAINED_GAP, epsilonBound, type FittingDecision, onFittingRows } from '../framework/fitting-rows';

interface ReductionModel extends ModelFile {
  positive: string;
  constraint: FairnessConstraint;
  epsilon: number;
  /** Seed of the randomized predictions, so `parity apply` draws the same ones (missing in older files: 0). */
  seed?: number;
  encoding: FeatureEncoding;
  mixture: { weights: number[]; classifiers: { weights: number[]; bias: number }[] };
}

/** What distinguishes the two reductions: how the randomized classifier for an ε is found, and the parameters that steer it. */
interface ReductionSpec<S extends typeof REDUCTION_PARAMS> {
  name: string;
  title: string;
  summary: string;
  description: string;
  /** REDUCTION_PARAMS, or REDUCTION_PARAMS extended with the method's own parameters. */
  params: S;
  /** `pool`: the classifiers earlier fits of the same run visited (the sweep reuses them). */
  fit(
    split: LabelledSplit,
    moments: Moments,
    epsilon: number,
    pool: readonly Candidate[],
    hooks: MitigationHooks,
    params: z.infer<S>,
  ): Promise<{ mixture: Mixture; candidates: Candidate[] }>;
}

/** The values of the parameters a reduction adds to REDUCTION_PARAMS (e.g. grid search's grid size), for its report. */
function ownParameters(schema: typeof REDUCTION_PARAMS, params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(schema.shape).flatMap((key) => (key in REDUCTION_PARAMS.shape ? [] : [[key, params[key]]])));
}

/** A `parity mitigate` command for one reduction over a logistic-regression base learner. */
export function reductionCommand<S extends typeof REDUCTION_PARAMS>(spec: ReductionSpec<S>): AnyMitigationCommand {
  return defineMitigation({
    name: spec.name,
    title: spec.title,
    summary: spec.summary,
    description: spec.description,
    kind: 'in-processing',
    tasks: ['classification'],
    input: 'training-data',
    params: spec.params,
    modelSchema: reductionModel(spec.name),

    async run(params, hooks) {
      const started = performance.now();
      const { constraint, epsilon, seed } = params;
      const split = await loadLabelledSplit(params, hooks);
      const moments = buildMoments(constraint, split.trainGroups, split.trainLabels, split.train.file);
      hooks.onProgress?.({ fraction: 0.1, message: 'fitting the unconstrained logistic regression' });
      const unconstrained = fitLogistic(split.trainRows, split.trainLabels, hooks.signal ? { signal: hooks.signal } : {});
      const beforeScores = probabilities(unconstrained, split.evaluationRows);
      const beforeOutcomes: ClassificationOutcomes = {
        task: 'classification',
        labels: split.evaluationLabels,
        predictions: Uint8Array.from(beforeScores, (p) => (p >= 0.5 ? 1 : 0)),
        scores: beforeScores,
        groups: split.evaluationGroups,
      };
      const progress = (from: number, share: number): MitigationHooks => ({
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onProgress: (p) => hooks.onProgress?.({ fraction: from + share * p.fraction, message: p.message }),
      });
      const { mixture, candidates } = await spec.fit(split, moments, epsilon, [], progress(0.15, params.sweep ? 0.3 : 0.8), params);
      // a mixture's chances and its seeded draw on the evaluation rows: its figures are in expectation, the draw's beside them
      const decide = (fitted: Mixture) => {
        const chance = mixtureProbabilities(fitted, split.evaluationRows);
        const predictions = randomizedPredictions(chance, seed);
        const outcomes: ClassificationOutcomes = {
          task: 'classification',
          labels: split.evaluationLabels,
          predictions,
          probability: (row) => chance[row]!,
          scores: chance,
          groups: split.evaluationGroups,
        };
        return { chance, predictions, outcomes, draw: () => ({ ...summarizeDraw(outcomes, evaluation), seed }) };
      };
      const evaluation = outcomeEvaluation(params);
      const after = decide(mixture);
      const compared = beforeAndAfter(beforeOutcomes, after.outcomes, evaluation);
      const beforeFigures = { outcomes: beforeOutcomes, summary: compared.before, evaluation };
      const tradeoff: TradeoffPoint[] = [];
      if (params.sweep) {
        const pool = [...candidates];
        for (const [i, e] of EPSILON_SWEEP.entries()) {
          const fitted =
            e === epsilon
              ? { mixture, candidates }
              : await spec.fit(split, moments, e, pool, progress(0.45 + (0.5 * i) / EPSILON_SWEEP.length, 0.5 / EPSILON_SWEEP.length), params);
          pool.splice(0, pool.length, ...fitted.candidates);
          const point = decide(fitted.mixture);
          tradeoff.push(sweepPoint('epsilon', e, point, beforeFigures));
        }
      }
      const used = mixture.weights.flatMap((w, t) => (w > 0 ? [t] : []));
      const modelFile: ReductionModel = {
        schemaVersion: MITIGATION_SCHEMA_VERSION,
        method: spec.name,
        positive: split.positive,
        constraint,
        epsilon,
        seed,
        encoding: split.encoding,
        mixture: {
          weights: used.map((t) => mixture.weights[t]!),
          classifiers: used.map((t) => ({ weights: [...mixture.classifiers[t]!.weights], bias: mixture.classifiers[t]!.bias })),
        },
      };
      return writeMitigationOutput(outputFolder(params, defaultOutDir(split.inputs.train!, spec.name)), {
        table: split.evaluation,
        added: [
          { name: `${spec.name}_probability`, values: after.chance },
          { name: `${spec.name}_prediction`, values: after.predictions },
        ],
        model: modelFile,
        // the mixture's chances of a positive decision are no score: no score distance after
        report: withoutScoreDistances({
          ...splitReport(split, {
            method: spec.name,
            kind: 'in-processing',
            parameters: {
              model: 'logistic',
              constraint,
              epsilon,
              seed,
              ...ownParameters(spec.params, params),
              classifiersVisited: candidates.length,
              classifiersMixed: used.length,
            },
            baseline: 'the same logistic regression fitted without the fairness constraint',
            ...compared,
            draw: after.draw(),
            tradeoff,
            started,
          }),
          // measured on other rows than it was fitted on: the figures where its ε applies, for the report to set beside them
          ...(split.evaluation !== split.train
            ? { onFittingRows: onFittingRows(trainDecision(mixture, split), epsilonBound(CONSTRAINED_GAP[constraint], epsilon)) }
            : {}),
        }),
      });
    },

    async apply(model, file, options, hooks) {
      const fitted = model as ReductionModel;
      if (!fitted.encoding || !fitted.mixture) throw new InputError(`model.json of ${spec.name} lacks its encoding or mixture`, { file });
      const mixture: Mixture = {
        weights: fitted.mixture.weights,
        classifiers: fitted.mixture.classifiers.map((c) => ({ weights: Float64Array.from(c.weights), bias: c.bias })),
      };
      return applyToFile(spec.name, file, options, hooks, (table) => {
        const chance = mixtureProbabilities(mixture, encodeFeatures(fitted.encoding, table).rows);
        return [
          { name: `${spec.name}_probability`, values: chance },
          { name: `${spec.name}_prediction`, values: randomizedPredictions(chance, fitted.seed ?? 0) },
        ];
      });
    },
  });
}

/** The mixture's decision on its own training rows, where ε bounds the constraint. */
function trainDecision(mixture: Mixture, split: LabelledSplit): FittingDecision {
  const chance = mixtureProbabilities(mixture, split.trainRows);
  return { labels: split.trainLabels, scores: chance, groups: split.trainGroups, probability: (row) => chance[row]! };
}
