import type { CsvOptions } from '../table/rows';
import { InputError, throwIfAborted } from '../errors';
import { unknownColumnMessage } from '../schema/suggest';
import type { Table } from '../table/table';
import { correlationRatio, cramersV, crossTabulate, normalizedMutualInformation } from './association';
import { encodeColumns, type EncodedColumn } from './columns';
import { stratifiedFolds } from '../numerics/folds';
import { jointModel } from './joint';
import { seededRandom, shuffleInPlace } from '../numerics/random';
import type { ColumnLeakage, FlaggedProxy, JointLeakage, LeakageResult } from '../../../../common/reports/leakage';
import { FREQUENCY_SMOOTHING, singleColumnAuc } from './single-column';
import { DEFAULT_THRESHOLDS, type LeakageThresholds } from '../../../../common/reports/leakage';
import { proxySeverity } from './thresholds';
import { AUDIT_DEFAULTS } from '../audit/options';
import { encodingOf } from '../learners/default-features';

export const DEFAULT_SAMPLE_SIZE = 50_000;
/** Most classes a sensitive attribute may have, as the audit's groups (--max-groups): every model fits one score per class. */
export const DEFAULT_MAX_GROUPS = AUDIT_DEFAULTS.maxGroups;
export const DEFAULT_FOLDS = 5;
export const DEFAULT_BINS = 10;

export interface LeakageOptions {
  sensitive: readonly string[];
  /** The target column: never a candidate proxy. */
  label?: string | undefined;
  /**
   * The audited model's score or prediction columns: never candidate proxies, nor any column that
   * encodes one (`encodingOf`, the default features' rule): the audit judges their differences by group.
   */
  audited?: readonly string[] | undefined;
  csv?: CsvOptions;
  /** Rows kept by the reservoir sample (default 50,000). */
  sampleSize?: number;
  /** Rows read from the file's start, the sample drawn from them (default all; the result says `firstRows` when the file has more). */
  maxRows?: number;
  seed?: number;
  folds?: number;
  /** Quantile bins of numeric columns for Cramér's V, NMI and the single-column model (default 10). */
  bins?: number;
  thresholds?: Partial<LeakageThresholds>;
  /** Fit the joint model (default true). */
  joint?: boolean;
  /** Rows of the sample the joint model is fitted on, a seeded random subset when fewer (default all). */
  jointRows?: number;
  /** Most distinct values a sensitive column may have in the sample (default 1000). */
  maxGroups?: number;
}

export interface LeakageProgress {
  fraction: number;
  message: string;
}

export interface LeakageHooks {
  signal?: AbortSignal;
  onProgress?(progress: LeakageProgress): void;
}

/** Measures every candidate proxy in rows already in memory (`totalRows`: rows of the whole file). */
export function analyzeTable(table: Table, options: LeakageOptions, hooks: LeakageHooks = {}, totalRows = table.rowCount): LeakageResult {
  return analyze(table, options, hooks, totalRows, { columns: true, joint: options.joint !== false });
}

/**
 * Adds the joint figures to a result measured on the same rows without them: the editor publishes
 * the per-column figures first and the joint model's when it is done.
 */
export function withJointModel(table: Table, result: LeakageResult, options: LeakageOptions, hooks: LeakageHooks = {}): LeakageResult {
  const joint = analyze(table, options, hooks, result.sample.totalRows, { columns: false, joint: true });
  return { ...result, joint: joint.joint, sample: { ...result.sample, jointRows: joint.sample.jointRows } };
}

function analyze(table: Table, options: LeakageOptions, hooks: LeakageHooks, totalRows: number, parts: { columns: boolean; joint: boolean }): LeakageResult {
  const seed = options.seed ?? 0;
  const folds = options.folds ?? DEFAULT_FOLDS;
  const bins = options.bins ?? DEFAULT_BINS;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const { sensitive, label, audited, candidates } = resolveColumns(table, options);

  const targets = encodeColumns(table, sensitive, bins);
  checkClassCounts(targets, options.maxGroups ?? DEFAULT_MAX_GROUPS, table);
  const encoded = encodeColumns(table, candidates, bins);
  const columns: ColumnLeakage[] = [];
  const joint: JointLeakage[] = [];
  const steps = sensitive.length * ((parts.columns ? candidates.length : 0) + (parts.joint ? folds : 0));
  let done = 0;
  const step = (message: string) => hooks.onProgress?.({ fraction: ++done / steps, message });

  for (const target of targets) {
    const name = target.name;
    const classCount = target.labels.length;
    if (classCount < 2) throw new InputError(`sensitive column "${name}" has a single value, so nothing can predict it`, { file: table.file, column: name });
    const split = stratifiedFolds(target.codes, classCount, folds, seed);
    for (const column of parts.columns ? encoded : []) {
      throwIfAborted(hooks.signal);
      columns.push(measureColumn(column, target, split, thresholds));
      step(`${column.name} vs ${name}`);
    }
    if (parts.joint && encoded.length > 0) {
      const subset = jointSubset(encoded, target, classCount, options.jointRows, split, seed);
      const model = jointModel(subset.columns, subset.classes, classCount, subset.folds, {
        seed: seed + 1,
        signal: hooks.signal,
        onFold: () => step(`joint model for ${name}`),
      });
      joint.push({
        sensitive: name,
        classes: target.labels,
        auc: model.auc,
        contributions: model.contributions,
        leaks: Number.isFinite(model.auc) && model.auc >= thresholds.jointAuc,
      });
    }
  }

  const flagged: FlaggedProxy[] = columns
    .filter((c) => c.severity !== null)
    .map((c) => ({
      column: c.column,
      sensitive: c.sensitive,
      severity: c.severity!,
      measures: { cramersV: c.cramersV, cramersVPlugIn: c.cramersVPlugIn, nmi: c.nmi, eta: c.eta, auc: c.auc },
    }))
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'strong' ? -1 : 1) || b.measures.auc - a.measures.auc);

  return {
    schemaVersion: 1,
    file: table.file,
    columnNames: [...table.columns],
    sensitive,
    label,
    candidates,
    ...(audited.length > 0 ? { audited } : {}),
    sample: {
      rows: table.rowCount,
      totalRows,
      sampled: table.rowCount < totalRows,
      seed,
      jointRows: parts.joint ? Math.min(table.rowCount, options.jointRows ?? Number.POSITIVE_INFINITY) : 0,
    },
    settings: { folds, bins, smoothing: FREQUENCY_SMOOTHING, importance: 'permutation', thresholds },
    columns,
    joint,
    flagged,
  };
}

