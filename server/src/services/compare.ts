import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { positiveCut } from '../../../common/positive-outcome';
import {
  Comparison,
  COMPARISON_SCHEMA_VERSION,
  ComparisonPoint,
  LargeGroupFigures,
  MethodProtocol,
  TradeoffIntervals,
} from '../../../common/reports/comparison';
import { paretoFront } from '../engine/compare/pareto';
import { GroupFigures, rowsOfGroups, tradeoffIntervals } from '../engine/compare/intervals';
import { AUDIT_DEFAULTS } from '../engine/audit/options';
import { CancelledError, InputError, throwIfAborted } from '../engine/errors';
import { fitLogistic, probabilities } from '../engine/learners/logistic';
import { encodeFeatures, fitFeatureEncoding } from '../engine/learners/features';
import { chooseFeatures } from '../engine/learners/default-features';
import { stratifiedFolds, trainingRows } from '../engine/numerics/folds';
import { summarizeOutcomes } from '../engine/audit/outcomes';
import type {
  ComparedIn,
  FeatureSummary,
  MeasuredRows,
  MitigationHooks,
  MitigationProgress,
  MitigationReport,
  OutcomeSummary,
} from '../../../common/reports/mitigation';
import { binaryColumn, Table } from '../engine/table/table';
import { binEdges, fitSensitiveBins, sensitiveGroupColumn } from '../engine/audit/sensitive-bins';
import { writeFileAtomically } from '../io/outputs/atomic-file';
import { writeCsvFile } from '../io/outputs/csv';
import { writeFolder } from '../io/outputs/folder';
import { checkOutputs } from '../io/outputs/guard';
import { STANDARD_INPUT } from '../io/csv/reader';
import { DATA_FILE_EXTENSION, defaultOutputFolderName } from '../../../common/output-folders';
import type { AnyMitigationCommand } from '../methods/command';
import { csvOptions, CSV_READING, parseBins } from '../params/fragments';
import { COMPARE_PARAMS, DEFAULT_METHODS, type CompareInput, type CompareParams } from './compare-params';
import { describeParameters, validateParameters } from '../params/schema';
import { mapWithLimit } from './limit';
import { expectedSeconds, progressLine } from './compare-progress';
import { MITIGATIONS } from '../methods/registry';
import { loadTrainingAndEvaluation } from '../methods/framework/split';
import { anyFewLabels } from '../../../common/render/set-aside';

/**
 * Runs one method's `parity mitigate` job; the adapters run it in a worker thread. A cancelled run
 * throws CancelledError; any other failure is recorded as that method's error.
 */
export type MethodRunner = (method: string, params: Record<string, unknown>, hooks: MethodRunHooks) => Promise<MitigationReport>;

export interface MethodRunHooks {
  signal?: AbortSignal;
  onProgress?(progress: MitigationProgress): void;
  /** The finished method's CPU seconds (null where the platform does not tell). */
  onCpuSeconds?(seconds: number | null): void;
}

/** Methods run at once, each in its own worker thread: the machine's cores, at most two. */
export const COMPARISON_WORKERS = Math.min(2, os.availableParallelism());

/**
 * Runs every applicable method on the same split and collects their trade-off curves:
 * training-data methods fit on the training file with --sweep; post-processing methods run on the
 * scores of the unmitigated logistic regression (DIR/base/). Each method is one job for a pool of
 * COMPARISON_WORKERS worker threads; a method that fails is recorded and the others go on.
 * `onMethodCpu` hears each finished method's CPU seconds in its worker thread (for benchmarks).
 */
