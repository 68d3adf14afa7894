import type { LinearModel } from '../../engine/learners/linear-model';
import { LinearRow, solveLinearProgram } from '../../engine/numerics/linear-program';
import { extentOf } from '../../../../common/extent';

/** A candidate classifier with its training error and constraint moments. */
export interface Candidate {
  model: LinearModel;
  error: number;
  gammas: Float64Array;
}

/** The most accurate mixture of the candidates, with the linear program's multipliers. */
export interface MixtureSolution {
  /** Weight of each candidate (summing to 1). */
  weights: Float64Array;
  error: number;
  /** The mixture's moments, and how far the largest |γ_k| (one-sided: γ_k) exceeds ε (0 when the constraints hold). */
  gammas: Float64Array;
  violation: number;
  /**
   * Signed multipliers μ_k of the moment constraints and the price π of the weights' sum: every
   * candidate has err + Σ μ_k γ_k ≥ π, with equality for the mixed ones. A classifier below π
   * would improve the mixture (column generation's pricing).
   */
  multipliers: Float64Array;
  price: number;
}

/**
 * The lowest-error randomized mixture of all the candidates with |γ_k| ≤ ε for every moment k, by
 * linear program (Agarwal et al. 2018's final step, over every classifier visited rather than a
 * pair). If no mixture meets the constraints, the one with the least error + bound · (largest
 * excess of |γ_k| over ε), as Fairlearn's saddle-point program. One-sided (`upper`): γ_k ≤ ε
 * only, as a bound on each group's loss (Agarwal, Dudík, Wu 2019); its multipliers are then ≥ 0.
 */
export async function bestMixture(
  candidates: readonly Candidate[],
  epsilon: number,
  bound: number,
  sides: 'both' | 'upper' = 'both',
): Promise<MixtureSolution> {
  const moments = candidates[0]?.gammas.length ?? 0;
  const count = candidates.length;
  const solve = async (soft: boolean) => {
    // Columns: the candidates' weights, then (soft) the excess ξ ≥ 0.
    const columns = count + (soft ? 1 : 0);
    const cost = Float64Array.from({ length: columns }, (_, h) => (h < count ? candidates[h]!.error : bound));
    const upper = Float64Array.from({ length: columns }, (_, h) => (h < count ? 1 : Number.POSITIVE_INFINITY));
    const all = Array.from({ length: count }, (_, h) => h);
    const rows: LinearRow[] = [{ indices: all, values: all.map(() => 1), lower: 1, upper: 1 }];
    for (let k = 0; k < moments; k++) {
      const values = candidates.map((c) => c.gammas[k]!);
      const lower = sides === 'both' ? -epsilon : Number.NEGATIVE_INFINITY;
      if (!soft) rows.push({ indices: all, values, lower, upper: epsilon });
      else {
        rows.push({ indices: [...all, count], values: [...values, -1], lower: Number.NEGATIVE_INFINITY, upper: epsilon });
        if (sides === 'both') rows.push({ indices: [...all, count], values: [...values, 1], lower, upper: Number.POSITIVE_INFINITY });
      }
    }
    return solveLinearProgram({ sense: 'minimize', cost, lower: new Float64Array(columns), upper, rows });
  };
  let soft = false;
  let result = await solve(soft);
  if (result.status !== 'optimal') result = await solve((soft = true));
  if (result.status !== 'optimal') throw new Error('reductions: the mixture program has no solution');
  // Clean the solver's rounding: no negative weights, summing to exactly 1.
  const raw = Float64Array.from({ length: count }, (_, h) => Math.max(0, result.values[h]!));
  const sum = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / sum);
  const gammas = Float64Array.from({ length: moments }, (_, k) => candidates.reduce((s, c, h) => s + weights[h]! * c.gammas[k]!, 0));
  const error = candidates.reduce((s, c, h) => s + weights[h]! * c.error, 0);
  // HiGHS's row duals y satisfy cost − Aᵀy ≥ 0 on the columns; μ_k = −y_k (soft: the two rows of k together).
  const duals = result.rowDuals;
  const perMoment = soft && sides === 'both' ? 2 : 1;
  const multipliers = Float64Array.from({ length: moments }, (_, k) => (perMoment === 2 ? -(duals[1 + 2 * k]! + duals[2 + 2 * k]!) : -duals[1 + k]!));
  const excess = (g: number) => (sides === 'both' ? Math.abs(g) : g) - epsilon;
  return { weights, error, gammas, violation: Math.max(0, extentOf(Array.from(gammas, excess))[1]), multipliers, price: duals[0]! };
}
