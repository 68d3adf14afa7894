import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError, throwIfAborted, UsageError } from '../../engine/errors';
import { encodeFeatures, FeatureEncoding, featureNames } from '../../engine/learners/features';
import { beforeAndAfter } from '../../engine/audit/change';
import { ClassificationOutcomes, OutcomeEvaluation, summarizeOutcomes } from '../../engine/audit/outcomes';
import { outcomeEvaluation } from '../../params/fragments';
import { writeMitigationOutput } from '../../io/output';
import type { CsvContent } from '../../io/outputs/csv';
import { columnIndex, type Table } from '../../engine/table/table';
import { MITIGATION_SCHEMA_VERSION, ModelFile, TradeoffPoint } from '../../../../common/reports/mitigation';
import {
  defaultGrid,
  FermFit,
  fermDecisionValues,
  fermFeatures,
  FermProblem,
  fitFerm,
  NEAR_CONSTANT_SHARE,
  scoreOf,
  SelectionResult,
  selectSettings,
  thresholdOf,
} from './ferm';
import { orderGroups } from './projection';
import { applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { loadLabelledSplit } from '../framework/split';
import { FERM_PARAMS, STRENGTH_SWEEP } from './params';
import { FERM_MODEL } from './model-file';
import { POINT_ESTIMATES, splitReport, sweepPoint } from '../framework/split-report';
/** The RBF dual keeps the n×n kernel matrix in memory (8n² bytes: 200 MB at 5,000 rows). */
const MAX_KERNEL_ROWS = 5000;

interface FermModel extends ModelFile {
  method: 'ferm';
  positive: string;
  encoding: FeatureEncoding;
  /** Whether `parity apply` also appends the projected features (runs with --export-features). */
  exportFeatures: boolean;
  fit: FermFit;
}

export const ferm = defineMitigation({
  name: 'ferm',
  title: 'FERM (fair empirical risk minimization)',
  summary:
    'fair empirical risk minimization (Donini et al. 2018): a linear or RBF SVM, or logistic regression, whose mean score on positives is equal across groups',
  description: 'Trains a model whose mean scores match by group',
  kind: 'in-processing',
  tasks: ['classification'],
  input: 'training-data',
  params: FERM_PARAMS,
  modelSchema: FERM_MODEL,

  async run(params, hooks) {
    const started = performance.now();
    const { model: learner, fairness, selection: rule, seed, exportFeatures } = params;
    if (exportFeatures && learner === 'rbf-svm')
      throw new UsageError(
        'exporting the fair features needs a linear model (linear-svm or logistic): the RBF constraint lives in the dual, not in the features',
      );
    const split = await loadLabelledSplit(params, hooks);
    if (learner === 'rbf-svm' && split.trainRows.length > MAX_KERNEL_ROWS) {
      throw new UsageError(
        `the RBF SVM keeps the n×n kernel matrix in memory: at most ${MAX_KERNEL_ROWS} training rows, got ${split.trainRows.length} (subsample the file, or use a linear model)`,
      );
    }
    const problem: FermProblem = {
      rows: split.trainRows,
      labels: split.trainLabels,
      groups: split.trainGroups,
      order: orderGroups(split.trainGroups, split.trainLabels, fairness, split.train.file),
      fairness,
      learner,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    };
    const grid = defaultGrid(learner);
    const progress = (from: number, share: number, message: string) => (done: number, total: number) =>
      hooks.onProgress?.({ fraction: from + (share * done) / total, message: `${message} (${done + 1}/${total})` });
    const plain = selectSettings(problem, grid, false, { seed, onStep: progress(0.1, 0.35, 'cross-validating the unconstrained model') });
    const fair = selectSettings(problem, grid, true, { seed, rule, onStep: progress(0.45, 0.35, 'cross-validating FERM') });
    hooks.onProgress?.({ fraction: 0.8, message: 'refitting on all training rows' });
    const beforeFit = fitFerm(problem, plain.settings, false);
    throwIfAborted(hooks.signal);
    const afterFit = fitFerm(problem, fair.settings, true);
    const beforeDecisions = fermDecisionValues(beforeFit, split.evaluationRows);
    const afterDecisions = fermDecisionValues(afterFit, split.evaluationRows);
    const evaluate = (decisions: Float64Array, evaluation: OutcomeEvaluation) => {
      const scores = decisions.map((v) => scoreOf(learner, v));
      const predictions = Uint8Array.from(scores, (s) => (s >= thresholdOf(learner) ? 1 : 0));
      const outcomes: ClassificationOutcomes = { task: 'classification', labels: split.evaluationLabels, predictions, scores, groups: split.evaluationGroups };
      return { scores, predictions, outcomes, summary: summarizeOutcomes(outcomes, evaluation) };
    };
    const before = evaluate(beforeDecisions, POINT_ESTIMATES);
    const after = evaluate(afterDecisions, POINT_ESTIMATES);
    const evaluation = outcomeEvaluation(params);
    const compared = beforeAndAfter(before.outcomes, after.outcomes, evaluation);
    const tradeoff: TradeoffPoint[] = params.sweep
      ? STRENGTH_SWEEP.map((t) => {
          const { outcomes } = evaluate(
            beforeDecisions.map((v, i) => (1 - t) * v + t * afterDecisions[i]!),
            POINT_ESTIMATES,
          );
          return sweepPoint('strength', t, { outcomes }, { outcomes: before.outcomes, summary: compared.before, evaluation });
        })
      : [];
    const output = outputFolder(params, defaultOutDir(split.inputs.train!, 'ferm'));
    const outDir = output.dir;
    const warnings = [plain, fair].flatMap((selection, k) => selectionWarnings(selection, k === 0 ? 'unconstrained model' : 'FERM'));
    const modelFile: FermModel = {
      schemaVersion: MITIGATION_SCHEMA_VERSION,
      method: 'ferm',
      positive: split.positive,
      encoding: split.encoding,
      exportFeatures,
      fit: afterFit,
    };
    hooks.onProgress?.({ fraction: 0.95, message: 'writing the output' });
    return writeMitigationOutput(output, {
      ...(exportFeatures ? { csvFiles: [featuresCsv(split.encoding, afterFit, split.trainRows, split.train, [split.label, ...split.sensitive])] } : {}),
      table: split.evaluation,
      added: [
        { name: 'ferm_score', values: after.scores },
        { name: 'ferm_prediction', values: after.predictions },
      ],
      model: modelFile,
      report: splitReport(split, {
        method: 'ferm',
        kind: 'in-processing',
        parameters: {
          model: learner,
          fairness,
          referenceGroup: problem.order[0],
          constrainedGroups: problem.order.slice(1),
          seed,
          selection: `3-fold CV; eligible: mean CV accuracy above always predicting the majority class and < ${NEAR_CONSTANT_SHARE * 100}% of held-out predictions in one class; ${rule === 'fair' ? 'unconstrained: best mean accuracy; FERM: lowest mean unfairness among eligible settings with mean accuracy >= 90% of the best eligible' : 'both: best mean accuracy'}`,
          grid,
          chosen: { before: plain.settings, after: fair.settings },
          cv: { before: plain.table, after: fair.table },
          majorityAccuracy: plain.majorityAccuracy,
          excluded: {
            before: plain.table.flatMap((row) => (row.excluded ? [{ settings: row.settings, reason: row.excluded }] : [])),
            after: fair.table.flatMap((row) => (row.excluded ? [{ settings: row.settings, reason: row.excluded }] : [])),
          },
          // w on the encoded features (before the projection): ⟨w, u_g⟩ = 0 for every constrained group.
          ...(afterFit.linear ? { weights: Object.fromEntries(featureNames(split.encoding).map((name, j) => [name, afterFit.linear!.weights[j]!])) } : {}),
          ...(exportFeatures ? { features: path.join(path.resolve(outDir), 'features.csv') } : {}),
        },
        baseline: `the same ${learner === 'logistic' ? 'logistic regression' : learner === 'linear-svm' ? 'linear SVM' : 'RBF SVM'} fitted without the fairness constraint (its own settings chosen by the same cross-validation)`,
        ...compared,
        tradeoff,
        started,
        warnings,
      }),
    });
  },

  async apply(model, file, options, hooks) {
    const fitted = model as FermModel;
    if (!fitted.encoding || !fitted.fit) throw new InputError('model.json of ferm lacks its encoding or fitted model', { file });
    return applyToFile('ferm', file, options, hooks, (table) => {
      const rows = encodeFeatures(fitted.encoding, table).rows;
      const scores = fermDecisionValues(fitted.fit, rows).map((v) => scoreOf(fitted.fit.learner, v));
      const projected = fitted.exportFeatures ? fermFeatures(fitted.fit, rows) : [];
      return [
        { name: 'ferm_score', values: scores },
        { name: 'ferm_prediction', values: Uint8Array.from(scores, (s) => (s >= thresholdOf(fitted.fit.learner) ? 1 : 0)) },
        ...(fitted.exportFeatures ? featureNames(fitted.encoding).map((name, j) => ({ name: `ferm_${name}`, values: projected.map((row) => row[j]!) })) : []),
      ];
    });
  },
});

function selectionWarnings(selection: SelectionResult, model: string): string[] {
  return selection.fallback
    ? [
        `${model}: no setting of the grid beat the majority class in CV (${selection.majorityAccuracy.toFixed(3)}) with varied predictions; the best CV accuracy was taken anyway`,
      ]
    : [];
}

/** The pre-processing form (features.csv): the given columns, then the FERM-projected features (standardized space). */
function featuresCsv(encoding: FeatureEncoding, fit: FermFit, rows: readonly Float64Array[], table: Table, kept: string[]): { name: string } & CsvContent {
  const projected = fermFeatures(fit, rows);
  const stored = kept.map((name) => table.data[columnIndex(table, name)]!);
  return {
    name: 'features.csv',
    columns: [...kept, ...featureNames(encoding)],
    rowCount: projected.length,
    field: (row, column) => (column < stored.length ? (stored[column]!.text(row) ?? '') : projected[row]![column - stored.length]!),
  };
}
