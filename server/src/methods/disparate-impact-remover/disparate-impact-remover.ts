import { InputError } from '../../engine/errors';

/** One repaired feature (a column of the design matrix) and its shared median quantile function. */
export interface RepairedFeature {
  index: number;
  /** Value of each rank bucket after full repair: the median of the groups' values at that bucket. */
  targets: number[];
}

export interface DisparateImpactRemover {
  groups: string[];
  features: RepairedFeature[];
}

/** The bucket (of `buckets`) a rank falls in, among `count` ranks. */
const bucketOf = (rank: number, count: number, buckets: number) => Math.min(buckets - 1, Math.floor((rank * buckets) / count));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Feldman et al.'s repair: ranks are cut into as many quantile buckets as the smallest group has
 * rows; at full repair every row takes the median, over groups, of the groups' values at its
 * bucket, so every group ends with the same distribution of values.
 */
export function fitDisparateImpactRemover(rows: readonly Float64Array[], groups: readonly string[], featureIndices: readonly number[], file: string): DisparateImpactRemover {
  const names = [...new Set(groups)].sort();
  if (names.length < 2) throw new InputError('the disparate impact remover needs at least two groups', { file });
  return {
    groups: names,
    features: featureIndices.map((index) => {
      const byGroup: Record<string, number[]> = Object.fromEntries(names.map((g) => [g, [] as number[]]));
      rows.forEach((row, i) => byGroup[groups[i]!]!.push(row[index]!));
      for (const g of names) byGroup[g]!.sort((a, b) => a - b);
      const buckets = Math.min(...names.map((g) => byGroup[g]!.length));
      // A group's value at a bucket: its order statistic at the bucket's middle rank.
      const targets = Array.from({ length: buckets }, (_, b) =>
        median(names.map((g) => byGroup[g]![Math.min(byGroup[g]!.length - 1, Math.floor(((b + 0.5) * byGroup[g]!.length) / buckets))]!)),
      );
      return { index, targets };
    }),
  };
}

/**
 * Repairs rows: each value's rank within its group's training values picks its bucket, and the
 * value moves `level` of the way to that bucket's target (level 0 leaves the data unchanged).
 * Ties in the rows being repaired are ranked in row order.
 */
export function repairRows(remover: DisparateImpactRemover, rows: readonly Float64Array[], groups: readonly string[], level: number, file: string): Float64Array[] {
  const out = rows.map((row) => Float64Array.from(row));
  for (const feature of remover.features) {
    const buckets = feature.targets.length;
    for (const g of new Set(groups)) {
      if (!remover.groups.includes(g)) throw new InputError(`group "${g}" was not in the training rows`, { file });
      const members = groups.flatMap((h, i) => (h === g ? [i] : []));
      // Rank of each row among its group's rows being repaired, as a fraction, mapped to a bucket.
      members.sort((a, b) => rows[a]![feature.index]! - rows[b]![feature.index]! || a - b);
      members.forEach((i, rank) => {
        const target = feature.targets[bucketOf(rank, members.length, buckets)]!;
        out[i]![feature.index] = (1 - level) * rows[i]![feature.index]! + level * target;
      });
    }
  }
  return out;
}
