/**
 * The largest Kolmogorov-Smirnov distance sup_t |F_a(t) - F_b(t)| and the largest Wasserstein-1
 * distance (integral of |F_a - F_b|) between the weighted empirical distributions of any two of
 * several groups, fed with the rows of all groups in increasing value order, one run of tied
 * values at a time. Groups without weight take no part; NaN when fewer than two groups remain.
 *
 * KS: the largest pairwise gap at t is max_g F_g(t) - min_g F_g(t), so one O(groups) look per
 * distinct value gives the maximum over all pairs. Wasserstein: each pair integrates |F_a - F_b|
 * over the segments between the values where either group has rows, updated only at those values,
 * which is the same sum, in the same order, as a merge of the two groups alone.
 */
export class PairwiseDistances {
  private readonly cumulative: Float64Array;
  private readonly fraction: Float64Array;
  /** Per pair (a < b, at a * groups + b): the last value where either group had rows, and the integral so far. */
  private readonly previous: Float64Array;
  private readonly integral: Float64Array;
  /** pair[g * groups + h]: the index of the pair of g and h in either order (no branch in the inner loop). */
  private readonly pair: Int32Array;
  /** The groups with weight, the only ones compared. */
  private readonly present: Int32Array;
  /** Scratch lists of one run: the present groups with rows in it, and the others. */
  private readonly inRun: Int32Array;
  private readonly notInRun: Int32Array;
  private ks = 0;

  /**
   * `totals` holds the weight of each group; the groups are numbered `first`, `first + 1`, ... in
   * the arrays given to `step`, which may hold other groups too (several groupings share them).
   */
  constructor(
    private readonly totals: Float64Array,
    private readonly first = 0,
  ) {
    const groups = totals.length;
    this.cumulative = new Float64Array(groups);
    this.fraction = new Float64Array(groups);
    this.previous = new Float64Array(groups * groups).fill(Number.NaN);
    this.integral = new Float64Array(groups * groups);
    this.pair = new Int32Array(groups * groups);
    for (let g = 0; g < groups; g++) {
      for (let h = 0; h < groups; h++) this.pair[g * groups + h] = Math.min(g, h) * groups + Math.max(g, h);
    }
    this.present = Int32Array.from(Array.from(totals.keys()).filter((g) => totals[g]! > 0));
    this.inRun = new Int32Array(groups);
    this.notInRun = new Int32Array(groups);
  }

  /**
   * The run of rows with value `value`: touched[from], ..., touched[from + count - 1] are this
   * grouping's groups with rows in it (including rows of weight 0), `isTouched` marks them,
   * `runWeight` holds their weight.
   */
  step(value: number, touched: Int32Array, from: number, count: number, isTouched: Uint8Array, runWeight: Float64Array): void {
    const { totals, fraction, previous, integral, pair, present, first, inRun, notInRun } = this;
    const groups = totals.length;
    if (present.length < 2) return;
    let inCount = 0;
    for (let t = from; t < from + count; t++) {
      const g = touched[t]! - first;
      if (totals[g] !== 0) inRun[inCount++] = g;
    }
    let outCount = 0;
    for (let k = 0; k < present.length; k++) {
      const h = present[k]!;
      if (isTouched[first + h] === 0) notInRun[outCount++] = h;
    }
    // Every pair with a group in this run closes a segment here; pairs inside the run once.
    for (let a = 0; a < inCount; a++) {
      const g = inRun[a]!;
      const fractionG = fraction[g]!;
      const row = g * groups;
      for (let k = 0; k < outCount; k++) {
        const h = notInRun[k]!;
        const p = pair[row + h]!;
        const last = previous[p]!;
        if (last === last) integral[p]! += Math.abs(fractionG - fraction[h]!) * (value - last);
        previous[p] = value;
      }
      for (let b = a + 1; b < inCount; b++) {
        const h = inRun[b]!;
        const p = pair[row + h]!;
        const last = previous[p]!;
        if (last === last) integral[p]! += Math.abs(fractionG - fraction[h]!) * (value - last);
        previous[p] = value;
      }
    }
    for (let a = 0; a < inCount; a++) {
      const g = inRun[a]!;
      this.cumulative[g]! += runWeight[first + g]!;
      fraction[g] = this.cumulative[g]! / totals[g]!;
    }
    let highest = -Infinity;
    let lowest = Infinity;
    for (let k = 0; k < present.length; k++) {
      const f = fraction[present[k]!]!;
      if (f > highest) highest = f;
      if (f < lowest) lowest = f;
    }
    if (highest - lowest > this.ks) this.ks = highest - lowest;
  }
  result(): { ks: number; wasserstein: number } {
    const groups = this.totals.length;
    let present = 0;
    let wasserstein = 0;
    for (let a = 0; a < groups; a++) {
      if (this.totals[a] === 0) continue;
      present++;
      for (let b = a + 1; b < groups; b++) {
        if (this.totals[b] !== 0) wasserstein = Math.max(wasserstein, this.integral[a * groups + b]!);
      }
    }
    return present < 2 ? { ks: Number.NaN, wasserstein: Number.NaN } : { ks: this.ks, wasserstein };
  }
}

