import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Papa from 'papaparse';
import { Comparison, COMPARISON_SCHEMA_VERSION, ComparisonPoint } from '../engine/compare/comparison';
import { paretoFront } from '../engine/compare/pareto';
import type { CsvOptions } from '../engine/csv/types';
import { CancelledError, InputError, throwIfAborted } from '../engine/errors';
import { fitLogistic, probabilities } from '../engine/learners/logistic';
import { encodeFeatures, fitFeatureEncoding } from '../engine/mitigation/features';
import { summarizeOutcomes } from '../engine/mitigation/outcomes';
import type { MitigationHooks, MitigationReport } from '../engine/mitigation/report';
import { binaryColumn, groupColumn, loadTable, Table } from '../engine/table/table';
import type { MitigationCommand } from './command';
import { MITIGATIONS } from './registry';

export interface ComparisonOptions {
  train: string;
  test: string;
  label: string;
  sensitive: string[];
  positive?: string;
  /** Method names; default every registered method. */
  methods?: string[];
  fairnessMetric: string;
  seed?: number;
  out: string;
  csv?: CsvOptions;
  /** The CSV flags as given, passed on to every method. */
  csvFlags?: Record<string, string | boolean>;
}

export const FAIRNESS_METRICS = ['demographic_parity_difference', 'equal_opportunity_difference', 'equalized_odds_difference'] as const;

/**
 * Runs every applicable method on the same split and collects their trade-off curves:
 * training-data methods fit on the training file with --sweep; post-processing methods run on the
 * scores of the unmitigated logistic regression (DIR/base/). A method that fails is recorded
 * and the comparison goes on. Methods run one after the other: the caller (CLI, or the language
 * server's worker thread) keeps its own thread free.
 */
