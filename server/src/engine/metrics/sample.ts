import { hashStrings, mixNumber, mixWord } from './poisson';

/**
 * Per-value statistics kept for the metrics that are not sums: ROC AUC and calibration need every
 * score with its label, KS and Wasserstein distances every score or prediction, and a regression's
 * error sums the (prediction, target) pairs. Counting metrics never use this.
 *
 * While streaming, each cell appends value records in chunks (no copy when it grows): a float64
 * value and a class byte (9 bytes a CSV row), plus the target in regression and the weight with
 * `--weight`; record counts and squared-weight sums only once a record of several rows arrives
 * (aggregated statistics from a database).
 */
export class CellSample {
  private readonly full: Chunk[] = [];
  private chunk: Chunk;
  private used = 0;
  /** Records held (a CSV row is one record). */
  length = 0;
  private aggregated = false;

  constructor(
    readonly withTargets: boolean,
    readonly withWeights: boolean,
  ) {
    this.chunk = newChunk(FIRST_CHUNK, withTargets, withWeights, false);
  }

  /** One row: its value, class (1 = positive), target (regression) and weight. */
  push(value: number, label: number, target: number, weight: number): void {
    this.pushRecord(value, label, target, 1, weight, weight * weight);
  }

  pushRecord(value: number, label: number, target: number, count: number, weight: number, weightSquared: number): void {
    if (!this.aggregated && (count !== 1 || weightSquared !== weight * weight)) this.startAggregated();
    if (this.used === this.chunk.values.length) {
      this.full.push(this.chunk);
      this.chunk = newChunk(Math.min(this.chunk.values.length * 2, LARGEST_CHUNK), this.withTargets, this.withWeights, this.aggregated);
      this.used = 0;
    }
    const at = this.used++;
    const chunk = this.chunk;
    chunk.values[at] = value;
    chunk.labels[at] = label;
    if (chunk.targets) chunk.targets[at] = target;
    if (chunk.weights) chunk.weights[at] = weight;
    if (chunk.counts) {
      chunk.counts[at] = count;
      chunk.weightsSquared![at] = weightSquared;
    }
    this.length++;
  }

  /** The records in arrival order, as filled parts of the chunks. */
  parts(): Chunk[] {
    const last = this.chunk;
    const end = this.used;
    const tail: Chunk = {
      values: last.values.subarray(0, end),
      labels: last.labels.subarray(0, end),
      targets: last.targets?.subarray(0, end),
      weights: last.weights?.subarray(0, end),
      counts: last.counts?.subarray(0, end),
      weightsSquared: last.weightsSquared?.subarray(0, end),
    };
    return [...this.full, tail];
  }

  /** Appends the records of another cell sample (a merge of statistics). */
  append(other: CellSample): void {
    for (const part of other.parts()) {
      for (let i = 0; i < part.values.length; i++) {
        const weight = part.weights?.[i] ?? 1;
        this.pushRecord(
          part.values[i]!,
          part.labels[i]!,
          part.targets?.[i] ?? Number.NaN,
          part.counts?.[i] ?? 1,
          weight,
          part.weightsSquared?.[i] ?? weight * weight,
        );
      }
    }
  }

  /** Frees everything once the records are in ValueSegments. */
  release(): void {
    this.full.length = 0;
    this.chunk = newChunk(0, false, false, false);
    this.used = 0;
  }

  /** Counts and squared weights become explicit columns (earlier records: one row each). */
  private startAggregated(): void {
    this.aggregated = true;
    for (const chunk of [...this.full, this.chunk]) {
      chunk.counts = new Float64Array(chunk.values.length).fill(1);
      chunk.weightsSquared = chunk.weights ? chunk.weights.map((w) => w * w) : new Float64Array(chunk.values.length).fill(1);
    }
  }
}

const FIRST_CHUNK = 16;
const LARGEST_CHUNK = 1 << 16;

export interface Chunk {
  values: Float64Array;
  labels: Uint8Array;
  targets: Float64Array | undefined;
  weights: Float64Array | undefined;
  counts: Float64Array | undefined;
  weightsSquared: Float64Array | undefined;
}

function newChunk(capacity: number, withTargets: boolean, withWeights: boolean, aggregated: boolean): Chunk {
  return {
    values: new Float64Array(capacity),
    labels: new Uint8Array(capacity),
    targets: withTargets ? new Float64Array(capacity) : undefined,
    weights: withWeights ? new Float64Array(capacity) : undefined,
    counts: aggregated ? new Float64Array(capacity) : undefined,
    weightsSquared: aggregated ? new Float64Array(capacity) : undefined,
  };
}

