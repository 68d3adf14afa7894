import { throwIfAborted } from '../../engine/errors';
import type { LinearModel } from '../../engine/learners/linear-model';
import { SparseRows, sparseRows } from '../../engine/learners/sparse-rows';
import { bestResponse, hardPredictions, Mixture } from './mixture';
import { errorRate, gammas, momentCount, Moments, rowCosts } from './moments';
import { bestMixture, Candidate, MixtureSolution } from './select';
import { extentOf } from '../../../../common/extent';

export interface ReductionOptions {
  /** Allowed |γ| on the training rows. */
  epsilon: number;
  /** Bound B on the multipliers' L1 norm (default 1/ε). */
  bound?: number;
  /** Rounds at most (default 50, as Fairlearn's max_iter). */
  iterations?: number;
  /** Classifiers visited before (another ε's run): columns of the mixture program from the start. */
  pool?: readonly Candidate[];
  signal?: AbortSignal;
  onIteration?: (fraction: number) => void;
}

export interface ReductionResult {
  mixture: Mixture;
  solution: MixtureSolution;
  /** Every classifier visited (the pool first). */
  candidates: Candidate[];
  rounds: number;
  /** The last duality gap: how much a best response could still lower the mixture's error. */
  gap: number;
}

/** Rounds before the game may stop (Fairlearn's _MIN_ITER). */
const MIN_ROUNDS = 5;
/** Rounds without progress that end the game once the gap is closed. */
const PATIENCE = 2;

/**
 * Exponentiated gradient (Agarwal et al. 2018): a game between the learner, who best-responds to
 * the multipliers with a cost-sensitive logistic regression, and the multipliers, updated
 * multiplicatively with the constraint violation (θ += η(±γ − ε), λ = B·exp θ / (1 + Σ exp θ),
 * η = 2/B as in the paper's implementation). Every round also solves the linear program of the
 * best mixture of all classifiers visited so far (bestMixture) and, until the duality gap is
 * closed, best-responds to its multipliers: that classifier either lowers the mixture's error (it
 * joins the program) or certifies, through weak duality, that no classifier the learner finds
 * there would lower it by more than the gap. The gap is closed when under ν (Fairlearn's automatic
 * ν: half the standard error of the first classifier's 0/1 loss). The learner is a surrogate, so a
 * closed gap does not mean the game's own classifiers cannot help: the game goes on until the
 * mixture's training error has not fallen by more than ν/100 in 2 rounds (and at least 5 rounds).
 * The constant classifiers (γ = 0) are in the program from the start, so it is always feasible.
 */
export async function exponentiatedGradient(
  rows: readonly Float64Array[],
  labels: Uint8Array,
  moments: Moments,
  options: ReductionOptions,
): Promise<ReductionResult> {
  const design = sparseRows(rows);
  const k = momentCount(moments);
  const bound = options.bound ?? 1 / options.epsilon;
  const eta = 2 / bound;
  const rounds = options.iterations ?? 50;
  const theta = new Float64Array(2 * k);
  const candidates: Candidate[] = options.pool ? [...options.pool] : constantClassifiers(labels, k, design.columnCount);
  const respond = (multipliers: Float64Array): { candidate: Candidate; value: number } => {
    const model = bestResponse(design, rowCosts(moments, labels, multipliers), options.signal, cheapest(candidates, multipliers).model);
    const candidate = evaluate(model, design, labels, moments);
    return { candidate, value: lagrangian(candidate, multipliers) };
  };
  let tolerance = Number.POSITIVE_INFINITY;
  let gap = Number.POSITIVE_INFINITY;
  const errors: number[] = [];
  let round = 0;
  while (round < rounds) {
    throwIfAborted(options.signal);
    const lambda = multipliers(theta, bound);
    const { candidate } = respond(Float64Array.from({ length: k }, (_, m) => lambda[m]! - lambda[k + m]!));
    if (round === 0) tolerance = automaticTolerance(candidate.model, design, labels);
    add(candidates, candidate);
    for (let m = 0; m < k; m++) {
      theta[m]! += eta * (candidate.gammas[m]! - options.epsilon);
      theta[k + m]! += eta * (-candidate.gammas[m]! - options.epsilon);
    }
    const solution = await bestMixture(candidates, options.epsilon, bound);
    if (gap >= tolerance) {
      const pricing = respond(solution.multipliers);
      gap = solution.price - pricing.value;
      if (gap > 0) add(candidates, pricing.candidate);
    }
    errors.push(solution.error);
    round++;
    options.onIteration?.(round / rounds);
    if (round >= MIN_ROUNDS && gap < tolerance && errors.at(-1 - PATIENCE)! - errors.at(-1)! <= tolerance / 100) break;
  }
  const solution = await bestMixture(candidates, options.epsilon, bound);
  return { mixture: { classifiers: candidates.map((c) => c.model), weights: Array.from(solution.weights) }, solution, candidates, rounds: round, gap };
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

/** Adds a candidate unless one with the same error and moments (the same decisions, in practice) is there. */
function add(candidates: Candidate[], candidate: Candidate): void {
  const same = candidates.some((c) => c.error === candidate.error && c.gammas.every((g, m) => g === candidate.gammas[m]));
  if (!same) candidates.push(candidate);
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

/** λ = B·exp θ / (1 + Σ exp θ), computed without overflow. */
export function multipliers(theta: Float64Array, bound: number): Float64Array {
  const top = Math.max(0, extentOf(theta)[1]);
  const exps = theta.map((t) => Math.exp(t - top));
  const denominator = Math.exp(-top) + exps.reduce((s, x) => s + x, 0);
  return exps.map((x) => (bound * x) / denominator);
}
