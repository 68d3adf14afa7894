/**
 * Per-row values kept for the metrics that are not sums: ROC AUC and calibration need every score
 * with its label, KS and Wasserstein distances every prediction. One float, one flag byte and one
 * 32-bit bootstrap hash per row; counting metrics never use this.
 */
export class RowSample {
  values: Float64Array;
  /** 1 when the row's label is positive (classification); unused (0) for regression. */
  flags: Uint8Array;
  /** The row's bootstrap hash (see bootstrap.ts), so replicates can regenerate its weights. */
  hashes: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.values = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.hashes = new Uint32Array(capacity);
  }

  push(value: number, flag: number, hash: number): void {
    if (this.length === this.values.length) this.grow(this.length * 2);
    this.values[this.length] = value;
    this.flags[this.length] = flag;
    this.hashes[this.length] = hash;
    this.length++;
  }

  /** Sorts the rows by value in place (ties keep their order). */
  sortByValue(): void {
    const order = new Uint32Array(this.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const values = this.values;
    order.sort((a, b) => values[a]! - values[b]! || a - b);
    const sorted = new RowSample(Math.max(this.length, 1));
    for (let i = 0; i < order.length; i++) sorted.copyRow(this, order[i]!);
    this.values = sorted.values;
    this.flags = sorted.flags;
    this.hashes = sorted.hashes;
  }

  /**
   * A new sample holding the rows of parts that are each sorted by value, itself sorted: merged
   * pairwise, O(n log k) for k parts, so each row is sorted once however many groupings use it.
   */
  static mergeSorted(parts: readonly RowSample[]): RowSample {
    // A single part is shared, not copied: samples are read-only once sorted.
    let level = parts.length > 0 ? [...parts] : [new RowSample(1)];
    while (level.length > 1) {
      const next: RowSample[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? mergeTwo(level[i]!, level[i + 1]!) : level[i]!);
      level = next;
    }
    return level[0]!;
  }

  copyRow(source: RowSample, index: number): void {
    this.push(source.values[index]!, source.flags[index]!, source.hashes[index]!);
  }

  private grow(capacity: number): void {
    const values = new Float64Array(capacity);
    values.set(this.values);
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    const hashes = new Uint32Array(capacity);
    hashes.set(this.hashes);
    this.values = values;
    this.flags = flags;
    this.hashes = hashes;
  }
}

function mergeTwo(a: RowSample, b: RowSample): RowSample {
  const merged = new RowSample(Math.max(a.length + b.length, 1));
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (b.values[j]! < a.values[i]!) merged.copyRow(b, j++);
    else merged.copyRow(a, i++);
  }
  while (i < a.length) merged.copyRow(a, i++);
  while (j < b.length) merged.copyRow(b, j++);
  return merged;
}

/** Per-row weights of a sample: all 1 for the point estimate, Poisson(1) in a bootstrap replicate. */
export type Weights = Float64Array | undefined;

export function weightAt(weights: Weights, i: number): number {
  return weights === undefined ? 1 : weights[i]!;
}
