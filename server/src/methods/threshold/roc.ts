/**
 * One group's scores sorted from high to low, with the expected confusion counts of "predict
 * positive for the top k rows" for any real k: rows tied on a score are selected with the same
 * probability, so within a tie block the counts grow linearly. Only the tie blocks are held
 * (16 bytes each), not the rows.
 */
export class GroupRanking {
  readonly n: number;
  readonly positives: number;

  /** From its tie blocks (TieBlocks). */
  constructor(
    /** The score of each tie block, descending. */
    private readonly blockScores: Float64Array,
    /** Start of each tie block in the ranking, plus n at the end. */
    private readonly blockStarts: Uint32Array,
    /** Positives among the rows before each block start, plus all of them at the end. */
    private readonly positivesBefore: Uint32Array,
  ) {
    this.n = blockStarts.at(-1)!;
    this.positives = positivesBefore.at(-1)!;
  }

  /**
   * The rows of one group (`group.code` among `group.codes`), or all rows. Their scores are sorted
   * in `scratch` when it holds them (a buffer reused from group to group, overwritten), else in a
   * buffer of their own.
   */
  static ofRows(
    scores: ArrayLike<number>,
    labels: ArrayLike<number>,
    group?: { codes: ArrayLike<number>; code: number },
    scratch?: Float64Array,
  ): GroupRanking {
    // Only the positives above each tie block matter, not the order inside it: sort the scores
    // of positive and negative rows separately (native typed-array sorts) and merge from the top.
    const [positiveScores, negativeScores] = splitByLabel(scores, labels, group, scratch);
    positiveScores.sort();
    negativeScores.sort();
    return TieBlocks.ranking((add) => {
      let p = positiveScores.length - 1;
      let q = negativeScores.length - 1;
      while (p >= 0 || q >= 0) {
        const positive = q < 0 || (p >= 0 && positiveScores[p]! >= negativeScores[q]!);
        add(positive ? positiveScores[p--]! : negativeScores[q--]!, 1, positive ? 1 : 0);
      }
    });
  }

  /**
   * The most accurate cut of the rows of several rankings together at a score boundary (no
   * randomization): "above the threshold" at the first, from the top, of the block starts with the
   * most correct decisions. Their tie blocks are walked from the top in one merge, by a heap of the
   * rankings: no merged ranking is built (its arrays and sort allocated about 20 MB at 2M rows).
   */
  static bestCommonCut(parts: readonly GroupRanking[]): { threshold: number; tieProbability: number } {
    const rows = parts.reduce((sum, part) => sum + part.n, 0);
    if (rows === 0) return { threshold: 0, tieProbability: 0 };
    const negatives = rows - parts.reduce((sum, part) => sum + part.positives, 0);
    const next = new Uint32Array(parts.length);
    const scoreOf = (part: number) => parts[part]!.blockScores[next[part]!]!;
    // Highest score first; on equal scores the earlier ranking, whose score then names the block.
    const before = (a: number, b: number) => scoreOf(a) > scoreOf(b) || (scoreOf(a) === scoreOf(b) && a < b);
    const heap = new MinFirstHeap(before);
    parts.forEach((part, i) => part.blockScores.length > 0 && heap.push(i));
    let rowsAbove = 0;
    let positivesAbove = 0;
    let bestCorrect = -1;
    let best = 0;
    while (heap.size > 0) {
      const score = scoreOf(heap.peek());
      const correct = negatives + 2 * positivesAbove - rowsAbove;
      if (correct > bestCorrect) {
        bestCorrect = correct;
        best = score;
      }
      while (heap.size > 0 && scoreOf(heap.peek()) === score) {
        const i = heap.pop();
        const part = parts[i]!;
        const b = next[i]!;
        rowsAbove += part.blockStarts[b + 1]! - part.blockStarts[b]!;
        positivesAbove += part.positivesBefore[b + 1]! - part.positivesBefore[b]!;
        next[i]!++;
        if (next[i]! < part.blockScores.length) heap.push(i);
      }
    }
    return { threshold: best, tieProbability: 0 };
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
  cutRanks(): ArrayLike<number> {
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

/** A walk over ranked rows from the highest score down, handing over rows of one score at a time. */
type FromTheTop = (add: (score: number, rows: number, positives: number) => void) => void;

/** The tie blocks of a walk from the top: rows of the same score as the last block's join it. */
class TieBlocks {
  private blocks = 0;
  private rows = 0;
  private positives = 0;

  private constructor(
    private readonly scores: Float64Array,
    private readonly starts: Uint32Array,
    private readonly positivesBefore: Uint32Array,
  ) {}

  /** Walks twice: to count the tie blocks, then to fill arrays of that size (no array grows). */
  static ranking(fromTheTop: FromTheTop): GroupRanking {
    let count = 0;
    let previous = Number.NaN;
    fromTheTop((score) => {
      if (count === 0 || score !== previous) count++;
      previous = score;
    });
    const blocks = new TieBlocks(new Float64Array(count), new Uint32Array(count + 1), new Uint32Array(count + 1));
    fromTheTop((score, rows, positives) => blocks.add(score, rows, positives));
    blocks.starts[blocks.blocks] = blocks.rows;
    blocks.positivesBefore[blocks.blocks] = blocks.positives;
    return new GroupRanking(blocks.scores, blocks.starts, blocks.positivesBefore);
  }

  private add(score: number, rows: number, positives: number): void {
    if (this.blocks === 0 || score !== this.scores[this.blocks - 1]) {
      this.scores[this.blocks] = score;
      this.starts[this.blocks] = this.rows;
      this.positivesBefore[this.blocks++] = this.positives;
    }
    this.rows += rows;
    this.positives += positives;
  }
}

/** The scores of the positive rows and of the others (of one group), side by side in `scratch` or a new buffer (no per-row allocation). */
function splitByLabel(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  group: { codes: ArrayLike<number>; code: number } | undefined,
  scratch: Float64Array | undefined,
): [Float64Array, Float64Array] {
  const member = group ? (i: number) => group.codes[i] === group.code : () => true;
  let positives = 0;
  let rows = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!member(i)) continue;
    rows++;
    if (labels[i] === 1) positives++;
  }
  const buffer = scratch && scratch.length >= rows ? scratch : new Float64Array(rows);
  const positive = buffer.subarray(0, positives);
  const negative = buffer.subarray(positives, rows);
  for (let i = 0, p = 0, q = 0; i < scores.length; i++) {
    if (!member(i)) continue;
    if (labels[i] === 1) positive[p++] = scores[i]!;
    else negative[q++] = scores[i]!;
  }
  return [positive, negative];
}

/** A binary heap of small integers, the first by `before` on top. */
class MinFirstHeap {
  private readonly items: number[] = [];

  constructor(private readonly before: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): number {
    return this.items[0]!;
  }

  push(item: number): void {
    const { items, before } = this;
    let at = items.push(item) - 1;
    while (at > 0) {
      const parent = (at - 1) >>> 1;
      if (!before(items[at]!, items[parent]!)) break;
      [items[at], items[parent]] = [items[parent]!, items[at]!];
      at = parent;
    }
  }

  pop(): number {
    const { items, before } = this;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length === 0) return top;
    items[0] = last;
    for (let at = 0; ;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let first = at;
      if (left < items.length && before(items[left]!, items[first]!)) first = left;
      if (right < items.length && before(items[right]!, items[first]!)) first = right;
      if (first === at) break;
      [items[at], items[first]] = [items[first]!, items[at]!];
      at = first;
    }
    return top;
  }
}