/**
 * The same distances for bootstrap replicates, in time proportional to the rows plus the number
 * of times two groups' CDFs cross, instead of pairs x distinct values. Between two crossings of
 * groups a and b, F_a - F_b keeps its sign, so the integral of |F_a - F_b| over that stretch is
 * |change of (A_a - A_b)|, with A_g the running integral of F_g (kept per group, updated only
 * when g has rows). The groups are kept sorted by F_g: a crossing is a swap in that order, and
 * KS is the last F minus the first. Exact in real arithmetic; the floating-point sums are
 * grouped differently from PairwiseDistances, so results agree to rounding (about 1e-14).
 */
export class CrossingDistances {
  private readonly cumulative: Float64Array;
  private readonly fraction: Float64Array;
  /** A_g up to lastSeen[g]; F_g has been constant since. */
  private readonly areaBase: Float64Array;
  private readonly lastSeen: Float64Array;
  /** The present groups sorted by F, and each group's place in that order. */
  private readonly order: Int32Array;
  private readonly place: Int32Array;
  /** Per pair (a < b, at a * groups + b): A_a - A_b where the current stretch began, and the integral so far. */
  private readonly stretchStart: Float64Array;
  private readonly integral: Float64Array;
  /** Scratch: the groups with rows in the current run. */
  private readonly moving: Int32Array;
  private ks = 0;
  private lastValue = Number.NaN;

  constructor(
    private readonly totals: Float64Array,
    private readonly first = 0,
  ) {
    const groups = totals.length;
    this.cumulative = new Float64Array(groups);
    this.fraction = new Float64Array(groups);
    this.areaBase = new Float64Array(groups);
    this.lastSeen = new Float64Array(groups).fill(-Infinity);
    this.order = Int32Array.from(Array.from(totals.keys()).filter((g) => totals[g]! > 0));
    this.place = new Int32Array(groups).fill(-1);
    this.order.forEach((g, i) => (this.place[g] = i));
    this.moving = new Int32Array(groups);
    this.stretchStart = new Float64Array(groups * groups);
    this.integral = new Float64Array(groups * groups);
  }

  /** As PairwiseDistances.step (groups touched[from], ... have rows at `value`), without the marks. */
  step(value: number, touched: Int32Array, from: number, count: number, runWeight: Float64Array): void {
    const { totals, order, place, fraction, first } = this;
    if (order.length < 2) return;
    this.lastValue = value;
    const { moving } = this;
    let movingCount = 0;
    for (let t = from; t < from + count; t++) {
      const g = touched[t]! - first;
      if (totals[g] === 0) continue;
      this.areaBase[g] = this.area(g, value);
      this.lastSeen[g] = value;
      this.cumulative[g]! += runWeight[first + g]!;
      fraction[g] = this.cumulative[g]! / totals[g]!;
      // Kept sorted by place, highest first.
      let at = movingCount++;
      for (; at > 0 && place[moving[at - 1]!]! < place[g]!; at--) moving[at] = moving[at - 1]!;
      moving[at] = g;
    }
    // F only grows, so a group with rows here can only move up the order; moving the highest
    // first, each one moves up through groups that are already in order (an insertion sort).
    for (let m = 0; m < movingCount; m++) {
      const g = moving[m]!;
      for (let at = place[g]!; at + 1 < order.length && fraction[order[at + 1]!]! < fraction[g]!; at++) {
        const h = order[at + 1]!;
        this.closeStretch(g, h, value);
        order[at] = h;
        order[at + 1] = g;
        place[h] = at;
        place[g] = at + 1;
      }
    }
    const gap = fraction[order[order.length - 1]!]! - fraction[order[0]!]!;
    if (gap > this.ks) this.ks = gap;
  }

  result(): { ks: number; wasserstein: number } {
    const { order } = this;
    if (order.length < 2) return { ks: Number.NaN, wasserstein: Number.NaN };
    let wasserstein = 0;
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        if (!Number.isNaN(this.lastValue)) this.closeStretch(order[i]!, order[j]!, this.lastValue);
        const a = Math.min(order[i]!, order[j]!);
        const b = Math.max(order[i]!, order[j]!);
        wasserstein = Math.max(wasserstein, this.integral[a * this.totals.length + b]!);
      }
    }
    return { ks: this.ks, wasserstein };
  }

  /** A_g at `value`: F_g has been constant since lastSeen[g] (and is 0 before the group's first row). */
  private area(g: number, value: number): number {
    const f = this.fraction[g]!;
    return f === 0 ? this.areaBase[g]! : this.areaBase[g]! + f * (value - this.lastSeen[g]!);
  }

  private closeStretch(g: number, h: number, value: number): void {
    const a = Math.min(g, h);
    const b = Math.max(g, h);
    const pair = a * this.totals.length + b;
    const difference = this.area(a, value) - this.area(b, value);
    this.integral[pair]! += Math.abs(difference - this.stretchStart[pair]!);
    this.stretchStart[pair] = difference;
  }
}
