import type { Field } from '../csv/types';
import { throwIfAborted } from '../errors';
import { fitLogistic } from '../learners/logistic';
import { parseDecimal } from '../numbers';
import { encodeFeatures, fitFeatureEncoding, type FeatureEncoding } from '../mitigation/features';
import type { Table } from '../table/table';
import { macroAuc } from './auc';
import { trainingRows } from './folds';
import { seededRandom, shuffleInPlace } from './random';

/**
 * A categorical column keeps its most frequent categories in the joint model and pools the rest
 * into one: one-hot encoding an identifier would add a feature per row. With many text columns
 * the per-column limit shrinks so the one-hot features stay within a budget (the design matrix
 * is dense: 50,000 rows x 300 features is 120 MB).
 */
export const MAX_JOINT_CATEGORIES = 50;
export const JOINT_FEATURE_BUDGET = 300;
const OTHER_CATEGORY = '(other)';

export interface ColumnContribution {
  column: string;
  /** Mean over the folds of the held-out AUC lost when the column's values are permuted. */
  importance: number;
}

export interface JointModelResult {
  auc: number;
  contributions: ColumnContribution[];
}

export interface JointModelOptions {
  seed: number;
  signal?: AbortSignal | undefined;
  onFold?(done: number, total: number): void;
}

/**
 * Cross-validated logistic regression predicting the class from all the feature columns together
 * (numeric columns standardized, categorical ones one-hot; the encoding is fitted on each
 * training fold). Multi-valued classes get one model per class (one-vs-rest) and a macro AUC.
 * Each column's contribution is its permutation importance on the held-out fold: the fold's AUC
 * minus the AUC after shuffling that column's values among the held-out rows (seeded), which
 * needs no refitting.
 */
export function jointModel(table: Table, features: readonly string[], classes: Int32Array, classCount: number, folds: readonly Int32Array[], options: JointModelOptions): JointModelResult {
  const pooled = poolRareCategories(table, features);
  const random = seededRandom(options.seed);
  const modelled = classCount === 2 ? [1] : Array.from({ length: classCount }, (_, k) => k);
  const aucs: number[] = [];
  const losses = features.map(() => [] as number[]);
  folds.forEach((testRows, f) => {
    throwIfAborted(options.signal);
    const training = trainingRows(folds, f);
    const encoding = fitFeatureEncoding(subset(pooled, training), [], features);
    const trainDesign = encodeFeatures(encoding, subset(pooled, training)).rows;
    const testDesign = encodeFeatures(encoding, subset(pooled, testRows)).rows;
    const blocks = featureBlocks(encoding);
    // Per class: each held-out row's score and each column's share of it.
    const fitted = modelled.map((k) => {
      const labels = Float64Array.from(training, (row) => (classes[row] === k ? 1 : 0));
      const { weights, bias } = fitLogistic(trainDesign, labels, { signal: options.signal });
      const shares = blocks.map(({ start, end }) => testDesign.map((x) => dot(weights, x, start, end)));
      const scores = testDesign.map((x) => bias + dot(weights, x, 0, x.length));
      return { k, scores, shares };
    });
    const local = Int32Array.from(testRows.keys());
    const localClasses = Int32Array.from(testRows, (row) => classes[row]!);
    const aucWith = (scoreOf: (k: number, t: number) => number) => {
      const scores = Array.from({ length: classCount }, () => new Float64Array(testRows.length));
      for (const { k } of fitted) for (let t = 0; t < testRows.length; t++) scores[k]![t] = scoreOf(k, t);
      return macroAuc(scores, localClasses, local);
    };
    const byClass = new Map(fitted.map((entry) => [entry.k, entry]));
    const auc = aucWith((k, t) => byClass.get(k)!.scores[t]!);
    if (Number.isNaN(auc)) return;
    aucs.push(auc);
    blocks.forEach((_, j) => {
      const permutation = shuffleInPlace(Array.from(local), random);
      const permuted = aucWith((k, t) => {
        const { scores, shares } = byClass.get(k)!;
        return scores[t]! - shares[j]![t]! + shares[j]![permutation[t]!]!;
      });
      losses[j]!.push(auc - permuted);
    });
    options.onFold?.(f + 1, folds.length);
  });
  const mean = (values: number[]) => (values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length);
  return {
    auc: mean(aucs),
    contributions: features.map((column, j) => ({ column, importance: mean(losses[j]!) })).sort((a, b) => b.importance - a.importance),
  };
}

function dot(weights: ArrayLike<number>, x: Float64Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += weights[i]! * x[i]!;
  return sum;
}

/** The design-matrix columns [start, end) of each input column, in encoding order. */
function featureBlocks(encoding: FeatureEncoding): { start: number; end: number }[] {
  let start = 0;
  return encoding.columns.map((column) => {
    const width = column.kind === 'numeric' ? 1 : column.categories.length;
    const block = { start, end: start + width };
    start += width;
    return block;
  });
}

function subset(table: Table, rows: Int32Array): Table {
  return { file: table.file, columns: table.columns, rows: Array.from(rows, (r) => table.rows[r]!), lines: Array.from(rows, (r) => table.lines[r]!) };
}

/** The table with each text column's rare categories pooled (see MAX_JOINT_CATEGORIES). */
function poolRareCategories(table: Table, features: readonly string[]): Table {
  const textColumns = features.flatMap((name) => {
    const index = table.columns.indexOf(name);
    const counts = new Map<string, number>();
    let textual = false;
    for (const row of table.rows) {
      const field = row[index] ?? null;
      if (field === null) continue;
      counts.set(field, (counts.get(field) ?? 0) + 1);
      textual ||= Number.isNaN(parseDecimal(field));
    }
    return textual ? [{ index, counts }] : [];
  });
  const limit = Math.max(2, Math.min(MAX_JOINT_CATEGORIES, Math.floor(JOINT_FEATURE_BUDGET / Math.max(1, textColumns.length))));
  const kept = new Map<number, Set<string>>();
  for (const { index, counts } of textColumns) {
    if (counts.size <= limit) continue;
    const frequent = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit - 1);
    kept.set(index, new Set(frequent.map(([value]) => value)));
  }
  if (kept.size === 0) return table;
  const rows = table.rows.map((row) =>
    row.map((field: Field, i) => {
      const keep = kept.get(i);
      return keep && field !== null && !keep.has(field) ? OTHER_CATEGORY : field;
    }),
  );
  return { ...table, rows };
}
