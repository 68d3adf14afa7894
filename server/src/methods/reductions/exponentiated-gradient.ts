import type { LinearModel } from '../../engine/learners/linear-model';
import { SparseRows, sparseRows } from '../../engine/learners/sparse-rows';
import { bestResponse, hardPredictions, Mixture } from './mixture';
import { errorRate, gammas, momentCount, Moments, rowCosts } from './moments';
import type { Candidate } from './select';
import { type GameOptions, type GameResult, playGame } from './game-loop';

export interface ReductionOptions extends GameOptions {
  /** Allowed |γ| on the training rows. */
  epsilon: number;
  /** Bound B on the multipliers' L1 norm (default 1/ε). */
  bound?: number;
}

export interface ReductionResult extends GameResult {
  mixture: Mixture;
}

/**
 * Exponentiated gradient for classification (Agarwal et al. 2018): the game of game-loop.ts with
 * two-sided constraints |γ_k| ≤ ε, the learner best-responding with a cost-sensitive logistic
 * regression (a surrogate), and ν Fairlearn's automatic one: half the standard error of the first
 * classifier's 0/1 loss. The constant classifiers (γ = 0) are in the program from the start, so it
 * is always feasible.
 */
export async function exponentiatedGradient(
  rows: readonly Float64Array[],
  labels: Uint8Array,
  moments: Moments,
  options: ReductionOptions,
): Promise<ReductionResult> {
  const design = sparseRows(rows);
  const k = momentCount(moments);
  const result = await playGame(
    {
      limit: options.epsilon,
      sides: 'both',
      bound: options.bound ?? 1 / options.epsilon,
      moments: k,
      start: constantClassifiers(labels, k, design.columnCount),
      respond: (multipliers, candidates) => {
        const model = bestResponse(design, rowCosts(moments, labels, multipliers), options.signal, cheapest(candidates, multipliers).model);
        const candidate = evaluate(model, design, labels, moments);
        return { candidate, value: lagrangian(candidate, multipliers) };
      },
      tolerance: ({ candidate }) => automaticTolerance(candidate.model, design, labels),
    },
    options,
  );
  return { mixture: { classifiers: result.candidates.map((c) => c.model), weights: Array.from(result.solution.weights) }, ...result };
}

/** "Always 0" and "always 1": their moments are 0 under every constraint. */
function constantClassifiers(labels: Uint8Array, k: number, features: number): Candidate[] {
  const positives = labels.reduce((sum, y) => sum + y, 0) / labels.length;
  const constant = (bias: number, error: number): Candidate => ({ model: { weights: new Float64Array(features), bias }, error, gammas: new Float64Array(k) });
  return [constant(-1, positives), constant(1, 1 - positives)];
}

function evaluate(model: LinearModel, design: SparseRows, labels: Uint8Array, moments: Moments): Candidate {
  const predictions = hardPredictions(model, design);
  return { model, error: errorRate(labels, predictions), gammas: gammas(moments, predictions) };
}

/** err + Σ μ_k γ_k: the part of the Lagrangian a classifier controls. */
function lagrangian(candidate: Candidate, multipliers: ArrayLike<number>): number {
  let value = candidate.error;
  for (let m = 0; m < multipliers.length; m++) value += multipliers[m]! * candidate.gammas[m]!;
  return value;
}

/** The candidate with the least Lagrangian value: where the next best response starts. */
function cheapest(candidates: readonly Candidate[], multipliers: ArrayLike<number>): Candidate {
  let best = candidates[0]!;
  for (const c of candidates) if (lagrangian(c, multipliers) < lagrangian(best, multipliers)) best = c;
  return best;
}

/** Fairlearn's automatic ν: 0.5 · sd(|h(x) − y|) / √n for the first classifier h. */
function automaticTolerance(model: LinearModel, design: SparseRows, labels: Uint8Array): number {
  const predictions = hardPredictions(model, design);
  const n = labels.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += Math.abs(predictions[i]! - labels[i]!) / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (Math.abs(predictions[i]! - labels[i]!) - mean) ** 2 / (n - 1);
  return (0.5 * Math.sqrt(variance)) / Math.sqrt(n);
}