export async function runComparison(options: ComparisonOptions, hooks: MitigationHooks = {}): Promise<Comparison> {
  const out = path.resolve(options.out);
  await fs.mkdir(out, { recursive: true });
  const methods = chooseMethods(options.methods);
  const base = await baseModel(options, path.join(out, 'base'), hooks.signal);
  const points: Omit<ComparisonPoint, 'pareto'>[] = [];
  const summary: Comparison['methods'] = [];
  for (const [index, method] of methods.entries()) {
    throwIfAborted(hooks.signal);
    const step = (fraction: number, message: string) => hooks.onProgress?.({ fraction: (index + fraction) / methods.length, message: `${method.name}: ${message}` });
    step(0, 'starting');
    const started = performance.now();
    try {
      const report = await method.run(methodValues(method, options, base, path.join(out, method.name)), {
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onProgress: (p) => step(p.fraction, p.message),
      });
      const found = pointsOf(method.name, report, options.fairnessMetric);
      points.push(...found);
      summary.push({ method: method.name, seconds: (performance.now() - started) / 1000, points: found.length, error: null });
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      summary.push({ method: method.name, seconds: (performance.now() - started) / 1000, points: 0, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const front = paretoFront(points);
  const comparison: Comparison = {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    files: { train: path.resolve(options.train), test: path.resolve(options.test), out },
    columns: { label: options.label, sensitive: options.sensitive, positive: base.positive },
    fairnessMetric: options.fairnessMetric,
    reference: base.reference,
    points: points.map((point, i) => ({ ...point, pareto: front[i]! })),
    methods: summary,
  };
  await fs.writeFile(path.join(out, 'comparison.json'), JSON.stringify(comparison, null, 2) + '\n');
  return comparison;
}

function chooseMethods(names: string[] | undefined): MitigationCommand[] {
  if (!names) return [...MITIGATIONS];
  return names.map((name) => {
    const method = MITIGATIONS.find((m) => m.name === name);
    if (!method) throw new InputError(`unknown method "${name}"; methods: ${MITIGATIONS.map((m) => m.name).join(', ')}`, { file: name });
    return method;
  });
}

interface BaseModel {
  positive: string;
  reference: Comparison['reference'];
  /** Files with the base model's score column, for post-processing methods. */
  trainScores: string;
  testScores: string;
}

const BASE_SCORE = 'base_score';

/** The unmitigated logistic regression: the reference point, and the scores post-processing starts from. */
async function baseModel(options: ComparisonOptions, dir: string, signal: AbortSignal | undefined): Promise<BaseModel> {
  const [train, test] = await Promise.all([loadTable(options.train, options.csv, signal ? { signal } : {}), loadTable(options.test, options.csv, signal ? { signal } : {})]);
  const labels = binaryColumn(train, options.label, options.positive);
  const testLabels = binaryColumn(test, options.label, labels.positive);
  const encoding = fitFeatureEncoding(train, [options.label, ...options.sensitive]);
  const model = fitLogistic(encodeFeatures(encoding, train).rows, labels.values, signal ? { signal } : {});
  const trainScores = probabilities(model, encodeFeatures(encoding, train).rows);
  const testScores = probabilities(model, encodeFeatures(encoding, test).rows);
  const summary = summarizeOutcomes({
    task: 'classification',
    labels: testLabels.values,
    predictions: testScores.map((p) => (p >= 0.5 ? 1 : 0)),
    scores: testScores,
    groups: groupColumn(test, options.sensitive),
  });
  await fs.mkdir(dir, { recursive: true });
  const files = { trainScores: path.join(dir, 'train.csv'), testScores: path.join(dir, 'test.csv') };
  await writeWithScores(files.trainScores, train, trainScores);
  await writeWithScores(files.testScores, test, testScores);
  return {
    positive: labels.positive,
    reference: { accuracy: summary.accuracy ?? null, fairness: summary.aggregates[options.fairnessMetric] ?? null, aggregates: summary.aggregates },
    ...files,
  };
}

async function writeWithScores(file: string, table: Table, scores: Float64Array): Promise<void> {
  const rows = table.rows.map((row, i) => [...row.map((field) => field ?? ''), String(scores[i])]);
  await fs.writeFile(file, Papa.unparse({ fields: [...table.columns, BASE_SCORE], data: rows }) + '\n');
}

/** The flags of one method's run, named as on its command line. */
function methodValues(method: MitigationCommand, options: ComparisonOptions, base: BaseModel, out: string): Record<string, string | boolean> {
  const accepts = (flag: string) => flag in method.flags;
  const values: Record<string, string | boolean> = { ...(options.csvFlags ?? {}), label: options.label, sensitive: options.sensitive.join(','), out };
  if (accepts('positive')) values.positive = base.positive;
  if (accepts('seed') && options.seed !== undefined) values.seed = String(options.seed);
  if (accepts('sweep')) values.sweep = true;
  // Multitask methods (representation) learn the comparison's label as their one task.
  if (accepts('tasks')) values.tasks = `${options.label}=${base.positive}`;
  if (method.input === 'training-data') {
    values.train = options.train;
    values.test = options.test;
  } else {
    // Post-processing starts from the base model's scores, fitted on the training rows.
    values.data = base.testScores;
    values.score = BASE_SCORE;
    if (accepts('calibration')) values.calibration = base.trainScores;
    for (const flag of Object.keys(options.csvFlags ?? {})) delete values[flag]; // the base files are plain CSV
  }
  return Object.fromEntries(Object.entries(values).filter(([flag]) => accepts(flag)));
}

/** The run's sweep (or its single setting) as comparison points. */
function pointsOf(method: string, report: MitigationReport, fairnessMetric: string): Omit<ComparisonPoint, 'pareto'>[] {
  const sweep = report.tradeoff.map((p) => ({ parameter: p.parameter, value: p.value, accuracy: p.accuracy ?? null, aggregates: p.aggregates }));
  const runs = sweep.length > 0 ? sweep : [{ parameter: 'default', value: 0, accuracy: report.after.accuracy ?? null, aggregates: report.after.aggregates }];
  return runs.map((run) => ({ method, ...run, fairness: run.aggregates[fairnessMetric] ?? null, report: report.files.report }));
}
