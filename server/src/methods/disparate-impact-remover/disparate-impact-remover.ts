import { InputError } from '../../engine/errors';
import { extentOf } from '../../../../common/extent';

/** A group's training values of one feature: the distinct values, ascending, and how many rows have each. */
export interface GroupDistribution {
  values: number[];
  counts: number[];
}

/** One repaired feature (a column of the design matrix): the groups' training distributions and the shared median quantile function. */
export interface RepairedFeature {
  index: number;
  /** Per group, its training distribution of the feature (saved in model.json: repairs need nothing else). */
  distributions: Record<string, GroupDistribution>;
  /** Value of each quantile bucket after full repair: the median of the groups' values at that bucket. */
  targets: number[];
}

export interface DisparateImpactRemover {
  groups: string[];
  features: RepairedFeature[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function distributionOf(sorted: number[]): GroupDistribution {
  const values: number[] = [];
  const counts: number[] = [];
  for (const x of sorted) {
    if (values.at(-1) === x) counts[counts.length - 1]!++;
    else {
      values.push(x);
      counts.push(1);
    }
  }
  return { values, counts };
}

/**
 * Feldman et al.'s repair, fitted on the training rows: quantiles are cut into as many buckets
 * as the smallest group has rows; at full repair a value takes the median, over groups, of the
 * groups' training values at its bucket, so every group ends with (nearly) the same distribution.
 */
export function fitDisparateImpactRemover(
  rows: readonly Float64Array[],
  groups: readonly string[],
  featureIndices: readonly number[],
  file: string,
): DisparateImpactRemover {
  const names = [...new Set(groups)].sort();
  if (names.length < 2) throw new InputError('the disparate impact remover needs at least two groups', { file });
  return {
    groups: names,
    features: featureIndices.map((index) => {
      const byGroup: Record<string, number[]> = Object.fromEntries(names.map((g) => [g, [] as number[]]));
      rows.forEach((row, i) => byGroup[groups[i]!]!.push(row[index]!));
      for (const g of names) byGroup[g]!.sort((a, b) => a - b);
      const [buckets] = extentOf(names.map((g) => byGroup[g]!.length));
      // A group's value at a bucket: its order statistic at the bucket's middle rank.
      const targets = Array.from({ length: buckets }, (_, b) =>
        median(names.map((g) => byGroup[g]![Math.min(byGroup[g]!.length - 1, Math.floor(((b + 0.5) * byGroup[g]!.length) / buckets))]!)),
      );
      return { index, distributions: Object.fromEntries(names.map((g) => [g, distributionOf(byGroup[g]!)])), targets };
    }),
  };
}

/**
 * The quantile of x in a group's training distribution, at the middle of its ties: (rows below
 * x + half the rows equal to x) / rows. Equal values get equal quantiles, whatever else is repaired.
 */
function midQuantile(distribution: GroupDistribution, cumulative: Float64Array, x: number): number {
  const { values, counts } = distribution;
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  const equal = values[lo] === x ? counts[lo]! : 0;
  return (cumulative[lo]! + equal / 2) / cumulative[values.length]!;
}

/**
 * Repairs rows, each on its own: a value's mid-quantile in its group's training distribution
 * picks its bucket, and the value moves `level` of the way to that bucket's target (level 0 leaves
 * the data unchanged). A row's repair depends on that row and the fitted remover only.
 */
export function repairRows(
  remover: DisparateImpactRemover,
  rows: readonly Float64Array[],
  groups: readonly string[],
  level: number,
  file: string,
): Float64Array[] {
  const out = rows.map((row) => Float64Array.from(row));
  for (const feature of remover.features) {
    const buckets = feature.targets.length;
    const cumulative = new Map(
      Object.entries(feature.distributions).map(([g, d]) => {
        const sums = new Float64Array(d.counts.length + 1);
        d.counts.forEach((c, i) => (sums[i + 1] = sums[i]! + c));
        return [g, sums];
      }),
    );
    rows.forEach((row, i) => {
      const distribution = Object.hasOwn(feature.distributions, groups[i]!) ? feature.distributions[groups[i]!] : undefined;
      if (!distribution) throw new InputError(`group "${groups[i]}" was not in the training rows`, { file });
      const x = row[feature.index]!;
      const bucket = Math.min(buckets - 1, Math.floor(midQuantile(distribution, cumulative.get(groups[i]!)!, x) * buckets));
      out[i]![feature.index] = (1 - level) * x + level * feature.targets[bucket]!;
    });
  }
  return out;
}
