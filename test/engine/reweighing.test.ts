import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../server/src/engine/errors';
import { fitReweighing, rowWeights } from '../../server/src/methods/reweighing/reweighing';
import { reweighing } from '../../server/src/methods/reweighing/command';
import { runWithFlags } from '../support/run-with-flags';

describe('reweighing', () => {
  it('gives each (group, label) cell P(s)P(y)/P(s,y) and equalizes the weighted base rates', () => {
    // a: 3 positives, 1 negative; b: 1 positive, 3 negatives; n = 8 (hand computation below)
    const groups = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const labels = [1, 1, 1, 0, 1, 0, 0, 0];
    const fitted = fitReweighing(groups, labels, 'hand.csv');
    const weight = (g: string, y: number) => fitted.cells.find((c) => c.group === g && c.label === y)!.weight;
    // P(a) = 1/2, P(y=1) = 1/2, P(a, 1) = 3/8 → (1/4)/(3/8) = 2/3; P(a, 0) = 1/8 → (1/4)/(1/8) = 2
    assert.ok(Math.abs(weight('a', 1) - 2 / 3) < 1e-15);
    assert.ok(Math.abs(weight('a', 0) - 2) < 1e-15);
    assert.ok(Math.abs(weight('b', 1) - 2) < 1e-15);
    assert.ok(Math.abs(weight('b', 0) - 2 / 3) < 1e-15);
    const w = rowWeights(fitted, groups, labels);
    for (const g of ['a', 'b']) {
      let positive = 0;
      let total = 0;
      groups.forEach((group, i) => {
        if (group !== g) return;
        total += w[i]!;
        positive += w[i]! * labels[i]!;
      });
      assert.ok(Math.abs(positive / total - 0.5) < 1e-15, `weighted base rate of ${g} equals the overall 1/2`);
      assert.ok(Math.abs(total - 4) < 1e-12, `group ${g} keeps its total weight`);
    }
    assert.deepEqual([...rowWeights(fitted, groups, labels, 0)], new Array(8).fill(1), 'strength 0 is unweighted');
  });

  it('refuses a group with a single label, with the fix that asks the sensitive attributes again', () => {
    assert.throws(
      () => fitReweighing(['a', 'a', 'b', 'b'], [1, 1, 0, 1], 'one-label.csv'),
      (error: InputError) =>
        /group "a" has no row with label negative: reweighing cannot balance it; choose fewer or coarser --sensitive columns$/.test(error.message) &&
        error.fix?.kind === 'columns' &&
        error.fix.role === 'sensitive',
    );
  });

  it('runs end to end: outputs, an unchanged input, and apply reproducing the scores', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-reweighing-'));
    const lines = readFileSync(path.join(__dirname, '../../../examples/compas/compas-two-years.csv'), 'utf8').trimEnd().split('\n');
    const [header, ...rows] = lines;
    const train = path.join(dir, 'train.csv');
    const test = path.join(dir, 'test.csv');
    writeFileSync(train, [header, ...rows.filter((_, i) => i % 3 !== 0)].join('\n') + '\n');
    writeFileSync(test, [header, ...rows.filter((_, i) => i % 3 === 0)].join('\n') + '\n');
    const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    const before = [hash(train), hash(test)];
    const out = path.join(dir, 'out');
    const report = await runWithFlags(
      reweighing,
      {
        train,
        test,
        label: 'two_year_recid',
        sensitive: 'race',
        features: 'sex,age,juv_fel_count,juv_misd_count,priors_count,c_charge_degree',
        sweep: true,
        out,
      },
      {},
    );
    assert.deepEqual([hash(train), hash(test)], before, 'inputs unchanged');
    assert.equal(report.evaluatedOn, 'test');
    assert.deepEqual(
      report.tradeoff.map((p) => p.value),
      [0, 0.25, 0.5, 0.75, 1],
    );
    // the sweep's end points are the before and after models
    assert.equal(report.tradeoff[0]!.accuracy, report.before.accuracy);
    assert.equal(report.tradeoff[4]!.accuracy, report.after.accuracy);
    const predictions = readFileSync(path.join(out, 'predictions.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(predictions.length, rows.filter((_, i) => i % 3 === 0).length + 1);
    assert.equal(predictions[0], `${header},reweighing_weight,reweighing_score,reweighing_prediction`);
    const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
    const applied = path.join(dir, 'applied.csv');
    await reweighing.apply!(model, test, { out: applied, csv: {} }, {});
    const scoreOf = (line: string) => line.split(',').at(-2);
    const appliedLines = readFileSync(applied, 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      appliedLines.slice(1).map((l) => l.split(',').at(-2)),
      predictions.slice(1).map(scoreOf),
    );
    await assert.rejects(reweighing.apply!(model, test, { out: test, csv: {} }, {}), /--out .*test\.csv is the input file .*test\.csv: choose another --out/);
  });
});