/** The joint model's rows: the whole sample, or a seeded random subset of `limit` rows with folds of its own. */
function jointSubset(columns: EncodedColumn[], target: EncodedColumn, classCount: number, limit: number | undefined, split: Int32Array[], seed: number) {
  const n = target.codes.length;
  if (limit === undefined || limit >= n) return { columns, classes: target.codes, folds: split };
  const chosen = Int32Array.from(
    shuffleInPlace(
      Array.from({ length: n }, (_, i) => i),
      seededRandom(seed + 2),
    ).slice(0, limit),
  ).sort();
  const pick = (codes: Int32Array) => Int32Array.from(chosen, (row) => codes[row]!);
  const classes = pick(target.codes);
  return {
    columns: columns.map((column) => ({ ...column, codes: pick(column.codes) })),
    classes,
    folds: stratifiedFolds(classes, classCount, split.length, seed),
  };
}

/**
 * A sensitive column with thousands of values makes every model fit thousands of class scores
 * (issue 21: 1M distinct values ran for minutes): stop with one line instead. Numeric columns are
 * already cut into bins, so only text columns get here.
 */
function checkClassCounts(targets: readonly EncodedColumn[], maxGroups: number, table: Table): void {
  for (const target of targets) {
    if (target.labels.length <= maxGroups) continue;
    throw new InputError(
      `sensitive column "${target.name}" has ${target.labels.length.toLocaleString('en-US')} distinct values in ${table.rowCount.toLocaleString('en-US')} rows (--max-groups ${maxGroups}): choose a sensitive column with fewer values, or group its values into a new column`,
      { file: table.file, column: target.name },
    );
  }
}

function resolveColumns(table: Table, options: LeakageOptions) {
  const sensitive = [...new Set(options.sensitive)];
  if (sensitive.length === 0)
    throw new InputError('no sensitive column given', { file: table.file }, { fix: { kind: 'columns', role: 'sensitive' }, cli: 'pass --sensitive' });
  const label = options.label ?? null;
  const outputs = [...new Set(options.audited ?? [])];
  for (const name of [...sensitive, ...(label === null ? [] : [label]), ...outputs]) {
    if (!table.columns.includes(name)) throw new InputError(unknownColumnMessage(name, table.columns), { file: table.file });
  }
  if (label !== null && sensitive.includes(label))
    throw new InputError(`column "${label}" cannot be both the label and sensitive`, { file: table.file, column: label });
  const others = table.columns.filter((name) => !sensitive.includes(name) && name !== label && !outputs.includes(name));
  const audited: NonNullable<LeakageResult['audited']> = outputs.filter((name) => !sensitive.includes(name) && name !== label).map((column) => ({ column }));
  const candidates: string[] = [];
  for (const name of others) {
    const encodes = outputs.find((output) => encodingOf(table, name, output) !== null);
    if (encodes === undefined) candidates.push(name);
    else audited.push({ column: name, encodes });
  }
  // the audited outputs may take the last columns: nothing to check then, which is no error
  if (candidates.length === 0 && audited.length === 0)
    throw new InputError('no columns are left to check (every column is sensitive or the label)', { file: table.file });
  return { sensitive, label, audited, candidates };
}

function measureColumn(column: EncodedColumn, target: EncodedColumn, folds: readonly Int32Array[], thresholds: LeakageThresholds): ColumnLeakage {
  // A missing value is a category of its own: missingness can itself carry the attribute.
  const missingCode = column.labels.length;
  const codes = column.codes.map((code) => (code < 0 ? missingCode : code));
  const categories = column.labels.length + (column.missing > 0 ? 1 : 0);
  const classCount = target.labels.length;
  const table = crossTabulate(codes, missingCode + 1, target.codes, classCount);
  const v = cramersV(table);
  const measures = {
    cramersV: v.corrected,
    cramersVPlugIn: v.plugIn,
    nmi: normalizedMutualInformation(table),
    eta: column.values ? correlationRatio(column.values, target.codes, classCount) : null,
    auc: singleColumnAuc(codes, missingCode + 1, target.codes, classCount, folds),
  };
  return {
    column: column.name,
    sensitive: target.name,
    kind: column.kind,
    distinct: column.distinct,
    categories,
    ...measures,
    severity: proxySeverity(measures, thresholds) ?? null,
  };
}
