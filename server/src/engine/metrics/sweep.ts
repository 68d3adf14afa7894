import { CrossingDistances, PairwiseDistances } from './distribution';
import { MetricSet } from './metric-set';
import { SortedSample } from './sample';
import { GroupScores } from './scores';

/** How the cells of a sorted sample fall into the groups of one grouping. */
export interface Partition {
  readonly groups: number;
  /** Group index of each cell (cells as indexed in the sample). */
  readonly groupOfCell: Int32Array;
}

export interface SweepResult {
  /** ROC AUC, Brier score and calibration error of each group, when asked for. */
  scores: MetricSet[] | undefined;
  /** Largest KS and Wasserstein-1 distances between two groups, when asked for. */
  ks: number;
  wasserstein: number;
}

/** The groups of several groupings numbered in one flat range, grouping p's from first[p]. */
interface FlatGroups {
  first: Int32Array;
  count: number;
  /** ofCell[c * partitions + p]: the flat group of cell c in grouping p. */
  ofCell: Int32Array;
}

function flatGroups(partitions: readonly Partition[]): FlatGroups {
  const cellCount = partitions[0]?.groupOfCell.length ?? 0;
  const first = new Int32Array(partitions.length);
  let count = 0;
  partitions.forEach((partition, p) => {
    first[p] = count;
    count += partition.groups;
  });
  const ofCell = new Int32Array(cellCount * partitions.length);
  partitions.forEach((partition, p) => partition.groupOfCell.forEach((g, c) => (ofCell[c * partitions.length + p] = first[p]! + g)));
  return { first, count, ofCell };
}

/** The total weight of each group of a grouping, from the total of each cell. */
function groupTotals(partition: Partition, cellTotals: Float64Array): Float64Array {
  const totals = new Float64Array(partition.groups);
  partition.groupOfCell.forEach((g, c) => (totals[g]! += cellTotals[c]!));
  return totals;
}

function results(
  partitions: readonly Partition[],
  flat: FlatGroups,
  scores: GroupScores | undefined,
  distances: readonly (PairwiseDistances | CrossingDistances)[],
): SweepResult[] {
  return partitions.map((partition, p) => {
    const { ks, wasserstein } = distances[p]?.result() ?? { ks: Number.NaN, wasserstein: Number.NaN };
    const groupScores =
      scores &&
      Array.from({ length: partition.groups }, (_, g) => {
        const out = new MetricSet();
        scores.write(flat.first[p]! + g, out);
        return out;
      });
    return { scores: groupScores, ks, wasserstein };
  });
}

/**
 * The point estimate: one pass over the sorted sample computes, for several groupings at once,
 * the score metrics of every group and the distribution distances between the groups of each
 * grouping. Each row is read once and updates one group per grouping; each group sees its own
 * rows in sorted order, and the floating-point sums are added in the same order as a pass over
 * that group alone.
 */
