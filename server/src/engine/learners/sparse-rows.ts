import { LinearModel } from './linear-model';

/**
 * A design matrix stored by rows without its zeros (compressed sparse rows). One-hot encoded
 * tables are mostly zeros (Adult: 14 non-zeros in 106 columns), so the learners' sums cost
 * non-zeros, not columns. Entries keep their column order, so sums add the same terms in the
 * same order as over the dense rows (skipping zeros does not change a floating-point sum).
 */
export interface SparseRows {
  rowCount: number;
  columnCount: number;
  /** Row i's entries are starts[i] .. starts[i + 1] − 1. */
  starts: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

export function sparseRows(rows: readonly Float64Array[]): SparseRows {
  const columnCount = rows[0]?.length ?? 0;
  let nonZeros = 0;
  for (const row of rows) for (let j = 0; j < row.length; j++) if (row[j] !== 0) nonZeros++;
  const starts = new Int32Array(rows.length + 1);
  const columns = new Int32Array(nonZeros);
  const values = new Float64Array(nonZeros);
  let at = 0;
  rows.forEach((row, i) => {
    for (let j = 0; j < row.length; j++) {
      if (row[j] === 0) continue;
      columns[at] = j;
      values[at++] = row[j]!;
    }
    starts[i + 1] = at;
  });
  return { rowCount: rows.length, columnCount, starts, columns, values };
}

/** ⟨weights, x_i⟩ + bias of every row. */
export function sparseDecisions(model: LinearModel, design: SparseRows): Float64Array {
  const out = new Float64Array(design.rowCount);
  for (let i = 0; i < design.rowCount; i++) {
    let z = model.bias;
    for (let k = design.starts[i]!; k < design.starts[i + 1]!; k++) z += model.weights[design.columns[k]!]! * design.values[k]!;
    out[i] = z;
  }
  return out;
}