export async function runComparison(
  input: CompareInput,
  runner: MethodRunner,
  hooks: MitigationHooks = {},
  onMethodCpu?: (method: string, cpuSeconds: number | null) => void,
): Promise<Comparison> {
  const options = validateParameters(COMPARE_PARAMS, input);
  const out = path.resolve(options.out ?? defaultCompareDir(options.train));
  const inputs = [options.train, ...(options.test !== undefined ? [options.test] : [])];
  await requireRegularFiles(inputs);
  await checkOutputs(inputs, [{ path: out, kind: 'folder' }], { force: options.force });
  const methods = chooseMethods(options.methods);
  let comparison: Comparison | undefined;
  // Everything is written into a new folder that replaces `out` whole at the end; the files name
  // their final paths.
  await writeFolder(out, async (staging) => {
    comparison = await compareInto(staging, out, options, methods, runner, hooks, onMethodCpu);
  });
  return comparison!;
}

async function compareInto(
  staging: string,
  out: string,
  options: CompareParams,
  methods: AnyMitigationCommand[],
  runner: MethodRunner,
  hooks: MitigationHooks,
  onMethodCpu: ((method: string, cpuSeconds: number | null) => void) | undefined,
): Promise<Comparison> {
  const final = (file: string) => relocated(file, staging, out);
  const started = performance.now();
  hooks.onProgress?.({ fraction: 0, message: `0 of ${methods.length} methods done · unmitigated logistic regression` });
  const base = await baseModel(options, path.join(staging, 'base'), hooks.signal);
  const weights = methods.map((method) => expectedSeconds(method.name, base.groups));
  const fractions = new Array<number>(methods.length).fill(0);
  let finished = 0;
  const step = (index: number, fraction: number | undefined, message: string) => {
    if (fraction !== undefined) fractions[index] = fraction;
    const counted = progressLine({ weights, fractions, finished, elapsedSeconds: (performance.now() - started) / 1000 });
    const work = weights.reduce((sum, w, i) => sum + w * fractions[i]!, 0) / weights.reduce((sum, w) => sum + w, 0);
    hooks.onProgress?.({ fraction: work, message: `${counted} · ${methods[index]!.name}: ${message}` });
  };
  // the slowest first, so the workers finish together
  const order = methods.map((_, index) => index).sort((a, b) => weights[b]! - weights[a]!);
  const runs = new Array<MethodRun>(methods.length);
  const criteria = new Array<string | undefined>(methods.length);
  await mapWithLimit(order, COMPARISON_WORKERS, async (index) => {
    const method = methods[index]!;
    step(index, 0, 'starting');
    const criterion = criterionFor(method, options.fairnessMetric);
    criteria[index] = criterion?.value;
    const values = methodValues(method, options, base, path.join(staging, method.name), criterion);
    runs[index] = await runMethod(runner, method, values, protocolOf(method, values), options.fairnessMetric, {
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onProgress: (p) => step(index, p.fraction, p.message),
      ...(onMethodCpu ? { onCpuSeconds: (seconds: number | null) => onMethodCpu(method.name, seconds) } : {}),
    });
    finished++;
    step(index, 1, runs[index]!.summary.error === null ? 'done' : 'failed');
  });
  const comparedIn: ComparedIn = {
    comparison: path.join(out, 'comparison.json'),
    train: path.resolve(options.train),
    measuredOn: base.measuredOn,
    baseScore: BASE_SCORE,
    reference: { accuracy: base.reference.accuracy, aggregates: base.reference.aggregates },
    fairnessMetric: options.fairnessMetric,
  };
  for (const run of runs) if (run.report) await relocateReport(run.report, staging, out, comparedIn, base.features);
  const points = runs.flatMap((run) => run.points).map((point) => ({ ...point, report: final(point.report) }));
  const figures = runs.flatMap((run) => run.figures);
  const summary = runs.map((run, index) => ({
    ...(run.summary.error === null
      ? { ...run.summary, ...ownBaseline(run.report!, base.reference, options.fairnessMetric) }
      : { ...run.summary, error: inUserTerms(run.summary.error, base, options, staging, out) }),
    ...(criteria[index] !== undefined ? { criterion: criteria[index] } : {}),
  }));
  const front = paretoFront(points);
  const largeFront = paretoFront(points.map((point) => ({ accuracy: point.accuracy, fairness: point.largeGroups?.fairness ?? null })));
  // Only the fronts get intervals: their points are the ones compared with each other (one bootstrap draws both gaps' intervals).
  const ranked = (point: UnrankedPoint, i: number): ComparisonPoint => {
    const drawn = options.bootstrap > 0 && (front[i] || largeFront[i]) ? drawnIntervals(figures[i]!, options) : undefined;
    const { largeGroups, ...rest } = point;
    return {
      ...rest,
      pareto: front[i]!,
      ...(drawn && front[i] ? { intervals: drawn.all } : {}),
      ...(largeGroups ? { largeGroups: { ...largeGroups, pareto: largeFront[i]!, ...(drawn && largeFront[i] ? { intervals: drawn.large } : {}) } } : {}),
    };
  };
  const comparison: Comparison = {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    // a held-out share of the training file: `test` names that file, `heldOut` the share
    files: { train: path.resolve(options.train), test: path.resolve(options.test ?? options.train), out },
    ...(base.heldOut ? { heldOut: base.heldOut } : {}),
    ...(base.measuredOn.sharedWithTraining !== undefined
      ? { sharedWithTraining: { ...base.measuredOn.sharedWithTraining, testRows: base.measuredOn.rows } }
      : {}),
    columns: { label: options.label, sensitive: options.sensitive, positive: base.positive, positiveMeans: options.positiveMeans ?? null, bins: base.bins },
    fairnessMetric: options.fairnessMetric,
    reference: base.reference,
    largeGroups: base.largeGroups,
    points: points.map(ranked),
    methods: summary,
    ...(options.bootstrap > 0
      ? { bootstrap: { resamples: options.bootstrap, seed: options.seed, level: AUDIT_DEFAULTS.level, method: 'poisson-statistics' as const } }
      : {}),
  };
  await writeFileAtomically(path.join(staging, 'comparison.json'), JSON.stringify(comparison, null, 2) + '\n');
  return comparison;
}

