// The reductions' building blocks against independent computations: the mixture linear program
// (its optimality certificate checked here from the returned multipliers, and every pair of
// candidates mixed by hand), and the exact bias of a best response (every cut scanned by hand).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exactBias } from '../../server/src/methods/reductions/mixture';
import { bestMixture, Candidate } from '../../server/src/methods/reductions/select';
import { createRandom } from '../../server/src/engine/numerics/random';

/** Random candidates: errors in [0.1, 0.4], moments in [−0.1, 0.1] (k of them), plus "always 0" (γ = 0). */
function randomCandidates(seed: number, count: number, k: number): Candidate[] {
  const random = createRandom(seed);
  const model = { weights: new Float64Array(1), bias: 0 };
  const candidates: Candidate[] = [{ model, error: 0.45, gammas: new Float64Array(k) }];
  for (let h = 0; h < count; h++)
    candidates.push({ model, error: 0.1 + 0.3 * random.next(), gammas: Float64Array.from({ length: k }, () => 0.2 * random.next() - 0.1) });
  return candidates;
}

/** The best mixture of at most two candidates (the previous selection rule): per pair, the best weight is an end of its feasible interval. */
function bestPair(candidates: Candidate[], epsilon: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const a of candidates) {
    for (const b of candidates) {
      let [low, high] = [0, 1];
      for (let m = 0; m < a.gammas.length; m++) {
        const slope = a.gammas[m]! - b.gammas[m]!;
        const start = b.gammas[m]!;
        if (slope === 0) {
          if (Math.abs(start) > epsilon) [low, high] = [1, 0];
          continue;
        }
        const [x1, x2] = [(-epsilon - start) / slope, (epsilon - start) / slope];
        low = Math.max(low, Math.min(x1, x2));
        high = Math.min(high, Math.max(x1, x2));
      }
      if (low > high) continue;
      for (const w of [low, high]) best = Math.min(best, w * a.error + (1 - w) * b.error);
    }
  }
  return best;
}

describe('reductions: the mixture linear program', () => {
  for (const [seed, k] of [
    [1, 2],
    [2, 4],
    [3, 6],
  ] as const) {
    it(`is optimal over all ${seed * 10 + 10} candidates with ${k} moments (duality certificate) and beats every pair`, async () => {
      const epsilon = 0.02;
      const candidates = randomCandidates(seed, seed * 10 + 10, k);
      const solution = await bestMixture(candidates, epsilon, 1 / epsilon);
      // feasible: weights a distribution, every |γ_k| ≤ ε
      assert.ok(solution.weights.every((w) => w >= 0));
      assert.ok(Math.abs(solution.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      for (let m = 0; m < k; m++) {
        const gamma = candidates.reduce((s, c, h) => s + solution.weights[h]! * c.gammas[m]!, 0);
        assert.ok(Math.abs(gamma) <= epsilon + 1e-9, `moment ${m}: ${gamma}`);
      }
      const error = candidates.reduce((s, c, h) => s + solution.weights[h]! * c.error, 0);
      // Optimal: with multipliers μ and price π, every candidate has err + Σ μ γ ≥ π, so any feasible
      // mixture has error ≥ π − ε Σ|μ| (weak duality); the solution reaches that bound.
      for (const c of candidates) assert.ok(c.error + c.gammas.reduce((s, g, m) => s + solution.multipliers[m]! * g, 0) >= solution.price - 1e-9);
      const lowerBound = solution.price - epsilon * solution.multipliers.reduce((s, mu) => s + Math.abs(mu), 0);
      assert.ok(Math.abs(error - lowerBound) < 1e-9, `error ${error}, dual bound ${lowerBound}`);
      assert.ok(error <= bestPair(candidates, epsilon) + 1e-12);
      assert.ok(Math.abs(solution.error - error) < 1e-12);
    });
  }

  it('falls back to the least error + bound · excess when no mixture meets ε', async () => {
    // two candidates with γ = 0.3 and 0.5: the best is the first alone, 0.2 + 10·(0.3 − 0.1) = 2.2 (hand computed)
    const model = { weights: new Float64Array(1), bias: 0 };
    const solution = await bestMixture(
      [
        { model, error: 0.2, gammas: Float64Array.of(0.3) },
        { model, error: 0.1, gammas: Float64Array.of(0.5) },
      ],
      0.1,
      10,
    );
    assert.deepEqual(Array.from(solution.weights), [1, 0]);
    assert.ok(Math.abs(solution.violation - 0.2) < 1e-12);
  });
});

describe('reductions: exact bias of a best response', () => {
  it('finds the cut with the least total cost, ties moving together (every cut scanned)', () => {
    const random = createRandom(5);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + random.int(30);
      // few distinct values, so ties are common
      const z = Float64Array.from({ length: n }, () => random.int(6) - 2.5);
      const costs = Float64Array.from({ length: n }, () => random.next() - 0.5);
      const b = exactBias(z, costs);
      const cost = (bias: number) => z.reduce((s, zi, i) => s + (zi + bias >= 0 ? costs[i]! : 0), 0);
      // brute force: predicting positive for every z ≥ t, t over the values and +∞
      const best = Math.min(0, ...[...new Set(z)].map((t) => z.reduce((s, zi, i) => s + (zi >= t ? costs[i]! : 0), 0)));
      assert.ok(Math.abs(cost(b) - best) < 1e-12, `trial ${trial}: ${cost(b)} vs ${best}`);
    }
  });
});
