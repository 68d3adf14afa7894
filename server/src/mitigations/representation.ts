import { performance } from 'node:perf_hooks';
import { choiceFlag, csvOptionsFromFlags, integerFlag, listFlag, numberFlag, requiredFlag, SHARED_FLAGS, stringFlag, UsageError } from '../cli/args';
import { InputError } from '../engine/errors';
import type { LinearModel } from '../engine/learners/linear-model';
import { fitLogistic, probabilities } from '../engine/learners/logistic';
import { featureNames, fitFeatureEncoding } from '../engine/mitigation/features';
import { OutcomeSummary, summarizeOutcomes } from '../engine/mitigation/outcomes';
import { AddedColumn, writeMitigationOutput } from '../engine/mitigation/output';
import { MITIGATION_SCHEMA_VERSION, MitigationHooks, ModelFile, TradeoffPoint } from '../engine/mitigation/report';
import { networkOf, represent, RepresentationState, representationRows, sparseRows } from '../engine/methods/representation/model';
import { DEFAULT_PENALTY, PenaltyKind } from '../engine/methods/representation/penalty';
import { parseTaskSpec, taskLabels, TaskSpec } from '../engine/methods/representation/tasks';
import { trainRepresentation, TRAINING_DEFAULTS } from '../engine/methods/representation/train';
import { groupColumn, loadTable } from '../engine/table/table';
import { applyToFile, defaultOutDir, MitigationCommand, mitigationOutputFlags } from './command';

/** λ when neither --lambda nor --sweep picks one (chosen on Adult, see docs/results/representation.md). */
export const DEFAULT_LAMBDA: Record<PenaltyKind, number> = { mmd: 3.5, sinkhorn: 4 };
/** --sweep: a log grid of λ (λ = 0 is the `before` run). */
export const LAMBDA_GRID = [0.1, 0.3, 1, 3, 10, 30];

interface RepresentationModelFile extends ModelFile, RepresentationState {
  method: 'representation';
  /** The head fitted on the frozen representation for --transfer-task, if any. */
  transfer: { task: string; weights: number[]; bias: number } | null;
}

interface TaskColumns {
  spec: TaskSpec & { positive: string };
  train: Uint8Array;
  evaluation: Uint8Array;
}