/**
 * A method's error as the user can act on it: the base model's score files (in the staging folder
 * while the comparison runs) are named by the input they were computed from, and any other path
 * under the staging folder by the path it has once the comparison is written.
 */
function inUserTerms(error: string, base: BaseModel, options: CompareParams, staging: string, out: string): string {
  const test = options.test ?? options.train;
  return error
    .split(base.trainScores)
    .join(`${options.train} (the base model's out-of-fold scores)`)
    .split(base.testScores)
    .join(`${test} (the base model's scores${options.test === undefined ? ' of the held-out rows' : ''})`)
    .split(staging)
    .join(out);
}

/**
 * A method's "before" when it is not the comparison's unmitigated model (accuracy and the plotted
 * aggregate differ): its report's words for it, for the plot's note.
 */
function ownBaseline(report: MitigationReport, reference: BaseModel['reference'], fairnessMetric: string): { ownBaseline?: string } {
  const same = (a: number | null | undefined, b: number | null | undefined) =>
    a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-12);
  if (same(report.before.accuracy, reference.accuracy) && same(report.before.aggregates[fairnessMetric], reference.fairness)) return {};
  return { ownBaseline: report.baseline ?? 'its own unmitigated model' };
}

/** Every method reads the training and held-out files again in its own worker: a pipe can be read only once. */
async function requireRegularFiles(files: readonly string[]): Promise<void> {
  for (const file of files) {
    const stats = await fs.stat(file).catch(() => undefined);
    if (file === STANDARD_INPUT || (stats && !stats.isFile()))
      throw new InputError('parity compare reads its files more than once: give a regular file, not a pipe or standard input', { file });
  }
}

/** A path under the staging folder, as it will read once the folder is in place. */
function relocated(file: string, staging: string, out: string): string {
  return file === staging || file.startsWith(staging + path.sep) ? out + file.slice(staging.length) : file;
}

/**
 * Rewrites a method's report.json (written in the staging folder) with the paths it will have and
 * the comparison it belongs to, so its report names the user's files rather than the base model's
 * score files. The file is read back, not rebuilt from the report the runner returned: that one
 * may be shorter.
 */
