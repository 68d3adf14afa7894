import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { InputError } from '../../server/src/engine/errors';
import { seededRandom } from '../../server/src/engine/numerics/random';
import { ferm } from '../../server/src/methods/ferm/command';
import { runWithFlags } from '../support/run-with-flags';

/** A small CSV: numeric and categorical features, a binary label, three groups with different base rates. */
function writeSynthetic(file: string, n: number, seed: number, label: (y: number, i: number) => string = (y) => (y ? 'yes' : 'no')): void {
  const random = seededRandom(seed);
  const lines = ['age,city,score,group,hired'];
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    const y = random() < 0.3 + 0.2 * g ? 1 : 0;
    lines.push(
      `${(30 + 10 * random() + 5 * y + 3 * g).toFixed(1)},${['north', 'south', 'east'][Math.floor(random() * 3)]},${(random() + 0.5 * y + 0.3 * g).toFixed(3)},${'abc'[g]},${label(y, i)}`,
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

const readCsv = (file: string) => Papa.parse<string[]>(readFileSync(file, 'utf8').trim(), { skipEmptyLines: true }).data;

describe('parity mitigate ferm (MitigationCommand.run and apply)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-ferm-'));
  const train = path.join(dir, 'train.csv');
  const test = path.join(dir, 'test.csv');
  writeSynthetic(train, 300, 1);
  writeSynthetic(test, 150, 2);
  const base = { train, test, label: 'hired', sensitive: 'group', positive: 'yes' };

  it('writes predictions.csv (input rows + ferm columns), model.json, report.json and features.csv; inputs unchanged; apply reproduces the predictions', async () => {
    const before = [readFileSync(train), readFileSync(test)];
    const out = path.join(dir, 'out');
    const report = await runWithFlags(ferm, { ...base, out, sweep: true, 'export-features': true }, {});
    for (const file of [report.files.predictions, report.files.model, report.files.report, path.join(out, 'features.csv')])
      assert.ok(readFileSync(file).length > 0, file);
    const input = readCsv(test);
    const predictions = readCsv(report.files.predictions);
    assert.deepEqual(predictions[0], [...input[0]!, 'ferm_score', 'ferm_prediction']);
    assert.equal(predictions.length, input.length);
    predictions.slice(1).forEach((row, i) => assert.deepEqual(row.slice(0, 5), input[i + 1]));
    assert.ok(readFileSync(train).equals(before[0]!) && readFileSync(test).equals(before[1]!), 'inputs modified');
    assert.equal(readCsv(path.join(out, 'features.csv')).length, readCsv(train).length);
    assert.deepEqual(
      report.tradeoff.map((point) => point.value),
      [0, 0.25, 0.5, 0.75, 1],
    );
    assert.ok(report.parameters['chosen'] !== undefined);

    const applied = path.join(dir, 'applied.csv');
    const model = JSON.parse(readFileSync(report.files.model, 'utf8'));
    await ferm.apply!(model, test, { out: applied, csv: {} }, {});
    const again = readCsv(applied);
    predictions.slice(1).forEach((row, i) => {
      assert.equal(again[i + 1]![6], row[6], `prediction of row ${i + 1}`);
      assert.ok(Math.abs(Number(again[i + 1]![5]) - Number(row[5])) < 1e-9, `score of row ${i + 1}`);
    });
  });

  it('rbf-svm with demographic parity runs end to end', async () => {
    const report = await runWithFlags(ferm, { ...base, model: 'rbf-svm', fairness: 'demographic-parity', out: path.join(dir, 'rbf') }, {});
    assert.equal(report.parameters['model'], 'rbf-svm');
    assert.equal(report.after.rows, 150);
  });

  const rejects = (values: Record<string, unknown>, pattern: RegExp) =>
    assert.rejects(
      runWithFlags(ferm, { ...base, out: path.join(dir, 'bad'), ...values }, {}),
      (e: unknown) => e instanceof InputError && pattern.test(e.message),
    );

  it('rejects an unknown column', () => rejects({ label: 'hird' }, /hird/));

  it('rejects a three-class label, naming the file and column', async () => {
    const three = path.join(dir, 'three.csv');
    writeSynthetic(three, 60, 3, (y, i) => (i === 7 ? 'maybe' : y ? 'yes' : 'no'));
    await rejects({ train: three, test: undefined }, /three\.csv.*hired.*more than two classes/);
  });

  it('rejects a group with no positive example under equal opportunity', async () => {
    const none = path.join(dir, 'none.csv');
    writeSynthetic(none, 60, 4, (y, i) => (i % 3 === 2 ? 'no' : y ? 'yes' : 'no'));
    await rejects({ train: none, test: undefined }, /none\.csv.*group "c" has no positive example/);
  });
});
