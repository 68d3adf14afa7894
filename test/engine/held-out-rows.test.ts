// Where a mitigation's before/after figures (and a comparison's points) are measured: a held-out
// share of the training file (seeded, stratified by label), never the training file offered as its
// own held-out file; "before" and "after" on the same rows, said in the report. Expected counts are
// worked out by hand from the files written here, or recounted from the CSV files.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { MitigationReport } from '../../common/reports/mitigation';
import { measuredText } from '../../common/render/mitigation-model';
import { stratifiedHoldout } from '../../server/src/engine/numerics/folds';
import { selectRows, tableFromRows } from '../../server/src/engine/table/table';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import { runComparison } from '../../server/src/services/compare';
import { COMPAS, parity } from '../support/cli';

const csvRows = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));

/** 40 rows: x = row number, g = a for rows 0-19 and b for 20-39, y = 1 on every fourth row (10 positives, 30 negatives). */
function smallFile(dir: string): string {
  const file = path.join(dir, 'small.csv');
  const rows = Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 5},${i < 20 ? 'a' : 'b'},${i % 4 === 0 ? 1 : 0}`);
  writeFileSync(file, ['x,z,g,y', ...rows].join('\n') + '\n');
  return file;
}

/** parity compare of COMPAS-like rows by race, on 20% of the training file held out. */
function compareOnShare(train: string, methods: string[], out: string) {
  return runComparison(
    { train, testFraction: 0.2, label: 'two_year_recid', sensitive: ['race'], methods, fairnessMetric: 'demographic_parity_difference', bootstrap: 0, out },
    runMethodInWorker,
  );
}

describe('held-out rows', () => {
  it('holds out a seeded share of each class: round(share × class size), the rest to fit on', () => {
    // 10 rows of class 0 and 5 of class 1: 30% holds out round(3) = 3 and round(1.5) = 2
    const classes = [0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0];
    const { fit, held } = stratifiedHoldout(classes, 2, 0.3, 7);
    assert.equal(held.filter((row) => classes[row] === 0).length, 3);
    assert.equal(held.filter((row) => classes[row] === 1).length, 2);
    assert.deepEqual(
      [...fit, ...held].sort((a, b) => a - b),
      Array.from(classes.keys()),
      'every row in exactly one part',
    );
    assert.deepEqual(
      [...held],
      [...held].sort((a, b) => a - b),
      'in file order',
    );
    assert.deepEqual(stratifiedHoldout(classes, 2, 0.3, 7), { fit, held }, 'the same seed draws the same rows');
    const seeds = Array.from({ length: 10 }, (_, seed) => stratifiedHoldout(classes, 2, 0.3, seed).held.join());
    assert.ok(new Set(seeds).size > 1, 'another seed draws other rows');
  });

  it('copies the chosen rows of a table with their fields and line numbers', () => {
    const table = tableFromRows(
      't.csv',
      ['a', 'b'],
      [
        ['1', 'x'],
        ['2', null],
        ['3', 'z'],
      ],
      [2, 3, 5],
    );
    const chosen = selectRows(table, [2, 0]);
    assert.equal(chosen.rowCount, 2);
    assert.deepEqual([chosen.data[0]!.text(0), chosen.data[1]!.text(0), chosen.data[0]!.text(1)], ['3', 'z', '1']);
    assert.deepEqual([chosen.lines.at(0), chosen.lines.at(1)], [5, 2]);
  });

  it('measures before and after on the same held-out rows of the training file, and says so', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-held-out-'));
    const train = smallFile(dir);
    const out = path.join(dir, 'out');
    // 25% held out, seeded with 3
    const share = (folder: string) =>
      parity(['mitigate', 'reweighing', '--train', train, '--test-fraction', '0.25', '--split-seed', '3', '--label', 'y', '--sensitive', 'g', '--out', folder]);
    const run = share(out);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as MitigationReport;
    // 25% of 10 positives rounds to 3 (2.5 rounds up), of 30 negatives to 8 (7.5): 11 held-out rows
    assert.equal(report.before.rows, 11);
    assert.equal(report.after.rows, 11);
    assert.deepEqual(report.measuredOn, { kind: 'held-out', file: train, rows: 11, fraction: 0.25, seed: 3 });
    assert.equal(report.evaluatedOn, 'held-out');
    assert.equal(report.baseline, 'the same logistic regression fitted without the weights');
    // predictions.csv holds exactly the held-out rows: 3 positives, 8 negatives, each group counted as "before" counts it
    const [header, ...rows] = csvRows(report.files.predictions);
    const [y, g] = [header!.indexOf('y'), header!.indexOf('g')];
    assert.equal(rows.filter((row) => row[y] === '1').length, 3);
    assert.equal(rows.filter((row) => row[y] === '0').length, 8);
    for (const group of report.before.groups) assert.equal(group.count, rows.filter((row) => row[g] === group.group).length, group.group);
    assert.match(
      measuredText(report),
      /^before and after both measured on the same 11 rows: 25% of small\.csv held out at random \(seed 3\), never fitted on$/,
    );
    // the same seed holds out the same rows again
    const again = share(path.join(dir, 'again'));
    assert.equal(again.status, 0, again.stderr);
    assert.equal(readFileSync(path.join(dir, 'again/predictions.csv'), 'utf8'), readFileSync(report.files.predictions, 'utf8'));
  });

  it('says when the figures are measured on the training rows themselves', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-held-out-'));
    const train = smallFile(dir);
    const run = parity(['mitigate', 'reweighing', '--train', train, '--label', 'y', '--sensitive', 'g', '--out', path.join(dir, 'out')]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as MitigationReport;
    assert.deepEqual(report.measuredOn, { kind: 'train', file: train, rows: 40 });
    assert.match(measuredText(report), /the 40 rows of small\.csv the models were fitted on \(in-sample figures/);
  });

  it('refuses the training file as its own held-out file, and a file and a share together', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-held-out-'));
    const train = smallFile(dir);
    // the same file under another spelling of its path
    const same = parity([
      'mitigate',
      'reweighing',
      '--train',
      train,
      '--test',
      `${dir}/./../${path.basename(dir)}/small.csv`,
      '--label',
      'y',
      '--sensitive',
      'g',
      '--out',
      path.join(dir, 'o1'),
    ]);
    assert.equal(same.status, 2);
    assert.match(same.stderr, /the held-out file is the training file itself: choose another file, or hold out a share of the training rows/);
    const both = parity([
      'mitigate',
      'ferm',
      '--train',
      train,
      '--test',
      COMPAS,
      '--test-fraction',
      '0.3',
      '--label',
      'y',
      '--sensitive',
      'g',
      '--out',
      path.join(dir, 'o2'),
    ]);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /give a held-out file or a held-out share of the training rows, not both/);
  });

  it('compares every method on the same held-out share of the training file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-held-out-'));
    const labels = csvRows(COMPAS).map((row) => row[csvRows(COMPAS)[0]!.indexOf('two_year_recid')]);
    const [positives, negatives] = [labels.filter((v) => v === '1').length, labels.filter((v) => v === '0').length];
    // 20% of each class, rounded: the rows every point is measured on
    const held = Math.round(0.2 * positives) + Math.round(0.2 * negatives);
    const comparison = await compareOnShare(COMPAS, ['reweighing', 'threshold'], path.join(dir, 'out'));
    assert.deepEqual(comparison.heldOut, { fraction: 0.2, seed: 0, rows: held });
    assert.equal(comparison.files.test, COMPAS);
    for (const method of ['reweighing', 'threshold']) {
      assert.equal(comparison.methods.find((m) => m.method === method)!.error, null);
      const report = JSON.parse(readFileSync(path.join(dir, 'out', method, 'report.json'), 'utf8')) as MitigationReport;
      assert.equal(report.before.rows, held, method);
      assert.equal(report.after.rows, held, method);
      assert.equal(report.measuredOn?.kind, method === 'reweighing' ? 'held-out' : 'data');
    }
  });

  it("names the comparison's inputs, not its temporary folder, in a method's error", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-held-out-'));
    // COMPAS with one extra row of a group of its own: the only "Martian", whose scores wasserstein cannot map
    const compas = readFileSync(COMPAS, 'utf8').trimEnd().split('\n');
    const header = compas[0]!.split(',');
    const martian = compas[1]!.split(',').map((field, i) => (header[i] === 'race' ? 'Martian' : field));
    const train = path.join(dir, 'compas.csv');
    writeFileSync(train, [...compas, martian.join(',')].join('\n') + '\n');
    const comparison = await compareOnShare(train, ['wasserstein'], path.join(dir, 'out'));
    // the Martian row is fitted on (1 row: too few to map) or held out (a group the map never saw)
    const error = comparison.methods[0]!.error ?? '';
    assert.match(error, /group "Martian" (has 1 calibration row|was not in the calibration data)/);
    assert.doesNotMatch(error, /parity-new|\.scored\.csv/, `no temporary or internal file in: ${error}`);
    assert.ok(error.startsWith(`${train} (the base model's`), error);
  });
});
