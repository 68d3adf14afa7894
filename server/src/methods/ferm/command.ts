import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Papa from 'papaparse';
import { InputError, throwIfAborted, UsageError } from '../../engine/errors';
import { encodeFeatures, FeatureEncoding, featureNames } from '../../engine/learners/features';
import { summarizeOutcomes } from '../../engine/audit/outcomes';
import { writeMitigationOutput } from '../../io/output';
import { MITIGATION_SCHEMA_VERSION, ModelFile, TradeoffPoint } from '../../../../common/reports/mitigation';
import { defaultGrid, FermFit, fermDecisionValues, fermFeatures, FermProblem, fitFerm, NEAR_CONSTANT_SHARE, scoreOf, SelectionResult, selectSettings, thresholdOf } from './ferm';
import { orderGroups } from './projection';
import { applyToFile, defaultOutDir, defineMitigation } from '../command';
import { loadLabelledSplit } from '../framework/split';
import { FERM_PARAMS, STRENGTH_SWEEP } from './params';
import { tradeoffPoint } from '../framework/split-report';
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
  summary: 'fair empirical risk minimization (Donini et al. 2018): a linear or RBF SVM, or logistic regression, whose mean score on positives is equal across groups',
  description: 'Trains an SVM or logistic regression constrained to equal mean scores across groups.',
  kind: 'in-processing',
  input: 'training-data',
  params: FERM_PARAMS,

  async run(params, hooks) {
    const started = performance.now();
    const { model: learner, fairness, selection: rule, seed, exportFeatures } = params;
    if (exportFeatures && learner === 'rbf-svm') throw new UsageError('exporting the fair features needs a linear model (linear-svm or logistic): the RBF constraint lives in the dual, not in the features');
    const split = await loadLabelledSplit(params, hooks);
    if (learner === 'rbf-svm' && split.trainRows.length > MAX_KERNEL_ROWS) {
      throw new UsageError(`the RBF SVM keeps the n×n kernel matrix in memory: at most ${MAX_KERNEL_ROWS} training rows, got ${split.trainRows.length} (subsample the file, or use a linear model)`);
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
    const evaluate = (decisions: Float64Array) => {
      const scores = decisions.map((v) => scoreOf(learner, v));
      const predictions = Uint8Array.from(scores, (s) => (s >= thresholdOf(learner) ? 1 : 0));
      return { scores, predictions, summary: summarizeOutcomes({ task: 'classification', labels: split.evaluationLabels, predictions, scores, groups: split.evaluationGroups }) };
    };
    const before = evaluate(beforeDecisions);
    const after = evaluate(afterDecisions);
    const tradeoff: TradeoffPoint[] =
      params.sweep
        ? STRENGTH_SWEEP.map((t) => {
            const { summary } = evaluate(beforeDecisions.map((v, i) => (1 - t) * v + t * afterDecisions[i]!));
            return tradeoffPoint('strength', t, summary);
          })
        : [];
    const outDir = params.out ?? defaultOutDir(split.inputs.train!, 'ferm');
    const warnings = [plain, fair].flatMap((selection, k) => selectionWarnings(selection, k === 0 ? 'unconstrained model' : 'FERM'));
    if (exportFeatures) {
      const target = path.join(path.resolve(outDir), 'features.csv');
      if (Object.values(split.inputs).some((file) => path.resolve(file) === target)) throw new InputError(`refusing to overwrite the input file ${target}: choose another output folder`, { file: target });
      await writeFeaturesCsv(path.join(path.resolve(outDir), 'features.csv'), split.encoding, afterFit, split.trainRows, [
        ...[split.label, ...split.sensitive].map((name) => ({ name, values: fieldsOf(split.train, name) })),
      ]);
    }
    const modelFile: FermModel = { schemaVersion: MITIGATION_SCHEMA_VERSION, method: 'ferm', positive: split.positive, encoding: split.encoding, exportFeatures, fit: afterFit };
    hooks.onProgress?.({ fraction: 0.95, message: 'writing the output' });
    return writeMitigationOutput(outDir, {
      table: split.evaluation,
      added: [
        { name: 'ferm_score', values: after.scores },
        { name: 'ferm_prediction', values: after.predictions },
      ],
      model: modelFile,
      report: {
        schemaVersion: MITIGATION_SCHEMA_VERSION,
        method: 'ferm',
        kind: 'in-processing',
        task: 'classification',
        inputs: split.inputs,
        columns: { label: split.label, sensitive: split.sensitive, prediction: null, score: null },
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
        evaluatedOn: split.evaluatedOn,
        before: before.summary,
        after: after.summary,
        tradeoff,
        seconds: (performance.now() - started) / 1000,
        warnings,
      },
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
  return selection.fallback ? [`${model}: no setting of the grid beat the majority class in CV (${selection.majorityAccuracy.toFixed(3)}) with varied predictions; the best CV accuracy was taken anyway`] : [];
}

function fieldsOf(table: { columns: readonly string[]; rows: readonly (readonly (string | null)[])[] }, name: string): string[] {
  const index = table.columns.indexOf(name);
  return table.rows.map((row) => row[index] ?? '');
}

/** The pre-processing form: the given columns, then the FERM-projected features (standardized space). */
async function writeFeaturesCsv(file: string, encoding: FeatureEncoding, fit: FermFit, rows: readonly Float64Array[], kept: { name: string; values: string[] }[]): Promise<void> {
  const names = featureNames(encoding);
  const projected = fermFeatures(fit, rows);
  const data = projected.map((row, i) => [...kept.map((column) => column.values[i]!), ...Array.from(row, (v) => String(v))]);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, Papa.unparse({ fields: [...kept.map((column) => column.name), ...names], data }) + '\n');
}
