import { addScaledDifference, DivergenceResult, squaredDistance } from './divergence';

export interface SinkhornOptions {
  /** Entropic regularization ε, in the units of the cost (squared Euclidean distance). */
  epsilon: number;
  /** Upper bound on the Sinkhorn iterations of each of the three transport problems. */
  maxIterations?: number;
  /**
   * Stop when no dual potential moves by more than tolerance·ε in one iteration. The step of f is
   * −ε·log(row marginal / a) of the plan before it, so this is a marginal criterion: when it stops,
   * the plan's column marginals are exact (g was updated last) and its row marginals are within a
   * factor e^{±tolerance} of a (the next f step is at most the last g step: the soft-min is 1-Lipschitz).
   */
  tolerance?: number;
}

/**
 * Entropic optimal transport between uniform clouds x (n points) and y (m points) with cost
 * C_ij = ‖x_i − y_j‖²: OT_ε = min_π ⟨π, C⟩ + ε·KL(π ‖ a⊗b). Log-domain Sinkhorn iterations on the
 * dual potentials f, g (log-sum-exp, so small ε does not underflow); the value is the dual
 * ⟨a, f⟩ + ⟨b, g⟩, exact once g was updated last. The gradient uses the final potentials
 * (envelope theorem): ∂OT/∂x_i = Σ_j π_ij·2(x_i − y_j), π_ij = a_i b_j exp((f_i + g_j − C_ij)/ε).
 */
export function entropicTransport(x: Float64Array, y: Float64Array, dim: number, options: SinkhornOptions): DivergenceResult & { iterations: number } {
  const n = x.length / dim;
  const m = y.length / dim;
  const epsilon = options.epsilon;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = (options.tolerance ?? 1e-9) * epsilon;
  const cost = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) cost[i * m + j] = squaredDistance(x, i, y, j, dim);
  const logA = -Math.log(n);
  const logB = -Math.log(m);
  const f = new Float64Array(n);
  const g = new Float64Array(m);
  const terms = new Float64Array(Math.max(n, m));
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    let moved = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) terms[j] = ((g[j] as number) - (cost[i * m + j] as number)) / epsilon;
      const next = -epsilon * (logB + logSumExp(terms, m));
      moved = Math.max(moved, Math.abs(next - (f[i] as number)));
      f[i] = next;
    }
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < n; i++) terms[i] = ((f[i] as number) - (cost[i * m + j] as number)) / epsilon;
      const next = -epsilon * (logA + logSumExp(terms, n));
      moved = Math.max(moved, Math.abs(next - (g[j] as number)));
      g[j] = next;
    }
    if (moved <= tolerance) break;
  }
  let value = 0;
  for (let i = 0; i < n; i++) value += (f[i] as number) / n;
  for (let j = 0; j < m; j++) value += (g[j] as number) / m;
  const gradX = new Float64Array(x.length);
  const gradY = new Float64Array(y.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const plan = Math.exp(logA + logB + ((f[i] as number) + (g[j] as number) - (cost[i * m + j] as number)) / epsilon);
      addScaledDifference(gradX, x, i, y, j, dim, 2 * plan);
      addScaledDifference(gradY, y, j, x, i, dim, 2 * plan);
    }
  }
  return { value, gradX, gradY, iterations };
}

/**
 * OT_ε(α, α) of one cloud with itself. The problem is symmetric, so f = g and the averaged fixed
 * point iteration f ← ½(f + T(f)) converges in far fewer steps than alternating updates; the
 * gradient counts the cloud on both sides: ∂/∂x_i = 2·Σ_j π_ij·2(x_i − x_j).
 */
export function selfTransport(x: Float64Array, dim: number, options: SinkhornOptions): { value: number; grad: Float64Array; iterations: number } {
  const n = x.length / dim;
  const epsilon = options.epsilon;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = (options.tolerance ?? 1e-9) * epsilon;
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cost[i * n + j] = squaredDistance(x, i, x, j, dim);
  const logA = -Math.log(n);
  let f = new Float64Array(n);
  const terms = new Float64Array(n);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const next = new Float64Array(n);
    let moved = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) terms[j] = ((f[j] as number) - (cost[i * n + j] as number)) / epsilon;
      next[i] = 0.5 * ((f[i] as number) - epsilon * (logA + logSumExp(terms, n)));
      moved = Math.max(moved, Math.abs((next[i] as number) - (f[i] as number)));
    }
    f = next;
    if (moved <= tolerance) break;
  }
  // One plain update leaves the row marginals exact, so the dual value 2⟨a, f⟩ is the transport cost.
  let value = 0;
  const finalF = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) terms[j] = ((f[j] as number) - (cost[i * n + j] as number)) / epsilon;
    finalF[i] = -epsilon * (logA + logSumExp(terms, n));
  }
  for (let i = 0; i < n; i++) value += ((f[i] as number) + (finalF[i] as number)) / n;
  const grad = new Float64Array(x.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const plan = Math.exp(2 * logA + ((finalF[i] as number) + (f[j] as number) - (cost[i * n + j] as number)) / epsilon);
      addScaledDifference(grad, x, i, x, j, dim, 2 * plan);
      addScaledDifference(grad, x, j, x, i, dim, 2 * plan);
    }
  }
  return { value, grad, iterations };
}

/**
 * Sinkhorn divergence S_ε(α, β) = OT_ε(α, β) − ½OT_ε(α, α) − ½OT_ε(β, β) (debiased: S_ε(α, α) = 0).
 * `iterations`: the most that any of the three transport problems ran (equal to the cap when the
 * tolerance did not end it).
 */
export function sinkhornDivergence(x: Float64Array, y: Float64Array, dim: number, options: SinkhornOptions): DivergenceResult & { iterations: number } {
  const cross = entropicTransport(x, y, dim, options);
  const selfX = selfTransport(x, dim, options);
  const selfY = selfTransport(y, dim, options);
  const gradX = new Float64Array(x.length);
  const gradY = new Float64Array(y.length);
  for (let k = 0; k < x.length; k++) gradX[k] = (cross.gradX[k] as number) - 0.5 * (selfX.grad[k] as number);
  for (let k = 0; k < y.length; k++) gradY[k] = (cross.gradY[k] as number) - 0.5 * (selfY.grad[k] as number);
  return {
    value: cross.value - 0.5 * selfX.value - 0.5 * selfY.value,
    gradX,
    gradY,
    iterations: Math.max(cross.iterations, selfX.iterations, selfY.iterations),
  };
}

/** The mean squared Euclidean distance between the clouds: the unit that a relative ε is scaled by. */
export function meanCost(x: Float64Array, y: Float64Array, dim: number): number {
  const n = x.length / dim;
  const m = y.length / dim;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sum += squaredDistance(x, i, y, j, dim);
  return sum / (n * m);
}

function logSumExp(values: Float64Array, count: number): number {
  let max = -Infinity;
  for (let k = 0; k < count; k++) if ((values[k] as number) > max) max = values[k] as number;
  if (max === -Infinity) return max;
  let sum = 0;
  for (let k = 0; k < count; k++) sum += Math.exp((values[k] as number) - max);
  return max + Math.log(sum);
}
