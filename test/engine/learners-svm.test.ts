import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitKernelSvm, kernelDecisionValues } from '../../server/src/engine/learners/kernel-svm';
import { decisionValues } from '../../server/src/engine/learners/linear-model';
import { fitLinearSvm } from '../../server/src/engine/learners/linear-svm';
import { seededRandom } from '../../server/src/engine/numerics/random';

/** Two overlapping Gaussian-ish clouds in 2-D, labels 0/1, plus a third feature used as an equality row. */
function clouds(n: number, seed: number) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    rows.push(Float64Array.of(normal() + (label ? 1 : -1), normal() + (label ? 0.5 : -0.5)));
    labels.push(label);
  }
  return { rows, labels };
}

/** ½(‖w‖² + b²) + C Σ max(0, 1 − y f(x)): the primal the linear SVM minimizes (bias as a feature). */
function primal(w: ArrayLike<number>, b: number, rows: Float64Array[], labels: number[], C: number): number {
  let value = (b * b) / 2;
  for (let j = 0; j < w.length; j++) value += w[j]! ** 2 / 2;
  rows.forEach((row, i) => {
    const f = row.reduce((sum, x, j) => sum + x * w[j]!, b);
    value += C * Math.max(0, 1 - (labels[i] === 1 ? 1 : -1) * f);
  });
  return value;
}

describe('linear SVM', () => {
  it('finds the hand-computed maximum-margin line of two points', () => {
    // x = −1 (label 0), x = +1 (label 1); hard margin with the bias regularized: min ½(w² + b²)
    // s.t. w + b ≥ 1 and w − b ≥ 1, whose solution is w = 1, b = 0.
    const model = fitLinearSvm([Float64Array.of(-1), Float64Array.of(1)], [0, 1], { C: 100 });
    assert.ok(Math.abs(model.weights[0]! - 1) < 1e-6 && Math.abs(model.bias) < 1e-6, `${model.weights[0]}, ${model.bias}`);
  });

  it('reaches the primal minimum: no random direction decreases the objective (convexity)', () => {
    const { rows, labels } = clouds(200, 1);
    const C = 0.5;
    const model = fitLinearSvm(rows, labels, { C, tolerance: 1e-9 });
    const best = primal(model.weights, model.bias, rows, labels, C);
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const step = 1e-3 * (1 + 10 * random());
      const direction = [random() - 0.5, random() - 0.5, random() - 0.5];
      const moved = primal(
        [model.weights[0]! + step * direction[0]!, model.weights[1]! + step * direction[1]!],
        model.bias + step * direction[2]!,
        rows,
        labels,
        C,
      );
      assert.ok(moved >= best - 1e-9, `trial ${trial}: ${moved} < ${best}`);
    }
  });

  it('treats a sample weight of 2 as the row counted twice', () => {
    const { rows, labels } = clouds(40, 3);
    const weights = rows.map((_, i) => (i % 5 === 0 ? 2 : 1));
    const weighted = fitLinearSvm(rows, labels, { C: 1, sampleWeights: weights, tolerance: 1e-10 });
    const extra = rows.flatMap((row, i) => (i % 5 === 0 ? [i] : []));
    const duplicated = fitLinearSvm([...rows, ...extra.map((i) => rows[i]!)], [...labels, ...extra.map((i) => labels[i]!)], { C: 1, tolerance: 1e-10 });
    const a = primal(weighted.weights, weighted.bias, [...rows, ...extra.map((i) => rows[i]!)], [...labels, ...extra.map((i) => labels[i]!)], 1);
    const b = primal(duplicated.weights, duplicated.bias, [...rows, ...extra.map((i) => rows[i]!)], [...labels, ...extra.map((i) => labels[i]!)], 1);
    assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);
    assert.ok(decisionValues(weighted, rows).every((f, i) => Math.abs(f - decisionValues(duplicated, rows)[i]!) < 1e-3));
  });
});

describe('kernel SVM with extra equality constraints', () => {
  const { rows, labels } = clouds(160, 11);
  // A group-like row: a random 0/1 membership with some noise (FERM's τ is of this kind).
  const membership = seededRandom(5);
  const extra = Float64Array.from(rows, () => (membership() < 0.5 ? 1 : 0) + 0.1 * membership());
  const C = 2;
  const gamma = 0.5;
  const { alpha, model } = fitKernelSvm(rows, labels, { C, gamma, equalities: [extra], tolerance: 1e-8 });
  const y = labels.map((l) => (l === 1 ? 1 : -1));

  it('keeps Σ α_i y_i = 0 and Σ α_i y_i e_i = 0 to rounding error, within the box', () => {
    const first = alpha.reduce((sum, a, i) => sum + a * y[i]!, 0);
    const second = alpha.reduce((sum, a, i) => sum + a * y[i]! * extra[i]!, 0);
    assert.ok(Math.abs(first) < 1e-9, `yᵀα = ${first}`);
    assert.ok(Math.abs(second) < 1e-9, `(y∘e)ᵀα = ${second}`);
    assert.ok(alpha.every((a) => a >= 0 && a <= C));
  });

  it('satisfies the KKT conditions: multipliers fitted independently on the free variables fit every variable', () => {
    // g = Qα − 1 computed here from the kernel formula; on free variables g_i + b y_i + ν y_i e_i = 0,
    // at α = 0 it is ≥ 0 and at α = C ≤ 0. (b, ν) by least squares on the free variables.
    const K = (i: number, j: number) => Math.exp(-gamma * ((rows[i]![0]! - rows[j]![0]!) ** 2 + (rows[i]![1]! - rows[j]![1]!) ** 2));
    const g = y.map((yi, i) => yi * y.reduce((sum, yj, j) => sum + yj * alpha[j]! * K(i, j), 0) - 1);
    const free = [...alpha.keys()].filter((i) => alpha[i]! > 1e-7 && alpha[i]! < C - 1e-7);
    assert.ok(free.length >= 2);
    // normal equations of the 2-parameter least squares
    let s11 = 0,
      s12 = 0,
      s22 = 0,
      t1 = 0,
      t2 = 0;
    for (const i of free) {
      const u = y[i]!,
        v = y[i]! * extra[i]!;
      s11 += u * u;
      s12 += u * v;
      s22 += v * v;
      t1 -= u * g[i]!;
      t2 -= v * g[i]!;
    }
    const det = s11 * s22 - s12 * s12;
    const b = (t1 * s22 - t2 * s12) / det;
    const nu = (s11 * t2 - s12 * t1) / det;
    alpha.forEach((a, i) => {
      const r = g[i]! + b * y[i]! + nu * y[i]! * extra[i]!;
      // 1e-4: the solver stops at a 1e-8 projected gradient, then re-solves the free set; libsvm tolerates 1e-3.
      if (free.includes(i)) assert.ok(Math.abs(r) < 1e-4, `free ${i}: ${r}`);
      else if (a < C / 2) assert.ok(r > -1e-4, `α=0 at ${i}: ${r}`);
      else assert.ok(r < 1e-4, `α=C at ${i}: ${r}`);
    });
  });

  it('classifies the training clouds well above chance', () => {
    const f = kernelDecisionValues(model, rows);
    const correct = labels.filter((l, i) => (f[i]! >= 0 ? 1 : 0) === l).length;
    assert.ok(correct / labels.length > 0.75, `${correct}`);
  });
});
