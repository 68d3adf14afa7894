import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Matrix, solve } from 'ml-matrix';
import type { MitigationReport } from '../../common/reports/mitigation';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { applyBarycenter, fitBarycenter } from '../../server/src/methods/wasserstein/barycenter';
import { numericColumn, textColumn } from '../../server/src/engine/table/table';
import { loadTable } from '../../server/src/io/table';
import { SHARED_DATA } from '../support/adult';
import { ks } from '../support/two-sample';
import { COMPAS, parity } from '../support/cli';
import { runWithFlags } from '../support/run-with-flags';
import { beforeAfterTable } from '../../common/render/mitigation-model';
import { wasserstein } from '../../server/src/methods/wasserstein/command';

const LAW = path.join(SHARED_DATA, 'law_data.csv');

describe('Wasserstein barycenter on Law School (8 race groups)', () => {
  it('brings every pair of groups within two-sample KS sampling noise on held-out rows', async (t) => {
    const table = await loadTable(LAW);
    const [lsat, ugpa, zfya] = ['LSAT', 'UGPA', 'ZFYA'].map((c) => numericColumn(table, c));
    const race = textColumn(table, 'race');
    // seeded split: 40% to fit least squares ZFYA ~ 1 + LSAT + UGPA, 30% to fit the map, 30% held out
    const random = seededRandom(2026);
    const part = race.map(() => random());
    const rows = (from: number, to: number) => part.flatMap((p, i) => (p >= from && p < to ? [i] : []));
    const [fitRows, calibrationRows, heldRows] = [rows(0, 0.4), rows(0.4, 0.7), rows(0.7, 1)];
    const design = (idx: number[]) => new Matrix(idx.map((i) => [1, lsat![i]!, ugpa![i]!]));
    const beta = solve(design(fitRows), Matrix.columnVector(fitRows.map((i) => zfya![i]!)), true);
    const predict = (idx: number[]) => design(idx).mmul(beta).getColumn(0);
    const map = fitBarycenter(
      predict(calibrationRows),
      calibrationRows.map((i) => race[i]!),
      0,
      'law_data.csv',
    );
    const heldGroups = heldRows.map((i) => race[i]!);
    const before = predict(heldRows);
    const after = applyBarycenter(map, before, heldGroups, 1, () => ({ file: 'law_data.csv' }));
    const groups = [...new Set(heldGroups)].filter((g) => heldGroups.filter((h) => h === g).length >= 20);
    const pairs = groups.flatMap((a, i) => groups.slice(i + 1).map((b) => [a, b] as const));
    // Bound: the two-sample KS critical value sqrt(−ln(α/2)/2)·sqrt((n+m)/(nm)) at α = 0.05,
    // Bonferroni-corrected over the pairs; groups with fewer than 20 held-out rows are left out.
    const alpha = 0.05 / pairs.length;
    const valuesOf = (values: ArrayLike<number>, g: string) => heldGroups.flatMap((h, k) => (h === g ? [values[k]!] : []));
    let largestBefore = 0;
    let largestAfter = 0;
    for (const [a, b] of pairs) {
      const [n, m] = [valuesOf(after, a).length, valuesOf(after, b).length];
      const bound = Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
      const distance = ks(valuesOf(after, a), valuesOf(after, b));
      assert.ok(distance <= bound, `${a} vs ${b}: KS ${distance.toFixed(3)} > ${bound.toFixed(3)} (n=${n}, m=${m})`);
      largestBefore = Math.max(largestBefore, ks(valuesOf(before, a), valuesOf(before, b)));
      largestAfter = Math.max(largestAfter, distance / bound);
    }
    t.diagnostic(
      `${groups.length} groups, ${pairs.length} pairs; largest KS before ${largestBefore.toFixed(3)}; largest KS after as a share of its bound ${largestAfter.toFixed(2)}`,
    );
    assert.ok(groups.length >= 5, `groups compared: ${groups}`);
    assert.ok(largestBefore > 0.4, `the regression's predictions differ between groups before (largest KS ${largestBefore})`);
  });
});