export const representation: MitigationCommand = {
  name: 'representation',
  summary: 'learns a shared representation (one-hidden-layer encoder, one logistic head per task) whose distribution matches across groups (MMD or Sinkhorn penalty)',
  usage: 'parity mitigate representation --train FILE [--test FILE] --tasks C[,C...] --sensitive C [--penalty mmd|sinkhorn] [--lambda L | --sweep] [options]',
  kind: 'pre-processing',
  input: 'training-data',
  flags: {
    train: SHARED_FLAGS.train,
    test: SHARED_FLAGS.test,
    tasks: { type: 'string', help: 'T[,T...]', describe: 'training tasks: a binary column C, or C>V, C>=V, C<V, C<=V, C=V1|V2 for a derived indicator' },
    sensitive: SHARED_FLAGS.sensitive,
    penalty: { type: 'string', help: 'mmd|sinkhorn', describe: 'divergence between the groups\' representations (default mmd)' },
    lambda: { type: 'string', help: 'L', describe: `penalty weight λ (default ${DEFAULT_LAMBDA.mmd} for mmd, ${DEFAULT_LAMBDA.sinkhorn} for sinkhorn)` },
    sweep: { ...SHARED_FLAGS.sweep, describe: `also train with λ in ${LAMBDA_GRID.join(', ')} (parameter "lambda")` },
    dim: { type: 'string', help: 'D', describe: `representation size (default ${TRAINING_DEFAULTS.dim})` },
    epochs: { type: 'string', help: 'N', describe: `training epochs (default ${TRAINING_DEFAULTS.epochs})` },
    'batch-size': { type: 'string', help: 'B', describe: `minibatch size, stratified by group (default ${TRAINING_DEFAULTS.batchSize})` },
    'transfer-task': { type: 'string', help: 'T', describe: 'a task not used in training: fit a new head on the frozen representation' },
    seed: SHARED_FLAGS.seed,
    features: { ...SHARED_FLAGS.features, describe: 'encoder inputs (default: every column but the sensitive and task ones)' },
    ...mitigationOutputFlags('training'),
  },

  async run(values, hooks) {
    const started = performance.now();
    const trainFile = requiredFlag(values, 'train');
    const testFile = stringFlag(values, 'test');
    const sensitive = listFlag(values, 'sensitive') ?? [];
    if (sensitive.length === 0) throw new UsageError('--sensitive is required');
    const taskTexts = listFlag(values, 'tasks') ?? [];
    if (taskTexts.length === 0) throw new UsageError('--tasks is required');
    const transferText = stringFlag(values, 'transfer-task');
    const penalty = choiceFlag(values, 'penalty', ['mmd', 'sinkhorn'] as const, 'mmd');
    const lambda = numberFlag(values, 'lambda', (n) => n >= 0, 'a number >= 0') ?? DEFAULT_LAMBDA[penalty];
    const dim = integerFlag(values, 'dim', 1) ?? TRAINING_DEFAULTS.dim;
    const epochs = integerFlag(values, 'epochs', 1) ?? TRAINING_DEFAULTS.epochs;
    const batchSize = integerFlag(values, 'batch-size', 4) ?? TRAINING_DEFAULTS.batchSize;
    const seed = integerFlag(values, 'seed', 0) ?? 0;

    const csv = csvOptionsFromFlags(values);
    const load = (file: string) => loadTable(file, csv, hooks.signal ? { signal: hooks.signal } : {});
    hooks.onProgress?.({ fraction: 0, message: 'reading' });
    const train = await load(trainFile);
    const evaluation = testFile ? await load(testFile) : train;
    const readTask = (text: string): TaskColumns => {
      const parsed = parseTaskSpec(text);
      const trainLabels = taskLabels(train, parsed);
      // The positive value inferred on the training file is kept, so the test file reads the same way.
      const spec = { ...parsed, positive: trainLabels.positive };
      return { spec, train: trainLabels.values, evaluation: evaluation === train ? trainLabels.values : taskLabels(evaluation, spec).values };
    };
    const tasks = taskTexts.map(readTask);
    const transfer = transferText !== undefined ? readTask(transferText) : undefined;
    // Task columns are never features: the transfer task in particular must be unseen by the encoder.
    const taskColumns = [...tasks, ...(transfer ? [transfer] : [])].map((task) => task.spec.column);
    const encoding = fitFeatureEncoding(train, [...sensitive, ...taskColumns], listFlag(values, 'features'));
    const trainRows = sparseRows(encoding, train);
    const evaluationRows = evaluation === train ? trainRows : sparseRows(encoding, evaluation);
    const { indices: trainGroups, names: groupNames } = indexGroups(groupColumn(train, sensitive));
    if (groupNames.length < 2) throw new InputError(`--sensitive ${sensitive.join(',')} has a single group in the training data`, { file: trainFile });
    const evaluationGroups = groupColumn(evaluation, sensitive);
    const inputs = featureNames(encoding).length;

    const runs = 2 + (values.sweep === true ? LAMBDA_GRID.length : 0);
    let runIndex = 0;
    const fit = (runLambda: number): RepresentationState => {
      const index = runIndex++;
      const net = trainRepresentation(trainRows, inputs, tasks.map((task) => task.train), trainGroups, groupNames.length, {
        dim,
        epochs,
        batchSize,
        lambda: runLambda,
        penalty: { kind: penalty, ...DEFAULT_PENALTY },
        learningRate: TRAINING_DEFAULTS.learningRate,
        finalLearningRate: TRAINING_DEFAULTS.finalLearningRate,
        seed,
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onEpoch: (epoch, loss, penaltyValue) =>
          hooks.onProgress?.({ fraction: 0.05 + (0.9 * (index + epoch / epochs)) / runs, message: `λ ${runLambda}: epoch ${epoch}/${epochs}, loss ${loss.toFixed(4)}, penalty ${penaltyValue.toExponential(3)}` }),
      });
      return { encoding, tasks: tasks.map((task) => task.spec), penalty, lambda: runLambda, inputs, dim, params: [...net.params] };
    };
    const evaluate = (state: RepresentationState) => {
      const net = networkOf(state);
      const output = represent(net, evaluationRows);
      const perTask = tasks.map((task, t) => summarize(task.evaluation, output.probabilities[t] as Float64Array, evaluationGroups));
      const transferred = transfer ? transferHead(represent(net, trainRows).z, output.z, dim, transfer, evaluationGroups, hooks) : undefined;
      return { output, perTask, transferred: transferred?.summary, transferModel: transferred?.head, transferScores: transferred?.scores };
    };
    const before = evaluate(fit(0));
    const state = fit(lambda);
    const after = evaluate(state);
    const tradeoff: TradeoffPoint[] = [];
    if (values.sweep === true) {
      for (const gridLambda of LAMBDA_GRID) {
        const summary = evaluate(fit(gridLambda)).perTask[0] as OutcomeSummary;
        tradeoff.push({ parameter: 'lambda', value: gridLambda, accuracy: summary.accuracy ?? null, aggregates: summary.aggregates });
      }
    }
    const brief = (summary: OutcomeSummary | undefined) => summary && { accuracy: summary.accuracy ?? null, demographic_parity_difference: summary.aggregates['demographic_parity_difference'] ?? null };
    const added: AddedColumn[] = [
      ...Array.from({ length: dim }, (_, k) => ({ name: `z${k + 1}`, values: Float64Array.from({ length: evaluationRows.length }, (_, i) => after.output.z[i * dim + k] as number) })),
      ...tasks.flatMap((task, t) => headColumns(task.spec.text, after.output.probabilities[t] as Float64Array)),
      ...(transfer && after.transferScores ? headColumns(transfer.spec.text, after.transferScores) : []),
    ];
    const modelFile: RepresentationModelFile = {
      schemaVersion: MITIGATION_SCHEMA_VERSION,
      method: 'representation',
      ...state,
      transfer: transfer && after.transferModel ? { task: transfer.spec.text, weights: [...after.transferModel.weights], bias: after.transferModel.bias } : null,
    };
    return writeMitigationOutput(stringFlag(values, 'out') ?? defaultOutDir(trainFile, 'representation'), {
      table: evaluation,
      added,
      model: modelFile,
      report: {
        schemaVersion: MITIGATION_SCHEMA_VERSION,
        method: 'representation',
        kind: 'pre-processing',
        task: 'classification',
        inputs: { train: trainFile, ...(testFile ? { test: testFile } : {}) },
        columns: { label: tasks[0]?.spec.text ?? null, sensitive, prediction: null, score: null },
        parameters: {
          penalty,
          lambda,
          dim,
          epochs,
          batchSize,
          seed,
          learningRate: TRAINING_DEFAULTS.learningRate,
          finalLearningRate: TRAINING_DEFAULTS.finalLearningRate,
          sinkhornRelativeEpsilon: DEFAULT_PENALTY.relativeEpsilon,
          tasks: tasks.map((task, t) => ({ task: task.spec.text, positive: task.spec.positive, before: brief(before.perTask[t]), after: brief(after.perTask[t]) })),
          transfer: transfer ? { task: transfer.spec.text, positive: transfer.spec.positive, before: brief(before.transferred), after: brief(after.transferred) } : null,
        },
        evaluatedOn: testFile ? 'test' : 'train',
        before: before.perTask[0] as OutcomeSummary,
        after: after.perTask[0] as OutcomeSummary,
        tradeoff,
        seconds: (performance.now() - started) / 1000,
        warnings: [],
      },
    });
  },

  async apply(model, file, values, hooks) {
    const state = model as RepresentationModelFile;
    if (!state.encoding || !Array.isArray(state.params) || !Array.isArray(state.tasks)) throw new InputError('model.json of representation lacks its encoding or weights', { file });
    return applyToFile('representation', file, values, hooks, (table) => {
      const output = represent(networkOf(state), sparseRows(state.encoding, table));
      const transfer = state.transfer;
      return [
        ...Array.from({ length: state.dim }, (_, k) => ({ name: `z${k + 1}`, values: Float64Array.from({ length: table.rows.length }, (_, i) => output.z[i * state.dim + k] as number) })),
        ...state.tasks.flatMap((task, t) => headColumns(task.text, output.probabilities[t] as Float64Array)),
        ...(transfer ? headColumns(transfer.task, probabilities({ weights: Float64Array.from(transfer.weights), bias: transfer.bias }, representationRows(output.z, state.dim))) : []),
      ];
    });
  },
};

