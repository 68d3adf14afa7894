import { addScaledDifference, DivergenceResult, squaredDistance } from './divergence';

/**
 * Median heuristic for the Gaussian kernel's bandwidth: β = the median Euclidean distance between
 * distinct points of the pooled sample, so a typical pair has k = e^{−1/2}. It is computed on the
 * current points and treated as a constant (no gradient flows through it).
 */
export function medianBandwidth(x: Float64Array, y: Float64Array, dim: number): number {
  const pooled = new Float64Array(x.length + y.length);
  pooled.set(x);
  pooled.set(y, x.length);
  const count = pooled.length / dim;
  const distances = new Float64Array((count * (count - 1)) / 2);
  let at = 0;
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) distances[at++] = squaredDistance(pooled, i, pooled, j, dim);
  distances.sort();
  const median = distances.length === 0 ? 0 : (distances[Math.floor((distances.length - 1) / 2)] as number);
  // Collapsed clouds have median 0; any positive width then gives MMD² = 0 with zero gradient.
  return median > 0 ? Math.sqrt(median) : 1;
}

/**
 * Biased (V-statistic) MMD² with the Gaussian kernel k(u,v) = exp(−‖u−v‖²/(2β²)):
 * mean k(x,x') + mean k(y,y') − 2 mean k(x,y), and its gradient (∂k/∂u = −k·(u−v)/β²).
 */
export function mmd2(x: Float64Array, y: Float64Array, dim: number, beta: number): DivergenceResult {
  const n = x.length / dim;
  const m = y.length / dim;
  const gradX = new Float64Array(x.length);
  const gradY = new Float64Array(y.length);
  const width = 2 * beta * beta;
  let value = 0;
  // Within-cloud pairs appear twice in the double sum; each ordered pair contributes to its first point.
  const within = (z: Float64Array, size: number, grad: Float64Array) => {
    const weight = 1 / (size * size);
    let sum = size; // k(z,z) = 1 on the diagonal
    for (let i = 0; i < size; i++) {
      for (let j = i + 1; j < size; j++) {
        const k = Math.exp(-squaredDistance(z, i, z, j, dim) / width);
        sum += 2 * k;
        // d/dz_i of 2·weight·k(z_i, z_j) = −2·weight·k·(z_i − z_j)/β²
        const scale = (-2 * weight * k) / (beta * beta);
        addScaledDifference(grad, z, i, z, j, dim, scale);
        addScaledDifference(grad, z, j, z, i, dim, scale);
      }
    }
    return sum * weight;
  };
  value += within(x, n, gradX);
  value += within(y, m, gradY);
  const cross = -2 / (n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const k = Math.exp(-squaredDistance(x, i, y, j, dim) / width);
      value += cross * k;
      // d/dx_i of cross·k(x_i, y_j) = cross·(−k/β²)·(x_i − y_j), and symmetrically for y_j.
      const scale = (-cross * k) / (beta * beta);
      addScaledDifference(gradX, x, i, y, j, dim, scale);
      addScaledDifference(gradY, y, j, x, i, dim, scale);
    }
  }
  return { value, gradX, gradY };
}
