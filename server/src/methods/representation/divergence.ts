/**
 * A divergence between two point clouds in R^dim (rows of flat Float64Arrays, uniform weights),
 * with its gradient with respect to every point of both clouds.
 */
export interface DivergenceResult {
  value: number;
  gradX: Float64Array;
  gradY: Float64Array;
}

export function squaredDistance(x: Float64Array, i: number, y: Float64Array, j: number, dim: number): number {
  let sum = 0;
  for (let k = 0; k < dim; k++) {
    const diff = (x[i * dim + k] as number) - (y[j * dim + k] as number);
    sum += diff * diff;
  }
  return sum;
}

/** out[i] += scale · (x_i − y_j), the building block of both gradients. */
export function addScaledDifference(out: Float64Array, x: Float64Array, i: number, y: Float64Array, j: number, dim: number, scale: number): void {
  for (let k = 0; k < dim; k++) out[i * dim + k] = (out[i * dim + k] as number) + scale * ((x[i * dim + k] as number) - (y[j * dim + k] as number));
}
