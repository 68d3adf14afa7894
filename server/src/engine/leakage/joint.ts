import { throwIfAborted } from '../errors';
import { meanAuc, rocAuc, scoredClasses } from './auc';
import { codedMargin, codedRows, fitCodedLogistic, type CodedDesign, type CodedLogisticModel } from './coded-logistic';
import type { EncodedColumn } from './columns';
import { trainingRows } from '../numerics/folds';
import { seededRandom, shuffleInPlace } from '../numerics/random';

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
 * Cross-validated logistic regression predicting the class from all the feature columns together,
 * each column one-hot over its categories (numeric columns over their quantile bins, so the model
 * can bend with them; a missing value is a category of its own). Multi-valued classes get one
 * model per class (one-vs-rest) and a macro AUC. Each column's contribution is its permutation
 * importance on the held-out fold: the fold's AUC minus the AUC after shuffling that column's
 * values among the held-out rows (seeded), which needs no refitting.
 */
export function jointModel(
  columns: readonly EncodedColumn[],
  classes: Int32Array,
  classCount: number,
  folds: readonly Int32Array[],
  options: JointModelOptions,
): JointModelResult {
  const design = codedDesign(columns);
  const random = seededRandom(options.seed);
  const modelled = scoredClasses(classCount);
  const aucs: number[] = [];
  const losses = columns.map(() => [] as number[]);
  // Each class's model from the previous fold: the folds share most training rows, so it is a close start.
  const previous = new Map<number, CodedLogisticModel>();
  folds.forEach((testRows, f) => {
    throwIfAborted(options.signal);
    const training = trainingRows(folds, f);
    const prepared = codedRows(design, training);
    // Per modelled class: each held-out row's log-odds, and the model.
    const fitted = modelled.map((k) => {
      const labels = Uint8Array.from(training, (row) => (classes[row] === k ? 1 : 0));
      const model = fitCodedLogistic(prepared, labels, { signal: options.signal, start: previous.get(k) });
      previous.set(k, model);
      const margins = Float64Array.from(testRows, (row) => codedMargin(model, design, row));
      return { k, model, margins };
    });
    const local = Int32Array.from(testRows.keys());
    const aucOf = (margins: (k: number) => Float64Array) => meanAuc(fitted.map(({ k }) => rocAuc(margins(k), (t) => classes[testRows[t]!] === k, local)));
    const auc = aucOf((k) => fitted.find((entry) => entry.k === k)!.margins);
    if (Number.isNaN(auc)) return;
    aucs.push(auc);
    design.codes.forEach((codes, j) => {
      const permutation = shuffleInPlace(Array.from(local), random);
      const permuted = fitted.map(({ model, margins }) => {
        const weights = model.weights[j]!;
        return Float64Array.from(margins, (margin, t) => margin - weights[codes[testRows[t]!]!]! + weights[codes[testRows[permutation[t]!]!]!]!);
      });
      losses[j]!.push(auc - aucOf((k) => permuted[fitted.findIndex((entry) => entry.k === k)]!));
    });
    options.onFold?.(f + 1, folds.length);
  });
  return {
    auc: meanAuc(aucs),
    contributions: columns.map((column, j) => ({ column: column.name, importance: meanAuc(losses[j]!) })).sort((a, b) => b.importance - a.importance),
  };
}

/** The columns' codes with missing values moved to a category of their own after the others. */
function codedDesign(columns: readonly EncodedColumn[]): CodedDesign {
  return {
    codes: columns.map((column) => (column.missing > 0 ? column.codes.map((code) => (code < 0 ? column.labels.length : code)) : column.codes)),
    categories: columns.map((column) => column.labels.length + (column.missing > 0 ? 1 : 0)),
  };
}
