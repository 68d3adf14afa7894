/**
 * One group's scores sorted from high to low, with the expected confusion counts of "predict
 * positive for the top k rows" for any real k: rows tied on a score are selected with the same
 * probability, so within a tie block the counts grow linearly.
 */
export class GroupRanking {
  readonly n: number;
  readonly positives: number;
  /** The score of each tie block, descending. */
  private readonly blockScores: number[] = [];
  /** Start of each tie block in the ranking, plus n at the end. */
  private readonly blockStarts: number[] = [];
  /** Positives among the rows before each block start. */
  private readonly positivesBefore: number[] = [];

  /** The rows of one group (`group.code` among `group.codes`), or all rows. */
  constructor(scores: ArrayLike<number>, labels: ArrayLike<number>, group?: { codes: ArrayLike<number>; code: number }) {
    // Only the positives above each tie block matter, not the order inside it: sort the scores
    // of positive and negative rows separately (native typed-array sorts) and merge from the top.
    const [positiveScores, negativeScores] = splitByLabel(scores, labels, group);
    positiveScores.sort();
    negativeScores.sort();
    this.n = positiveScores.length + negativeScores.length;
    let positives = 0;
    let previous = Number.NaN;
    let p = positiveScores.length - 1;
    let q = negativeScores.length - 1;
    for (let r = 0; r < this.n; r++) {
      const positive = q < 0 || (p >= 0 && positiveScores[p]! >= negativeScores[q]!);
      const score = positive ? positiveScores[p--]! : negativeScores[q--]!;
      if (r === 0 || score !== previous) {
        this.blockScores.push(score);
        this.blockStarts.push(r);
        this.positivesBefore.push(positives);
      }
      previous = score;
      if (positive) positives++;
    }
    this.blockStarts.push(this.n);
    this.positivesBefore.push(positives);
    this.positives = positives;
  }

  get negatives(): number {
    return this.n - this.positives;
  }

  /** Expected true positives when the top k (real, 0..n) rows are predicted positive. */
  truePositives(k: number): number {
    const b = this.blockOf(k);
    const start = this.blockStarts[b]!;
    const end = this.blockStarts[b + 1] ?? start;
    if (end === start) return this.positivesBefore[b]!;
    const inBlock = this.positivesBefore[b + 1]! - this.positivesBefore[b]!;
    return this.positivesBefore[b]! + ((k - start) * inBlock) / (end - start);
  }

  /** Expected correct decisions of the top-k rule. */
  correct(k: number): number {
    return this.negatives + 2 * this.truePositives(k) - k;
  }

  /** The rule as a score threshold: above `threshold` positive, at it positive with probability `tieProbability`. */
  cut(k: number): { threshold: number; tieProbability: number } {
    if (this.n === 0) return { threshold: 0, tieProbability: 0 };
    const b = Math.min(this.blockOf(k), this.blockStarts.length - 2);
    const start = this.blockStarts[b]!;
    const end = this.blockStarts[b + 1]!;
    return { threshold: this.blockScores[b]!, tieProbability: Math.min(1, Math.max(0, (k - start) / (end - start))) };
  }

  /** The ranks where a score threshold can cut: 0, the start of every tie block after the first, and n. */
  cutRanks(): readonly number[] {
    return this.blockStarts;
  }

  private blockOf(k: number): number {
    // the last block whose start is ≤ k (k = n falls in the final, empty sentinel)
    let lo = 0;
    let hi = this.blockStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.blockStarts[mid]! <= k) lo = mid;
      else hi = mid - 1;
    }
    return lo === this.blockStarts.length - 1 && k > 0 ? lo - 1 : lo;
  }
}

/** The scores of the positive rows and of the others (of one group), in typed arrays (no per-row allocation). */
function splitByLabel(scores: ArrayLike<number>, labels: ArrayLike<number>, group?: { codes: ArrayLike<number>; code: number }): [Float64Array, Float64Array] {
  const member = group ? (i: number) => group.codes[i] === group.code : () => true;
  let positives = 0;
  let rows = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!member(i)) continue;
    rows++;
    if (labels[i] === 1) positives++;
  }
  const positive = new Float64Array(positives);
  const negative = new Float64Array(rows - positives);
  for (let i = 0, p = 0, q = 0; i < scores.length; i++) {
    if (!member(i)) continue;
    if (labels[i] === 1) positive[p++] = scores[i]!;
    else negative[q++] = scores[i]!;
  }
  return [positive, negative];
}
