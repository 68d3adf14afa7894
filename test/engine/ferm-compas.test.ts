import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import type { ModelFile } from '../../common/reports/mitigation';
import type { CvRow } from '../../server/src/methods/ferm/ferm';
import { ferm } from '../../server/src/methods/ferm/command';
import { runWithFlags } from '../support/run-with-flags';

const COMPAS = path.join(__dirname, '../../../examples/compas/compas-two-years.csv');
const FEATURES = 'sex,age,juv_fel_count,juv_misd_count,priors_count,c_charge_degree';

function parse(file: string): string[][] {
  return Papa.parse<string[]>(readFileSync(file, 'utf8').trimEnd(), { header: false }).data;
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
    const report = await runWithFlags(
      ferm,
      { train, test, label: 'two_year_recid', sensitive: 'race', features: FEATURES, sweep: true, 'export-features': true, out },
      {},
    );
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
    assert.deepEqual(
      report.tradeoff.map((p) => p.value),
      [0, 0.25, 0.5, 0.75, 1],
    );
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

    // Selection guard, checked by hand: the 6 features span 6 dimensions once centred (sex and
    // c_charge_degree are one-hot pairs summing to 1) and 5 constraint directions are removed, so the
    // projected features vary along ONE direction: every column of features.csv is an affine function
    // of any other (checked here), and no C does better than the majority class. Every FERM setting
    // must be excluded, with the fallback warned about; the unconstrained settings stay eligible.
    const columns = names!.slice(2).map((_, j) => rows.map((row) => Number(row[j + 2])));
    const centred = columns.map((x) => {
      const mean = x.reduce((s, v) => s + v, 0) / x.length;
      return x.map((v) => v - mean);
    });
    const norm = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0));
    const pivot = centred.reduce((a, b) => (norm(b) > norm(a) ? b : a));
    for (const x of centred) {
      const slope = x.reduce((s, v, i) => s + v * pivot[i]!, 0) / norm(pivot) ** 2;
      assert.ok(norm(x.map((v, i) => v - slope * pivot[i]!)) < 1e-6 * Math.max(1, norm(x)), 'projected features of rank 1');
    }
    const trainingLabels = lines.filter((_, i) => i % 3 !== 0).map((line) => line.split(',')[header!.split(',').indexOf('two_year_recid')]);
    const majority = trainingLabels.filter((label) => label === '0').length / trainingLabels.length;
    const cv = report.parameters['cv'] as { before: CvRow[]; after: CvRow[] };
    for (const row of cv.after) {
      assert.ok(Math.abs(row.accuracy - majority) < 1e-3, `C ${row.settings.C}: CV accuracy ${row.accuracy}, majority ${majority}`);
      assert.ok(row.excluded !== undefined, `C ${row.settings.C} excluded`);
    }
    assert.ok(cv.before.every((row) => row.excluded === undefined && row.accuracy > majority + 0.05));
    assert.deepEqual((report.parameters['excluded'] as { after: unknown[] }).after.length, 3);
    assert.ok(
      report.warnings.some((warning) => warning.startsWith('FERM: no setting')),
      report.warnings.join('; '),
    );

    const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as ModelFile;
    const applied = path.join(dir, 'applied.csv');
    await ferm.apply!(model, test, { out: applied, csv: {} }, {});
    const again = parse(applied);
    const column = (table: string[][], name: string) => table.slice(1).map((row) => row[table[0]!.indexOf(name)]);
    assert.deepEqual(column(again, 'ferm_score'), column(written, 'ferm_score'));
    assert.deepEqual(column(again, 'ferm_prediction'), column(written, 'ferm_prediction'));
  });

  it('control for the guard: with two races (one constraint, five directions left) no FERM setting is excluded', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-ferm-compas2-'));
    const [header, ...lines] = readFileSync(COMPAS, 'utf8').trimEnd().split('\n');
    const race = header!.split(',').indexOf('race');
    const two = lines.filter((line) => ['African-American', 'Caucasian'].includes(line.split(',')[race]!));
    const train = path.join(dir, 'train.csv');
    const test = path.join(dir, 'test.csv');
    writeFileSync(train, [header, ...two.filter((_, i) => i % 3 !== 0)].join('\n') + '\n');
    writeFileSync(test, [header, ...two.filter((_, i) => i % 3 === 0)].join('\n') + '\n');
    const report = await runWithFlags(ferm, { train, test, label: 'two_year_recid', sensitive: 'race', features: FEATURES, out: path.join(dir, 'out') }, {});
    const cv = report.parameters['cv'] as { after: CvRow[] };
    assert.ok(
      cv.after.every((row) => row.excluded === undefined),
      JSON.stringify(cv.after),
    );
    assert.deepEqual(report.warnings, []);
    const predictions = parse(path.join(dir, 'out', 'predictions.csv'))
      .slice(1)
      .map((row) => row.at(-1));
    assert.equal(new Set(predictions).size, 2, 'FERM predicts both classes');
  });
});
