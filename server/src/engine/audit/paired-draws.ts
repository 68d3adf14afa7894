import { drawnSegments } from './evaluate';
import type { AuditStatistics } from './statistics';
import type { CellVectors, ReplicateDraws } from './vectors';
import { KeyedUniforms, mixWord, PoissonDraws, replicateSeed } from '../metrics/poisson';
import type { ValueSegments } from '../metrics/sample';

/** One decision's view of the rows: its statistics and, per row, what it was built from. */
export interface DecisionRows {
  statistics: AuditStatistics;
  /** Each row's cell index in `statistics.cells`. */
  cellOfRow: (row: number) => number;
  /** Classification: each row's label and prediction (0 or 1); regression: undefined. */
  labels?: ArrayLike<number>;
  predictions?: ArrayLike<number>;
  /** The value each row's segment holds (classification score, regression prediction), if any. */
  values?: ArrayLike<number>;
  targets?: ArrayLike<number>;
}

/**
 * Paired Poisson bootstrap draws of two decisions on the same rows (before and after a
 * mitigation): every row falls in one stratum per combination of what either decision's draws
 * are keyed by (its cell, class, predicted class and value segment), each stratum of n rows gets a
 * Poisson(n) multiplicity per replicate from a generator seeded by (seed, replicate, hash of the
 * stratum's keys), and both decisions' replicate statistics are the sums of the same
 * multiplicities. A replicate thus resamples the same rows for both, whatever order they came in.
 */
export function pairedDraws(first: DecisionRows, second: DecisionRows, rows: number, seed: number, maxBins: number): [ReplicateDraws, ReplicateDraws] {
  const sides = [first, second].map((decision) => sideOfRows(decision, rows, maxBins));
  const strata = new Map<number, Map<number, number>>();
  const hashes: number[] = [];
  const counts: number[] = [];
  const members: number[][] = [[], []];
  for (let i = 0; i < rows; i++) {
    const [a, b] = [sides[0]!.localOf(i), sides[1]!.localOf(i)];
    let inner = strata.get(a);
    if (!inner) strata.set(a, (inner = new Map()));
    let stratum = inner.get(b);
    if (stratum === undefined) {
      inner.set(b, (stratum = counts.length));
      counts.push(0);
      // keyed in order from a salt: mixWord(a, b) alone is the same for every a === b (a ^ b = 0),
      // so every stratum where before and after agree drew the same uniforms, and their
      // multiplicities moved together (the threshold's accuracy change: [−0.183, −0.002] for −0.018)
      hashes.push(mixWord(mixWord(PAIR_SALT, sides[0]!.keyOf(i)), sides[1]!.keyOf(i)));
      members[0]!.push(a);
      members[1]!.push(b);
    }
    counts[stratum]!++;
  }
  const multiplicities = new StratumDraws(Float64Array.from(counts), Uint32Array.from(hashes), seed);
  return sides.map((side, s) => side.draws(Int32Array.from(members[s]!), multiplicities)) as [ReplicateDraws, ReplicateDraws];
}

/** The start of a stratum's key hash: any constant, so the first side's key is mixed before the second's. */
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

/** The local key of a row for one decision: outcome slot (cell, class, predicted class) and drawn segment. */
function sideOfRows(decision: DecisionRows, rows: number, maxBins: number) {
  const { statistics } = decision;
  const exact = statistics.segments();
  const binOfRun = exact ? new Uint32Array(exact.runValues.length) : undefined;
  const drawn = drawnSegments(statistics, maxBins, binOfRun);
  const classification = statistics.layout.task === 'classification';
  const slots = classification ? statistics.labelSlots * statistics.predictionSlots : 0;
  const cellHashes = statistics.cells.map((c) => c.hash);
  const classHashes = statistics.classHashes();
  const segmentOf = (i: number, cell: number, label: number) =>
    exact && drawn && decision.values ? findSegment(exact, drawn, binOfRun!, decision.values[i]!, cell, label, decision.targets?.[i] ?? Number.NaN) : -1;
  const segmentCount = (drawn?.length ?? 0) + 1;
  // Computed when asked, not held per row: memory stays with the strata, not the rows.
  const rowOf = (i: number) => {
    const cell = decision.cellOfRow(i);
    const label = classification && decision.labels![i] === 1 ? 1 : 0;
    const predicted = classification && decision.predictions![i] === 1 ? 1 : 0;
    return {
      cell,
      label,
      predicted,
      slot: classification ? cell * slots + label * statistics.predictionSlots + predicted : cell,
      segment: segmentOf(i, cell, label),
    };
  };
  return {
    // slot index (cell · slots + class · predictionSlots + predicted) · (segments + 1) + segment + 1
    localOf: (i: number) => {
      const { slot, segment } = rowOf(i);
      return slot * segmentCount + segment + 1;
    },
    // asked once per stratum, for the stratum's first row
    keyOf: (i: number) => {
      const { cell, label, predicted, segment } = rowOf(i);
      const slotKey = mixWord(mixWord(cellHashes[cell]!, classHashes[label]!), classification ? classHashes[predicted]! : 0);
      return mixWord(slotKey, segment >= 0 ? drawn!.keyHashes[segment]! : 0);
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
            vectors.values[slot]! += m[k]!;
            vectors.rows[Math.floor(slot / slots)]! += m[k]!;
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
