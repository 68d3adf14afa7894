import { COARSER_GROUPS, InputError } from '../../engine/errors';

export type FermFairness = 'equal-opportunity' | 'demographic-parity';

/** Which rows define a group's mean: its positives (equal opportunity) or all its rows (demographic parity). */
export function constrainedRows(labels: ArrayLike<number>, fairness: FermFairness): (i: number) => boolean {
  return fairness === 'equal-opportunity' ? (i) => labels[i] === 1 : () => true;
}

/**
 * The groups in a fixed order with the reference first: the group with the most constrained rows
 * (ties by name), so the constraint directions are estimated against the best-measured mean.
 */
export function orderGroups(groups: readonly string[], labels: ArrayLike<number>, fairness: FermFairness, file: string): string[] {
  const counts = new Map<string, number>();
  const included = constrainedRows(labels, fairness);
  for (const g of groups) counts.set(g, counts.get(g) ?? 0);
  groups.forEach((g, i) => {
    if (included(i)) counts.set(g, counts.get(g)! + 1);
  });
  if (counts.size < 2) throw new InputError(`the sensitive column has a single group ("${groups[0] ?? ''}"): FERM needs at least two`, { file });
  for (const [g, count] of counts) {
    if (count === 0) throw new InputError(`group "${g}" has no positive example: equal-opportunity FERM is undefined for it`, { file }, COARSER_GROUPS);
  }
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
}

/**
 * For each non-reference group g: u_g = mean of x over g's constrained rows − the same over the
 * reference group's. Returns an orthonormal basis of span{u_g} (Gram–Schmidt, dependent
 * directions dropped): x̃ = x − Σ ⟨x, e⟩ e then satisfies ⟨w, u_g⟩ = 0 for any w built from x̃.
 */
export function fitFermBasis(
  rows: readonly Float64Array[],
  labels: ArrayLike<number>,
  groups: readonly string[],
  order: readonly string[],
  fairness: FermFairness,
): number[][] {
  const d = rows[0]?.length ?? 0;
  const included = constrainedRows(labels, fairness);
  const means = new Map(order.map((g) => [g, { sum: new Float64Array(d), count: 0 }]));
  rows.forEach((row, i) => {
    if (!included(i)) return;
    const cell = means.get(groups[i]!)!;
    cell.count++;
    row.forEach((v, j) => (cell.sum[j]! += v));
  });
  const mean = (g: string) => {
    const cell = means.get(g)!;
    return cell.sum.map((s) => s / cell.count);
  };
  const reference = mean(order[0]!);
  const basis: number[][] = [];
  for (const g of order.slice(1)) {
    const u = Array.from(mean(g), (v, j) => v - reference[j]!);
    const length = norm(u);
    for (const e of basis) {
      const dot = u.reduce((s, v, j) => s + v * e[j]!, 0);
      u.forEach((_, j) => (u[j]! -= dot * e[j]!));
    }
    const rest = norm(u);
    if (rest > 1e-10 * Math.max(length, 1)) basis.push(u.map((v) => v / rest));
  }
  return basis;
}

export function projectRows(basis: readonly number[][], rows: readonly Float64Array[]): Float64Array[] {
  return rows.map((row) => {
    const out = row.slice();
    for (const e of basis) {
      let dot = 0;
      for (let j = 0; j < out.length; j++) dot += out[j]! * e[j]!;
      for (let j = 0; j < out.length; j++) out[j]! -= dot * e[j]!;
    }
    return out;
  });
}

/** Euclidean length (a loop: a vector has as many entries as encoded features, too many to spread into Math.hypot). */
function norm(u: readonly number[]): number {
  return Math.sqrt(u.reduce((sum, v) => sum + v * v, 0));
}