/**
 * Every value record of every cell, combined per key (value, cell, class, target) and sorted by
 * value, then cell, then class, then target: the form a SQL `GROUP BY` would return, whatever order
 * the rows came in. Runs of equal values are listed (`runValues`, `runStart`), and each segment has
 * the hash of its key for the bootstrap draws. Without weights, `weights` and `weightsSquared` are
 * the `counts` array itself.
 */
export interface ValueSegments {
  readonly length: number;
  readonly runValues: Float64Array;
  /** Segments runStart[r] .. runStart[r + 1] - 1 have the value runValues[r]. */
  readonly runStart: Uint32Array;
  /** Index of each segment's cell in the list the segments were built from. */
  readonly cells: Uint32Array;
  readonly labels: Uint8Array;
  readonly targets: Float64Array | undefined;
  readonly counts: Float64Array;
  readonly weights: Float64Array;
  readonly weightsSquared: Float64Array;
  readonly keyHashes: Uint32Array;
}

/**
 * Combines and sorts the records of the cells (they are emptied to free their memory).
 * `cellKeys` gives each cell's group values, hashed into the segments' keys; `labelHashes` the
 * hash of each class (by name, so the keys do not depend on class numbering).
 * Sorts without a comparator callback: each record gets the rank of its value among the distinct
 * values, a counting sort by rank places them, and each run of one value is combined per
 * (cell, class, target).
 */
export function segmentSample(cells: readonly CellSample[], cellKeys: readonly (readonly string[])[], labelHashes: readonly number[]): ValueSegments {
  const length = cells.reduce((sum, cell) => sum + cell.length, 0);
  const cellParts = cells.map((cell) => cell.parts());
  const withTargets = cells.some((cell) => cell.withTargets);
  const withWeights = cells.some((cell) => cell.withWeights);
  const withCounts = cellParts.some((parts) => parts.some((part) => part.counts !== undefined));
  const { rank, distinct } = rankRecords(cellParts.flat(), length);

  // Counting sort by rank: the records of each value, cell by cell, in arrival order.
  const { next, runBounds } = rankStarts(rank, distinct.length);
  const placed: PlacedRecords = {
    runBounds,
    cellOf: cellIndices(cells.length, length),
    labelOf: new Uint8Array(length),
    targetOf: withTargets ? new Float64Array(length) : undefined,
    countOf: withCounts ? new Float64Array(length) : undefined,
    weightOf: withWeights ? new Float64Array(length) : undefined,
    weightSquaredOf: withCounts && withWeights ? new Float64Array(length) : undefined,
  };
  const { cellOf, labelOf, targetOf, countOf, weightOf, weightSquaredOf } = placed;
  let at = 0;
  cellParts.forEach((parts, cellIndex) => {
    for (const part of parts) {
      for (let i = 0; i < part.labels.length; i++) {
        const position = next[rank[at++]!]!++;
        cellOf[position] = cellIndex;
        labelOf[position] = part.labels[i]!;
        if (targetOf) targetOf[position] = part.targets?.[i] ?? Number.NaN;
        if (countOf) countOf[position] = part.counts?.[i] ?? 1;
        if (weightOf) weightOf[position] = part.weights?.[i] ?? 1;
        if (weightSquaredOf) weightSquaredOf[position] = part.weightsSquared?.[i] ?? (part.weights?.[i] ?? 1) ** 2;
      }
    }
  });
  cells.forEach((cell) => cell.release());
  return combineRuns(placed, distinct, cellKeys, labelHashes);
}

/**
 * The segments of binary-labelled, unweighted scores held as columns (one record a row), without
 * copying them into cell samples first; the same segments as `segmentSample` of the rows pushed
 * cell by cell. `cellOfCode` maps each row's group code to its cell's index in `cellKeys`.
 */
export function segmentColumns(
  scores: Float64Array,
  labels: ArrayLike<number>,
  codes: ArrayLike<number>,
  cellOfCode: ArrayLike<number>,
  cellKeys: readonly (readonly string[])[],
  labelHashes: readonly number[],
): ValueSegments {
  const columns = { scores, labels, codes, cellOfCode, cellKeys, labelHashes };
  return countedSegments(columns) ?? placedSegments(columns);
}