async function relocateReport(report: MitigationReport, staging: string, out: string, comparedIn: ComparedIn, baseFeatures: FeatureSummary): Promise<void> {
  const written = JSON.parse(await fs.readFile(report.files.report, 'utf8')) as Record<string, unknown>;
  const moved = JSON.parse(JSON.stringify(written, (_key, value: unknown) => (typeof value === 'string' ? relocated(value, staging, out) : value))) as Record<
    string,
    unknown
  >;
  // post-processing fitted no model on features: the base model whose scores it read did, and its report says on which
  const features = report.kind === 'post-processing' && !report.features ? { features: baseFeatures } : {};
  await writeFileAtomically(report.files.report, JSON.stringify({ ...moved, ...features, comparedIn }, null, 2) + '\n');
}

/** A point before the fronts are known: its Pareto flags and intervals come with them. */
type UnrankedPoint = Omit<ComparisonPoint, 'pareto' | 'intervals' | 'largeGroups'> & { largeGroups?: LargeGroupFigures };

/**
 * The intervals of a point's accuracy and fairness gaps (over all groups and the large ones), from
 * its per-group figures; a randomized decision's figures in expectation are not whole rows: its
 * summary's own intervals, when drawn with the comparison's resamples and seed.
 */
function drawnIntervals(figures: PointFigures, options: CompareParams): { all: TradeoffIntervals; large: TradeoffIntervals } {
  const rows = rowsOfGroups(figures.groups);
  if (rows) return tradeoffIntervals(rows, options, options.fairnessMetric);
  const { summary } = figures;
  const none = { accuracy: null, fairness: null };
  if (summary.bootstrap?.resamples !== options.bootstrap || summary.bootstrap.seed !== options.seed) return { all: none, large: none };
  const accuracy = summary.intervals?.['accuracy'] ?? null;
  return {
    all: { accuracy, fairness: summary.aggregateIntervals?.[options.fairnessMetric] ?? null },
    large: { accuracy, fairness: summary.largeGroups?.intervals?.[options.fairnessMetric] ?? null },
  };
}

/** A point's summary (a sweep point, or the run's `after`) and its per-group figures. */
interface PointFigures {
  summary: OutcomeSummary;
  groups: GroupFigures[];
}

interface MethodRun {
  points: UnrankedPoint[];
  /** Each point's figures (its intervals are computed from them once the front is known). */
  figures: PointFigures[];
  summary: Comparison['methods'][number];
  /** The method's report, when it succeeded. */
  report?: MitigationReport;
}

/** One method through the runner; its failure (not a cancellation) becomes its summary's error. */
async function runMethod(
  runner: MethodRunner,
  method: AnyMitigationCommand,
  values: Record<string, unknown>,
  protocol: MethodProtocol,
  fairnessMetric: string,
  hooks: MethodRunHooks,
): Promise<MethodRun> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const report = await runner(method.name, values, hooks);
    const { points, figures } = pointsOf(method.name, report, fairnessMetric);
    return { points, figures, summary: { method: method.name, seconds: seconds(), points: points.length, error: null, protocol }, report };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    throwIfAborted(hooks.signal);
    return {
      points: [],
      figures: [],
      summary: { method: method.name, seconds: seconds(), points: 0, error: error instanceof Error ? error.message : String(error), protocol },
    };
  }
}

function chooseMethods(names: readonly string[] = DEFAULT_METHODS): AnyMitigationCommand[] {
  return names.map((name) => {
    const method = MITIGATIONS.find((m) => m.name === name);
    if (!method) throw new InputError(`unknown method "${name}"; methods: ${MITIGATIONS.map((m) => m.name).join(', ')}`, { file: name });
    return method;
  });
}