function summarize(labels: Uint8Array, scores: Float64Array, groups: string[]): OutcomeSummary {
  return summarizeOutcomes({ task: 'classification', labels, predictions: Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0)), scores, groups });
}

/** A new logistic head on the frozen representation, fitted on the training rows, evaluated on the evaluation rows. */
function transferHead(trainZ: Float64Array, evaluationZ: Float64Array, dim: number, task: TaskColumns, groups: string[], hooks: MitigationHooks): { head: LinearModel; scores: Float64Array; summary: OutcomeSummary } {
  const head = fitLogistic(representationRows(trainZ, dim), task.train, hooks.signal ? { signal: hooks.signal } : {});
  const scores = probabilities(head, representationRows(evaluationZ, dim));
  return { head, scores, summary: summarize(task.evaluation, scores, groups) };
}

/** A head's output columns: its probability and its 0/1 prediction at 0.5. */
function headColumns(task: string, scores: Float64Array): AddedColumn[] {
  return [
    { name: `representation_p_${task}`, values: scores },
    { name: `representation_y_${task}`, values: Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0)) },
  ];
}

function indexGroups(groups: string[]): { indices: Int32Array; names: string[] } {
  const names = [...new Set(groups)].sort();
  return { indices: Int32Array.from(groups, (group) => names.indexOf(group)), names };
}
