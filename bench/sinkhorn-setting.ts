// How Sinkhorn's ε and iteration budget are chosen, on training data only (adult.data): the
// representation of a λ = 0 network (the shipped architecture and training, tasks income>50K and
// hours-per-week>40, sensitive sex, age left out as in the Adult test whose transfer task it is, seed 0) on 8 stratified batches of 256 training rows.
// - ε (relative to the batch's mean squared distance): the largest of a grid whose Sinkhorn
//   divergence keeps at least half of its sensitivity to differences other than the means, i.e.
//   S_ε / S_ε₀ ≥ 1/2 on the group-centred clouds (each group's mean subtracted), ε₀ = 0.01 relative
//   (≈ the unregularized transport cost). Large ε is cheaper and less noisy but tends to matching
//   means only (Feydy et al. 2019: S_ε → ½·MMD with kernel −‖x − y‖², i.e. ‖mean_x − mean_y‖²).
// - Iterations: the smallest budget of a grid at which the gradient (with training's stopping
//   tolerance 1e-3·ε) is within 1% (relative L2 norm, worst batch) of the converged gradient
//   (5,000 iterations, tolerance 1e-12·ε).
// Writes bench/sinkhorn-setting.json. Run: npx tsc -p tsconfig.test.json && node out/bench/sinkhorn-setting.js
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, shuffleInPlace } from '../server/src/engine/numerics/random';
import { featureNames, fitFeatureEncoding } from '../server/src/engine/learners/features';
import { networkOf, represent, sparseRows } from '../server/src/methods/representation/model';
import { DEFAULT_PENALTY } from '../server/src/methods/representation/penalty';
import { meanCost, sinkhornDivergence } from '../server/src/methods/representation/sinkhorn';
import { parseTaskSpec, taskLabels } from '../server/src/methods/representation/tasks';
import { trainRepresentation, TRAINING_DEFAULTS } from '../server/src/methods/representation/train';
import { groupColumn } from '../server/src/engine/table/table';
import { adultCsvFiles } from '../test/support/adult';
import { loadTable } from '../server/src/io/table';

const RELATIVE_EPSILONS = [4, 2, 1, 0.5, 0.3, 0.2, 0.1, 0.05];
const REFERENCE_EPSILON = 0.01;
const BUDGETS = [5, 10, 20, 50, 100, 200, 500, 1000];
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
  const { train: trainFile } = await adultCsvFiles();
  const train = await loadTable(trainFile);
  const tasks = ['income=>50K', 'hours-per-week>40'].map((text) => taskLabels(train, parseTaskSpec(text)).values);
  const encoding = fitFeatureEncoding(train, ['sex', 'income', 'hours-per-week', 'age']);
  const rows = sparseRows(encoding, train);
  const names = groupColumn(train, ['sex']);
  const groupNames = [...new Set(names)].sort();
  const groups = Int32Array.from(names, (g) => groupNames.indexOf(g));
  const dim = TRAINING_DEFAULTS.dim;
  const net = trainRepresentation(rows, featureNames(encoding).length, tasks, groups, 2, {
    ...TRAINING_DEFAULTS,
    lambda: 0,
    penalty: { kind: 'sinkhorn', ...DEFAULT_PENALTY },
    seed: 0,
  });
  const { z } = represent(
    networkOf({ encoding, tasks: [], penalty: 'sinkhorn', lambda: 0, inputs: featureNames(encoding).length, dim, params: [...net.params] }),
    rows,
  );
  // stratified batches of 256 rows: each group's share of the rows
  const random = seededRandom(1);
  const members = groupNames.map((_, g) =>
    shuffleInPlace(
      Array.from(groups.keys()).filter((i) => groups[i] === g),
      random,
    ),
  );
  const batches = Array.from({ length: BATCHES }, (_, b) =>
    members.map((list) => {
      const take = Math.round((256 * list.length) / rows.length);
      const cloud = new Float64Array(take * dim);
      for (let r = 0; r < take; r++) cloud.set(z.subarray(list[b * take + r]! * dim, list[b * take + r]! * dim + dim), r * dim);
      return cloud;
    }),
  );
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
  const budgets = BUDGETS.map((budget) => {
    const errors = batches.map(([x, y]) => {
      const converged = divergence(x!, y!, chosen);
      const capped = divergence(x!, y!, chosen, budget, 1e-3);
      const diff = (a: Float64Array, b: Float64Array) => norm(a.map((v, k) => v - b[k]!));
      return Math.hypot(diff(capped.gradX, converged.gradX), diff(capped.gradY, converged.gradY)) / Math.hypot(norm(converged.gradX), norm(converged.gradY));
    });
    const worst = Math.max(...errors);
    process.stdout.write(`ε ${chosen}, ${budget} iterations: gradient relative error, worst batch ${worst.toExponential(2)}\n`);
    return { iterations: budget, worstRelativeError: worst, errors };
  });
  const budget = budgets.find((b) => b.worstRelativeError <= 0.01)?.iterations ?? BUDGETS.at(-1)!;
  const result = {
    command: 'npx tsc -p tsconfig.test.json && node out/bench/sinkhorn-setting.js',
    data: 'adult.data (training file only)',
    chosen: { relativeEpsilon: chosen, iterations: budget },
    sensitivity,
    budgets,
  };
  writeFileSync(path.resolve(__dirname, '../../bench/sinkhorn-setting.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`chosen: relative ε ${chosen}, ${budget} iterations\n`);
}

void main();
