import { performance } from 'node:perf_hooks';
import * as z from 'zod';
import { flagName } from '../../../../common/params';
import { MITIGATION_SCHEMA_VERSION, ModelFile, TradeoffPoint } from '../../../../common/reports/mitigation';
import { beforeAndAfter } from '../../engine/audit/change';
import { InputError, throwIfAborted } from '../../engine/errors';
import { encodeFeatures, FeatureEncoding } from '../../engine/learners/features';
import { fitLogistic, probabilities } from '../../engine/learners/logistic';
import { sensitiveGroupColumn, type SensitiveBins } from '../../engine/audit/sensitive-bins';
import { writeMitigationOutput } from '../../io/output';
import { mitigationOutput, outcomeEvaluation, TRAINING_SPLIT } from '../../params/fragments';
import { sweep } from '../../params/schema';
import { AnyMitigationCommand, applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { memoizeByStrength } from './memoize';
import { expectLength, featureCount, featureEncoding, linearModel, modelHeader, name, names, probability, sensitiveBins } from './model-file';
import { LabelledSplit, loadLabelledSplit, type TrainingSplitParams } from './split';
import { splitReport, sweepPoint } from './split-report';

/** Strengths of --sweep, from the untouched features (0) to the full repair (1). */
const SWEEP = [0, 0.25, 0.5, 0.75, 1];

interface PreprocessingModel extends ModelFile {
  positive: string;
  sensitive: string[];
  bins?: SensitiveBins;
  encoding: FeatureEncoding;
  strength: number;
  transform: unknown;
  model: { weights: number[]; bias: number };
}

/** The parameters of a feature-repair method: a split, its strength (named per method), sweep, output. */
function preprocessingParams(strengthKey: string): z.ZodObject {
  return z.strictObject({
    ...TRAINING_SPLIT,
    [strengthKey]: z.number().min(0).max(1).default(1).meta({
      metavar: 'X',
      group: 'method',
      strength: true,
      title: 'Repair strength',
      description: 'strength in [0, 1]: 0 leaves the features unchanged, 1 is the full repair',
    }),
    sweep: sweep(`also fit at ${flagName(strengthKey)} ${SWEEP.join(', ')} (parameter "${flagName(strengthKey)}")`),
    ...mitigationOutput('training'),
  });
}

/** The parameters every feature-repair method reads besides its strength. */
type PreprocessingParams = TrainingSplitParams & { sweep: boolean; bootstrap: number; out?: string | undefined };

/** What distinguishes two feature-repair methods: the fitted transform and its strength parameter. */
interface PreprocessingSpec<State> {
  name: string;
  title: string;
  summary: string;
  description: string;
  /** The strength parameter (0 = untouched, 1 = full); its flag name is also the sweep's parameter name. */
  strengthKey: string;
  fit(split: LabelledSplit): State;
  transform(state: State, rows: readonly Float64Array[], groups: readonly string[], strength: number, file: string): Float64Array[];
  /** The fitted state as model.json holds it, and its sizes against the number of encoded features. */
  transformSchema: z.ZodType<State>;
  checkTransform?(state: State, features: number, context: z.core.$RefinementCtx): void;
}

/** model.json of a feature-repair method: the encoding, the fitted repair and the logistic regression after it. */
function preprocessingModel<State>(spec: PreprocessingSpec<State>) {
  return z
    .object({
      ...modelHeader(spec.name),
      positive: name,
      sensitive: names,
      bins: sensitiveBins,
      encoding: featureEncoding,
      strength: probability,
      transform: spec.transformSchema,
      model: linearModel,
    })
    .superRefine((model, context) => {
      const features = featureCount(model.encoding);
      expectLength(context, ['model', 'weights'], model.model.weights.length, features, 'one per encoded feature');
      spec.checkTransform?.(model.transform as State, features, context);
    });
}

/** A `parity mitigate` command that repairs the features, then fits logistic regression on them. */
export function preprocessingCommand<State>(spec: PreprocessingSpec<State>): AnyMitigationCommand {
  const strengthName = flagName(spec.strengthKey);
  return defineMitigation({
    name: spec.name,
    title: spec.title,
    summary: spec.summary,
    description: spec.description,
    kind: 'pre-processing',
    tasks: ['classification'],
    input: 'training-data',
    params: preprocessingParams(spec.strengthKey),
    modelSchema: preprocessingModel(spec),

    async run(values, hooks) {
      const started = performance.now();
      const params = values as PreprocessingParams;
      const strength = values[spec.strengthKey] as number;
      const split = await loadLabelledSplit(params, hooks);
      const state = spec.fit(split);
      // Fitted once per strength: before (0) and after (--strength) are points of the sweep too.
      const fits = memoizeByStrength(
        (level: number) => {
          throwIfAborted(hooks.signal);
          const model = fitLogistic(
            spec.transform(state, split.trainRows, split.trainGroups, level, split.train.file),
            split.trainLabels,
            hooks.signal ? { signal: hooks.signal } : {},
          );
          const scores = probabilities(model, spec.transform(state, split.evaluationRows, split.evaluationGroups, level, split.evaluation.file));
          const predictions = Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0));
          return {
            model,
            scores,
            predictions,
            outcomes: { task: 'classification' as const, labels: split.evaluationLabels, predictions, scores, groups: split.evaluationGroups },
          };
        },
        [0, strength],
      );
      hooks.onProgress?.({ fraction: 0.2, message: 'fitting on the original features' });
      const before = fits(0);
      hooks.onProgress?.({ fraction: 0.4, message: 'fitting on the repaired features' });
      const after = fits(strength);
      const model = after.model;
      const evaluation = outcomeEvaluation(params);
      const compared = beforeAndAfter(before.outcomes, after.outcomes, evaluation);
      const tradeoff: TradeoffPoint[] = [];
      if (params.sweep) {
        for (const [i, level] of SWEEP.entries()) {
          hooks.onProgress?.({ fraction: 0.5 + (0.45 * i) / SWEEP.length, message: `sweep: ${strengthName} ${level}` });
          tradeoff.push(sweepPoint(strengthName, level, fits(level), { outcomes: before.outcomes, summary: compared.before, evaluation }));
        }
      }
      const modelFile: PreprocessingModel = {
        schemaVersion: MITIGATION_SCHEMA_VERSION,
        method: spec.name,
        positive: split.positive,
        sensitive: split.sensitive,
        bins: split.bins,
        encoding: split.encoding,
        strength,
        transform: state,
        model: { weights: [...model.weights], bias: model.bias },
      };
      return writeMitigationOutput(outputFolder(params, defaultOutDir(split.inputs.train!, spec.name)), {
        table: split.evaluation,
        added: [
          { name: `${spec.name}_score`, values: after.scores },
          { name: `${spec.name}_prediction`, values: after.predictions },
        ],
        model: modelFile,
        report: splitReport(split, {
          method: spec.name,
          kind: 'pre-processing',
          parameters: { model: 'logistic', [strengthName]: strength },
          baseline: `the same logistic regression fitted on the features as they are (${strengthName} 0)`,
          ...compared,
          tradeoff,
          started,
        }),
      });
    },

    async apply(model, file, options, hooks) {
      const fitted = model as PreprocessingModel;
      if (!fitted.encoding || !fitted.model || !fitted.transform)
        throw new InputError(`model.json of ${spec.name} lacks its encoding, transform or model`, { file });
      return applyToFile(spec.name, file, options, hooks, (table) => {
        const rows = spec.transform(
          fitted.transform as State,
          encodeFeatures(fitted.encoding, table).rows,
          sensitiveGroupColumn(table, fitted.sensitive, fitted.bins ?? {}),
          fitted.strength,
          file,
        );
        const scores = probabilities({ weights: Float64Array.from(fitted.model.weights), bias: fitted.model.bias }, rows);
        return [
          { name: `${spec.name}_score`, values: scores },
          { name: `${spec.name}_prediction`, values: Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0)) },
        ];
      });
    },
  });
}
