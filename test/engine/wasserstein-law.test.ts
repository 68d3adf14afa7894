import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Matrix, solve } from 'ml-matrix';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { applyBarycenter, fitBarycenter } from '../../server/src/methods/wasserstein/barycenter';
import { numericColumn, textColumn } from '../../server/src/engine/table/table';
import { loadTable } from '../../server/src/io/table';
import { SHARED_DATA } from '../support/adult';
import { ks } from '../support/two-sample';

describe('Wasserstein barycenter on Law School (8 race groups)', () => {
  it('brings every pair of groups within two-sample KS sampling noise on held-out rows', async (t) => {
    const table = await loadTable(path.join(SHARED_DATA, 'law_data.csv'));
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
