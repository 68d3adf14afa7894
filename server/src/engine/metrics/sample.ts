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

  /** A new sample holding the rows of all parts, sorted by value (ties keep part order). */
  static sortedUnion(parts: readonly RowSample[]): RowSample {
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    const union = new RowSample(Math.max(total, 1));
    for (const part of parts) {
      union.values.set(part.values.subarray(0, part.length), union.length);
      union.flags.set(part.flags.subarray(0, part.length), union.length);
      union.hashes.set(part.hashes.subarray(0, part.length), union.length);
      union.length += part.length;
    }
    union.sortByValue();
    return union;
  }

  private sortByValue(): void {
    const order = new Uint32Array(this.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const values = this.values;
    order.sort((a, b) => values[a]! - values[b]! || a - b);
    const sortedValues = new Float64Array(this.length);
    const sortedFlags = new Uint8Array(this.length);
    const sortedHashes = new Uint32Array(this.length);
    for (let i = 0; i < order.length; i++) {
      const from = order[i]!;
      sortedValues[i] = values[from]!;
      sortedFlags[i] = this.flags[from]!;
      sortedHashes[i] = this.hashes[from]!;
    }
    this.values = sortedValues;
    this.flags = sortedFlags;
    this.hashes = sortedHashes;
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

/** Per-row weights of a sample: all 1 for the point estimate, Poisson(1) in a bootstrap replicate. */
export type Weights = Float64Array | undefined;

export function weightAt(weights: Weights, i: number): number {
  return weights === undefined ? 1 : weights[i]!;
}