interface BaseModel {
  positive: string;
  /** The features it was fitted on (the training methods' default), and those left out with why. */
  features: FeatureSummary;
  /** The groups of at least minGroupSize test rows. */
  largeGroups: NonNullable<Comparison['largeGroups']>;
  /** The held-out share of the training file the points are measured on, when there is no held-out file. */
  heldOut?: Comparison['heldOut'];
  /** The rows every point is measured on, in the user's files. */
  measuredOn: MeasuredRows;
  reference: Comparison['reference'];
  /** The edges of binned numeric sensitive columns, fitted on the training rows as every method's run fits them. */
  bins: Record<string, number[]>;
  /** Files with the base model's score column, for post-processing methods: out-of-fold scores of the training rows, and the test rows' scores. */
  trainScores: string;
  testScores: string;
  /** The sensitive groups of the training rows (the fair representation's time grows with them). */
  groups: number;
}

const BASE_SCORE = 'base_score';
/** The base model's decision: positive at a score of at least 0.5; post-processing's "before" is the same cut. */
const BASE_THRESHOLD = 0.5;

/**
 * DIR/base/adult.scored.csv and DIR/base/adult-test.scored.csv: named after the inputs, so a
 * post-processing report says which file it was fitted and evaluated on ("train." and "test."
 * in front when both inputs have the same name).
 */
function scoredFileNames(dir: string, train: string, test: string): { trainScores: string; testScores: string } {
  const stem = (file: string) => path.basename(file).replace(DATA_FILE_EXTENSION, '');
  const [trainStem, testStem] = stem(train) === stem(test) ? [`train.${stem(train)}`, `test.${stem(test)}`] : [stem(train), stem(test)];
  return { trainScores: path.join(dir, `${trainStem}.scored.csv`), testScores: path.join(dir, `${testStem}.scored.csv`) };
}

/** The unmitigated logistic regression: the reference point, and the scores post-processing starts from. */
async function baseModel(options: CompareParams, dir: string, signal: AbortSignal | undefined): Promise<BaseModel> {
  // the same rows every method's run reads: the same files, or the same seeded share (stratified by the label read the same way)
  let positive = options.positive;
  const {
    train,
    evaluation: test,
    measuredOn,
  } = await loadTrainingAndEvaluation(options, csvOptions(options), signal ? { signal } : {}, (whole) => {
    const read = binaryColumn(whole, options.label, positive);
    positive = read.positive;
    return read.values;
  });
  const labels = binaryColumn(train, options.label, positive);
  const testLabels = binaryColumn(test, options.label, labels.positive);
  // the features every training method chooses by default from the same rows
  const choice = chooseFeatures(train, {
    exclude: [options.label, ...options.sensitive],
    sensitive: options.sensitive,
    audited: options.audited ?? [],
    notFeatures: options.notFeatures ?? [],
  });
  const encoding = fitFeatureEncoding(train, choice.features);
  const trainRows = encodeFeatures(encoding, train).rows;
  const model = fitLogistic(trainRows, labels.values, signal ? { signal } : {});
  const trainScores = outOfFoldScores(trainRows, labels.values, options.seed ?? 0, signal);
  const testScores = probabilities(model, encodeFeatures(encoding, test).rows);
  // the groups every method forms: numeric sensitive columns binned on the training rows
  const bins = fitSensitiveBins(train, options.sensitive, parseBins(options.bins));
  const outcomes = {
    labels: testLabels.values,
    predictions: testScores.map((p) => (p >= BASE_THRESHOLD ? 1 : 0)),
    groups: sensitiveGroupColumn(test, options.sensitive, bins),
  };
  // the comparison's reference point: its accuracy and aggregates; the intervals of the two figures plotted
  const summary = summarizeOutcomes({ task: 'classification', ...outcomes, scores: testScores }, { bootstrap: 0 });
  const drawn = options.bootstrap > 0 ? tradeoffIntervals(outcomes, options, options.fairnessMetric) : undefined;
  const large = summary.largeGroups!;
  await fs.mkdir(dir);
  const files = scoredFileNames(dir, options.train, options.test ?? options.train);
  await writeWithScores(files.trainScores, train, trainScores, options.safeCsv);
  await writeWithScores(files.testScores, test, testScores, options.safeCsv);
  return {
    positive: labels.positive,
    features: { used: choice.features, leftOut: choice.leftOut },
    groups: new Set(sensitiveGroupColumn(train, options.sensitive, bins)).size,
    bins: binEdges(bins),
    ...(measuredOn.kind === 'held-out' ? { heldOut: { fraction: measuredOn.fraction!, seed: measuredOn.seed!, rows: measuredOn.rows } } : {}),
    measuredOn,
    reference: {
      accuracy: summary.accuracy ?? null,
      fairness: summary.aggregates[options.fairnessMetric] ?? null,
      aggregates: summary.aggregates,
      ...(drawn ? { intervals: drawn.all } : {}),
      largeGroups: { fairness: large.aggregates[options.fairnessMetric] ?? null, aggregates: large.aggregates, ...(drawn ? { intervals: drawn.large } : {}) },
    },
    largeGroups: {
      minGroupSize: large.minGroupSize,
      ...(large.minLabelCount !== undefined && anyFewLabels(summary.groups, large) ? { minLabelCount: large.minLabelCount } : {}),
      groups: large.groups,
      allGroups: summary.groups.filter((group) => group.count > 0).length,
    },
    ...files,
  };
}

