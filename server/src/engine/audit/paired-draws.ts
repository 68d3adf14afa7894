import { drawnSegments } from './evaluate';
import type { AuditStatistics } from './statistics';
import type { CellVectors, ReplicateDraws } from './vectors';
import { KeyedUniforms, mixNumber, mixWord, PoissonDraws, replicateSeed } from '../metrics/poisson';
import type { ValueSegments } from '../metrics/sample';

/** One decision's view of the rows: its statistics and, per row, what it was built from. */
export interface DecisionRows {
  statistics: AuditStatistics;
  /** Each row's cell index in `statistics.cells`. */
  cellOfRow: (row: number) => number;
  /** Classification: each row's label and prediction (0 or 1); regression: undefined. */
  labels?: ArrayLike<number>;
  predictions?: ArrayLike<number>;
  /** A randomized classification instead of `predictions`: each row's probability of a positive prediction. */
  probability?: (row: number) => number;
  /** The value each row's segment holds (classification score, regression prediction), if any. */
  values?: ArrayLike<number>;
  targets?: ArrayLike<number>;
}

/**
 * Paired Poisson bootstrap draws of two decisions on the same rows (before and after a
 * mitigation): every row falls in one stratum per combination of what either decision's draws
 * are keyed by (its cell, class, predicted class or probability, and value segment), each stratum
 * of n rows gets a Poisson(n) multiplicity per replicate from a generator seeded by (seed,
 * replicate, hash of the stratum's keys), and both decisions' replicate statistics are the sums of
 * the same multiplicities. A replicate thus resamples the same rows for both, whatever order they came in.
 */
export function pairedDraws(first: DecisionRows, second: DecisionRows, rows: number, seed: number, maxBins: number): [ReplicateDraws, ReplicateDraws] {
  const [a, b] = stratifiedDraws([first, second], rows, seed, maxBins);
  return [a!, b!];
}

/**
 * The Poisson bootstrap draws of one randomized decision (`probability`): its rows fall in strata
 * of one cell, class, probability and value segment, so a stratum's multiplicity m adds m·p to its
 * predicted positives and m·(1 − p) to its negatives, as a weight on each row would.
 */
export function expectedDraws(decision: DecisionRows, rows: number, seed: number, maxBins: number): ReplicateDraws {
  return stratifiedDraws([decision], rows, seed, maxBins)[0]!;
}

/** Rows stratified by the combination of every decision's local key, each stratum drawn once per replicate for all of them. */
function stratifiedDraws(decisions: DecisionRows[], rows: number, seed: number, maxBins: number): ReplicateDraws[] {
  const sides = decisions.map((decision) => sideOfRows(decision, rows, maxBins));
  const last = sides.length - 1;
  // a tree of maps, one level per decision, from the row's local keys to its stratum
  const strata = new Map<number, unknown>();
  const hashes: number[] = [];
  const counts: number[] = [];
  const members: number[][] = sides.map(() => []);
  for (let i = 0; i < rows; i++) {
    let level = strata;
    for (let s = 0; s < last; s++) {
      const local = sides[s]!.localOf(i);
      let inner = level.get(local) as Map<number, unknown> | undefined;
      if (!inner) level.set(local, (inner = new Map()));
      level = inner;
    }
    const local = sides[last]!.localOf(i);
    let stratum = level.get(local) as number | undefined;
    if (stratum === undefined) {
      level.set(local, (stratum = counts.length));
      counts.push(0);
      // keyed in order from a salt: mixWord(a, b) alone is the same for every a === b (a ^ b = 0),
      // so every stratum where before and after agree drew the same uniforms, and their
      // multiplicities moved together (the threshold's accuracy change: [−0.183, −0.002] for −0.018)
      hashes.push(sides.reduce((hash, side) => mixWord(hash, side.keyOf(i)), PAIR_SALT));
      sides.forEach((side, s) => members[s]!.push(side.localOf(i)));
    }
    counts[stratum]!++;
  }
  const multiplicities = new StratumDraws(Float64Array.from(counts), Uint32Array.from(hashes), seed);
  return sides.map((side, s) => side.draws(Int32Array.from(members[s]!), multiplicities));
}

/** The start of a stratum's or a side's key hash: any constant, so the keys it mixes in order never cancel (a ^ a = 0). */
const PAIR_SALT = 0x9e3779b9;

/** Each stratum's Poisson multiplicity in one replicate. */
class StratumDraws {
  private readonly draws: PoissonDraws;
  private readonly uniforms = new KeyedUniforms();
  private readonly multiplicities: Float64Array;

  constructor(
    counts: Float64Array,
    private readonly hashes: Uint32Array,
    private readonly seed: number,
  ) {
    this.draws = new PoissonDraws(counts);
    this.multiplicities = new Float64Array(counts.length);
  }

  draw(replicate: number): Float64Array {
    for (let k = 0; k < this.hashes.length; k++) {
      this.uniforms.reset(replicateSeed(this.seed, replicate, this.hashes[k]!));
      this.multiplicities[k] = this.draws.draw(k, this.uniforms);
    }
    return this.multiplicities;
  }
}

/**
 * The local key of a row for one decision: outcome slot (cell, class, and predicted class or, for a
 * randomized decision, probability) and drawn segment.
 */
