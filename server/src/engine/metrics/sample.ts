/**
 * Per-row values kept for the metrics that are not sums: ROC AUC and calibration need every score
 * with its label, KS and Wasserstein distances every prediction. Counting metrics never use this.
 *
 * While streaming, each cell appends its rows in chunks (no copy when it grows): a float64 value
 * and a label byte, plus the row's 32-bit bootstrap hash only when the audit bootstraps.
 */
export class CellSample {
  private readonly full: Chunk[] = [];
  private chunk: Chunk;
  private used = 0;
  length = 0;

  constructor(readonly withHashes: boolean) {
    this.chunk = newChunk(FIRST_CHUNK, withHashes);
  }

  push(value: number, flag: number, hash: number): void {
    if (this.used === this.chunk.values.length) {
      this.full.push(this.chunk);
      this.chunk = newChunk(Math.min(this.chunk.values.length * 2, LARGEST_CHUNK), this.withHashes);
      this.used = 0;
    }
    this.chunk.values[this.used] = value;
    this.chunk.flags[this.used] = flag;
    if (this.chunk.hashes) this.chunk.hashes[this.used] = hash;
    this.used++;
    this.length++;
  }

  /** The rows in arrival order, as filled parts of the chunks. */
  parts(): Chunk[] {
    const last = this.chunk;
    const tail: Chunk = {
      values: last.values.subarray(0, this.used),
      flags: last.flags.subarray(0, this.used),
      hashes: last.hashes?.subarray(0, this.used),
    };
    return [...this.full, tail];
  }

  /** Frees the values once they are ranked (see sortSample); the sample takes no more rows. */
  releaseValues(): void {
    for (const chunk of this.full) chunk.values = RELEASED;
    this.chunk.values = RELEASED;
    this.used = 0;
  }

  /** Frees everything once the rows are in a SortedSample. */
  release(): void {
    this.full.length = 0;
    this.chunk = newChunk(0, false);
    this.used = 0;
  }

  /** Appends the rows of another cell sample (an accumulator merge). */
  append(other: CellSample): void {
    for (const part of other.parts()) {
      for (let i = 0; i < part.values.length; i++) this.push(part.values[i]!, part.flags[i]!, part.hashes?.[i] ?? 0);
    }
  }
}

const FIRST_CHUNK = 256;
const RELEASED = new Float64Array(0);
const LARGEST_CHUNK = 1 << 16;

interface Chunk {
  values: Float64Array;
  flags: Uint8Array;
  hashes: Uint32Array | undefined;
}

function newChunk(capacity: number, withHashes: boolean): Chunk {
  return {
    values: new Float64Array(capacity),
    flags: new Uint8Array(capacity),
    hashes: withHashes ? new Uint32Array(capacity) : undefined,
  };
}

/**
 * All rows of all cells in one array sorted by value; ties are ordered by cell (in the order
 * given) and then by arrival, which is the order a stable merge of per-cell sorted samples gives.
 * Every group of every grouping is the subsequence of its cells' rows, so one sorted copy serves
 * them all. 10 bytes a row (value, label byte, cell byte when there are at most 256 cells),
 * plus the 4-byte bootstrap hash when bootstrapping.
 */
export interface SortedSample {
  readonly length: number;
  readonly values: Float64Array;
  readonly flags: Uint8Array;
  /** Index of each row's cell in the list the sample was built from. */
  readonly cells: Uint8Array | Uint16Array | Uint32Array;
  readonly hashes: Uint32Array | undefined;
}

/**
 * Consumes the cell samples (they are emptied to free their memory early).
 * Sorts without a comparator callback: each row gets the rank of its value among the distinct
 * values, and a stable counting sort by rank places the rows, visited cell by cell in arrival
 * order.
 */
export function sortSample(cells: readonly CellSample[]): SortedSample {
  const length = cells.reduce((sum, cell) => sum + cell.length, 0);
  const withHashes = cells.some((cell) => cell.withHashes);
  const cellParts = cells.map((cell) => cell.parts());
  const { rank, distinct, buffer } = rankRows(cellParts, length);
  cells.forEach((cell) => cell.releaseValues());

  const next = new Uint32Array(distinct.length + 1);
  for (let i = 0; i < length; i++) next[rank[i]! + 1]!++;
  for (let r = 1; r < next.length; r++) next[r]! += next[r - 1]!;
  // Writes the sorted values from the largest down, so a distinct prefix of the same buffer is
  // read before it is overwritten.
  const values = buffer ?? new Float64Array(length);
  for (let r = distinct.length - 1; r >= 0; r--) values.fill(distinct[r]!, next[r]!, next[r + 1]!);

  const flags = new Uint8Array(length);
  const cellOf = cells.length <= 256 ? new Uint8Array(length) : cells.length <= 65536 ? new Uint16Array(length) : new Uint32Array(length);
  const hashes = withHashes ? new Uint32Array(length) : undefined;
  let at = 0;
  cellParts.forEach((parts, cellIndex) => {
    for (const part of parts) {
      for (let i = 0; i < part.flags.length; i++) {
        const position = next[rank[at++]!]!++;
        flags[position] = part.flags[i]!;
        cellOf[position] = cellIndex;
        if (hashes) hashes[position] = part.hashes![i]!;
      }
    }
  });
  cells.forEach((cell) => cell.release());
  return { length, values, flags, cells: cellOf, hashes };
}

