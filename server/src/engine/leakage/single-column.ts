import { meanAuc, scoredClasses, talliedAuc } from './auc';

/** Weight of the class prior in each category's smoothed class frequencies (pseudo-rows). */
export const FREQUENCY_SMOOTHING = 1;

/**
 * Cross-validated AUC of predicting the class from one categorical column (numeric columns come
 * as their quantile bins). The model, fitted on the training folds, scores class k for category v
 * as (n[v,k] + a p[k]) / (n[v] + a), the category's class frequency shrunk toward the prior p by
 * a = FREQUENCY_SMOOTHING pseudo-rows. A category never seen in training gets the prior, so an
 * identifier column scores every held-out row alike and its AUC is 0.5. Mean over the folds.
 * Every row of a category gets the same score, so the held-out AUC comes from per-category tallies.
 */
export function singleColumnAuc(codes: Int32Array, categories: number, classes: Int32Array, classCount: number, folds: readonly Int32Array[]): number {
  // Training counts are the counts over every fold minus those of the held-out fold.
  const totals = foldCounts(folds, codes, categories, classes, classCount);
  const aucs: number[] = [];
  const scores = new Float64Array(categories);
  const positives = new Float64Array(categories);
  const negatives = new Float64Array(categories);
  for (const testRows of folds) {
    const held = foldCounts([testRows], codes, categories, classes, classCount);
    const trainingSize = totals.classTotals.reduce((sum, count, k) => sum + count - held.classTotals[k]!, 0);
    const foldAucs = scoredClasses(classCount).map((k) => {
      const prior = (totals.classTotals[k]! - held.classTotals[k]!) / trainingSize;
      for (let v = 0; v < categories; v++) {
        const count = totals.counts[v * classCount + k]! - held.counts[v * classCount + k]!;
        const categoryTotal = totals.categoryTotals[v]! - held.categoryTotals[v]!;
        scores[v] = (count + FREQUENCY_SMOOTHING * prior) / (categoryTotal + FREQUENCY_SMOOTHING);
        positives[v] = held.counts[v * classCount + k]!;
        negatives[v] = held.categoryTotals[v]! - positives[v]!;
      }
      return talliedAuc(scores, positives, negatives);
    });
    const auc = meanAuc(foldAucs);
    if (!Number.isNaN(auc)) aucs.push(auc);
  }
  return meanAuc(aucs);
}

/** Category-by-class counts over the rows of the given folds. */
function foldCounts(folds: readonly Int32Array[], codes: Int32Array, categories: number, classes: Int32Array, classCount: number) {
  const counts = new Float64Array(categories * classCount);
  const categoryTotals = new Float64Array(categories);
  const classTotals = new Float64Array(classCount);
  for (const rows of folds) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      counts[codes[row]! * classCount + classes[row]!]!++;
      categoryTotals[codes[row]!]!++;
      classTotals[classes[row]!]!++;
    }
  }
  return { counts, categoryTotals, classTotals };
}
