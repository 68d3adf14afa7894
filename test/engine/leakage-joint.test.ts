// The joint model's learner (logistic regression on category codes, L-BFGS on a centered
// subspace) against the dense Newton solver on the same one-hot design: two independent
// algorithms for one convex problem must agree on the optimum.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codedMargin, codedRows, fitCodedLogistic, type CodedDesign } from '../../server/src/engine/leakage/coded-logistic';
import { reservoirSample, ReservoirSampler } from '../../server/src/io/reservoir';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { fitLogistic } from '../../server/src/engine/learners/logistic';
import { openCsv } from '../../server/src/io/csv/reader';
import { tableRows } from '../../server/src/engine/table/table';
import path from 'node:path';

/** Three categorical columns with planted effects, plus a rare category seen in a handful of rows. */
function plantedDesign(n: number, seed: number): { design: CodedDesign; labels: Uint8Array } {
  const random = seededRandom(seed);
  const categories = [3, 5, 7];
  const codes = categories.map(() => new Int32Array(n));
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let logit = -0.4;
    categories.forEach((count, j) => {
      const code = random() < 0.01 ? count - 1 : Math.floor(random() * (count - 1));
      codes[j]![i] = code;
      logit += (code - count / 2) * 0.3 * (j + 1);
    });
    labels[i] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { design: { codes, categories }, labels };
}

function oneHot(design: CodedDesign, row: number): Float64Array {
  const width = design.categories.reduce((sum, count) => sum + count, 0);
  const x = new Float64Array(width);
  let offset = 0;
  design.categories.forEach((count, j) => {
    x[offset + design.codes[j]![row]!] = 1;
    offset += count;
  });
  return x;
}

describe('logistic regression on category codes', () => {
  const n = 3000;
  const { design, labels } = plantedDesign(n, 5);
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const dense = Array.from(rows, (row) => oneHot(design, row));

  for (const l2 of [1, 10]) {
    it(`reaches the dense Newton solver's optimum (λ = ${l2} rows)`, () => {
      const coded = fitCodedLogistic(codedRows(design, rows), labels, { l2 });
      // fitLogistic minimizes the mean loss + λ'/2 ||w||²: the same problem with λ' = λ / n.
      const reference = fitLogistic(dense, labels, { l2: l2 / n });
      let worst = 0;
      for (const row of rows) {
        const margin = reference.bias + dense[row]!.reduce((sum, x, k) => sum + x * reference.weights[k]!, 0);
        worst = Math.max(worst, Math.abs(margin - codedMargin(coded, design, row)));
      }
      assert.ok(worst < 1e-3, `largest log-odds difference ${worst}`);
      // At the optimum each column's weights sum to zero (λ Σ_c w_c = −Σ_i (p_i − y_i) = 0).
      for (const weights of coded.weights) assert.ok(Math.abs(weights.reduce((sum, w) => sum + w, 0)) < 1e-6);
    });
  }

  it('a warm start from a fit on other rows ends at the same optimum', () => {
    const half = rows.filter((row) => row % 2 === 0);
    const cold = fitCodedLogistic(codedRows(design, rows), labels);
    const warm = fitCodedLogistic(codedRows(design, rows), labels, {
      start: fitCodedLogistic(
        codedRows(design, half),
        Uint8Array.from(half, (row) => labels[row]!),
      ),
    });
    for (const row of rows.slice(0, 200)) assert.ok(Math.abs(codedMargin(cold, design, row) - codedMargin(warm, design, row)) < 1e-3);
  });
});

describe('reservoir sample', () => {
  it('fed batch by batch from another pass equals the sample of its own pass', async () => {
    const file = path.resolve(__dirname, '../../../examples/compas/compas-two-years.csv');
    const own = await reservoirSample(file, {}, 500, 9);
    const source = await openCsv(file);
    const sampler = new ReservoirSampler(500, 9);
    for await (const batch of source.batches()) sampler.add(batch);
    source.close();
    const riding = sampler.table(file, source.columns);
    assert.equal(riding.totalRows, 7214);
    assert.deepEqual(riding.lines, own.lines);
    assert.deepEqual(tableRows(riding), tableRows(own));
  });
});
