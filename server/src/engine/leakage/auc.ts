/**
 * ROC AUC of scores against 0/1 flags (Mann-Whitney: the probability that a random positive
 * scores above a random negative, ties counting one half), over the rows listed in `rows`.
 * NaN when one of the two classes is absent. The two classes' scores are sorted as typed arrays
 * and merged, so no comparator runs per pair of rows.
 */
export function rocAuc(scores: Float64Array, positive: (row: number) => boolean, rows: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < rows.length; i++) if (positive(rows[i]!)) positives++;
  const negatives = rows.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const up = new Float64Array(positives);
  const down = new Float64Array(negatives);
  for (let i = 0, p = 0, q = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (positive(row)) up[p++] = scores[row]!;
    else down[q++] = scores[row]!;
  }
  up.sort();
  down.sort();
  let below = 0; // negatives scoring strictly less than the current positive
  let atMost = 0; // negatives scoring less or equal
  let wins = 0;
  for (let i = 0; i < positives; i++) {
    const score = up[i]!;
    while (below < negatives && down[below]! < score) below++;
    while (atMost < negatives && down[atMost]! <= score) atMost++;
    wins += below + (atMost - below) / 2;
  }
  return wins / (positives * negatives);
}

/**
 * The same AUC when rows come in tallies that share a score (one per category of a column):
 * `positives[v]` and `negatives[v]` rows score `scores[v]`. Linear in the number of tallies
 * after sorting them, whatever the number of rows.
 */
export function talliedAuc(scores: Float64Array, positives: Float64Array, negatives: Float64Array): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]!);
  let totalPositives = 0;
  let totalNegatives = 0;
  let wins = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    let groupPositives = 0;
    let groupNegatives = 0;
    for (; end < order.length && scores[order[end]!] === scores[order[start]!]; end++) {
      groupPositives += positives[order[end]!]!;
      groupNegatives += negatives[order[end]!]!;
    }
    wins += groupPositives * (totalNegatives + groupNegatives / 2);
    totalPositives += groupPositives;
    totalNegatives += groupNegatives;
    start = end;
  }
  return totalPositives === 0 || totalNegatives === 0 ? Number.NaN : wins / (totalPositives * totalNegatives);
}

/** The classes whose one-vs-rest AUC is averaged: class 1 of two, else every class (macro). */
export function scoredClasses(classCount: number): number[] {
  return classCount === 2 ? [1] : Array.from({ length: classCount }, (_, k) => k);
}

/** The mean of the AUCs that are defined (NaN when none is). */
export function meanAuc(aucs: readonly number[]): number {
  const defined = aucs.filter((auc) => !Number.isNaN(auc));
  return defined.length === 0 ? Number.NaN : defined.reduce((sum, auc) => sum + auc, 0) / defined.length;
}

/**
 * AUC of a (possibly multi-valued) class from per-class scores: the AUC of class 1 for two
 * classes, else the unweighted mean of the one-vs-rest AUCs of the classes present (macro).
 * `scores[k][row]` is the score of class k.
 */
export function macroAuc(scores: readonly Float64Array[], classes: Int32Array, rows: ArrayLike<number>): number {
  return meanAuc(scoredClasses(scores.length).map((k) => rocAuc(scores[k]!, (row) => classes[row] === k, rows)));
}
