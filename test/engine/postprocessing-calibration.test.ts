// Post-processing fitted on one file (--calibration) and scored on another (--data), and parity
// compare fitting post-processing on the base model's out-of-fold training scores.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { optimizeThresholds } from '../../server/src/methods/threshold/optimizer';
import { rejectOption } from '../../server/src/methods/reject-option/command';
import { threshold } from '../../server/src/methods/threshold/command';
import { runComparison } from '../../server/src/services/compare';
import { runMethodInWorker } from '../../server/src/adapters/worker/method-runner';
import { binaryColumn, numericColumn } from '../../server/src/engine/table/table';
import { sensitiveGroupColumn } from '../../server/src/engine/audit/sensitive-bins';
import { loadTable } from '../../server/src/io/table';
import { encodeFeatures, everyColumnBut, fitFeatureEncoding } from '../../server/src/engine/learners/features';
import { fitLogistic, probabilities } from '../../server/src/engine/learners/logistic';
import { compasSplit } from '../support/compas-split';
import { runWithFlags } from '../support/run-with-flags';

const COMPAS = path.join(__dirname, '../../../examples/compas/compas-two-years.csv');

/** The COMPAS example cut in two files by row parity (both keep every column). */
function halves(dir: string): { first: string; second: string } {
  const [header, ...lines] = readFileSync(COMPAS, 'utf8').trimEnd().split('\n');
  const first = path.join(dir, 'first.csv');
  const second = path.join(dir, 'second.csv');
  writeFileSync(first, [header, ...lines.filter((_, i) => i % 2 === 0)].join('\n') + '\n');
  writeFileSync(second, [header, ...lines.filter((_, i) => i % 2 === 1)].join('\n') + '\n');
  return { first, second };
}

const base = { score: 'decile_score', label: 'two_year_recid', sensitive: 'race' };

describe('post-processing with a calibration file', () => {
  it('threshold: the rules are those fitted on the calibration rows; the figures are of the data rows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-calibration-'));
    const { first, second } = halves(dir);
    const out = path.join(dir, 'out');
    const report = await runWithFlags(threshold, { ...base, data: second, calibration: first, fairness: 'equal-opportunity', tolerance: '0', out });
    const table = await loadTable(first);
    const expected = await optimizeThresholds(
      numericColumn(table, 'decile_score'),
      binaryColumn(table, 'two_year_recid', undefined).values,
      sensitiveGroupColumn(table, ['race'], {}),
      'equal-opportunity',
      0,
      first,
    );
    assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')).rules, expected);
    assert.equal(report.parameters['fittedOn'], 'calibration');
    assert.deepEqual(report.files.inputs, { data: second, calibration: first });
    assert.equal(report.after.rows, (await loadTable(second)).rowCount);
  });

  it('reject option: the band and privileged groups chosen on the calibration rows, as a run on that file alone chooses them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-calibration-'));
    const { first, second } = halves(dir);
    const alone = await runWithFlags(rejectOption, { ...base, data: first, threshold: '5', out: path.join(dir, 'alone') });
    const calibrated = await runWithFlags(rejectOption, { ...base, data: second, calibration: first, threshold: '5', out: path.join(dir, 'calibrated') });
    assert.equal(calibrated.parameters['band'], alone.parameters['band']);
    assert.deepEqual(calibrated.parameters['privilegedGroups'], alone.parameters['privilegedGroups']);
    assert.equal(calibrated.parameters['fittedOn'], 'calibration');
    assert.equal(calibrated.after.rows, (await loadTable(second)).rowCount);
  });
});

describe('parity compare: how each method was fitted and scored', () => {
  it('post-processing is fitted on the out-of-fold training scores and scored on the test file; comparison.json says so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compare-protocol-'));
    const { train, test } = compasSplit(dir);
    const comparison = await runComparison(
      {
        train,
        test,
        label: 'two_year_recid',
        sensitive: ['race'],
        methods: ['reweighing', 'threshold', 'reject-option', 'wasserstein'],
        fairnessMetric: 'demographic_parity_difference',
        out: path.join(dir, 'out'),
      },
      runMethodInWorker,
    );
    assert.deepEqual(
      comparison.methods.map((m) => [m.method, m.error, m.protocol.fittedOn, m.protocol.scoredOn]),
      [
        ['reweighing', null, 'train', 'test'],
        ['threshold', null, 'train-out-of-fold', 'test'],
        ['reject-option', null, 'train-out-of-fold', 'test'],
        ['wasserstein', null, 'train-out-of-fold', 'test'],
      ],
    );
    const report = JSON.parse(readFileSync(path.join(dir, 'out/threshold/report.json'), 'utf8'));
    assert.equal(report.files.inputs.calibration, path.join(dir, 'out/base/train.scored.csv'));
    assert.equal(report.parameters.fittedOn, 'calibration');
    // out-of-fold scores: each training row scored by a model that did not see it, so they are not the
    // in-sample scores of the base model (fitted here on the same features), and less accurate than them
    const trainTable = await loadTable(train);
    const labels = binaryColumn(trainTable, 'two_year_recid', undefined).values;
    const encoding = fitFeatureEncoding(trainTable, everyColumnBut(trainTable, ['two_year_recid', 'race']));
    const inSample = probabilities(fitLogistic(encodeFeatures(encoding, trainTable).rows, labels), encodeFeatures(encoding, trainTable).rows);
    const outOfFold = numericColumn(await loadTable(path.join(dir, 'out/base/train.scored.csv')), 'base_score');
    assert.equal(outOfFold.length, inSample.length);
    const accuracy = (scores: ArrayLike<number>) => Array.from(scores).filter((p, i) => (p >= 0.5 ? 1 : 0) === labels[i]).length / labels.length;
    assert.ok(inSample.some((p, i) => Math.abs(p - outOfFold[i]!) > 1e-6));
    assert.ok(accuracy(outOfFold) <= accuracy(inSample), `out-of-fold ${accuracy(outOfFold)} vs in-sample ${accuracy(inSample)}`);
  });
});