function sideOfRows(decision: DecisionRows, rows: number, maxBins: number) {
  const { statistics, probability } = decision;
  const exact = statistics.segments();
  const binOfRun = exact ? new Uint32Array(exact.runValues.length) : undefined;
  const drawn = drawnSegments(statistics, maxBins, binOfRun);
  const classification = statistics.layout.task === 'classification';
  const slots = classification ? statistics.labelSlots * statistics.predictionSlots : 0;
  // a randomized decision's distinct probabilities, indexed: a stratum holds rows of one probability
  const probabilities: number[] = [];
  const probabilityIndex = new Map<number, number>();
  if (probability) {
    for (let i = 0; i < rows; i++) {
      const p = probability(i);
      if (!probabilityIndex.has(p)) probabilityIndex.set(p, probabilities.push(p) - 1);
    }
  }
  // outcome keys per cell: (class, predicted class), or (class, probability)
  const outcomeKeys = probability ? statistics.labelSlots * probabilities.length : slots;
  const cellHashes = statistics.cells.map((c) => c.hash);
  const classHashes = statistics.classHashes();
  const segmentOf = (i: number, cell: number, label: number) =>
    exact && drawn && decision.values ? findSegment(exact, drawn, binOfRun!, decision.values[i]!, cell, label, decision.targets?.[i] ?? Number.NaN) : -1;
  const segmentCount = (drawn?.length ?? 0) + 1;
  // Computed when asked, not held per row: memory stays with the strata, not the rows.
  const rowOf = (i: number) => {
    const cell = decision.cellOfRow(i);
    const label = classification && decision.labels![i] === 1 ? 1 : 0;
    const outcome = probability
      ? label * probabilities.length + probabilityIndex.get(probability(i))!
      : label * statistics.predictionSlots + (classification && decision.predictions![i] === 1 ? 1 : 0);
    return { cell, label, outcome, slot: classification ? cell * outcomeKeys + outcome : cell, segment: segmentOf(i, cell, label) };
  };
  // the cell and class, then the predicted class's hash or the probability's bits
  const slotKey = (cell: number, label: number, outcome: number) => {
    const cellClass = mixWord(cellHashes[cell]!, classHashes[label]!);
    if (!classification) return mixWord(cellClass, 0);
    return probability
      ? mixNumber(cellClass, probabilities[outcome % probabilities.length]!)
      : mixWord(cellClass, classHashes[outcome % statistics.predictionSlots]!);
  };
  return {
    // slot index (cell · outcome keys + outcome key) · (segments + 1) + segment + 1
    localOf: (i: number) => {
      const { slot, segment } = rowOf(i);
      return slot * segmentCount + segment + 1;
    },
    // asked once per stratum, for the stratum's first row; keyed in order from a salt, as the
    // strata are: a randomized decision's slot key mixes (cell, class, p) as its segment's key
    // mixes (cell, class, score), so with its chances as scores mixWord(slot, segment) was
    // mixWord(k, k), one constant for every stratum, and all strata drew the same multiplicity
    // quantile (grid search's demographic parity interval 20× too narrow, accuracy's 2× too wide)
    keyOf: (i: number) => {
      const { cell, label, outcome, segment } = rowOf(i);
      return mixWord(mixWord(PAIR_SALT, slotKey(cell, label, outcome)), segment >= 0 ? drawn!.keyHashes[segment]! : 0);
    },
    draws: (members: Int32Array, multiplicities: StratumDraws): ReplicateDraws => ({
      drawn,
      draw(replicate) {
        const m = multiplicities.draw(replicate);
        const cells = statistics.cells.length;
        const vectors: CellVectors | undefined = classification
          ? { width: slots, values: new Float64Array(cells * slots), squares: undefined, rows: new Float64Array(cells) }
          : undefined;
        const segmentWeights = drawn && new Float64Array(drawn.length);
        for (let k = 0; k < members.length; k++) {
          if (m[k] === 0) continue;
          const slot = Math.floor(members[k]! / segmentCount);
          const segment = (members[k]! % segmentCount) - 1;
          if (vectors) {
            const cell = Math.floor(slot / outcomeKeys);
            const outcome = slot % outcomeKeys;
            vectors.rows[cell]! += m[k]!;
            if (probability) {
              // the stratum's rows share one probability p: m of them add m·p positives and m·(1 − p) negatives
              const p = probabilities[outcome % probabilities.length]!;
              const at = cell * slots + Math.floor(outcome / probabilities.length) * statistics.predictionSlots;
              vectors.values[at + 1]! += m[k]! * p;
              vectors.values[at]! += m[k]! * (1 - p);
            } else vectors.values[cell * slots + outcome]! += m[k]!;
          }
          if (segmentWeights && segment >= 0) segmentWeights[segment]! += m[k]!;
        }
        return { vectors, segmentWeights };
      },
    }),
  };
}

/** The drawn segment holding a row's (value, cell, class, target), or -1 (a value without a segment, e.g. NaN). */
function findSegment(exact: ValueSegments, drawn: ValueSegments, binOfRun: Uint32Array, value: number, cell: number, label: number, target: number): number {
  const runs = exact.runValues;
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (runs[middle]! < value) low = middle + 1;
    else high = middle - 1;
  }
  if (low >= runs.length || runs[low] !== value) return -1;
  const bin = binOfRun[low]!;
  for (let s = drawn.runStart[bin]!; s < drawn.runStart[bin + 1]!; s++) {
    if (drawn.cells[s] !== cell || drawn.labels[s] !== label) continue;
    if (drawn.targets && !Object.is(drawn.targets[s], target)) continue;
    return s;
  }
  return -1;
}
