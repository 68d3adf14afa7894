import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../server/src/engine/errors';
import { fitLinearSvm } from '../../server/src/engine/learners/linear-svm';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { fermDecisionValues, fermFeatures, FermLearner, FermProblem, fitFerm } from '../../server/src/methods/ferm/ferm';
import { FermFairness, orderGroups } from '../../server/src/methods/ferm/projection';

/** Synthetic rows where the groups differ in their features and base rates, so an unconstrained model is unfair. */
function synthetic(n: number, groupNames: string[], seed: number) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  const groups: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = i % groupNames.length;
    const label = random() < 0.3 + 0.15 * g ? 1 : 0;
    rows.push(Float64Array.of(normal() + label + 0.8 * g, normal() - 0.5 * g + 0.5 * label, normal(), g === 1 ? 1 : 0));
    labels.push(label);
    groups.push(groupNames[g]!);
  }
  return { rows, labels: Uint8Array.from(labels), groups };
}

function problemOf(data: ReturnType<typeof synthetic>, learner: FermLearner, fairness: FermFairness = 'equal-opportunity'): FermProblem {
  return { ...data, order: orderGroups(data.groups, data.labels, fairness, 'synthetic.csv'), fairness, learner };
}

/** Mean decision value per group over the constrained rows (positives, or all rows), computed here directly. */
function groupMeans(values: Float64Array, data: ReturnType<typeof synthetic>, positivesOnly: boolean): number[] {
  const sums = new Map<string, { sum: number; count: number }>();
  values.forEach((v, i) => {
    if (positivesOnly && data.labels[i] !== 1) return;
    const cell = sums.get(data.groups[i]!) ?? { sum: 0, count: 0 };
    cell.sum += v;
    cell.count++;
    sums.set(data.groups[i]!, cell);
  });
  return [...sums.values()].map((cell) => cell.sum / cell.count);
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

describe('FERM constraint on the training rows', () => {
  for (const groupNames of [
    ['a', 'b'],
    ['a', 'b', 'c'],
  ]) {
    for (const learner of ['linear-svm', 'logistic', 'rbf-svm'] as const) {
      it(`${learner}, ${groupNames.length} groups: the mean decision value of positives is equal across groups`, () => {
        const data = synthetic(learner === 'rbf-svm' ? 300 : 600, groupNames, 3);
        const settings = learner === 'rbf-svm' ? { C: 1, gamma: 0.2 } : { C: 1 };
        const plain = groupMeans(fermDecisionValues(fitFerm(problemOf(data, learner), settings, false), data.rows), data, true);
        const fair = groupMeans(fermDecisionValues(fitFerm(problemOf(data, learner), settings, true), data.rows), data, true);
        // The unconstrained model differs by a visible amount, FERM by rounding error only.
        assert.ok(spread(plain) > 0.1, `unconstrained spread ${spread(plain)}`);
        assert.ok(spread(fair) < 1e-8, `FERM spread ${spread(fair)}`);
      });
    }
  }

  it('demographic-parity variant: the mean decision value over all rows is equal across groups', () => {
    const data = synthetic(600, ['a', 'b', 'c'], 4);
    const fit = fitFerm(problemOf(data, 'linear-svm', 'demographic-parity'), { C: 1 }, true);
    assert.ok(spread(groupMeans(fermDecisionValues(fit, data.rows), data, false)) < 1e-9);
  });

  it('the exported features x̃ have equal group means over positives in every coordinate (⟨x̃, u_g⟩ removed)', () => {
    const data = synthetic(400, ['a', 'b', 'c'], 5);
    const fit = fitFerm(problemOf(data, 'logistic'), { C: 1 }, true);
    const projected = fermFeatures(fit, data.rows);
    // u_g·x̃ = 0 for each g means any fixed direction's group means agree; check every coordinate axis.
    for (let j = 0; j < 4; j++) {
      const column = Float64Array.from(projected, (row) => row[j]!);
      assert.ok(spread(groupMeans(column, data, true)) < 1e-9, `coordinate ${j}`);
    }
  });
});

describe('FERM input checks', () => {
  it('the linear SVM with orthogonalTo equals the SVM trained on rows projected explicitly (x − Σ⟨x, e⟩e)', () => {
    // One-hot-like sparse rows plus dense ones; two orthonormal directions built by hand.
    const data = synthetic(300, ['a', 'b', 'c'], 4);
    const rows = data.rows.map((row, i) => Float64Array.of(...row, i % 3 === 0 ? 1 : 0, 0));
    const e1 = [0.6, 0, 0.8, 0, 0, 0];
    const e2 = [0, 1, 0, 0, 0, 0];
    const projected = rows.map((row) => {
      const dots = [e1, e2].map((e) => e.reduce((s, v, j) => s + v * row[j]!, 0));
      return row.map((x, j) => x - dots[0]! * e1[j]! - dots[1]! * e2[j]!);
    });
    const options = { C: 0.5, tolerance: 1e-9 };
    const implicit = fitLinearSvm(rows, data.labels, { ...options, orthogonalTo: [e1, e2] });
    const explicit = fitLinearSvm(projected, data.labels, options);
    implicit.weights.forEach((w, j) => assert.ok(Math.abs(w - explicit.weights[j]!) < 1e-7, `w${j}: ${w} vs ${explicit.weights[j]}`));
    assert.ok(Math.abs(implicit.bias - explicit.bias) < 1e-7);
    for (const e of [e1, e2]) assert.ok(Math.abs(e.reduce((s, v, j) => s + v * implicit.weights[j]!, 0)) < 1e-12, 'w ⟂ e');
  });

  it('rejects a group with no positive example (equal opportunity undefined) with an InputError', () => {
    const data = synthetic(90, ['a', 'b', 'c'], 6);
    const labels = Uint8Array.from(data.labels, (y, i) => (data.groups[i] === 'c' ? 0 : y));
    assert.throws(
      () => orderGroups(data.groups, labels, 'equal-opportunity', 'x.csv'),
      (e: unknown) => e instanceof InputError && /group "c" has no positive/.test(e.message) && /x\.csv/.test(e.message),
    );
    // Demographic parity only needs rows, so the same data is accepted.
    assert.equal(orderGroups(data.groups, labels, 'demographic-parity', 'x.csv').length, 3);
  });

  it('rejects a single group', () => {
    assert.throws(
      () => orderGroups(['a', 'a'], [1, 0], 'equal-opportunity', 'x.csv'),
      (e: unknown) => e instanceof InputError && /single group/.test(e.message),
    );
  });
});
