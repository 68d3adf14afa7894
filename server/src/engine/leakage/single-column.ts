import { macroAuc } from './auc';

/** Weight of the class prior in each category's smoothed class frequencies (pseudo-rows). */
export const FREQUENCY_SMOOTHING = 1;

/**
 * Cross-validated AUC of predicting the class from one categorical column (numeric columns come
 * as their quantile bins). The model, fitted on the training folds, scores class k for category v
 * as (n[v,k] + a p[k]) / (n[v] + a), the category's class frequency shrunk toward the prior p by
 * a = FREQUENCY_SMOOTHING pseudo-rows. A category never seen in training gets the prior, so an
 * identifier column scores every held-out row alike and its AUC is 0.5. Mean over the folds.
 */
export function singleColumnAuc(codes: Int32Array, categories: number, classes: Int32Array, classCount: number, folds: readonly Int32Array[]): number {
  // Training counts are the counts over every fold minus those of the held-out fold.
  const totals = foldCounts(folds.flatMap((fold) => Array.from(fold)), codes, categories, classes, classCount);
  const aucs: number[] = [];
  const scores = Array.from({ length: classCount }, () => new Float64Array(codes.length));
  for (const testRows of folds) {
    const held = foldCounts(testRows, codes, categories, classes, classCount);
    const counts = totals.counts.map((count, i) => count - held.counts[i]!);
    const categoryTotals = totals.categoryTotals.map((count, v) => count - held.categoryTotals[v]!);
    const classTotals = totals.classTotals.map((count, k) => count - held.classTotals[k]!);
    const trainingSize = classTotals.reduce((sum, count) => sum + count, 0);
    for (const row of testRows) {
      const v = codes[row]!;
      for (let k = 0; k < classCount; k++) {
        const prior = classTotals[k]! / trainingSize;
        scores[k]![row] = (counts[v * classCount + k]! + FREQUENCY_SMOOTHING * prior) / (categoryTotals[v]! + FREQUENCY_SMOOTHING);
      }
    }
    const auc = macroAuc(scores, classes, testRows);
    if (!Number.isNaN(auc)) aucs.push(auc);
  }
  return aucs.length === 0 ? Number.NaN : aucs.reduce((sum, auc) => sum + auc, 0) / aucs.length;
}

function foldCounts(rows: ArrayLike<number>, codes: Int32Array, categories: number, classes: Int32Array, classCount: number) {
  const counts = new Float64Array(categories * classCount);
  const categoryTotals = new Float64Array(categories);
  const classTotals = new Float64Array(classCount);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    counts[codes[row]! * classCount + classes[row]!]!++;
    categoryTotals[codes[row]!]!++;
    classTotals[classes[row]!]!++;
  }
  return { counts, categoryTotals, classTotals };
}