/**
 * The rank of each row's value among the sorted distinct values (rows in cell, then arrival
 * order), freeing the parts' values. Usually few values repeat a lot (rounded scores, predicted
 * labels): a hash table finds the distinct values and only those are sorted. With too many
 * distinct values, all values are sorted natively instead (`buffer` then holds them).
 */
function rankRows(cellParts: Chunk[][], length: number): { rank: Uint32Array; distinct: Float64Array; buffer?: Float64Array } {
  const rank = new Uint32Array(length);
  const table = new DistinctValues(Math.max(1 << 16, length >>> 3));
  let at = 0;
  let fits = true;
  for (const parts of cellParts) {
    for (const part of parts) {
      const bits = new Uint32Array(part.values.buffer, part.values.byteOffset, part.values.length * 2);
      for (let i = 0; i < part.values.length && fits; i++) {
        const id = table.idOf(part.values[i]!, bits[2 * i]!, bits[2 * i + 1]!);
        fits = id >= 0;
        rank[at++] = id;
      }
    }
  }
  if (fits) {
    const byId = table.values();
    const distinct = compactDistinct(byId.slice().sort());
    const ranks = new Ranks(distinct);
    const rankOfId = byId.map((value) => ranks.of(value));
    for (let i = 0; i < length; i++) rank[i] = rankOfId[rank[i]!]!;
    releaseValues(cellParts);
    return { rank, distinct };
  }
  const buffer = new Float64Array(length);
  at = 0;
  for (const parts of cellParts) {
    for (const part of parts) {
      buffer.set(part.values, at);
      at += part.values.length;
    }
  }
  buffer.sort();
  const distinct = compactDistinct(buffer);
  const ranks = new Ranks(distinct);
  at = 0;
  for (const parts of cellParts) {
    for (const part of parts) {
      for (let i = 0; i < part.values.length; i++) rank[at++] = ranks.of(part.values[i]!);
      part.values = RELEASED;
    }
  }
  return { rank, distinct, buffer };
}

function releaseValues(cellParts: Chunk[][]): void {
  for (const parts of cellParts) for (const part of parts) part.values = RELEASED;
}

/** Open-addressing hash set of float values, numbering them in order of first appearance. */
class DistinctValues {
  private slots = new Int32Array(1 << 12);
  private entries = new Float64Array(1 << 11);
  private count = 0;

  constructor(private readonly limit: number) {}

  /** The value's number (its two 32-bit halves hash it), or -1 once there are more than `limit` values. */
  idOf(value: number, low: number, high: number): number {
    let mask = this.slots.length - 1;
    let slot = hashBits(low, high) & mask;
    for (let entry = this.slots[slot]!; entry !== 0; entry = this.slots[slot]!) {
      if (this.entries[entry - 1] === value) return entry - 1;
      slot = (slot + 1) & mask;
    }
    if (this.count >= this.limit) return -1;
    if ((this.count + 1) * 2 > this.slots.length) {
      this.grow();
      mask = this.slots.length - 1;
      slot = hashBits(low, high) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    }
    if (this.count === this.entries.length) {
      const entries = new Float64Array(this.entries.length * 2);
      entries.set(this.entries);
      this.entries = entries;
    }
    this.entries[this.count] = value;
    this.slots[slot] = ++this.count;
    return this.count - 1;
  }

  values(): Float64Array {
    return this.entries.slice(0, this.count);
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const bits = new Uint32Array(this.entries.buffer);
    for (let id = 0; id < this.count; id++) {
      let slot = hashBits(bits[2 * id]!, bits[2 * id + 1]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function hashBits(low: number, high: number): number {
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}

/** Moves the distinct values of a sorted array to its front; returns that prefix (a view). */
function compactDistinct(sorted: Float64Array): Float64Array {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) {
    // -0 and 0 are one value, as everywhere else in the metrics (===).
    if (count === 0 || sorted[i] !== sorted[count - 1]) sorted[count++] = sorted[i]!;
  }
  return sorted.subarray(0, count);
}

/**
 * Index of a value among sorted distinct values. A directory of equal-width slots between the
 * smallest and the largest value narrows the binary search to the few values of one slot, which
 * keeps the lookups in cache for any number of rows.
 */
class Ranks {
  private readonly firstOfSlot: Uint32Array;
  private readonly lowest: number;
  private readonly slotsPerUnit: number;

  constructor(private readonly distinct: Float64Array) {
    const slots = Math.max(1, Math.min(distinct.length, 1 << 20));
    this.lowest = distinct[0] ?? 0;
    const span = (distinct[distinct.length - 1] ?? 0) - this.lowest;
    this.slotsPerUnit = span > 0 && Number.isFinite(span) ? slots / span : 0;
    this.firstOfSlot = new Uint32Array(slots + 1);
    let index = 0;
    for (let slot = 0; slot <= slots; slot++) {
      while (index < distinct.length && this.slotOf(distinct[index]!) < slot) index++;
      this.firstOfSlot[slot] = index;
    }
  }

  of(value: number): number {
    const slot = this.slotOf(value);
    let low = this.firstOfSlot[slot]!;
    let high = Math.min(this.firstOfSlot[slot + 1]!, this.distinct.length - 1);
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.distinct[middle]! < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private slotOf(value: number): number {
    const slot = Math.floor((value - this.lowest) * this.slotsPerUnit);
    return slot >= this.firstOfSlot.length - 1 ? this.firstOfSlot.length - 2 : slot > 0 ? slot : 0;
  }
}