export function sweepSample(sample: SortedSample, partitions: readonly Partition[], wanted: { scores: boolean; distances: boolean }): SweepResult[] {
  const { values, flags, cells, length } = sample;
  const flat = flatGroups(partitions);
  const partitionCount = partitions.length;
  const cellCount = partitions[0]?.groupOfCell.length ?? 0;
  const scores = wanted.scores ? new GroupScores(flat.count) : undefined;
  let distances: PairwiseDistances[] = [];
  if (wanted.distances) {
    const cellTotals = new Float64Array(cellCount);
    for (let i = 0; i < length; i++) cellTotals[cells[i]!]!++;
    distances = partitions.map((partition, p) => new PairwiseDistances(groupTotals(partition, cellTotals), flat.first[p]!));
  }
  // The groups with rows in the current run of tied values: grouping p's at touched[first[p]], ...
  const touched = new Int32Array(flat.count);
  const touchedCount = new Int32Array(partitionCount);
  const isTouched = new Uint8Array(flat.count);
  const runWeight = new Float64Array(flat.count);
  const runPositives = new Float64Array(flat.count);
  let i = 0;
  while (i < length) {
    const value = values[i]!;
    for (; i < length && values[i] === value; i++) {
      const base = cells[i]! * partitionCount;
      const flag = flags[i]!;
      for (let p = 0; p < partitionCount; p++) {
        const g = flat.ofCell[base + p]!;
        if (isTouched[g] === 0) {
          isTouched[g] = 1;
          touched[flat.first[p]! + touchedCount[p]!++] = g;
        }
        runWeight[g]!++;
        runPositives[g]! += flag;
      }
      scores?.addRow(flat.ofCell, base, partitionCount, value, flag, 1);
    }
    for (let p = 0; p < distances.length; p++) distances[p]!.step(value, touched, flat.first[p]!, touchedCount[p]!, isTouched, runWeight);
    for (let p = 0; p < partitionCount; p++) {
      for (let t = flat.first[p]!; t < flat.first[p]! + touchedCount[p]!; t++) {
        const g = touched[t]!;
        scores?.addRun(g, value, runWeight[g]!, runPositives[g]!, false);
        isTouched[g] = 0;
        runWeight[g] = 0;
        runPositives[g] = 0;
      }
      touchedCount[p] = 0;
    }
  }
  return results(partitions, flat, scores, distances);
}

/**
 * Bootstrap replicates of the same metrics. Which groups have rows at each distinct value does
 * not depend on the weights (rows of weight 0 count), so that structure is built once: the rows
 * of each run of tied values come cell by cell (segments), and each run lists its groups per
 * grouping. A replicate then sums the weights of each segment (a pass over the weights), and
 * works per run and group, with per-run floating-point sums and the crossing method for the
 * distances (equal to the point-estimate computation up to rounding).
 */
export class ReplicateSweep {
  private readonly flat: FlatGroups;
  private readonly runValues: Float64Array;
  /** The segment of each row: its run's rows of one cell. */
  private readonly segmentOfRow: Uint32Array;
  private readonly segmentCell: Int32Array;
  /** Segments runSegmentStart[r] .. runSegmentStart[r + 1] - 1 form run r. */
  private readonly runSegmentStart: Uint32Array;
  /** Groups runGroups[runGroupStart[r * partitions + p]] ... [next start - 1]: grouping p's groups with rows in run r. */
  private readonly runGroupStart: Uint32Array;
  private readonly runGroups: Int32Array;

  constructor(
    private readonly sample: SortedSample,
    private readonly partitions: readonly Partition[],
    private readonly wanted: { scores: boolean; distances: boolean },
  ) {
    const { values, cells, length } = sample;
    this.flat = flatGroups(partitions);
    const partitionCount = partitions.length;
    // Rows are sorted by value, then cell: a new segment starts where either changes.
    let runs = 0;
    let segments = 0;
    for (let i = 0; i < length; i++) {
      if (i === 0 || values[i] !== values[i - 1]) runs++;
      if (i === 0 || values[i] !== values[i - 1] || cells[i] !== cells[i - 1]) segments++;
    }
    this.runValues = new Float64Array(runs);
    this.segmentOfRow = new Uint32Array(length);
    this.segmentCell = new Int32Array(segments);
    this.runSegmentStart = new Uint32Array(runs + 1);
    this.runGroupStart = new Uint32Array(runs * partitionCount + 1);
    const runGroups = new Int32Array(segments * partitionCount);
    const isTouched = new Uint8Array(this.flat.count);
    let run = -1;
    let segment = -1;
    let listed = 0;
    const closeRun = () => {
      // Lists the run's groups grouping by grouping, from the cells of its segments.
      for (let p = 0; p < partitionCount; p++) {
        this.runGroupStart[run * partitionCount + p] = listed;
        for (let s = this.runSegmentStart[run]!; s <= segment; s++) {
          const g = this.flat.ofCell[this.segmentCell[s]! * partitionCount + p]!;
          if (isTouched[g] === 0) {
            isTouched[g] = 1;
            runGroups[listed++] = g;
          }
        }
      }
      for (let t = this.runGroupStart[run * partitionCount]!; t < listed; t++) isTouched[runGroups[t]!] = 0;
    };
    for (let i = 0; i < length; i++) {
      const newRun = i === 0 || values[i] !== values[i - 1];
      if (newRun && run >= 0) closeRun();
      if (newRun) {
        run++;
        this.runValues[run] = values[i]!;
        this.runSegmentStart[run] = segment + 1;
      }
      if (newRun || cells[i] !== cells[i - 1]) this.segmentCell[++segment] = cells[i]!;
      this.segmentOfRow[i] = segment;
    }
    if (run >= 0) closeRun();
    this.runSegmentStart[runs] = segments;
    this.runGroupStart[runs * partitionCount] = listed;
    this.runGroups = runGroups.slice(0, listed);
  }