/**
 * Each training row's score from a logistic regression fitted on the other folds (5 folds,
 * stratified by label): what the model would say of the row had it not seen it, so post-processing
 * fitted on these scores is fitted out of sample, as it will be used on the test file.
 */
function outOfFoldScores(rows: readonly Float64Array[], labels: Uint8Array, seed: number, signal: AbortSignal | undefined): Float64Array {
  const folds = stratifiedFolds(Int32Array.from(labels), 2, OUT_OF_FOLD_FOLDS, seed);
  const scores = new Float64Array(rows.length);
  folds.forEach((held, f) => {
    const fitted = trainingRows(folds, f);
    const model = fitLogistic(
      Array.from(fitted, (i) => rows[i]!),
      Uint8Array.from(fitted, (i) => labels[i]!),
      signal ? { signal } : {},
    );
    const heldScores = probabilities(
      model,
      Array.from(held, (i) => rows[i]!),
    );
    held.forEach((i, k) => (scores[i] = heldScores[k]!));
  });
  return scores;
}

const OUT_OF_FOLD_FOLDS = 5;

async function writeWithScores(file: string, table: Table, scores: Float64Array, safeCsv: boolean): Promise<void> {
  const content = {
    columns: [...table.columns, BASE_SCORE],
    rowCount: table.rowCount,
    field: (row: number, column: number) => (column < table.data.length ? (table.data[column]!.text(row) ?? '') : scores[row]!),
  };
  await writeCsvFile(file, content, { safeCsv });
}

/** The parameters of one method's run. */
function methodValues(
  method: AnyMitigationCommand,
  options: CompareParams,
  base: BaseModel,
  out: string,
  criterion: ReturnType<typeof criterionFor>,
): Record<string, unknown> {
  const accepts = (key: string) => key in method.params.shape;
  const csvReading = Object.fromEntries(Object.keys(CSV_READING).map((key) => [key, options[key as keyof CompareParams]]));
  const values: Record<string, unknown> = {
    label: options.label,
    sensitive: options.sensitive,
    bins: options.bins,
    out,
    seed: options.seed,
    bootstrap: options.bootstrap,
    sweep: true,
    positive: base.positive,
    positiveMeans: options.positiveMeans,
    safeCsv: options.safeCsv,
  };
  // A method with a fairness criterion is fitted for the measure compared, or the nearest it has (criterionFor; cold try 17:
  // equalized odds compared, FERM fitted for equal opportunity, its default, and nothing said)
  if (criterion) values[criterion.key] = criterion.value;
  // Multitask methods (representation) learn the comparison's label as their one task.
  if (accepts('tasks')) values.tasks = [positiveCut(base.positive) ? `${options.label}${base.positive}` : `${options.label}=${base.positive}`];
  if (method.input === 'training-data') {
    Object.assign(values, csvReading, {
      train: options.train,
      test: options.test,
      testFraction: options.testFraction,
      splitSeed: options.splitSeed,
      audited: options.audited,
      notFeatures: options.notFeatures,
    });
  } else {
    // Post-processing is fitted on the training rows' out-of-fold base scores (--calibration) and scored on the test rows' (--data).
    values.data = base.testScores;
    values.score = BASE_SCORE;
    if (accepts('calibration')) values.calibration = base.trainScores;
    // "before" is the base model's own decisions, the plot's unmitigated point (threshold's default is the most accurate cut)
    if (method.name === 'threshold') values.threshold = BASE_THRESHOLD;
  }
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => accepts(key) && value !== undefined));
}