/** segmentColumns' arguments. */
interface ScoreColumns {
  scores: Float64Array;
  labels: ArrayLike<number>;
  codes: ArrayLike<number>;
  cellOfCode: ArrayLike<number>;
  cellKeys: readonly (readonly string[])[];
  labelHashes: readonly number[];
}

/**
 * segmentColumns by counting the records of each (value, cell, class) in a table, when it is
 * small: at most one entry a record (four bytes a row, the size of the rank array alone of
 * placedSegments, which also places each record's cell and class). The segments are the table's
 * nonzero counts in value, cell and class order, as combineRuns makes them. Undefined when there
 * are too many distinct values for the table.
 */
function countedSegments({ scores, labels, codes, cellOfCode, cellKeys, labelHashes }: ScoreColumns): ValueSegments | undefined {
  const length = scores.length;
  const width = 2 * cellKeys.length;
  const values = new DistinctValues(Math.floor(Math.max(1 << 16, length) / Math.max(1, width)));
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, length * 2);
  // Twice over the values: to number them (in order of first appearance), then to count into a
  // table of the size that takes, counts[id · width + cell · 2 + class].
  for (let i = 0; i < length; i++) if (values.idOf(scores[i]!, bits[2 * i]!, bits[2 * i + 1]!) < 0) return undefined;
  const counts = new Uint32Array(values.size * width);
  for (let i = 0; i < length; i++) {
    const id = values.idOf(scores[i]!, bits[2 * i]!, bits[2 * i + 1]!);
    counts[id * width + 2 * cellOfCode[codes[i]!]! + (labels[i] === 1 ? 1 : 0)]!++;
  }
  const byId = values.values();
  const distinct = compactDistinct(byId.slice().sort());
  const ranks = new Ranks(distinct);
  // Each rank's ids, chained (values that are === share a rank: 0 and -0)
  const firstId = new Int32Array(distinct.length).fill(-1);
  const nextId = new Int32Array(byId.length);
  for (let id = byId.length - 1; id >= 0; id--) {
    const r = ranks.of(byId[id]!);
    nextId[id] = firstId[r]!;
    firstId[r] = id;
  }
  const countAt = (r: number, slot: number) => {
    let n = 0;
    for (let id = firstId[r]!; id >= 0; id = nextId[id]!) n += counts[id * width + slot]!;
    return n;
  };
  let segments = 0;
  for (let r = 0; r < distinct.length; r++) for (let slot = 0; slot < width; slot++) if (countAt(r, slot) > 0) segments++;
  const builder = new SegmentBuilder(length, false, false, segments);
  for (let r = 0; r < distinct.length; r++) {
    builder.startRun(distinct[r]!);
    for (let slot = 0; slot < width; slot++) {
      const n = countAt(r, slot);
      if (n > 0) builder.add(slot >>> 1, slot & 1, Number.NaN, n, n, n);
    }
  }
  return builder.finish(cellKeys.map(hashStrings), labelHashes);
}

/** segmentColumns by placing every record in value order (ranked), then combining each run (combineRuns). */
function placedSegments({ scores, labels, codes, cellOfCode, cellKeys, labelHashes }: ScoreColumns): ValueSegments {
  const length = scores.length;
  const { rank, distinct } = rankRecords([{ values: scores }], length);
  const { next, runBounds } = rankStarts(rank, distinct.length);
  const cellOf = cellIndices(cellKeys.length, length);
  const labelOf = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const position = next[rank[i]!]!++;
    cellOf[position] = cellOfCode[codes[i]!]!;
    labelOf[position] = labels[i] === 1 ? 1 : 0;
  }
  return combineRuns({ runBounds, cellOf, labelOf }, distinct, cellKeys, labelHashes);
}

/** The records placed in value order: run r is runBounds[r] .. runBounds[r + 1] - 1. */
interface PlacedRecords {
  runBounds: Uint32Array;
  cellOf: Uint8Array | Uint16Array | Uint32Array;
  labelOf: Uint8Array;
  targetOf?: Float64Array | undefined;
  countOf?: Float64Array | undefined;
  weightOf?: Float64Array | undefined;
  weightSquaredOf?: Float64Array | undefined;
}

/** Where each rank's records start in value order (`next`, advanced while placing) and the runs' bounds. */
function rankStarts(rank: Uint32Array, distinct: number): { next: Uint32Array; runBounds: Uint32Array } {
  const next = new Uint32Array(distinct + 1);
  for (let i = 0; i < rank.length; i++) next[rank[i]! + 1]!++;
  for (let r = 1; r < next.length; r++) next[r]! += next[r - 1]!;
  return { next, runBounds: next.slice() };
}

