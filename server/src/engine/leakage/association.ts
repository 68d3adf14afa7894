/**
 * Association measures between a column and a sensitive attribute, from their contingency table.
 * Rows where either code is negative (missing) are left out.
 */

/** Cross-tabulation of two code arrays: counts[a * columns + b], with marginals. */
export interface Contingency {
  counts: Float64Array;
  rows: number;
  columns: number;
  rowTotals: Float64Array;
  columnTotals: Float64Array;
  n: number;
}

export function crossTabulate(a: Int32Array, aCategories: number, b: Int32Array, bCategories: number): Contingency {
  const counts = new Float64Array(aCategories * bCategories);
  const rowTotals = new Float64Array(aCategories);
  const columnTotals = new Float64Array(bCategories);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < 0 || y < 0) continue;
    counts[x * bCategories + y]!++;
    rowTotals[x]!++;
    columnTotals[y]!++;
    n++;
  }
  return { counts, rows: aCategories, columns: bCategories, rowTotals, columnTotals, n };
}

export interface CramersV {
  /** Bergsma's (2013) bias-corrected V: the reported and flagged figure. */
  corrected: number;
  /** The plug-in V, sqrt(chi2 / (n (min(r, k) - 1))), which grows with the number of categories. */
  plugIn: number;
}

/**
 * Cramér's V. The bias correction subtracts the chi-squared statistic's expectation under
 * independence, (r-1)(k-1)/(n-1) from phi^2, and shrinks r and k the same way, so an identifier
 * column (one row per category) scores 0 instead of 1.
 */
export function cramersV(table: Contingency): CramersV {
  const r = countNonZero(table.rowTotals);
  const k = countNonZero(table.columnTotals);
  const n = table.n;
  if (r < 2 || k < 2 || n < 2) return { corrected: 0, plugIn: 0 };
  let chi2 = 0;
  for (let x = 0; x < table.rows; x++) {
    const rowTotal = table.rowTotals[x]!;
    if (rowTotal === 0) continue;
    for (let y = 0; y < table.columns; y++) {
      const expected = (rowTotal * table.columnTotals[y]!) / n;
      if (expected === 0) continue;
      const difference = table.counts[x * table.columns + y]! - expected;
      chi2 += (difference * difference) / expected;
    }
  }
  const phi2 = chi2 / n;
  const plugIn = Math.sqrt(phi2 / (Math.min(r, k) - 1));
  const phi2Corrected = Math.max(0, phi2 - ((r - 1) * (k - 1)) / (n - 1));
  const rCorrected = r - (r - 1) ** 2 / (n - 1);
  const kCorrected = k - (k - 1) ** 2 / (n - 1);
  const denominator = Math.min(rCorrected - 1, kCorrected - 1);
  const corrected = denominator > 0 ? Math.sqrt(phi2Corrected / denominator) : 0;
  return { corrected: Math.min(1, corrected), plugIn: Math.min(1, plugIn) };
}

/**
 * Normalized mutual information I(c; s) / sqrt(H(c) H(s)) (natural logs; the geometric-mean
 * normalization, 1 for identical columns, 0 for independent ones or when either is constant).
 * This is the plug-in estimate: like the plug-in V it is high for identifiers, so it is reported
 * but not used for flagging.
 */
export function normalizedMutualInformation(table: Contingency): number {
  const n = table.n;
  if (n === 0) return 0;
  const entropy = (totals: Float64Array) => totals.reduce((sum, count) => (count > 0 ? sum - (count / n) * Math.log(count / n) : sum), 0);
  const hRows = entropy(table.rowTotals);
  const hColumns = entropy(table.columnTotals);
  if (hRows <= 0 || hColumns <= 0) return 0;
  let information = 0;
  for (let x = 0; x < table.rows; x++) {
    for (let y = 0; y < table.columns; y++) {
      const count = table.counts[x * table.columns + y]!;
      if (count === 0) continue;
      information += (count / n) * Math.log((count * n) / (table.rowTotals[x]! * table.columnTotals[y]!));
    }
  }
  return Math.min(1, Math.max(0, information / Math.sqrt(hRows * hColumns)));
}

/**
 * Correlation ratio eta = sqrt(between-group sum of squares / total sum of squares) of a numeric
 * column over the groups of s: 1 when the column is a function of s, 0 when every group has the
 * same mean. NaN values and rows with a negative group code are left out.
 */
export function correlationRatio(values: Float64Array, groups: Int32Array, groupCount: number): number {
  const sums = new Float64Array(groupCount);
  const counts = new Float64Array(groupCount);
  let total = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const group = groups[i]!;
    if (Number.isNaN(value) || group < 0) continue;
    sums[group]! += value;
    counts[group]!++;
    total += value;
    n++;
  }
  if (n === 0) return 0;
  const mean = total / n;
  let totalSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value) || groups[i]! < 0) continue;
    totalSquares += (value - mean) ** 2;
  }
  if (totalSquares === 0) return 0;
  let betweenSquares = 0;
  for (let g = 0; g < groupCount; g++) {
    if (counts[g]! > 0) betweenSquares += counts[g]! * (sums[g]! / counts[g]! - mean) ** 2;
  }
  return Math.min(1, Math.sqrt(betweenSquares / totalSquares));
}

function countNonZero(values: Float64Array): number {
  let count = 0;
  for (const value of values) if (value > 0) count++;
  return count;
}
