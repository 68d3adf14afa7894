import { performance } from 'node:perf_hooks';
import { InputError } from '../../engine/errors';
import type { LinearModel } from '../../engine/learners/linear-model';
import { fitLogistic, probabilities } from '../../engine/learners/logistic';
import { featureNames, fitFeatureEncoding } from '../../engine/learners/features';
import { chooseFeatures, encodingWarnings, fewFeaturesWarnings } from '../../engine/learners/default-features';
import { outcomeChange } from '../../engine/audit/change';
import { ClassificationOutcomes, OutcomeEvaluation, summarizeOutcomes } from '../../engine/audit/outcomes';
import { outcomeEvaluation } from '../../params/fragments';
import type { OutcomeSummary } from '../../../../common/reports/mitigation';
import { AddedColumn, writeMitigationOutput } from '../../io/output';
import { MITIGATION_REPORT_SCHEMA_VERSION, MITIGATION_SCHEMA_VERSION, MitigationHooks, ModelFile, TradeoffPoint } from '../../../../common/reports/mitigation';
import { networkOf, represent, RepresentationState, representationRows, sparseRows } from './model';
import { DEFAULT_PENALTY } from './penalty';
import { parseTaskSpec, taskLabels, TaskSpec } from './tasks';
import { trainRepresentation, TRAINING_DEFAULTS } from './train';
import { binEdges, fitSensitiveBins, sensitiveGroupColumn } from '../../engine/audit/sensitive-bins';
import { csvOptions, parseBins } from '../../params/fragments';
import { applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { DEFAULT_LAMBDA, LAMBDA_GRID, REPRESENTATION_PARAMS } from './params';
import { REPRESENTATION_MODEL } from './model-file';
import { POINT_ESTIMATES, sweepPoint } from '../framework/split-report';
import { loadTrainingAndEvaluation } from '../framework/split';

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

export const representation = defineMitigation({
  name: 'representation',
  title: 'Fair representation (MMD / Sinkhorn)',
  summary:
    'learns a shared representation (one-hidden-layer encoder, one logistic head per task) whose distribution matches across groups (MMD or Sinkhorn penalty)',
  description: 'Learns features distributed alike in every group',
  kind: 'pre-processing',
  tasks: ['classification'],
  input: 'training-data',
  params: REPRESENTATION_PARAMS,
  modelSchema: REPRESENTATION_MODEL,

  async run(params, hooks) {
    const started = performance.now();
    const { train: trainFile, sensitive, tasks: taskTexts, transferTask: transferText, penalty, dim, epochs, batchSize, seed } = params;
    const lambda = params.lambda ?? DEFAULT_LAMBDA[penalty];

    hooks.onProgress?.({ fraction: 0, message: 'reading' });
    // a held-out share is stratified by the first task's labels
    const {
      train,
      evaluation,
      measuredOn,
      inputs: files,
    } = await loadTrainingAndEvaluation(params, csvOptions(params), hooks, (whole) => {
      const spec = parseTaskSpec(taskTexts[0]!);
      return taskLabels(whole, spec).values;
    });
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
    const audited = params.audited ?? [];
    const choice = chooseFeatures(
      train,
      { exclude: [...sensitive, ...taskColumns], sensitive, audited, notFeatures: params.notFeatures ?? [] },
      params.features,
    );
    const encoding = fitFeatureEncoding(train, choice.features);
    const trainRows = sparseRows(encoding, train);
    const evaluationRows = evaluation === train ? trainRows : sparseRows(encoding, evaluation);
    const bins = fitSensitiveBins(train, sensitive, parseBins(params.bins));
    const { indices: trainGroups, names: groupNames } = indexGroups(sensitiveGroupColumn(train, sensitive, bins));
    if (groupNames.length < 2)
      throw new InputError(`the sensitive attribute ${sensitive.join(' × ')} has a single group in the training data`, { file: trainFile });
    const evaluationGroups = sensitiveGroupColumn(evaluation, sensitive, bins);
    const inputs = featureNames(encoding).length;

    const runs = 2 + (params.sweep ? LAMBDA_GRID.length : 0);
    let runIndex = 0;
    const fit = (runLambda: number): RepresentationState => {
      const index = runIndex++;
      const net = trainRepresentation(
        trainRows,
        inputs,
        tasks.map((task) => task.train),
        trainGroups,
        groupNames.length,
        {
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
            hooks.onProgress?.({
              fraction: 0.05 + (0.9 * (index + epoch / epochs)) / runs,
              message: `λ ${runLambda}: epoch ${epoch}/${epochs}, loss ${loss.toFixed(4)}, penalty ${penaltyValue.toExponential(3)}`,
            }),
        },
      );
      return { encoding, tasks: tasks.map((task) => task.spec), penalty, lambda: runLambda, inputs, dim, params: [...net.params] };
    };
    // the first task's summary is before/after (bootstrapped there); the others are quoted in parameters
    const evaluate = (state: RepresentationState, evaluation: OutcomeEvaluation) => {
      const net = networkOf(state);
      const output = represent(net, evaluationRows);
      const perTask = tasks.map((task, t) =>
        summarize(task.evaluation, output.probabilities[t] as Float64Array, evaluationGroups, t === 0 ? evaluation : POINT_ESTIMATES),
      );
      const transferred = transfer ? transferHead(represent(net, trainRows).z, output.z, dim, transfer, evaluationGroups, hooks) : undefined;
      return { output, perTask, transferred: transferred?.summary, transferModel: transferred?.head, transferScores: transferred?.scores };
    };
    const bootstrap = outcomeEvaluation(params);
    const before = evaluate(fit(0), bootstrap);
    const state = fit(lambda);
    const after = evaluate(state, bootstrap);
    const firstTaskOutcomes = (output: { probabilities: Float64Array[] }) => classifiedAtHalf(tasks[0]!.evaluation, output.probabilities[0]!, evaluationGroups);
    const beforeOutcomes = firstTaskOutcomes(before.output);
    const tradeoff: TradeoffPoint[] = [];
    if (params.sweep) {
      const beforeFigures = { outcomes: beforeOutcomes, summary: before.perTask[0] as OutcomeSummary, evaluation: bootstrap };
      for (const gridLambda of LAMBDA_GRID) {
        // the first task's figures, as before/after's (the other tasks and the transfer head are not swept)
        const output = represent(networkOf(fit(gridLambda)), evaluationRows);
        tradeoff.push(sweepPoint('lambda', gridLambda, { outcomes: firstTaskOutcomes(output) }, beforeFigures));
      }
    }
    const brief = (summary: OutcomeSummary | undefined) =>
      summary && { accuracy: summary.accuracy ?? null, demographic_parity_difference: summary.aggregates['demographic_parity_difference'] ?? null };
    const added: AddedColumn[] = [
      ...Array.from({ length: dim }, (_, k) => ({
        name: `z${k + 1}`,
        values: Float64Array.from({ length: evaluationRows.length }, (_, i) => after.output.z[i * dim + k] as number),
      })),
      ...tasks.flatMap((task, t) => headColumns(task.spec.text, after.output.probabilities[t] as Float64Array)),
      ...(transfer && after.transferScores ? headColumns(transfer.spec.text, after.transferScores) : []),
    ];
    const modelFile: RepresentationModelFile = {
      schemaVersion: MITIGATION_SCHEMA_VERSION,
      method: 'representation',
      ...state,
      transfer:
        transfer && after.transferModel ? { task: transfer.spec.text, weights: [...after.transferModel.weights], bias: after.transferModel.bias } : null,
    };
    return writeMitigationOutput(outputFolder(params, defaultOutDir(trainFile, 'representation')), {
      table: evaluation,
      added,
      model: modelFile,
      report: {
        schemaVersion: MITIGATION_REPORT_SCHEMA_VERSION,
        method: 'representation',
        kind: 'pre-processing',
        task: 'classification',
        inputs: files,
        columns: { label: tasks[0]?.spec.text ?? null, sensitive, prediction: null, score: null, bins: binEdges(bins) },
        features: { used: choice.features, leftOut: choice.leftOut },
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
          tasks: tasks.map((task, t) => ({
            task: task.spec.text,
            positive: task.spec.positive,
            before: brief(before.perTask[t]),
            after: brief(after.perTask[t]),
          })),
          transfer: transfer
            ? { task: transfer.spec.text, positive: transfer.spec.positive, before: brief(before.transferred), after: brief(after.transferred) }
            : null,
        },
        evaluatedOn: measuredOn.kind,
        measuredOn,
        baseline: 'the same network trained without the penalty (λ 0)',
        before: before.perTask[0] as OutcomeSummary,
        after: after.perTask[0] as OutcomeSummary,
        change: outcomeChange(
          { before: beforeOutcomes, after: firstTaskOutcomes(after.output) },
          { before: before.perTask[0] as OutcomeSummary, after: after.perTask[0] as OutcomeSummary },
          bootstrap,
        ),
        tradeoff,
        seconds: (performance.now() - started) / 1000,
        warnings: params.features ? encodingWarnings(train, params.features, audited) : fewFeaturesWarnings(choice),
      },
    });
  },

  async apply(model, file, options, hooks) {
    const state = model as RepresentationModelFile;
    if (!state.encoding || !Array.isArray(state.params) || !Array.isArray(state.tasks))
      throw new InputError('model.json of representation lacks its encoding or weights', { file });
    return applyToFile('representation', file, options, hooks, (table) => {
      const output = represent(networkOf(state), sparseRows(state.encoding, table));
      const transfer = state.transfer;
      return [
        ...Array.from({ length: state.dim }, (_, k) => ({
          name: `z${k + 1}`,
          values: Float64Array.from({ length: table.rowCount }, (_, i) => output.z[i * state.dim + k] as number),
        })),
        ...state.tasks.flatMap((task, t) => headColumns(task.text, output.probabilities[t] as Float64Array)),
        ...(transfer
          ? headColumns(
              transfer.task,
              probabilities({ weights: Float64Array.from(transfer.weights), bias: transfer.bias }, representationRows(output.z, state.dim)),
            )
          : []),
      ];
    });
  },
});

function summarize(labels: Uint8Array, scores: Float64Array, groups: string[], evaluation: OutcomeEvaluation): OutcomeSummary {
  return summarizeOutcomes(classifiedAtHalf(labels, scores, groups), evaluation);
}

function classifiedAtHalf(labels: Uint8Array, scores: Float64Array, groups: string[]): ClassificationOutcomes {
  return { task: 'classification', labels, predictions: Uint8Array.from(scores, (p) => (p >= 0.5 ? 1 : 0)), scores, groups };
}

/** A new logistic head on the frozen representation, fitted on the training rows, evaluated on the evaluation rows. */
function transferHead(
  trainZ: Float64Array,
  evaluationZ: Float64Array,
  dim: number,
  task: TaskColumns,
  groups: string[],
  hooks: MitigationHooks,
): { head: LinearModel; scores: Float64Array; summary: OutcomeSummary } {
  const head = fitLogistic(representationRows(trainZ, dim), task.train, hooks.signal ? { signal: hooks.signal } : {});
  const scores = probabilities(head, representationRows(evaluationZ, dim));
  return { head, scores, summary: summarize(task.evaluation, scores, groups, POINT_ESTIMATES) };
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