/** The narrowest array that holds a cell index per record. */
function cellIndices(cells: number, length: number): Uint8Array | Uint16Array | Uint32Array {
  return cells <= 0x100 ? new Uint8Array(length) : cells <= 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
}

/** Combines each run of one value per (cell, class, target), in that order. */
function combineRuns(placed: PlacedRecords, distinct: Float64Array, cellKeys: readonly (readonly string[])[], labelHashes: readonly number[]): ValueSegments {
  const { runBounds, cellOf, labelOf, targetOf, countOf, weightOf, weightSquaredOf } = placed;
  const builder = new SegmentBuilder(labelOf.length, weightOf !== undefined, targetOf !== undefined, segmentCount(placed, distinct.length));
  const cellHashes = cellKeys.map(hashStrings);
  const order: number[] = [];
  for (let r = 0; r < distinct.length; r++) {
    const from = runBounds[r]!;
    const to = runBounds[r + 1]!;
    builder.startRun(distinct[r]!);
    order.length = 0;
    for (let i = from; i < to; i++) order.push(i);
    // Usually one or a few records; within a run, combine by (cell, class, target).
    if (order.length > 1) {
      order.sort((a, b) => cellOf[a]! - cellOf[b]! || labelOf[a]! - labelOf[b]! || (targetOf ? compareNumbers(targetOf[a]!, targetOf[b]!) : 0));
    }
    for (const i of order) {
      const weight = weightOf ? weightOf[i]! : (countOf?.[i] ?? 1);
      builder.add(
        cellOf[i]!,
        labelOf[i]!,
        targetOf ? targetOf[i]! : Number.NaN,
        countOf ? countOf[i]! : 1,
        weight,
        weightSquaredOf ? weightSquaredOf[i]! : weightOf ? weight * weight : weight,
      );
    }
  }
  return builder.finish(cellHashes, labelHashes);
}

/**
 * The segments combineRuns makes when the records have no targets: the distinct (cell, class)
 * pairs of each run. Counted first, the segment arrays are allocated once (segmenting 2M scores
 * held about 10 MB more while they doubled and were copied to size). Undefined with targets, or
 * with too many (cell, class) pairs for the table that marks them.
 */
function segmentCount(placed: PlacedRecords, runs: number): number | undefined {
  const { runBounds, cellOf, labelOf } = placed;
  if (placed.targetOf) return undefined;
  let cells = 0;
  let labels = 0;
  for (let i = 0; i < cellOf.length; i++) {
    if (cellOf[i]! >= cells) cells = cellOf[i]! + 1;
    if (labelOf[i]! >= labels) labels = labelOf[i]! + 1;
  }
  if (cells * labels > MARKED_PAIRS) return undefined;
  // the run in which each pair was last seen
  const seenIn = new Int32Array(cells * labels).fill(-1);
  let count = 0;
  for (let r = 0; r < runs; r++) {
    for (let i = runBounds[r]!; i < runBounds[r + 1]!; i++) {
      const pair = cellOf[i]! * labels + labelOf[i]!;
      if (seenIn[pair] === r) continue;
      seenIn[pair] = r;
      count++;
    }
  }
  return count;
}

const MARKED_PAIRS = 1 << 20;

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Segments held before the builder's arrays first grow (they double up to the number of records). */
const FIRST_SEGMENTS = 1 << 16;

/**
 * Grows the segment arrays while the sorted records are combined: records of one key combine, so
 * there are usually far fewer segments than records, and the arrays double as needed.
 */
class SegmentBuilder {
  private runValues: number[] = [];
  private runStart: number[] = [];
  private cells: Uint32Array;
  private labels: Uint8Array;
  private targets: Float64Array | undefined;
  private counts: Float64Array;
  private weights: Float64Array | undefined;
  private weightsSquared: Float64Array | undefined;
  private length = 0;

  constructor(
    /** The most segments there can be (the records). */
    private readonly most: number,
    private readonly withWeights: boolean,
    withTargets: boolean,
    /** The segments there will be, when counted first. */
    exactly?: number,
  ) {
    const capacity = exactly ?? Math.min(most, FIRST_SEGMENTS);
    this.cells = new Uint32Array(capacity);
    this.labels = new Uint8Array(capacity);
    if (withTargets) this.targets = new Float64Array(capacity);
    this.counts = new Float64Array(capacity);
    if (withWeights) {
      this.weights = new Float64Array(capacity);
      this.weightsSquared = new Float64Array(capacity);
    }
  }

