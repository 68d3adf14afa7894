import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitLogistic, probabilities } from '../../server/src/engine/learners/logistic';

const logit = (p: number) => Math.log(p / (1 - p));

describe('logistic regression', () => {
  it('reaches the closed-form maximum-likelihood fit of one binary feature', () => {
    // x = 0: 3 positives of 10; x = 1: 8 of 10. Unpenalized MLE: bias = logit(0.3), w = logit(0.8) - logit(0.3).
    const rows: Float64Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 10; i++) {
      rows.push(Float64Array.of(0));
      labels.push(i < 3 ? 1 : 0);
      rows.push(Float64Array.of(1));
      labels.push(i < 8 ? 1 : 0);
    }
    const model = fitLogistic(rows, labels, { l2: 0 });
    assert.ok(Math.abs(model.bias - logit(0.3)) < 1e-8, `bias ${model.bias}`);
    assert.ok(Math.abs(model.weights[0]! - (logit(0.8) - logit(0.3))) < 1e-8, `weight ${model.weights[0]}`);
  });

  it('treats a sample weight of 2 as the row counted twice', () => {
    const rows = [0.5, -1.2, 2.0, 0.1, -0.3, 1.4].map((x, i) => Float64Array.of(x, (i % 3) - 1));
    const labels = [1, 0, 1, 0, 0, 1];
    const weighted = fitLogistic(rows, labels, { l2: 0.01, sampleWeights: [2, 1, 1, 2, 1, 1] });
    const duplicated = fitLogistic([...rows, rows[0]!, rows[3]!], [...labels, 1, 0], { l2: 0.01 });
    for (let j = 0; j < 2; j++) assert.ok(Math.abs(weighted.weights[j]! - duplicated.weights[j]!) < 1e-9);
    assert.ok(Math.abs(weighted.bias - duplicated.bias) < 1e-9);
  });

  it('has a zero gradient of the penalized objective at its solution (gradient written out here)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows = Array.from({ length: 400 }, () => Float64Array.from({ length: 5 }, () => random() * 2 - 1));
    const labels = rows.map((x) => (random() < 1 / (1 + Math.exp(-(2 * x[0]! - x[1]! + 0.5))) ? 1 : 0));
    const l2 = 0.05;
    const model = fitLogistic(rows, labels, { l2 });
    const p = probabilities(model, rows);
    const n = rows.length;
    for (let j = 0; j < 5; j++) {
      let g = l2 * model.weights[j]!;
      for (let i = 0; i < n; i++) g += ((p[i]! - labels[i]!) * rows[i]![j]!) / n;
      assert.ok(Math.abs(g) < 1e-9, `gradient ${j}: ${g}`);
    }
    let gb = 0;
    for (let i = 0; i < n; i++) gb += (p[i]! - labels[i]!) / n;
    assert.ok(Math.abs(gb) < 1e-9);
  });
});
