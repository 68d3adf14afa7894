import { performance } from 'node:perf_hooks';
import { choiceFlag, integerFlag, numberFlag, SHARED_FLAGS, stringFlag } from '../cli/args';
import { InputError } from '../engine/errors';
import { fitLogistic, probabilities } from '../engine/learners/logistic';
import { encodeFeatures, FeatureEncoding } from '../engine/mitigation/features';
import { summarizeOutcomes } from '../engine/mitigation/outcomes';
import { writeMitigationOutput } from '../engine/mitigation/output';
import { MITIGATION_SCHEMA_VERSION, MitigationHooks, ModelFile, TradeoffPoint } from '../engine/mitigation/report';
import { exponentiatedGradient as solveExponentiatedGradient } from '../engine/methods/reductions/exponentiated-gradient';
import { Mixture, mixtureProbabilities, randomizedPredictions } from '../engine/methods/reductions/mixture';
import { buildMoments, FAIRNESS_CONSTRAINTS, FairnessConstraint, Moments } from '../engine/methods/reductions/moments';
import type { Candidate } from '../engine/methods/reductions/select';
import { applyToFile, defaultOutDir, MitigationCommand, mitigationOutputFlags, TRAINING_SPLIT_FLAGS } from './command';
import { LabelledSplit, loadLabelledSplit } from './split';
import { splitReport, tradeoffPoint } from './split-report';

/** The ε values of --sweep, each solved (with the classifiers already visited as a head start). */
export const EPSILON_SWEEP = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];

interface ReductionModel extends ModelFile {
  positive: string;
  constraint: FairnessConstraint;
  epsilon: number;
  /** Seed of the randomized predictions, so `parity apply` draws the same ones (missing in older files: 0). */
  seed?: number;
  encoding: FeatureEncoding;
  mixture: { weights: number[]; classifiers: { weights: number[]; bias: number }[] };
}

/** What distinguishes the two reductions: how the randomized classifier for an ε is found. */
interface ReductionSpec {
  name: string;
  summary: string;
  /** `pool`: the classifiers earlier fits of the same run visited (the sweep reuses them). */
  fit(split: LabelledSplit, moments: Moments, epsilon: number, pool: readonly Candidate[], hooks: MitigationHooks): Promise<{ mixture: Mixture; candidates: Candidate[] }>;
}

