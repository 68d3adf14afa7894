import { CrossingDistances, PairwiseDistances } from './distribution';
import { MetricSet } from './metric-set';
import { ValueSegments } from './sample';
import { GroupScores } from './scores';

/** How the cells of the segments fall into the groups of one grouping. */
export interface Partition {
  readonly groups: number;
  /** Group index of each cell (cells as indexed in the segments); -1 leaves the cell out. */
  readonly groupOfCell: Int32Array;
}

export interface SweepResult {
  /** ROC AUC, Brier score and calibration error of each group, when asked for. */
  scores: MetricSet[] | undefined;
  /** Largest KS and Wasserstein-1 distances between two groups, when asked for. */
  ks: number;
  wasserstein: number;
}

export interface SweepWanted {
  scores: boolean;
  distances: boolean;
  /**
   * Pairwise merges for the distances (each pair's sum in the order of a merge of the two groups
   * alone: the point estimate) rather than the crossing method (cheaper, equal to rounding: the
   * bootstrap replicates).
   */
  exactDistances: boolean;
}

/** The groups of several groupings numbered in one flat range, grouping p's from first[p]. */
interface FlatGroups {
  first: Int32Array;
  count: number;
  /** ofCell[c * partitions + p]: the flat group of cell c in grouping p, or -1. */
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
  partitions.forEach((partition, p) => partition.groupOfCell.forEach((g, c) => (ofCell[c * partitions.length + p] = g < 0 ? -1 : first[p]! + g)));
  return { first, count, ofCell };
}

/**
 * One pass over the segments in value order computes, for several groupings at once, the score
 * metrics of every group and the distribution distances between the groups of each grouping,
 * with each segment's weight taken from `weights` (the point estimate: the segments' own weights;
 * a bootstrap replicate: its drawn weights).
 */
export function sweepSegments(segments: ValueSegments, partitions: readonly Partition[], wanted: SweepWanted, weights: Float64Array): SweepResult[] {
  const { runValues, runStart, cells, labels } = segments;
  const flat = flatGroups(partitions);
  const partitionCount = partitions.length;
  const totals = new Float64Array(flat.count);
  for (let s = 0; s < segments.length; s++) {
    const base = cells[s]! * partitionCount;
    for (let p = 0; p < partitionCount; p++) {
      const g = flat.ofCell[base + p]!;
      if (g >= 0) totals[g]! += weights[s]!;
    }
  }
  const scores = wanted.scores ? new GroupScores(flat.count) : undefined;
  const groupTotals = (p: number) => totals.subarray(flat.first[p]!, flat.first[p]! + partitions[p]!.groups);
  const pairwise = wanted.distances && wanted.exactDistances ? partitions.map((_, p) => new PairwiseDistances(groupTotals(p), flat.first[p]!)) : [];
  const crossing = wanted.distances && !wanted.exactDistances ? partitions.map((_, p) => new CrossingDistances(groupTotals(p), flat.first[p]!)) : [];
  // The groups with segments in the current run: grouping p's at touched[first[p]], ...
  const touched = new Int32Array(flat.count);
  const touchedCount = new Int32Array(partitionCount);
  const isTouched = new Uint8Array(flat.count);
  const runWeight = new Float64Array(flat.count);
  const runPositives = new Float64Array(flat.count);
  for (let r = 0; r < runValues.length; r++) {
    const value = runValues[r]!;
    for (let s = runStart[r]!; s < runStart[r + 1]!; s++) {
      const base = cells[s]! * partitionCount;
      const w = weights[s]!;
      const positive = labels[s] === 1 ? w : 0;
      for (let p = 0; p < partitionCount; p++) {
        const g = flat.ofCell[base + p]!;
        if (g < 0) continue;
        if (isTouched[g] === 0) {
          isTouched[g] = 1;
          touched[flat.first[p]! + touchedCount[p]!++] = g;
        }
        runWeight[g]! += w;
        runPositives[g]! += positive;
      }
    }
    for (let p = 0; p < pairwise.length; p++) pairwise[p]!.step(value, touched, flat.first[p]!, touchedCount[p]!, isTouched, runWeight);
    for (let p = 0; p < crossing.length; p++) crossing[p]!.step(value, touched, flat.first[p]!, touchedCount[p]!, runWeight);
    for (let p = 0; p < partitionCount; p++) {
      for (let t = flat.first[p]!; t < flat.first[p]! + touchedCount[p]!; t++) {
        const g = touched[t]!;
        scores?.addRun(g, value, runWeight[g]!, runPositives[g]!);
        isTouched[g] = 0;
        runWeight[g] = 0;
        runPositives[g] = 0;
      }
      touchedCount[p] = 0;
    }
  }
  const distances = pairwise.length > 0 ? pairwise : crossing;
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
 * Values at the levels 0, 0.01, ..., 1 of each group's distribution: without weights the lower
 * empirical quantile (the sorted row at index floor(level · (n - 1))), with weights the smallest
 * value whose cumulative weight share reaches the level.
 */
export function groupQuantiles(segments: ValueSegments, partition: Partition): number[][] {
  const weighted = segments.weights !== segments.counts;
  const mass = weighted ? segments.weights : segments.counts;
  const sizes = new Float64Array(partition.groups);
  for (let s = 0; s < segments.length; s++) {
    const g = partition.groupOfCell[segments.cells[s]!]!;
    if (g >= 0) sizes[g]! += mass[s]!;
  }
  const seen = new Float64Array(partition.groups);
  const quantiles: number[][] = Array.from({ length: partition.groups }, () => []);
  for (let r = 0; r < segments.runValues.length; r++) {
    const value = segments.runValues[r]!;
    for (let s = segments.runStart[r]!; s < segments.runStart[r + 1]!; s++) {
      const g = partition.groupOfCell[segments.cells[s]!]!;
      if (g < 0 || mass[s] === 0) continue;
      const levels = quantiles[g]!;
      seen[g]! += mass[s]!;
      // Several levels can fall on the same value.
      if (weighted) {
        while (levels.length < 101 && (levels.length / 100) * sizes[g]! <= seen[g]! * (1 + 1e-12)) levels.push(value);
      } else {
        while (levels.length < 101 && Math.floor((levels.length / 100) * (sizes[g]! - 1)) < seen[g]!) levels.push(value);
      }
    }
  }
  return quantiles;
}