  /** The results of one replicate, given each sorted row's weight. */
  run(weights: Uint8Array): SweepResult[] {
    const { flat, partitions, segmentOfRow, segmentCell, runSegmentStart, runGroupStart, runGroups, runValues } = this;
    const { flags, length } = this.sample;
    const partitionCount = partitions.length;
    const segments = segmentCell.length;
    const segmentWeight = new Uint32Array(segments);
    const segmentPositives = new Uint32Array(segments);
    for (let i = 0; i < length; i++) {
      segmentWeight[segmentOfRow[i]!]! += weights[i]!;
      segmentPositives[segmentOfRow[i]!]! += weights[i]! * flags[i]!;
    }
    const cellTotals = new Float64Array(partitions[0]?.groupOfCell.length ?? 0);
    for (let s = 0; s < segments; s++) cellTotals[segmentCell[s]!]! += segmentWeight[s]!;
    const scores = this.wanted.scores ? new GroupScores(flat.count) : undefined;
    const distances = this.wanted.distances
      ? partitions.map((partition, p) => new CrossingDistances(groupTotals(partition, cellTotals), flat.first[p]!))
      : [];
    const runWeight = new Float64Array(flat.count);
    const runPositives = new Float64Array(flat.count);
    for (let r = 0; r < runValues.length; r++) {
      const value = runValues[r]!;
      for (let s = runSegmentStart[r]!; s < runSegmentStart[r + 1]!; s++) {
        const base = segmentCell[s]! * partitionCount;
        for (let p = 0; p < partitionCount; p++) {
          const g = flat.ofCell[base + p]!;
          runWeight[g]! += segmentWeight[s]!;
          runPositives[g]! += segmentPositives[s]!;
        }
      }
      for (let p = 0; p < partitionCount; p++) {
        const from = runGroupStart[r * partitionCount + p]!;
        const to = runGroupStart[r * partitionCount + p + 1]!;
        distances[p]?.step(value, runGroups, from, to - from, runWeight);
        for (let t = from; t < to; t++) {
          const g = runGroups[t]!;
          scores?.addRun(g, value, runWeight[g]!, runPositives[g]!, true);
          runWeight[g] = 0;
          runPositives[g] = 0;
        }
      }
    }
    return results(partitions, flat, scores, distances);
  }
}

/** Values at the levels 0, 0.01, ..., 1 of each group's sorted values (the lower empirical quantile). */
export function groupQuantiles(sample: SortedSample, partition: Partition): number[][] {
  const sizes = new Float64Array(partition.groups);
  for (let i = 0; i < sample.length; i++) sizes[partition.groupOfCell[sample.cells[i]!]!]!++;
  const seen = new Float64Array(partition.groups);
  const quantiles: number[][] = Array.from({ length: partition.groups }, () => []);
  for (let i = 0; i < sample.length; i++) {
    const g = partition.groupOfCell[sample.cells[i]!]!;
    const levels = quantiles[g]!;
    // Several levels can fall on the same row in a small group.
    while (levels.length < 101 && Math.floor((levels.length / 100) * (sizes[g]! - 1)) === seen[g]) levels.push(sample.values[i]!);
    seen[g]!++;
  }
  return quantiles;
}
