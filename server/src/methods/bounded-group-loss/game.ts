import { fitLeastSquares } from '../../engine/learners/least-squares';
import { decisionValues, type LinearModel } from '../../engine/learners/linear-model';
import { type GameOptions, type GameResult, playGame, type Response } from '../reductions/game-loop';
import type { Candidate } from '../reductions/select';

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

export interface BoundedLossOptions extends GameOptions {
  /** ζ: the allowed mean squared error of every group. */
  bound: number;
  /** B: the multipliers' L1 norm at most (default 100, Fairlearn's 1/ε at its default ε = 0.01). */
  multiplierBound?: number;
}

export interface BoundedLossResult extends GameResult {
  /** The mixture's weight on each candidate. */
  weights: number[];
}

/** A best response with its per-row losses (the first response's set ν). */
interface LossResponse extends Response {
  losses: Float64Array;
}

/**
 * Bounded group loss (Agarwal, Dudík, Wu 2019): the least mean squared error over mixtures of linear
 * models such that every group's mean loss is at most ζ, the loss being Fairlearn's SquareLoss
 * (y − clip(h(x), low, high))². Losses are divided by (high − low)² so that they lie in [0, 1], as
 * the paper assumes, and the step η = 2/B means what it does for classification.
 *
 * The game is game-loop.ts's over one-sided constraints γ_a ≤ ζ (θ += η(γ − ζ), the mixture
 * program bestMixture one-sided); candidates' error and gammas are in normalized loss.
 * The learner's best response to λ minimizes Σ_i ℓ_i (1/n + λ_{a_i}/n_a): a weighted least squares,
 * exact for the unclipped loss, which bounds the clipped one from above (the targets lie in
 * [low, high], so clipping a prediction only brings it closer). ν is half the standard error of
 * the first model's mean loss (Fairlearn's automatic ν, taken on the loss it bounds).
 */
export async function boundedGroupLoss(data: GroupedRegression, options: BoundedLossOptions): Promise<BoundedLossResult> {
  const scale = (data.high - data.low) ** 2 || 1;
  const n = data.rows.length;
  const counts = new Float64Array(data.groupCount);
  for (let i = 0; i < n; i++) counts[data.groups[i]!]!++;
  const value = (c: Candidate, lambda: ArrayLike<number>) => c.error + c.gammas.reduce((s, g, a) => s + lambda[a]! * g, 0);
  const result = await playGame<LossResponse>(
    {
      limit: options.bound / scale,
      sides: 'upper',
      bound: options.multiplierBound ?? 100,
      moments: data.groupCount,
      start: [],
      respond: (lambda) => {
        const weights = Float64Array.from({ length: n }, (_, i) => 1 / n + lambda[data.groups[i]!]! / counts[data.groups[i]!]!);
        const model = fitLeastSquares(data.rows, data.targets, data.file, { weights });
        const losses = clippedLosses(model, data, scale);
        const candidate = { model, error: mean(losses), gammas: groupMeans(losses, data.groups, counts) };
        return { candidate, value: value(candidate, lambda), losses };
      },
      tolerance: ({ losses }) => (0.5 * standardDeviation(losses)) / Math.sqrt(n),
    },
    options,
  );
  return { weights: Array.from(result.solution.weights), ...result };
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