/** The criteria a method may be fitted for, by the measure compared: the one bounding that gap, then the nearest (a part of it, or more). */
const NEAREST_CRITERIA: Readonly<Record<string, readonly string[]>> = {
  demographic_parity_difference: ['demographic-parity'],
  equal_opportunity_difference: ['equal-opportunity', 'equalized-odds'],
  equalized_odds_difference: ['equalized-odds', 'equal-opportunity'],
};

/** The parameters that name a method's fairness criterion (FERM's and the threshold optimizer's --fairness, the reductions' --constraint). */
const CRITERION_KEYS = ['fairness', 'constraint'] as const;

/** The fairness criterion a method is fitted for in a comparison of `fairnessMetric`, and its parameter; undefined: it has none to choose (or none near). */
export function criterionFor(method: AnyMitigationCommand, fairnessMetric: string): { key: string; value: string } | undefined {
  const properties = describeParameters(method.params).properties;
  const key = CRITERION_KEYS.find((k) => properties[k]?.enum);
  const offered = key ? properties[key]!.enum! : [];
  const value = NEAREST_CRITERIA[fairnessMetric]?.find((criterion) => offered.includes(criterion));
  return key && value ? { key, value } : undefined;
}

function protocolOf(method: AnyMitigationCommand, values: Record<string, unknown>): MethodProtocol {
  if (method.input === 'training-data') return { fittedOn: 'train', scoredOn: 'test' };
  return { fittedOn: values.calibration !== undefined ? 'train-out-of-fold' : 'test', scoredOn: 'test' };
}

/** The comparison's folder when none is given: next to the training file. */
export function defaultCompareDir(train: string): string {
  return path.join(path.dirname(path.resolve(train)), defaultOutputFolderName(path.basename(train), 'compare'));
}

/**
 * The run's sweep (or its single setting) as comparison points, each naming its place in the
 * report's sweep, and each point's per-group figures.
 */
function pointsOf(method: string, report: MitigationReport, fairnessMetric: string): { points: UnrankedPoint[]; figures: PointFigures[] } {
  const runs: { parameter: string; value: number; sweepIndex: number | null; summary: OutcomeSummary }[] =
    report.tradeoff.length > 0
      ? report.tradeoff.map((p, sweepIndex) => ({ parameter: p.parameter, value: p.value, sweepIndex, summary: p }))
      : [{ parameter: 'default', value: 0, sweepIndex: null, summary: report.after }];
  return {
    points: runs.map(({ parameter, value, sweepIndex, summary }) => ({
      method,
      parameter,
      value,
      accuracy: summary.accuracy ?? null,
      fairness: summary.aggregates[fairnessMetric] ?? null,
      aggregates: summary.aggregates,
      report: report.files.report,
      sweepIndex,
      ...(summary.largeGroups
        ? { largeGroups: { fairness: summary.largeGroups.aggregates[fairnessMetric] ?? null, aggregates: summary.largeGroups.aggregates } }
        : {}),
    })),
    figures: runs.map(({ summary }) => ({ summary, groups: summary.groups })),
  };
}
