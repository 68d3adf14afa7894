import { performance } from 'node:perf_hooks';
import { numberFlag, SHARED_FLAGS, stringFlag } from '../cli/args';
import { InputError, throwIfAborted } from '../engine/errors';
import { fitLogistic, probabilities } from '../engine/learners/logistic';
import { fitCorrelationRemover, removeCorrelation } from '../engine/methods/correlation-remover/correlation-remover';
import { encodeFeatures, FeatureEncoding } from '../engine/mitigation/features';
import { summarizeOutcomes } from '../engine/mitigation/outcomes';
import { writeMitigationOutput } from '../engine/mitigation/output';
import { MITIGATION_SCHEMA_VERSION, ModelFile, TradeoffPoint } from '../engine/mitigation/report';
import { groupColumn } from '../engine/table/table';
import { applyToFile, defaultOutDir, MitigationCommand, mitigationOutputFlags, TRAINING_SPLIT_FLAGS } from './command';
import { memoizeByStrength } from './memoize';
import { LabelledSplit, loadLabelledSplit } from './split';
import { splitReport, tradeoffPoint } from './split-report';

/** Strengths of --sweep, from the untouched features (0) to the full repair (1). */
const SWEEP = [0, 0.25, 0.5, 0.75, 1];

interface PreprocessingModel extends ModelFile {
  positive: string;
  sensitive: string[];
  encoding: FeatureEncoding;
  strength: number;
  transform: unknown;
  model: { weights: number[]; bias: number };
}

/** What distinguishes two feature-repair methods: the fitted transform and its strength flag. */
interface PreprocessingSpec<State> {
  name: string;
  summary: string;
  /** The strength flag (0 = untouched, 1 = full), also the sweep's parameter name. */
  strengthFlag: string;
  fit(split: LabelledSplit): State;
  transform(state: State, rows: readonly Float64Array[], groups: readonly string[], strength: number, file: string): Float64Array[];
}

/** A `parity mitigate` command that repairs the features, then fits logistic regression on them. */
export function preprocessingCommand<State>(spec: PreprocessingSpec<State>): MitigationCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: `parity mitigate ${spec.name} --train FILE [--test FILE] --label C --sensitive C[,C...] [--${spec.strengthFlag} X] [options]`,
    kind: 'pre-processing',
    input: 'training-data',
    flags: {
      ...TRAINING_SPLIT_FLAGS,
      [spec.strengthFlag]: { type: 'string', help: 'X', describe: 'strength in [0, 1]: 0 leaves the features unchanged, 1 is the full repair (default 1)' },
      sweep: { ...SHARED_FLAGS.sweep, describe: `also fit at ${spec.strengthFlag} ${SWEEP.join(', ')} (parameter "${spec.strengthFlag}")` },
      ...mitigationOutputFlags('training'),
    },

    async run(values, hooks) {
      const started = performance.now();
      const strength = numberFlag(values, spec.strengthFlag, (x) => x >= 0 && x <= 1, 'a number in [0, 1]') ?? 1;
      const split = await loadLabelledSplit(values, hooks);
      const state = spec.fit(split);
      // Fitted once per strength: before (0) and after (--strength) are points of the sweep too.
      const fits = memoizeByStrength((level: number) => {
        throwIfAborted(hooks.signal);
        const model = fitLogistic(spec.transform(state, split.trainRows, split.trainGroups, level, split.train.file), split.trainLabels, hooks.signal ? { signal: hooks.signal } : {});
        const scores = probabilities(model, spec.transform(state, split.evaluationRows, split.evaluationGroups, level, split.evaluation.file));
        const predictions = Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0));
        return { model, scores, predictions, summary: summarizeOutcomes({ task: 'classification', labels: split.evaluationLabels, predictions, scores, groups: split.evaluationGroups }) };
      });
      hooks.onProgress?.({ fraction: 0.2, message: 'fitting on the original features' });
      const before = fits(0);
      hooks.onProgress?.({ fraction: 0.4, message: 'fitting on the repaired features' });
      const after = fits(strength);
      const model = after.model;
      const tradeoff: TradeoffPoint[] = [];
      if (values.sweep === true) {
        for (const [i, level] of SWEEP.entries()) {
          hooks.onProgress?.({ fraction: 0.5 + (0.45 * i) / SWEEP.length, message: `sweep: ${spec.strengthFlag} ${level}` });
          tradeoff.push(tradeoffPoint(spec.strengthFlag, level, fits(level).summary));
        }
      }
      const modelFile: PreprocessingModel = {
        schemaVersion: MITIGATION_SCHEMA_VERSION,
        method: spec.name,
        positive: split.positive,
        sensitive: split.sensitive,
        encoding: split.encoding,
        strength,
        transform: state,
        model: { weights: [...model.weights], bias: model.bias },
      };
      return writeMitigationOutput(stringFlag(values, 'out') ?? defaultOutDir(split.inputs.train!, spec.name), {
        table: split.evaluation,
        added: [
          { name: `${spec.name}_score`, values: after.scores },
          { name: `${spec.name}_prediction`, values: after.predictions },
        ],
        model: modelFile,
        report: splitReport(split, {
          method: spec.name,
          kind: 'pre-processing',
          parameters: { model: 'logistic', [spec.strengthFlag]: strength },
          before: before.summary,
          after: after.summary,
          tradeoff,
          started,
        }),
      });
    },

    async apply(model, file, values, hooks) {
      const fitted = model as PreprocessingModel;
      if (!fitted.encoding || !fitted.model || !fitted.transform) throw new InputError(`model.json of ${spec.name} lacks its encoding, transform or model`, { file });
      return applyToFile(spec.name, file, values, hooks, (table) => {
        const rows = spec.transform(fitted.transform as State, encodeFeatures(fitted.encoding, table).rows, groupColumn(table, fitted.sensitive), fitted.strength, file);
        const scores = probabilities({ weights: Float64Array.from(fitted.model.weights), bias: fitted.model.bias }, rows);
        return [
          { name: `${spec.name}_score`, values: scores },
          { name: `${spec.name}_prediction`, values: Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0)) },
        ];
      });
    },
  };
}

export const correlationRemover = preprocessingCommand({
  name: 'correlation-remover',
  summary: 'replaces each feature by its residual on the centred group indicators (blended by --alpha), then fits logistic regression',
  strengthFlag: 'alpha',
  fit: (split) => fitCorrelationRemover(split.trainRows, split.trainGroups, split.train.file),
  transform: removeCorrelation,
});
