/**
 * One group's scores sorted from high to low, with the expected confusion counts of "predict
 * positive for the top k rows" for any real k: rows tied on a score are selected with the same
 * probability, so within a tie block the counts grow linearly.
 */
export class GroupRanking {
  readonly n: number;
  readonly positives: number;
  /** Scores, descending. */
  readonly scores: Float64Array;
  /** Start of each tie block in `scores`, plus n at the end. */
  private readonly blockStarts: number[];
  /** Positives among the rows before each block start. */
  private readonly positivesBefore: number[];

  constructor(scores: readonly number[], labels: readonly number[]) {
    const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
    this.n = scores.length;
    this.scores = Float64Array.from(order, (i) => scores[i]!);
    this.blockStarts = [];
    this.positivesBefore = [];
    let positives = 0;
    for (let r = 0; r < this.n; r++) {
      if (r === 0 || this.scores[r] !== this.scores[r - 1]) {
        this.blockStarts.push(r);
        this.positivesBefore.push(positives);
      }
      positives += labels[order[r]!]!;
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
    return { threshold: this.scores[start]!, tieProbability: Math.min(1, Math.max(0, (k - start) / (end - start))) };
  }

  /** Integer ranks k in [from, to] and the two ends: where the (piecewise linear) objectives peak. */
  candidates(from: number, to: number): number[] {
    const out = [from, to];
    for (let k = Math.ceil(from); k <= Math.floor(to); k++) out.push(k);
    return out;
  }

  /** The ROC points (FPR, TPR) of the integer cuts k = 0..n. */
  rocPoints(): { k: number; fpr: number; tpr: number }[] {
    const points = [];
    for (let k = 0; k <= this.n; k++) {
      const tp = this.truePositives(k);
      points.push({ k, fpr: this.negatives > 0 ? (k - tp) / this.negatives : 0, tpr: this.positives > 0 ? tp / this.positives : 0 });
    }
    return points;
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
