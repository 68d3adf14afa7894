/**
 * ROC AUC of scores against 0/1 flags (Mann-Whitney: the probability that a random positive
 * scores above a random negative, ties counting one half), over the rows listed in `rows`.
 * NaN when one of the two classes is absent.
 */
export function rocAuc(scores: Float64Array, positive: (row: number) => boolean, rows: ArrayLike<number>): number {
  const order = Array.from(rows).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    // Tied rows share the average of ranks start+1 .. end.
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) {
      if (positive(order[i]!)) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * AUC of a (possibly multi-valued) class from per-class scores: the AUC of class 1 for two
 * classes, else the unweighted mean of the one-vs-rest AUCs of the classes present (macro).
 * `scores[k][row]` is the score of class k.
 */
export function macroAuc(scores: readonly Float64Array[], classes: Int32Array, rows: ArrayLike<number>): number {
  const classCount = scores.length;
  const list = classCount === 2 ? [1] : Array.from({ length: classCount }, (_, k) => k);
  const aucs = list.map((k) => rocAuc(scores[k]!, (row) => classes[row] === k, rows)).filter((auc) => !Number.isNaN(auc));
  return aucs.length === 0 ? Number.NaN : aucs.reduce((sum, auc) => sum + auc, 0) / aucs.length;
}
