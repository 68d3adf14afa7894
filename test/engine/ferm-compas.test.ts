import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import type { ModelFile } from '../../server/src/engine/mitigation/report';
import { ferm } from '../../server/src/mitigations/ferm';

const COMPAS = path.join(__dirname, '../../../examples/compas/compas-two-years.csv');
const FEATURES = 'sex,age,juv_fel_count,juv_misd_count,priors_count,c_charge_degree';

function parse(file: string): string[][] {
  return Papa.parse<string[]>(readFileSync(file, 'utf8').replace(/\r\n/g, '\n').trimEnd(), { header: false }).data;
}

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('parity mitigate ferm on COMPAS with six race groups', () => {
  it('predictions.csv copies the test rows field for field, the sweep ends at before/after, features.csv meets every constraint, apply reproduces', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-ferm-compas-'));
    const [header, ...lines] = readFileSync(COMPAS, 'utf8').trimEnd().split('\n');
    const train = path.join(dir, 'train.csv');
    const test = path.join(dir, 'test.csv');
    writeFileSync(train, [header, ...lines.filter((_, i) => i % 3 !== 0)].join('\n') + '\n');
    writeFileSync(test, [header, ...lines.filter((_, i) => i % 3 === 0)].join('\n') + '\n');
    const hashes = [hash(train), hash(test)];
    const out = path.join(dir, 'out');
    const report = await ferm.run({ train, test, label: 'two_year_recid', sensitive: 'race', features: FEATURES, sweep: true, 'export-features': true, out }, {});
    assert.deepEqual([hash(train), hash(test)], hashes, 'inputs unchanged');
    // six races: one constraint per non-reference group
    assert.equal((report.parameters['constrainedGroups'] as string[]).length, 5);

    const input = parse(test);
    const written = parse(path.join(out, 'predictions.csv'));
    assert.deepEqual(written[0], [...input[0]!, 'ferm_score', 'ferm_prediction']);
    assert.equal(written.length, input.length);
    written.forEach((row, r) => assert.deepEqual(row.slice(0, -2), input[r], `row ${r}`));
    // SVM: the prediction is the decision value thresholded at 0
    written.slice(1).forEach((row) => assert.equal(row.at(-1), Number(row.at(-2)) >= 0 ? '1' : '0'));

    // the sweep blends the unconstrained (strength 0) and the FERM (strength 1) decision values on the same rows
    assert.deepEqual(report.tradeoff.map((p) => p.value), [0, 0.25, 0.5, 0.75, 1]);
    assert.equal(report.tradeoff[0]!.accuracy, report.before.accuracy);
    assert.equal(report.tradeoff[0]!.aggregates['equal_opportunity_difference'], report.before.aggregates['equal_opportunity_difference']);
    assert.equal(report.tradeoff[4]!.accuracy, report.after.accuracy);
    assert.equal(report.tradeoff[4]!.aggregates['equal_opportunity_difference'], report.after.aggregates['equal_opportunity_difference']);

    // features.csv (pre-processing form), training rows: every projected coordinate has the same mean over
    // the positives of each race (group means computed here, independently of the engine).
    const [names, ...rows] = parse(path.join(out, 'features.csv'));
    assert.deepEqual(names!.slice(0, 2), ['two_year_recid', 'race']);
    assert.equal(rows.length, lines.filter((_, i) => i % 3 !== 0).length);
    const positives = rows.filter((row) => row[0] === '1');
    const races = [...new Set(positives.map((row) => row[1]!))];
    assert.equal(races.length, 6);
    for (let j = 2; j < names!.length; j++) {
      const means = races.map((race) => {
        const members = positives.filter((row) => row[1] === race);
        return members.reduce((s, row) => s + Number(row[j]), 0) / members.length;
      });
      assert.ok(Math.max(...means) - Math.min(...means) < 1e-9, `${names![j]}: ${means.join(', ')}`);
    }

    const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as ModelFile;
    const applied = path.join(dir, 'applied.csv');
    await ferm.apply!(model, test, { out: applied }, {});
    const again = parse(applied);
    const column = (table: string[][], name: string) => table.slice(1).map((row) => row[table[0]!.indexOf(name)]);
    assert.deepEqual(column(again, 'ferm_score'), column(written, 'ferm_score'));
    assert.deepEqual(column(again, 'ferm_prediction'), column(written, 'ferm_prediction'));
  });
});