  startRun(value: number): void {
    this.runValues.push(value);
    this.runStart.push(this.length);
  }

  /** A record; `target` is NaN unless the builder was made with targets. */
  add(cell: number, label: number, target: number, count: number, weight: number, weightSquared: number): void {
    const last = this.length - 1;
    const lastTarget = this.targets ? this.targets[last]! : Number.NaN;
    const sameKey =
      last >= this.runStart[this.runStart.length - 1]! &&
      this.cells[last] === cell &&
      this.labels[last] === label &&
      (lastTarget === target || (Number.isNaN(target) && Number.isNaN(lastTarget)));
    if (sameKey) {
      this.counts[last]! += count;
      if (this.weights) {
        this.weights[last]! += weight;
        this.weightsSquared![last]! += weightSquared;
      }
      return;
    }
    if (this.length === this.cells.length) this.grow();
    const at = this.length++;
    this.cells[at] = cell;
    this.labels[at] = label;
    if (this.targets) this.targets[at] = target;
    this.counts[at] = count;
    if (this.weights) {
      this.weights[at] = weight;
      this.weightsSquared![at] = weightSquared;
    }
  }

  finish(cellHashes: readonly number[], labelHashes: readonly number[]): ValueSegments {
    const n = this.length;
    const runValues = Float64Array.from(this.runValues);
    const runStart = Uint32Array.from([...this.runStart, n]);
    const targets = this.targets && this.targets.subarray(0, n).some((t) => !Number.isNaN(t)) ? this.targets : undefined;
    const counts = exactly(this.counts, n);
    const keyHashes = new Uint32Array(n);
    for (let r = 0; r < runValues.length; r++) {
      for (let s = runStart[r]!; s < runStart[r + 1]!; s++) {
        let hash = mixWord(cellHashes[this.cells[s]!]!, labelHashes[this.labels[s]!] ?? this.labels[s]!);
        hash = mixNumber(hash, runValues[r]!);
        if (targets) hash = mixNumber(hash, targets[s]!);
        keyHashes[s] = hash;
      }
    }
    return {
      length: n,
      runValues,
      runStart,
      cells: exactly(this.cells, n),
      labels: exactly(this.labels, n),
      targets: targets ? exactly(targets, n) : undefined,
      counts,
      weights: this.withWeights ? exactly(this.weights!, n) : counts,
      weightsSquared: this.withWeights ? exactly(this.weightsSquared!, n) : counts,
      keyHashes,
    };
  }

  private grow(): void {
    const capacity = Math.min(this.most, this.cells.length * 2);
    this.cells = grown(this.cells, new Uint32Array(capacity));
    this.labels = grown(this.labels, new Uint8Array(capacity));
    if (this.targets) this.targets = grown(this.targets, new Float64Array(capacity));
    this.counts = grown(this.counts, new Float64Array(capacity));
    if (this.weights) {
      this.weights = grown(this.weights, new Float64Array(capacity));
      this.weightsSquared = grown(this.weightsSquared!, new Float64Array(capacity));
    }
  }
}

function grown<T extends Uint32Array | Uint8Array | Float64Array>(array: T, larger: T): T {
  larger.set(array);
  return larger;
}

/** The first n values: the array itself when it holds exactly n, else a copy. */
function exactly<T extends Uint32Array | Uint8Array | Float64Array>(array: T, n: number): T {
  return (array.length === n ? array : array.slice(0, n)) as T;
}

/**
 * The rank of each record's value among the sorted distinct values (records in the parts'
 * order), then the parts drop their values (a cell sample's copy is freed; a column wrapped in a
 * part is not touched). Usually few values repeat a lot (rounded scores,
 * predicted labels): a hash table finds the distinct values and only those are sorted. With too
 * many distinct values, all values are sorted natively instead.
 */
