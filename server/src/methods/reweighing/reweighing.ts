import { COARSER_GROUPS, InputError } from '../../engine/errors';

/** The fitted weights: P(s)·P(y) / P(s, y) for each (group, label) cell. */
export interface ReweighingWeights {
  cells: { group: string; label: 0 | 1; weight: number }[];
}

const key = (group: string, label: number) => `${group}\u001f${label}`;

/**
 * Kamiran & Calders' reweighing: each (group, label) cell gets P(s)·P(y)/P(s,y), so that under the
 * weights the label is independent of the group (every group has the overall base rate) while
 * each group keeps its total weight.
 */
export function fitReweighing(groups: readonly string[], labels: ArrayLike<number>, file: string): ReweighingWeights {
  const n = groups.length;
  const groupCounts = new Map<string, number>();
  const labelCounts = [0, 0];
  const cellCounts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    const y = labels[i]!;
    groupCounts.set(g, (groupCounts.get(g) ?? 0) + 1);
    labelCounts[y]!++;
    cellCounts.set(key(g, y), (cellCounts.get(key(g, y)) ?? 0) + 1);
  }
  const cells: ReweighingWeights['cells'] = [];
  for (const [g, count] of groupCounts) {
    for (const y of [0, 1]) {
      const joint = cellCounts.get(key(g, y)) ?? 0;
      // A group with only one label cannot be rebalanced: its base rate stays 0 or 1 whatever the weights.
      if (joint === 0)
        throw new InputError(`group "${g}" has no row with label ${y === 1 ? 'positive' : 'negative'}: reweighing cannot balance it`, { file }, COARSER_GROUPS);
      cells.push({ group: g, label: y as 0 | 1, weight: ((count / n) * (labelCounts[y]! / n)) / (joint / n) });
    }
  }
  return { cells };
}

/** Each row's weight, raised to `strength` (0 = unweighted, 1 = full reweighing). */
export function rowWeights(weights: ReweighingWeights, groups: readonly string[], labels: ArrayLike<number>, strength = 1, file = ''): Float64Array {
  const byCell = new Map(weights.cells.map((cell) => [key(cell.group, cell.label), cell.weight]));
  return Float64Array.from(groups, (g, i) => {
    const w = byCell.get(key(g, labels[i]!));
    if (w === undefined) throw new InputError(`group "${g}" was not in the training rows`, { file }, COARSER_GROUPS);
    return w ** strength;
  });
}
