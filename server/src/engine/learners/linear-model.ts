/** A linear decision function f(x) = ⟨weights, x⟩ + bias, shared by every linear learner. */
export interface LinearModel {
  weights: Float64Array;
  bias: number;
}

export function decisionValues(model: LinearModel, rows: readonly Float64Array[]): Float64Array {
  return Float64Array.from(rows, (row) => decision(model, row));
}

export function decision(model: LinearModel, row: Float64Array): number {
  let sum = model.bias;
  for (let j = 0; j < row.length; j++) sum += model.weights[j]! * row[j]!;
  return sum;
}
