// How Sinkhorn's ε, stopping tolerance and iteration cap are chosen, on training data only
// (adult.data): the representation of a λ = 0 network (the shipped architecture and training, tasks
// income>50K and hours-per-week>40, sensitive sex, age left out as in the Adult test whose transfer
// task it is, seed 0) on 8 stratified batches of 256 training rows.
// - ε (relative to the batch's mean squared distance): the largest of a grid whose Sinkhorn
//   divergence keeps at least half of its sensitivity to differences other than the means, i.e.
//   S_ε / S_ε₀ ≥ 1/2 on the group-centred clouds (each group's mean subtracted), ε₀ = 0.01 relative
//   (≈ the unregularized transport cost). Large ε is cheaper and less noisy but tends to matching
//   means only (Feydy et al. 2019: S_ε → ½·MMD with kernel −‖x − y‖², i.e. ‖mean_x − mean_y‖²).
// - Tolerance τ (stop when no potential moves by more than τ·ε, i.e. the plan's marginals are within
//   a factor e^{±τ} of uniform): the largest of a grid at which the gradient, with no cap, is within
//   1% (relative L2 norm, worst batch) of the converged gradient (20,000 iterations, tolerance 1e-13).
// - Cap: a guard, not the stopping rule: the smallest of a grid that is at least twice the most
//   iterations the chosen τ needed on any batch (the penalized representations met later in training
//   are conditioned differently from the λ = 0 one measured here).
// Writes bench/sinkhorn-setting.json. Run: npx tsc -p tsconfig.test.json && node out/bench/sinkhorn-setting.js
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { meanCost, sinkhornDivergence } from '../server/src/methods/representation/sinkhorn';
import { adultRepresentationBatches } from '../test/support/adult-representation';

const RELATIVE_EPSILONS = [4, 2, 1, 0.5, 0.3, 0.2, 0.1, 0.05];
const REFERENCE_EPSILON = 0.01;
const TOLERANCES = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4];
const CAPS = [50, 100, 200, 500, 1000, 2000];
const UNCAPPED = 20000;
const BATCHES = 8;

function centred(cloud: Float64Array, dim: number): Float64Array {
  const n = cloud.length / dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) mean[k]! += cloud[i * dim + k]! / n;
  return cloud.map((v, at) => v - mean[at % dim]!);
}

function norm(v: Float64Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

async function main(): Promise<void> {
  const { dim, batches } = await adultRepresentationBatches(BATCHES, 1);
  const divergence = (x: Float64Array, y: Float64Array, relative: number, maxIterations = 5000, tolerance = 1e-12) =>
    sinkhornDivergence(x, y, dim, { epsilon: relative * meanCost(x, y, dim), maxIterations, tolerance });
  const sensitivity = RELATIVE_EPSILONS.map((relative) => {
    const ratios = batches.map(([x, y]) => {
      const [cx, cy] = [centred(x!, dim), centred(y!, dim)];
      return divergence(cx, cy, relative).value / divergence(cx, cy, REFERENCE_EPSILON).value;
    });
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    process.stdout.write(
      `relative ε ${relative}: S_ε / S_ε₀ on centred clouds, mean ${mean.toFixed(3)} (batches ${ratios.map((r) => r.toFixed(3)).join(' ')})\n`,
    );
    return { relativeEpsilon: relative, meanRatio: mean, ratios };
  });
  const chosen = sensitivity.find((s) => s.meanRatio >= 0.5)?.relativeEpsilon ?? RELATIVE_EPSILONS.at(-1)!;
  const converged = batches.map(([x, y]) => divergence(x!, y!, chosen, UNCAPPED, 1e-13));
  const tolerances = TOLERANCES.map((tolerance) => {
    const solves = batches.map(([x, y], b) => {
      const stopped = divergence(x!, y!, chosen, UNCAPPED, tolerance);
      const exact = converged[b]!;
      const diff = (a: Float64Array, c: Float64Array) => norm(a.map((v, k) => v - c[k]!));
      const error = Math.hypot(diff(stopped.gradX, exact.gradX), diff(stopped.gradY, exact.gradY)) / Math.hypot(norm(exact.gradX), norm(exact.gradY));
      return { error, iterations: stopped.iterations };
    });
    const worst = Math.max(...solves.map((s) => s.error));
    const iterations = solves.map((s) => s.iterations);
    process.stdout.write(
      `ε ${chosen}, tolerance ${tolerance}: gradient relative error, worst batch ${worst.toExponential(2)}; iterations ${iterations.join(' ')}\n`,
    );
    return { tolerance, worstRelativeError: worst, errors: solves.map((s) => s.error), iterations };
  });
  const tolerance = tolerances.find((t) => t.worstRelativeError <= 0.01) ?? tolerances.at(-1)!;
  const cap = CAPS.find((c) => c >= 2 * Math.max(...tolerance.iterations)) ?? CAPS.at(-1)!;
  const result = {
    command: 'npx tsc -p tsconfig.test.json && node out/bench/sinkhorn-setting.js',
    data: 'adult.data (training file only)',
    chosen: { relativeEpsilon: chosen, tolerance: tolerance.tolerance, iterations: cap },
    sensitivity,
    tolerances,
  };
  writeFileSync(path.resolve(__dirname, '../../bench/sinkhorn-setting.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`chosen: relative ε ${chosen}, tolerance ${tolerance.tolerance}, cap ${cap} iterations\n`);
}

void main();
