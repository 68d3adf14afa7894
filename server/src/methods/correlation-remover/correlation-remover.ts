import { Matrix, solve } from 'ml-matrix';
import { InputError } from '../../engine/errors';

/** The fitted remover, as saved in model.json. */
export interface CorrelationRemover {
  /** Sorted training groups; the last one is the baseline (its indicator is implied by the others). */
  groups: string[];
  /** Training mean of each non-baseline group's indicator. */
  indicatorMeans: number[];
  /** Least-squares coefficients: coefficients[g][j] of indicator g in feature j. */
  coefficients: number[][];
}

function centredIndicators(remover: Pick<CorrelationRemover, 'groups'>, groups: readonly string[], means: readonly number[], file: string): Matrix {
  const index = new Map(remover.groups.map((g, i) => [g, i]));
  const columns = remover.groups.length - 1;
  const s = new Matrix(groups.length, columns);
  groups.forEach((g, i) => {
    const at = index.get(g);
    if (at === undefined) throw new InputError(`group "${g}" was not in the training rows`, { file });
    for (let c = 0; c < columns; c++) s.set(i, c, (at === c ? 1 : 0) - means[c]!);
  });
  return s;
}

/**
 * Fits the regression of every feature on the centred group indicators (least squares with an
 * intercept, which centring makes implicit): the residuals are then exactly uncorrelated with them.
 */
export function fitCorrelationRemover(rows: readonly Float64Array[], groups: readonly string[], file: string): CorrelationRemover {
  const names = [...new Set(groups)].sort();
  if (names.length < 2) throw new InputError('the correlation remover needs at least two groups', { file });
  const columns = names.length - 1;
  const counts = new Array<number>(columns).fill(0);
  const index = new Map(names.map((g, i) => [g, i]));
  for (const g of groups) {
    const at = index.get(g)!;
    if (at < columns) counts[at]!++;
  }
  const indicatorMeans = counts.map((c) => c / groups.length);
  const s = centredIndicators({ groups: names }, groups, indicatorMeans, file);
  const x = new Matrix(rows.map((row) => Array.from(row)));
  // Normal equations: SᵀS β = SᵀX (S has full column rank when every group has rows).
  const beta = solve(s.transpose().mmul(s), s.transpose().mmul(x));
  return { groups: names, indicatorMeans, coefficients: beta.to2DArray() };
}

/** Residual blend: α·(x − (s − s̄)β) + (1 − α)·x, i.e. x − α·(s − s̄)β. */
export function removeCorrelation(
  remover: CorrelationRemover,
  rows: readonly Float64Array[],
  groups: readonly string[],
  alpha: number,
  file: string,
): Float64Array[] {
  const index = new Map(remover.groups.map((g, i) => [g, i]));
  const columns = remover.groups.length - 1;
  // (s − s̄)β depends only on the row's group: one shift per group, scaled by α.
  const shifts = remover.groups.map((_, at) =>
    Float64Array.from({ length: remover.coefficients[0]?.length ?? 0 }, (_, j) => {
      let fitted = 0;
      for (let c = 0; c < columns; c++) fitted += ((at === c ? 1 : 0) - remover.indicatorMeans[c]!) * remover.coefficients[c]![j]!;
      return alpha * fitted;
    }),
  );
  return rows.map((row, i) => {
    const at = index.get(groups[i]!);
    if (at === undefined) throw new InputError(`group "${groups[i]}" was not in the training rows`, { file });
    const shift = shifts[at]!;
    return row.map((value, j) => value - shift[j]!);
  });
}
