import { throwIfAborted } from '../../engine/errors';
import { fitLeastSquares } from '../../engine/learners/least-squares';
import { decisionValues, type LinearModel } from '../../engine/learners/linear-model';
import { multipliers } from '../reductions/exponentiated-gradient';
import { bestMixture, type Candidate, type MixtureSolution } from '../reductions/select';

/** The training rows of a regression with groups: targets within [low, high], the range the loss clips predictions to. */
export interface GroupedRegression {
  rows: readonly Float64Array[];
  targets: ArrayLike<number>;
  /** Each row's group, 0..groupCount−1. */
  groups: ArrayLike<number>;
  groupCount: number;
  low: number;
  high: number;
  file: string;
}

export interface BoundedLossOptions {
  /** ζ: the allowed mean squared error of every group. */
  bound: number;
  /** B: the multipliers' L1 norm at most (default 100, Fairlearn's 1/ε at its default ε = 0.01). */
  multiplierBound?: number;
  /** Rounds at most (default 50, as Fairlearn's max_iter). */
  iterations?: number;
  /** Models visited before (another ζ's run): columns of the mixture program from the start. */
  pool?: readonly Candidate[];
  signal?: AbortSignal;
  onIteration?: (fraction: number) => void;
}

export interface BoundedLossResult {
  /** The mixture's weight on each candidate. */
  weights: number[];
  /** Every linear model visited (the pool first); error and gammas in normalized loss. */
  candidates: Candidate[];
  solution: MixtureSolution;
  rounds: number;
  gap: number;
}

/** Rounds before the game may stop (Fairlearn's _MIN_ITER). */
const MIN_ROUNDS = 5;
/** Rounds without progress that end the game once the gap is closed. */
const PATIENCE = 2;

/**
 * Bounded group loss (Agarwal, Dudík, Wu 2019): the least mean squared error over mixtures of linear
 * models such that every group's mean loss is at most ζ, the loss being Fairlearn's SquareLoss
 * (y − clip(h(x), low, high))². Losses are divided by (high − low)² so that they lie in [0, 1], as
 * the paper assumes, and the step η = 2/B means what it does for classification.
 *
 * The game is exponentiated-gradient.ts's: λ = B·exp θ / (1 + Σ exp θ) over one-sided
 * constraints (θ += η(γ − ζ)), and each round the mixture program over every model visited
 * (bestMixture, one-sided) with a best response to its multipliers until the duality gap is under ν.
 * The learner's best response to λ minimizes Σ_i ℓ_i (1/n + λ_{a_i}/n_a): a weighted least squares,
 * exact for the unclipped loss, which bounds the clipped one from above (the targets lie in
 * [low, high], so clipping a prediction only brings it closer). ν is half the standard error of
 * the first model's mean loss (Fairlearn's automatic ν, taken on the loss it bounds).
 */
export async function boundedGroupLoss(data: GroupedRegression, options: BoundedLossOptions): Promise<BoundedLossResult> {
  const scale = (data.high - data.low) ** 2 || 1;
  const zeta = options.bound / scale;
  const bound = options.multiplierBound ?? 100;
  const eta = 2 / bound;
  const rounds = options.iterations ?? 50;
  const n = data.rows.length;
  const counts = new Float64Array(data.groupCount);
  for (let i = 0; i < n; i++) counts[data.groups[i]!]!++;
  const theta = new Float64Array(data.groupCount);
  const candidates: Candidate[] = options.pool ? [...options.pool] : [];
  const respond = (lambda: ArrayLike<number>): { candidate: Candidate; losses: Float64Array } => {
    const weights = Float64Array.from({ length: n }, (_, i) => 1 / n + lambda[data.groups[i]!]! / counts[data.groups[i]!]!);
    const model = fitLeastSquares(data.rows, data.targets, data.file, { weights });
    const losses = clippedLosses(model, data, scale);
    return { candidate: { model, error: mean(losses), gammas: groupMeans(losses, data.groups, counts) }, losses };
  };
  const value = (c: Candidate, lambda: ArrayLike<number>) => c.error + c.gammas.reduce((s, g, a) => s + lambda[a]! * g, 0);
  let tolerance = Number.POSITIVE_INFINITY;
  let gap = Number.POSITIVE_INFINITY;
  const errors: number[] = [];
  let round = 0;
  while (round < rounds) {
    throwIfAborted(options.signal);
    const { candidate, losses } = respond(multipliers(theta, bound));
    if (round === 0) tolerance = (0.5 * standardDeviation(losses)) / Math.sqrt(n);
    add(candidates, candidate);
    for (let a = 0; a < data.groupCount; a++) theta[a]! += eta * (candidate.gammas[a]! - zeta);
    const solution = await bestMixture(candidates, zeta, bound, 'upper');
    if (gap >= tolerance) {
      const pricing = respond(solution.multipliers).candidate;
      gap = solution.price - value(pricing, solution.multipliers);
      if (gap > 0) add(candidates, pricing);
    }
    errors.push(solution.error);
    round++;
    options.onIteration?.(round / rounds);
    if (round >= MIN_ROUNDS && gap < tolerance && errors.at(-1 - PATIENCE)! - errors.at(-1)! <= tolerance / 100) break;
  }
  const solution = await bestMixture(candidates, zeta, bound, 'upper');
  return { weights: Array.from(solution.weights), candidates, solution, rounds: round, gap };
}

/**
 * The mixture's deterministic prediction: Σ_t w_t clip(h_t(x)). Per row, (y − Σ_t w_t clip(h_t(x)))²
 * ≤ Σ_t w_t (y − clip(h_t(x)))² (Jensen: the square is convex, and the average of clipped values is
 * its own clip), so every group's loss is at most the randomized mixture's expected loss, which the
 * program bounds by ζ.
 */
export function averagedPredictions(
  models: readonly LinearModel[],
  weights: readonly number[],
  rows: readonly Float64Array[],
  low: number,
  high: number,
): Float64Array {
  const out = new Float64Array(rows.length);
  models.forEach((model, t) => {
    if (weights[t]! === 0) return;
    const values = decisionValues(model, rows);
    for (let i = 0; i < rows.length; i++) out[i]! += weights[t]! * clip(values[i]!, low, high);
  });
  return out;
}

function clip(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** (y − clip(h(x)))² / scale per row. */
function clippedLosses(model: LinearModel, data: GroupedRegression, scale: number): Float64Array {
  const values = decisionValues(model, data.rows);
  return Float64Array.from(values, (v, i) => (data.targets[i]! - clip(v, data.low, data.high)) ** 2 / scale);
}

function mean(values: Float64Array): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function groupMeans(values: Float64Array, groups: ArrayLike<number>, counts: Float64Array): Float64Array {
  const sums = new Float64Array(counts.length);
  for (let i = 0; i < values.length; i++) sums[groups[i]!]! += values[i]!;
  return sums.map((s, a) => s / counts[a]!);
}

function standardDeviation(values: Float64Array): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, values.length - 1));
}

/** Adds a candidate unless one with the same error and group losses is there. */
function add(candidates: Candidate[], candidate: Candidate): void {
  const same = candidates.some((c) => c.error === candidate.error && c.gammas.every((g, a) => g === candidate.gammas[a]));
  if (!same) candidates.push(candidate);
}
