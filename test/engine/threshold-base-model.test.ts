// Threshold optimizer and reject option classification on a file without a score (UCI Adult, which has none): it fits a logistic
// regression of the label on the features first, as Fairlearn's ThresholdOptimizer fits its
// estimator. The independent path: the same learner fitted here on the same rows and features, its
// scores written as a column, and the run given that column with --score. Its "before" figures
// must be those of the run without --score, and demographic parity must not get worse.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { threshold } from '../../server/src/methods/threshold/command';
import { rejectOption } from '../../server/src/methods/reject-option/command';
import { fitLogistic, probabilities } from '../../server/src/engine/learners/logistic';
import { encodeFeatures, everyColumnBut, fitFeatureEncoding } from '../../server/src/engine/learners/features';
import { binaryColumn, tableRows } from '../../server/src/engine/table/table';
import { loadTable } from '../../server/src/io/table';
import { adultCsvFiles } from '../support/adult';
import { runWithFlags } from '../support/run-with-flags';
import type { ModelFile } from '../../common/reports/mitigation';

const DP = 'demographic_parity_difference';

for (const method of [threshold, rejectOption])
  describe(`${method.name} without a score column fits a logistic regression first (Adult)`, () => {
    it('post-processes the logistic scores: the same "before" as a run given them as a column; parity no worse after', async () => {
      const work = mkdtempSync(path.join(tmpdir(), 'parity-threshold-base-'));
      const { train } = await adultCsvFiles();
      const table = await loadTable(train);
      const features = everyColumnBut(table, ['income', 'sex']);
      const common = { label: 'income', positive: '>50K', sensitive: 'sex', features: features.join(',') };
      const fitted = await runWithFlags(method, { data: train, ...common, out: path.join(work, 'fitted') });

      // the independent path: the scores computed here, then post-processed as any score column
      const encoding = fitFeatureEncoding(table, features);
      const rows = encodeFeatures(encoding, table).rows;
      const scores = probabilities(fitLogistic(rows, binaryColumn(table, 'income', '>50K').values), rows);
      const scored = path.join(work, 'scored.csv');
      const data = tableRows(table).map((row, i) => [...row.map((field) => field ?? ''), String(scores[i])]);
      writeFileSync(scored, Papa.unparse({ fields: [...table.columns, 'lr_score'], data }) + '\n');
      const given = await runWithFlags(method, {
        data: scored,
        label: 'income',
        positive: '>50K',
        sensitive: 'sex',
        score: 'lr_score',
        out: path.join(work, 'given'),
      });

      assert.match(fitted.baseline ?? '', /^a logistic regression fitted on the training rows/);
      assert.equal(fitted.columns.score, null);
      assert.deepEqual(fitted.features?.used, features);
      assert.equal(fitted.before.accuracy, given.before.accuracy);
      for (const [metric, value] of Object.entries(given.before.aggregates)) assert.ok(Math.abs(fitted.before.aggregates[metric]! - value!) < 1e-12, metric);
      // in-sample (no held-out rows): the figures are on the rows the rules were fitted on
      const before = fitted.before.aggregates[DP]!;
      const after = fitted.after.aggregates[DP]!;
      assert.ok(before > 0.1, `before ${before}`); // Adult's known gap by sex: about 0.2 for a logistic model
      assert.ok(after <= before, `after ${after}, before ${before}`);

      // model.json keeps the logistic regression: applied to the same file, it writes the same scores and decisions
      const model = JSON.parse(readFileSync(path.join(work, 'fitted', 'model.json'), 'utf8')) as ModelFile & { score: unknown; base?: { label: string } };
      assert.equal(model.score, null);
      assert.equal(model.base?.label, 'income');
      const applied = path.join(work, 'applied.csv');
      await method.apply!(model, train, { out: applied, csv: {} }, {});
      assert.equal(readFileSync(applied, 'utf8'), readFileSync(path.join(work, 'fitted', 'predictions.csv'), 'utf8'));
    });

    it('with a calibration file: fits the logistic regression on its rows and measures on the data file, as a run given both scores', async () => {
      const work = mkdtempSync(path.join(tmpdir(), 'parity-threshold-base-'));
      const { train, test } = await adultCsvFiles();
      const [calibration, data] = [await loadTable(train), await loadTable(test)];
      const features = everyColumnBut(calibration, ['income', 'sex']);
      const common = { label: 'income', positive: '>50K', sensitive: 'sex', features: features.join(',') };
      const fitted = await runWithFlags(method, { data: test, calibration: train, ...common, out: path.join(work, 'fitted') });

      // the independent path: fitted on the calibration rows only, each file scored by it, then post-processed as any score column
      const encoding = fitFeatureEncoding(calibration, features);
      const rows = encodeFeatures(encoding, calibration).rows;
      const learner = fitLogistic(rows, binaryColumn(calibration, 'income', '>50K').values);
      const scoredFile = (table: typeof data, name: string) => {
        const scores = probabilities(learner, encodeFeatures(encoding, table).rows);
        const file = path.join(work, name);
        const cells = tableRows(table).map((row, i) => [...row.map((field) => field ?? ''), String(scores[i])]);
        writeFileSync(file, Papa.unparse({ fields: [...table.columns], data: [] }).replace(/\r?\n?$/, '') + ',lr_score\n' + Papa.unparse(cells) + '\n');
        return file;
      };
      const given = await runWithFlags(method, {
        data: scoredFile(data, 'data.csv'),
        calibration: scoredFile(calibration, 'calibration.csv'),
        label: 'income',
        positive: '>50K',
        sensitive: 'sex',
        score: 'lr_score',
        out: path.join(work, 'given'),
      });
      assert.equal(fitted.before.rows, data.rowCount, 'measured on the data file');
      assert.equal(fitted.before.accuracy, given.before.accuracy);
      assert.equal(fitted.after.accuracy, given.after.accuracy);
      for (const [metric, value] of Object.entries(given.after.aggregates)) assert.ok(Math.abs(fitted.after.aggregates[metric]! - value!) < 1e-12, metric);
    });

    it('refuses features beside a score column', async () => {
      const work = mkdtempSync(path.join(tmpdir(), 'parity-threshold-base-'));
      const file = path.join(work, 'scores.csv');
      writeFileSync(file, 'score,group,y,x\n0.1,a,0,1\n0.9,b,1,2\n');
      await assert.rejects(
        runWithFlags(method, { data: file, score: 'score', label: 'y', sensitive: 'group', features: 'x', out: path.join(work, 'out') }),
        /--features.*without --score/,
      );
    });
  });