/** A `parity mitigate` command for one reduction over a logistic-regression base learner. */
export function reductionCommand(spec: ReductionSpec): MitigationCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: `parity mitigate ${spec.name} --train FILE [--test FILE] --label C --sensitive C[,C...] [--constraint C] [--epsilon E] [options]`,
    kind: 'in-processing',
    input: 'training-data',
    flags: {
      ...TRAINING_SPLIT_FLAGS,
      constraint: { type: 'string', help: 'C', describe: `${FAIRNESS_CONSTRAINTS.join(' | ')} (default demographic-parity)` },
      epsilon: { type: 'string', help: 'E', describe: 'allowed constraint violation on the training rows (default 0.01)' },
      seed: { ...SHARED_FLAGS.seed, describe: 'seed of the randomized predictions (default 0)' },
      sweep: { ...SHARED_FLAGS.sweep, describe: `also fit ε = ${EPSILON_SWEEP.join(', ')} (parameter "epsilon")` },
      ...mitigationOutputFlags('training'),
    },

    async run(values, hooks) {
      const started = performance.now();
      const constraint = choiceFlag(values, 'constraint', FAIRNESS_CONSTRAINTS, 'demographic-parity');
      const epsilon = numberFlag(values, 'epsilon', (e) => e > 0 && e < 1, 'a number in (0, 1)') ?? 0.01;
      const seed = integerFlag(values, 'seed', 0) ?? 0;
      const split = await loadLabelledSplit(values, hooks);
      const moments = buildMoments(constraint, split.trainGroups, split.trainLabels, split.train.file);
      hooks.onProgress?.({ fraction: 0.1, message: 'fitting the unconstrained logistic regression' });
      const unconstrained = fitLogistic(split.trainRows, split.trainLabels, hooks.signal ? { signal: hooks.signal } : {});
      const beforeScores = probabilities(unconstrained, split.evaluationRows);
      const before = summarizeOutcomes({ task: 'classification', labels: split.evaluationLabels, predictions: Uint8Array.from(beforeScores, (p) => (p >= 0.5 ? 1 : 0)), scores: beforeScores, groups: split.evaluationGroups });
      const progress = (from: number, share: number): MitigationHooks => ({
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onProgress: (p) => hooks.onProgress?.({ fraction: from + share * p.fraction, message: p.message }),
      });
      const sweep = values.sweep === true;
      const { mixture, candidates } = await spec.fit(split, moments, epsilon, [], progress(0.15, sweep ? 0.3 : 0.8));
      const evaluate = (fitted: Mixture) => {
        const chance = mixtureProbabilities(fitted, split.evaluationRows);
        const predictions = randomizedPredictions(chance, seed);
        return { chance, predictions, summary: summarizeOutcomes({ task: 'classification', labels: split.evaluationLabels, predictions, scores: chance, groups: split.evaluationGroups }) };
      };
      const after = evaluate(mixture);
      const tradeoff: TradeoffPoint[] = [];
      if (sweep) {
        const pool = [...candidates];
        for (const [i, e] of EPSILON_SWEEP.entries()) {
          const fitted = e === epsilon ? { mixture, candidates } : await spec.fit(split, moments, e, pool, progress(0.45 + (0.5 * i) / EPSILON_SWEEP.length, 0.5 / EPSILON_SWEEP.length));
          pool.splice(0, pool.length, ...fitted.candidates);
          tradeoff.push(tradeoffPoint('epsilon', e, evaluate(fitted.mixture).summary));
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
      return writeMitigationOutput(stringFlag(values, 'out') ?? defaultOutDir(split.inputs.train!, spec.name), {
        table: split.evaluation,
        added: [
          { name: `${spec.name}_probability`, values: after.chance },
          { name: `${spec.name}_prediction`, values: after.predictions },
        ],
        model: modelFile,
        report: splitReport(split, {
          method: spec.name,
          kind: 'in-processing',
          parameters: { model: 'logistic', constraint, epsilon, seed, classifiersVisited: candidates.length, classifiersMixed: used.length },
          before,
          after: after.summary,
          tradeoff,
          started,
        }),
      });
    },

    async apply(model, file, values, hooks) {
      const fitted = model as ReductionModel;
      if (!fitted.encoding || !fitted.mixture) throw new InputError(`model.json of ${spec.name} lacks its encoding or mixture`, { file });
      const mixture: Mixture = {
        weights: fitted.mixture.weights,
        classifiers: fitted.mixture.classifiers.map((c) => ({ weights: Float64Array.from(c.weights), bias: c.bias })),
      };
      return applyToFile(spec.name, file, values, hooks, (table) => {
        const chance = mixtureProbabilities(mixture, encodeFeatures(fitted.encoding, table).rows);
        return [
          { name: `${spec.name}_probability`, values: chance },
          { name: `${spec.name}_prediction`, values: randomizedPredictions(chance, fitted.seed ?? 0) },
        ];
      });
    },
  };
}

export const exponentiatedGradient = reductionCommand({
  name: 'exponentiated-gradient',
  summary: 'reductions (Agarwal et al. 2018): a randomized mixture of logistic regressions meeting a fairness constraint up to ε',
  fit: (split, moments, epsilon, pool, hooks) =>
    solveExponentiatedGradient(split.trainRows, split.trainLabels, moments, {
      epsilon,
      ...(pool.length > 0 ? { pool } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onIteration: (f) => hooks.onProgress?.({ fraction: f, message: `exponentiated gradient (ε = ${epsilon})` }),
    }),
});