function rankRecords(parts: { values: Float64Array }[], length: number): { rank: Uint32Array; distinct: Float64Array } {
  const rank = new Uint32Array(length);
  const table = new DistinctValues(Math.max(1 << 16, length >>> 3));
  let at = 0;
  let fits = true;
  for (const part of parts) {
    const bits = new Uint32Array(part.values.buffer, part.values.byteOffset, part.values.length * 2);
    for (let i = 0; i < part.values.length && fits; i++) {
      const id = table.idOf(part.values[i]!, bits[2 * i]!, bits[2 * i + 1]!);
      fits = id >= 0;
      rank[at++] = id;
    }
  }
  let distinct: Float64Array;
  if (fits) {
    const byId = table.values();
    distinct = compactDistinct(byId.slice().sort());
    const ranks = new Ranks(distinct);
    const rankOfId = byId.map((value) => ranks.of(value));
    for (let i = 0; i < length; i++) rank[i] = rankOfId[rank[i]!]!;
  } else {
    const buffer = new Float64Array(length);
    at = 0;
    for (const part of parts) {
      buffer.set(part.values, at);
      at += part.values.length;
    }
    buffer.sort();
    distinct = compactDistinct(buffer).slice();
    const ranks = new Ranks(distinct);
    at = 0;
    for (const part of parts) for (let i = 0; i < part.values.length; i++) rank[at++] = ranks.of(part.values[i]!);
  }
  for (const part of parts) part.values = RELEASED;
  return { rank, distinct };
}

const RELEASED = new Float64Array(0);

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

  /** The values numbered so far. */
  get size(): number {
    return this.count;
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

/**
 * Pooled quantile bins of the segments for cheap bootstrap replicates: at most `maxBins` runs of
 * consecutive distinct values (a value is never split; a bin never straddles a multiple of 0.1,
 * the calibration bins' edges), each cell-and-class's records of a bin combined into one segment
 * at the bin's pooled weighted mean value. Returns the segments themselves when they have at most
 * `maxBins` distinct values. `binOfRun`, when given (one entry per run of `segments`), receives
 * the bin of each run.
 */
export function coarsenSegments(
  segments: ValueSegments,
  maxBins: number,
  cellHashes: readonly number[],
  labelHashes: readonly number[],
  binOfRun?: Uint32Array,
): ValueSegments {
  const runs = segments.runValues.length;
  if (runs <= maxBins) {
    binOfRun?.forEach((_, r) => (binOfRun[r] = r));
    return segments;
  }
  let total = 0;
  for (let s = 0; s < segments.length; s++) total += segments.counts[s]!;
  const target = total / maxBins;
  const builder = new SegmentBuilder(segments.length, segments.weights !== segments.counts, false);
  const calibrationEdge = (v: number) => Math.floor(v * 10);
  let r = 0;
  const binKey: number[] = [];
  // Per bin: combine per (cell, class) with a small map, then emit sorted by cell and class.
  const sums = new Map<number, { cell: number; label: number; count: number; weight: number; weightSquared: number }>();
  while (r < runs) {
    const first = r;
    let mass = 0;
    let weightedValue = 0;
    let weight = 0;
    sums.clear();
    do {
      for (let s = segments.runStart[r]!; s < segments.runStart[r + 1]!; s++) {
        const key = segments.cells[s]! * 256 + segments.labels[s]!;
        const entry = sums.get(key) ?? { cell: segments.cells[s]!, label: segments.labels[s]!, count: 0, weight: 0, weightSquared: 0 };
        entry.count += segments.counts[s]!;
        entry.weight += segments.weights[s]!;
        entry.weightSquared += segments.weightsSquared[s]!;
        sums.set(key, entry);
        mass += segments.counts[s]!;
        weight += segments.weights[s]!;
        weightedValue += segments.weights[s]! * segments.runValues[r]!;
      }
      if (binOfRun) binOfRun[r] = binKey.length;
      r++;
    } while (r < runs && mass < target && calibrationEdge(segments.runValues[r]!) === calibrationEdge(segments.runValues[first]!));
    const value = weight > 0 ? weightedValue / weight : segments.runValues[first]!;
    builder.startRun(value);
    binKey.push(segments.runValues[first]!);
    for (const entry of [...sums.values()].sort((a, b) => a.cell - b.cell || a.label - b.label)) {
      builder.add(entry.cell, entry.label, Number.NaN, entry.count, entry.weight, entry.weightSquared);
    }
  }
  const coarse = builder.finish(cellHashes, labelHashes);
  // Key of a bin segment: its cell, class and the bin's first distinct value (not the mean, which
  // sums in record order).
  for (let b = 0; b < coarse.runValues.length; b++) {
    for (let s = coarse.runStart[b]!; s < coarse.runStart[b + 1]!; s++) {
      coarse.keyHashes[s] = mixNumber(mixWord(cellHashes[coarse.cells[s]!]!, labelHashes[coarse.labels[s]!] ?? coarse.labels[s]!), binKey[b]!);
    }
  }
  return coarse;
}
