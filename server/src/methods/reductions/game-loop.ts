import { throwIfAborted } from '../../engine/errors';
import { bestMixture, type Candidate, type MixtureSolution } from './select';
import { extentOf } from '../../../../common/extent';

/** What every run of the game takes besides its constraint. */
export interface GameOptions {
  /** Rounds at most (default 50, as Fairlearn's max_iter). */
  iterations?: number;
  /** Candidates visited before (another setting's run): columns of the mixture program from the start. */
  pool?: readonly Candidate[];
  signal?: AbortSignal;
  onIteration?: (fraction: number) => void;
}

/** A best response: the candidate and its Lagrangian value err + Σ μ_k γ_k under the multipliers it answered. */
export interface Response {
  candidate: Candidate;
  value: number;
}

/** One reduction's side of the game: its constraints on the moments γ_k and its learner. */
export interface Game<R extends Response> {
  /** The allowed γ_k (ε, or ζ for a loss). */
  limit: number;
  /** `both`: |γ_k| ≤ limit; `upper`: γ_k ≤ limit (the multipliers are then ≥ 0). */
  sides: 'both' | 'upper';
  /** B: the multipliers' L1 norm at most. */
  bound: number;
  moments: number;
  /** The candidates the mixture program starts with (besides the pool, which replaces them). */
  start: readonly Candidate[];
  /** The learner's best response to signed multipliers μ_k, one per moment (it may start from a candidate visited). */
  respond(multipliers: Float64Array, candidates: readonly Candidate[]): R;
  /** ν, the duality gap that counts as closed, from the first round's response. */
  tolerance(first: R): number;
}

export interface GameResult {
  solution: MixtureSolution;
  /** Every candidate visited (the pool first). */
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
 * the multipliers, and the multipliers, updated multiplicatively with the constraint violation
 * (θ += η(±γ − ε), λ = B·exp θ / (1 + Σ exp θ), η = 2/B as in the paper's implementation). Every
 * round also solves the linear program of the best mixture of all candidates visited so far
 * (bestMixture) and, until the duality gap is closed, best-responds to its multipliers: that
 * candidate either lowers the mixture's error (it joins the program) or certifies, through weak
 * duality, that no candidate the learner finds there would lower it by more than the gap. The gap
 * is closed when under ν. The learner may be a surrogate, so a closed gap does not mean the game's
 * own candidates cannot help: the game goes on until the mixture's training error has not fallen
 * by more than ν/100 in 2 rounds (and at least 5 rounds).
 */
export async function playGame<R extends Response>(game: Game<R>, options: GameOptions): Promise<GameResult> {
  const { limit, sides, bound } = game;
  const k = game.moments;
  const eta = 2 / bound;
  const rounds = options.iterations ?? 50;
  // both sides: θ_k for γ_k − ε and θ_(k+K) for −γ_k − ε
  const theta = new Float64Array(sides === 'both' ? 2 * k : k);
  const candidates: Candidate[] = options.pool ? [...options.pool] : [...game.start];
  let tolerance = Number.POSITIVE_INFINITY;
  let gap = Number.POSITIVE_INFINITY;
  const errors: number[] = [];
  let round = 0;
  while (round < rounds) {
    throwIfAborted(options.signal);
    const lambda = multipliers(theta, bound);
    const signed = sides === 'both' ? Float64Array.from({ length: k }, (_, m) => lambda[m]! - lambda[k + m]!) : lambda;
    const response = game.respond(signed, candidates);
    const { candidate } = response;
    if (round === 0) tolerance = game.tolerance(response);
    add(candidates, candidate);
    for (let m = 0; m < k; m++) {
      theta[m]! += eta * (candidate.gammas[m]! - limit);
      if (sides === 'both') theta[k + m]! += eta * (-candidate.gammas[m]! - limit);
    }
    const solution = await bestMixture(candidates, limit, bound, sides);
    if (gap >= tolerance) {
      const pricing = game.respond(solution.multipliers, candidates);
      gap = solution.price - pricing.value;
      if (gap > 0) add(candidates, pricing.candidate);
    }
    errors.push(solution.error);
    round++;
    options.onIteration?.(round / rounds);
    if (round >= MIN_ROUNDS && gap < tolerance && errors.at(-1 - PATIENCE)! - errors.at(-1)! <= tolerance / 100) break;
  }
  const solution = await bestMixture(candidates, limit, bound, sides);
  return { solution, candidates, rounds: round, gap };
}

/** Adds a candidate unless one with the same error and moments (the same decisions, in practice) is there. */
function add(candidates: Candidate[], candidate: Candidate): void {
  const same = candidates.some((c) => c.error === candidate.error && c.gammas.every((g, m) => g === candidate.gammas[m]));
  if (!same) candidates.push(candidate);
}

/** λ = B·exp θ / (1 + Σ exp θ), computed without overflow. */
function multipliers(theta: Float64Array, bound: number): Float64Array {
  const top = Math.max(0, extentOf(theta)[1]);
  const exps = theta.map((t) => Math.exp(t - top));
  const denominator = Math.exp(-top) + exps.reduce((s, x) => s + x, 0);
  return exps.map((x) => (bound * x) / denominator);
}