describe('Wasserstein barycenter on Law School without a model output: least squares first', () => {
  it("fits ZFYA ~ LSAT + UGPA, maps its predictions, and equalizes the race groups' mean prediction on 30% held out (parity mitigate, then parity apply)", async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-law-'));
    const out = path.join(dir, 'out');
    const flags = ['--label', 'ZFYA', '--sensitive', 'race', '--features', 'LSAT,UGPA', '--test-fraction', '0.3', '--split-seed', '2026'];
    const run = parity(['mitigate', 'wasserstein', '--data', LAW, ...flags, '--bootstrap', '0', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as MitigationReport;
    const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as { map: { groups: { group: string; halves: [number[], number[]] }[] } };
    const held = await loadTable(path.join(out, 'predictions.csv'));
    const whole = await loadTable(LAW);
    // 30% of the rows, unstratified (a numeric label has no classes): round(0.3 × rows)
    assert.equal(held.rowCount, Math.round(0.3 * whole.rowCount));
    assert.deepEqual(report.measuredOn && { kind: report.measuredOn.kind, rows: report.measuredOn.rows }, { kind: 'held-out', rows: held.rowCount });
    assert.deepEqual(report.features?.used, ['LSAT', 'UGPA']);
    const [target, before, after] = ['ZFYA', 'wasserstein_base_prediction', 'wasserstein_prediction'].map((c) => numericColumn(held, c));
    const race = textColumn(held, 'race');

    // R² and MSE by their definitions, on the held-out rows: the report's figures, and the base model explains some of ZFYA
    const mean = (v: ArrayLike<number>) => {
      let sum = 0;
      for (let i = 0; i < v.length; i++) sum += v[i]!;
      return sum / v.length;
    };
    const mse = (p: Float64Array) => mean(p.map((v, i) => (target![i]! - v) ** 2));
    const r2 = (p: Float64Array) => 1 - mse(p) / mean(target!.map((y) => (y - mean(target!)) ** 2));
    for (const [side, p] of [
      ['before', before!],
      ['after', after!],
    ] as const) {
      assert.ok(Math.abs(report[side].r2! - r2(p)) < 1e-9, `${side} R² ${report[side].r2} vs ${r2(p)}`);
      assert.ok(Math.abs(report[side].mse! - mse(p)) < 1e-9, `${side} MSE ${report[side].mse} vs ${mse(p)}`);
    }
    assert.ok(r2(before!) > 0, `before R² ${r2(before!)}`);

    // Tolerance from the method: a held-out row and the calibration half of its group are exchangeable (one random split of
    // one file), so its rank among the half's h values is uniform on 0..h and E[mapped] = the average of the fair value
    // over the h + 1 ranks: the same Riemann sum of the common barycenter quantile B for every group, up to range(B) / (h + 1).
    // The held-out mean of m rows spreads around it by sd² · (1/m + 1/(h + 2)) (the m draws, and the half's spacings,
    // Dirichlet(1, ..., 1)); the cross-fitted average of two halves spreads no more than its smaller half.
    // Pairs of groups of at least 100 held-out rows, two-sided 95% with Bonferroni over the pairs.
    const values = model.map.groups.flatMap((g) => [...g.halves[0], ...g.halves[1]]);
    const range = Math.max(...values) - Math.min(...values);
    const half = new Map(model.map.groups.map((g) => [g.group, Math.min(g.halves[0].length, g.halves[1].length)]));
    const ofGroup = (p: Float64Array, g: string) => p.filter((_, i) => race[i] === g);
    const groups = [...new Set(race)].filter((g) => ofGroup(after!, g).length >= 100);
    const pairs = groups.flatMap((a, i) => groups.slice(i + 1).map((b) => [a, b] as const));
    const z = normalQuantile(1 - 0.05 / (2 * pairs.length));
    const tolerance = (a: string, b: string) => {
      const spread = (g: string) => {
        const v = ofGroup(after!, g);
        const variance = mean(v.map((x) => (x - mean(v)) ** 2));
        return variance * (1 / v.length + 1 / (half.get(g)! + 2));
      };
      return range / (half.get(a)! + 1) + range / (half.get(b)! + 1) + z * Math.sqrt(spread(a) + spread(b));
    };
    let largestBefore = 0;
    let largestAfter = 0;
    for (const [a, b] of pairs) {
      const gap = Math.abs(mean(ofGroup(after!, a)) - mean(ofGroup(after!, b)));
      largestAfter = Math.max(largestAfter, gap / tolerance(a, b));
      assert.ok(gap <= tolerance(a, b), `${a} vs ${b}: mean gap ${gap.toFixed(4)} > ${tolerance(a, b).toFixed(4)}`);
      largestBefore = Math.max(largestBefore, Math.abs(mean(ofGroup(before!, a)) - mean(ofGroup(before!, b))) / tolerance(a, b));
    }
    t.diagnostic(
      `R² ${r2(before!).toFixed(3)} → ${r2(after!).toFixed(3)}; ${groups.length} groups; largest mean gap as a share of its tolerance: before ${largestBefore.toFixed(2)}, after ${largestAfter.toFixed(2)}`,
    );
    assert.ok(groups.length >= 4, `groups compared: ${groups}`);
    // the base model's own gaps would fail the same bound: the check has teeth
    assert.ok(largestBefore > 1, `largest before gap as a share of its tolerance: ${largestBefore}`);

    // the before/after table shows the gap users look for (cold try 9): largest − smallest group mean prediction, recomputed here over every group
    const allGroups = [...new Set(race)];
    const spreadOf = (p: Float64Array) => {
      const means = allGroups.map((g) => mean(ofGroup(p, g)));
      return Math.max(...means) - Math.min(...means);
    };
    const row = beforeAfterTable(report, report.after).rows.find((r) => r.cells[0]!.text === 'Mean prediction difference');
    assert.ok(row, 'a row of the mean prediction difference');
    assert.equal(row.cells[2]!.text, spreadOf(before!).toFixed(3));
    assert.equal(row.cells[3]!.text, spreadOf(after!).toFixed(3));

    // parity apply reproduces: the base model's predictions on every row of the file, the mapped ones on the same rows in the same order
    const appliedWhole = path.join(dir, 'whole.csv');
    const appliedHeld = path.join(dir, 'held.csv');
    for (const [input, output] of [
      [LAW, appliedWhole],
      [path.join(out, 'predictions.csv'), appliedHeld],
    ])
      assert.equal(parity(['apply', path.join(out, 'model.json'), input!, '--out', output!]).status, 0);
    const applied = await loadTable(appliedWhole);
    const appliedBase = numericColumn(applied, 'wasserstein_base_prediction');
    const baseOf = new Map(Array.from(numericColumn(applied, 'column_1'), (id, i) => [id, appliedBase[i]]));
    numericColumn(held, 'column_1').forEach((id, i) => assert.equal(baseOf.get(id), before![i], `row ${id}`));
    const again = await loadTable(appliedHeld);
    assert.deepEqual(numericColumn(again, 'wasserstein_prediction.1'), after);
    assert.deepEqual(numericColumn(again, 'wasserstein_base_prediction.1'), before);
    // a base model whose weights do not match its encoding is refused before use
    const edited = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as { base: { model: { weights: number[] } } };
    edited.base.model.weights.pop();
    writeFileSync(path.join(dir, 'edited.json'), JSON.stringify(edited));
    const refused = parity(['apply', path.join(dir, 'edited.json'), LAW, '--out', path.join(dir, 'edited.csv')]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /base\.model\.weights has 1 values where 2 are needed \(one per encoded feature\)/);
  });
});

describe('Wasserstein without a model output: what it refuses', () => {
  it('needs a column to map or a label to fit, and a numeric label', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'parity-law-')), 'out');
    await assert.rejects(
      async () => runWithFlags(wasserstein, { data: COMPAS, sensitive: 'race', out }),
      /give --prediction or --score to make fair, or a numeric --label/,
    );
    await assert.rejects(
      async () => runWithFlags(wasserstein, { data: COMPAS, sensitive: 'race', label: 'two_year_recid', out }),
      /the label "two_year_recid" has two values .*least squares is fitted to a numeric target/,
    );
    await assert.rejects(
      async () => runWithFlags(wasserstein, { data: COMPAS, sensitive: 'race', score: 'decile_score', label: 'two_year_recid', features: 'age', out }),
      /--features, --audited and --not-features choose the least-squares model's inputs/,
    );
  });
});

/** Φ⁻¹(p) for p > ½: bisection on Φ, itself Simpson's rule on the normal density. */
function normalQuantile(p: number): number {
  const cdf = (z: number) => {
    const steps = 2000;
    const h = z / steps;
    let sum = 0;
    for (let k = 0; k <= steps; k++) sum += (k === 0 || k === steps ? 1 : k % 2 ? 4 : 2) * Math.exp(-((k * h) ** 2) / 2);
    return 0.5 + ((h / 3) * sum) / Math.sqrt(2 * Math.PI);
  };
  let [low, high] = [0, 10];
  for (let i = 0; i < 60; i++) [low, high] = cdf((low + high) / 2) < p ? [(low + high) / 2, high] : [low, (low + high) / 2];
  return (low + high) / 2;
}
